"""casus serve: the pages over a real store, their safety headers, the trusted-host
check, CSRF, escaping of hostile articles, the explorer's filters and exports."""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from casus.cli import app as cli
from casus.store import Store
from casus.store.ingest import ingest
from casus.store.query import Filters, mentions
from casus.web import create_app
from casus.web.highlight import Span, article_html
from casus.web.security import CSP, CSRF_COOKIE, sign_token

from .web_util import script_data

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

REPO = Path(__file__).resolve().parent.parent
INPUTS = (
    REPO / "samples" / "articles" / "13-mt-diaspora-dagestan.txt",
    REPO / "samples" / "corpus" / "articles" / "01-wire-baku-summons-envoy.txt",
    REPO / "samples" / "corpus" / "articles" / "03-eurasiadesk-azerbaijan-protest.txt",
    REPO / "samples" / "corpus" / "articles" / "04-steppepost-russia-azerbaijan-row.txt",
)
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
HOSTILE = f"""Title: Border post shelled {SCRIPT} as {IMG} row grows
Date: 2025-07-03
Source: Hostile Wire
URL: {JS_URL}

BAKU, July 3 — Russian forces shelled an Azerbaijani border post on Thursday, the \
Azerbaijani Defence Ministry said. {SCRIPT} The ministry's statement linked to {JS_URL} \
and carried an image {IMG} that showed the damage.
"""
LOCAL = "http://127.0.0.1:8765"
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    blob = folder / "blob.txt"
    blob.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    path = folder / "store.duckdb"
    with Store.open(path, write=True) as store:
        summary = ingest([*INPUTS, hostile, blob], store)
    assert summary.ingested == 5 and summary.set_aside == 1
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as client:
        yield client


def _articles(db: Path) -> dict[str, str]:
    """outlet → article id."""
    with Store.open(db) as store:
        return {outlet: id_ for id_, outlet in store.query("SELECT id, outlet FROM articles")}


def _pages(db: Path) -> list[str]:
    return [
        "/",
        "/events",
        "/events?dyad=AZE:RUS",
        *(f"/articles/{i}" for i in _articles(db).values()),
    ]


def _assert_headers(response: Any) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name


def test_every_page_answers_with_the_security_headers(client: TestClient, db: Path) -> None:
    for page in [*_pages(db), "/static/casus.css"]:
        response = client.get(page)
        assert response.status_code == 200, page
        _assert_headers(response)
    missing = client.get("/articles/no-such-article")
    assert missing.status_code == 404 and "no such article" in missing.text
    _assert_headers(missing)


def test_a_wrong_host_is_refused(db: Path) -> None:
    with TestClient(create_app(db), base_url="http://rebound.example.com") as other:
        response = other.get("/")
    assert response.status_code == 400
    _assert_headers(response)
    with TestClient(create_app(db, allowed_hosts=["rebound.example.com"]), base_url=LOCAL) as c:
        assert c.get("/").status_code == 400  # 127.0.0.1 is no longer allowed
    with TestClient(create_app(db), base_url="http://localhost:9000") as local:
        assert local.get("/").status_code == 200


def test_hostile_article_text_and_metadata_are_escaped(client: TestClient, db: Path) -> None:
    article = _articles(db)["hostile wire"]
    for page in (f"/articles/{article}", "/events", "/"):
        html = client.get(page).text
        script_data(html)  # script tags: JSON data blocks and /static files only
        assert SCRIPT not in html and "<img" not in html.lower(), page
        assert 'href="javascript:' not in html.lower(), page
    html = client.get(f"/articles/{article}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<title>Border post shelled &lt;script&gt;" in html
    assert [t for t, _ in _tags(html) if t == "img"] == []
    assert f'<span class="url">{JS_URL}</span>' in html  # shown, not linked
    events = client.get("/events").text
    assert "Border post shelled &lt;script&gt;alert(1)&lt;/script&gt;" in events


class _Tags(HTMLParser):
    """The tags and attributes a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def test_no_page_loads_or_links_anything_from_another_host(client: TestClient, db: Path) -> None:
    with Store.open(db) as store:
        own = {url for (url,) in store.query("SELECT url FROM articles") if url}
    links = 0
    for page in _pages(db):
        for tag, attrs in _tags(client.get(page).text):
            assert tag not in {"style", "img", "iframe", "object"}, (page, tag)
            if tag == "script":  # a data block, or a script file of this origin
                src = attrs.get("src")
                assert attrs.get("type") == "application/json" or (src or "").startswith(
                    "/static/"
                ), (page, attrs)
            assert "style" not in attrs and not any(a.startswith("on") for a in attrs)
            for name in ("src", "href", "action"):
                target = attrs.get(name)
                if target is None:
                    continue
                links += 1
                assert target.startswith(("/", "#")) or target in own, (page, target)
                if target in own:
                    assert target.startswith("https://"), (page, target)
    assert links > 20


def test_the_article_view_marks_segments_mentions_evidence_and_clusters(
    client: TestClient, db: Path
) -> None:
    ids = _articles(db)
    html = client.get(f"/articles/{ids['caspian wire service']}").text
    for needle in ('class="seg seg-title"', 'class="seg seg-body"', "m-actor", "m-place"):
        assert needle in html, needle
    assert "m-date" in html and "m-evidence" in html
    with Store.open(db) as store:
        events = store.query(
            "SELECT e.idx, e.type, e.cameo, e.rule, c.state FROM events e JOIN articles a "
            "ON a.id = e.article_id LEFT JOIN clusters c ON c.id = e.cluster_id "
            "WHERE a.outlet = 'caspian wire service' ORDER BY e.idx"
        )
        others = store.query(
            "SELECT DISTINCT a2.outlet FROM events e JOIN articles a ON a.id = e.article_id "
            "JOIN events e2 ON e2.cluster_id = e.cluster_id JOIN articles a2 "
            "ON a2.id = e2.article_id WHERE a.outlet = 'caspian wire service' AND a2.id <> a.id"
        )
    assert events and others
    for idx, type_, cameo, rule, state in events:
        block = html.split(f'id="event-{idx}"', 1)[1].split("</details>", 1)[0]
        assert type_ in block and cameo in block and str(escape(rule)) in block
        for label in ("factuality", "attribution", "confidence", "source", "target", "cluster"):
            assert f"<dt>{label}</dt>" in block
        if state:
            assert f"<dd>{state}, " in block
    assert {state for *_, state in events} & {"corroborated", "contested"}
    for (outlet,) in others:
        assert f'<li>{outlet}: <a href="/articles/' in html
    dagestan = client.get(f"/articles/{ids['panda horizon digest']}").text
    assert dagestan.count('<mark class="m-artifact"') >= 2
    assert "untranslated" in dagestan


def test_article_html_escapes_every_slice_and_nests_overlapping_marks() -> None:
    text = "Hello <b>Baku</b> & Moscow"
    html = article_html(
        text,
        [Span(0, 5, "title"), Span(6, len(text), "body")],
        [Span(6, 17, "evidence", 'e "1"'), Span(9, 13, "place"), Span(20, 99, "actor")],
    )
    assert isinstance(html, Markup)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp; Moscow" not in html
    assert html == (
        '<span class="seg seg-title">Hello</span> <span class="seg seg-body">'
        '<mark class="m-evidence" title="e &#34;1&#34;">&lt;b&gt;</mark>'
        '<mark class="m-evidence m-place" title="e &#34;1&#34;">Baku</mark>'
        '<mark class="m-evidence" title="e &#34;1&#34;">&lt;/b&gt;</mark> &amp; '
        '<mark class="m-actor">Moscow</mark></span>'
    )
    assert article_html("<x>", [Span(0, 3, 'body" onclick="x')], []) == (
        '<span class="seg seg-body-onclick-x">&lt;x&gt;</span>'
    )


def _rows(html: str) -> int:
    body = html.split("<tbody>", 1)[1] if "<tbody>" in html else ""
    return body.count("<tr>")


def test_the_filters_change_the_event_list(client: TestClient, db: Path) -> None:
    everything = client.get("/events").text
    dyad = client.get("/events", params={"dyad": "RUS:AZE"}).text
    with Store.open(db) as store:
        total = len(mentions(store, Filters(), 200))
        expected = len(mentions(store, Filters(dyad=("RUS", "AZE")), 200))
        none = len(mentions(store, Filters(dyad=("ARM", "GEO")), 200))
    assert _rows(everything) == total > expected == _rows(dyad) > none == 0
    assert 'value="RUS:AZE"' in dyad
    assert _rows(client.get("/events", params={"dyad": "ARM:GEO"}).text) == 0
    assert _rows(client.get("/events", params={"state": "corroborated"}).text) < total
    typo = client.get("/events", params={"type": "ASSUALT"})
    assert typo.status_code == 400 and "did you mean ASSAULT?" in typo.text
    bad = client.get("/events", params={"dyad": "<script>", "since": "yesterday"})
    assert bad.status_code == 400 and "<script>" not in bad.text
    assert "&lt;script&gt;" in bad.text


def test_exports_follow_the_selection(client: TestClient, db: Path) -> None:
    page = client.get("/events", params={"dyad": "RUS:AZE"}).text
    assert 'href="/events.csv?dyad=RUS%3AAZE"' in page
    with Store.open(db) as store:
        expected = len(mentions(store, Filters(dyad=("RUS", "AZE"))))
    response = client.get("/events.csv", params={"dyad": "RUS:AZE"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == expected > 0
    assert all({row["source"], row["target"]} == {"RUS", "AZE"} for row in rows)
    geo = client.get("/events.geojson", params={"dyad": "RUS:AZE"})
    assert geo.headers["content-type"] == "application/geo+json"
    assert len(json.loads(geo.text)["features"]) == expected
    gdelt = client.get("/events.gdelt", params={"dyad": "RUS:AZE"})
    assert gdelt.headers["content-type"].startswith("text/tab-separated-values")
    assert len(gdelt.text.splitlines()) == expected
    assert client.get("/events.xlsx").status_code == 404
    assert client.get("/events.csv", params={"quad": "9"}).status_code == 400


def test_state_changing_requests_need_the_csrf_token(db: Path) -> None:
    app = create_app(db, secret=b"k" * 32)

    async def echo(request: Request) -> PlainTextResponse:
        form = parse_qs((await request.body()).decode())  # the body reaches the route whole
        return PlainTextResponse(f"got {form['note'][0]}")

    app.router.routes.append(Route("/test-post", echo, methods=["POST"]))
    with TestClient(app, base_url=LOCAL) as client:
        assert client.post("/test-post", data={"note": "x"}).status_code == 403  # no cookie
        first = client.get("/")
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        token = client.cookies[CSRF_COOKIE]
        assert client.post("/test-post", data={"note": "x"}).status_code == 403
        wrong = sign_token(b"other secret")
        assert client.post("/test-post", data={"note": "x", "csrf_token": wrong}).status_code == 403
        passed = client.post("/test-post", data={"note": "kept", "csrf_token": token})
        assert passed.status_code == 200 and passed.text == "got kept"
        header = client.post("/test-post", data={"note": "h"}, headers={"X-CSRF-Token": token})
        assert header.text == "got h"
        assert "set-cookie" not in client.get("/").headers  # a valid cookie is kept
        client.cookies.set(CSRF_COOKIE, wrong)
        forged = client.post("/test-post", data={"note": "x", "csrf_token": wrong})
        assert forged.status_code == 403
        _assert_headers(forged)


def test_serve_refuses_a_missing_store_and_warns_off_localhost(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such store" in missing.output
    assert len(missing.output.strip().splitlines()) == 1
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    local = runner.invoke(cli, ["serve", "--db", str(db), "--port", "9001"])
    assert local.exit_code == 0 and "warning" not in local.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 9001
    assert calls[-1]["log_level"] == "warning"
    wide = runner.invoke(cli, ["serve", "--db", str(db), "--host", "10.0.0.5"])
    assert wide.exit_code == 0
    warnings = [line for line in wide.output.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "10.0.0.5" in warnings[0]
    with TestClient(calls[-1]["app"], base_url="http://10.0.0.5:8765") as client:
        assert client.get("/").status_code == 200

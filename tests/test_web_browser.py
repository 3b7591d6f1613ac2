"""The workbench in a real browser: Debian's Chromium driven by Playwright against
``casus serve``'s application under uvicorn on a loopback port.

Every page loads with no console error, no uncaught exception and no request leaving
127.0.0.1; hostile text renders as text; the filters change the list. Skipped when the
browser is missing, unless ``CASUS_BROWSER_TESTS=require`` (as in CI).
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from casus.store import Store
from casus.store.ingest import ingest
from casus.web import create_app
from casus.web.server import running

from .browser_util import Watch, chromium, watch

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "samples" / "corpus" / "articles"
PACK = "south-caucasus-2025"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
JS_URL = "javascript:alert(3)"
HOSTILE = f"""Title: Depot shelled {SCRIPT} as {IMG} row grows
Date: 2025-08-14
Source: Hostile {SCRIPT} Wire
URL: {JS_URL}

BAKU, August 14 — Russian forces shelled an Azerbaijani fuel depot near Gazakh on \
Thursday, the Azerbaijani Defence Ministry said. {SCRIPT} The statement linked to \
{JS_URL} and carried an image {IMG} of the damage.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    path = folder / "store.duckdb"
    with Store.open(path, write=True) as store:
        summary = ingest([*sorted(CORPUS.glob("*.txt")), hostile], store)
    assert summary.ingested >= 10
    return path


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    with running(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    yield page, seen
    context.close()


def _hostile_id(db: Path) -> str:
    with Store.open(db) as store:
        rows = store.query("SELECT id FROM articles WHERE outlet LIKE 'hostile%'")
    assert len(rows) == 1
    return str(rows[0][0])


def _paths(db: Path) -> list[str]:
    article = quote(_hostile_id(db), safe="")
    with Store.open(db) as store:
        event = quote(str(store.query("SELECT min(id) FROM events")[0][0]), safe="")
    return [
        "/",
        "/events",
        "/events?state=corroborated",
        f"/articles/{article}",
        f"/event/{event}",
        "/scenarios",
        f"/scenarios/{PACK}",
        f"/scenarios/{PACK}/whatif?event=RUS+195+AZE+at+Baku",
    ]


def test_every_page_loads_clean_and_stays_on_loopback(
    page: tuple[Any, Watch], base: str, db: Path
) -> None:
    tab, seen = page
    for path in _paths(db):
        response = tab.goto(base + path)
        assert response is not None and response.status == 200, path
        assert tab.locator("main h1").count() >= 1, path
    assert seen.clean(), (seen.errors, seen.dialogs, seen.blocked)
    assert any(urlsplit(u).path == "/static/casus.css" for u in seen.requests)
    assert {urlsplit(u).hostname for u in seen.requests} == {"127.0.0.1"}


def test_hostile_article_renders_as_text(page: tuple[Any, Watch], base: str, db: Path) -> None:
    from playwright.sync_api import expect

    tab, seen = page
    tab.goto(f"{base}/articles/{quote(_hostile_id(db), safe='')}")
    expect(tab.locator("main h1")).to_contain_text(SCRIPT)
    expect(tab.locator("main")).to_contain_text(IMG)
    expect(tab.locator("main")).to_contain_text(JS_URL)
    assert tab.locator("main img").count() == 0
    own = tab.locator("script").evaluate_all("s => s.map(e => e.getAttribute('src') || e.type)")
    assert own and all(src.startswith("/static/") or src == "application/json" for src in own)
    assert tab.locator("a[href^='javascript']").count() == 0
    tab.goto(f"{base}/events")
    assert tab.locator("main img").count() == 0
    assert seen.clean(), (seen.errors, seen.dialogs, seen.blocked)


def _rows(tab: Any) -> list[str]:
    return [text.strip() for text in tab.locator("table.mentions tbody tr").all_inner_texts()]


def test_filters_change_the_event_list(page: tuple[Any, Watch], base: str) -> None:
    from playwright.sync_api import expect

    tab, seen = page
    tab.goto(f"{base}/events")
    everything = _rows(tab)
    assert len(everything) > 3
    tab.locator("select[name=state]").select_option("corroborated")
    tab.locator("form.filters button[type=submit]").click()
    expect(tab).to_have_url(re.compile(r"/events\?.*state=corroborated"))
    tab.wait_for_load_state()
    corroborated = _rows(tab)
    assert 0 < len(corroborated) < len(everything)
    assert all("corroborated" in row for row in corroborated)
    assert seen.clean(), (seen.errors, seen.dialogs, seen.blocked)
    tab.locator("input[name=min_independent]").fill("many")
    tab.locator("form.filters button[type=submit]").click()
    expect(tab.locator("p.error")).to_contain_text("many")
    tab.wait_for_load_state()
    assert _rows(tab) == []
    assert [e for e in seen.errors if "status of 400" not in e] == []


def test_a_wrong_host_header_gets_400(base: str) -> None:
    parts = urlsplit(base)
    for host, status in (("evil.example", 400), (f"127.0.0.1:{parts.port}", 200)):
        con = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        con.request("GET", "/", headers={"Host": host})
        assert con.getresponse().status == status, host
        con.close()


def test_clicking_evidence_in_an_article_opens_its_event(
    page: tuple[Any, Watch], base: str, db: Path
) -> None:
    from playwright.sync_api import expect

    tab, seen = page
    tab.goto(f"{base}/articles/{quote(_hostile_id(db), safe='')}")
    assert tab.locator("details.event[open]").count() == 0
    mark = tab.locator("mark[data-events]").first
    ref = (mark.get_attribute("data-events") or "").split()[0]
    mark.click()
    panel = tab.locator(f"details#event-{ref}")
    expect(panel).to_have_attribute("open", "")
    expect(panel).to_have_class(re.compile(r"\bfocus\b"))
    for label in ("CAMEO", "source", "target", "factuality", "attribution", "rule", "cluster"):
        expect(panel.locator("dt", has_text=label).first).to_be_visible()
    expect(panel.locator("p.sentence mark.m-evidence")).to_contain_text("shelled")
    assert seen.clean(), (seen.errors, seen.dialogs, seen.blocked)


def test_clicking_an_event_in_the_explorer_shows_its_evidence(
    page: tuple[Any, Watch], base: str
) -> None:
    from playwright.sync_api import expect

    tab, seen = page
    tab.goto(f"{base}/events?state=corroborated")
    row = tab.locator("table.mentions tbody tr").first
    facts = row.locator("details.facts")
    expect(facts.locator(".event-facts")).to_be_hidden()
    facts.locator("summary").click()
    expect(facts.locator(".event-facts")).to_be_visible()
    for label in ("type", "CAMEO", "source", "target", "factuality", "attribution", "rule"):
        expect(facts.locator("dt", has_text=label).first).to_be_visible()
    expect(facts.locator("p.sentence mark.m-evidence")).not_to_be_empty()
    expect(facts).to_contain_text("corroborated")
    other = facts.locator("a", has_text="in this cluster")
    expect(other).to_be_visible()
    other.click()
    expect(tab.locator("ul.others li").first).to_be_visible()
    assert seen.clean(), (seen.errors, seen.dialogs, seen.blocked)


def _located(base: str, query: str) -> int:
    """Located mentions of a selection, counted from its GeoJSON export."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"{base}/events.geojson{query}", timeout=30) as answer:
        return sum(1 for f in json.load(answer)["features"] if f["geometry"])


def test_the_map_shows_one_marker_per_located_event(page: tuple[Any, Watch], base: str) -> None:
    from playwright.sync_api import expect

    tab, seen = page
    for query in ("", "?dyad=RUS:AZE", "?state=corroborated"):
        expected = _located(base, query)
        assert expected > 0, query
        tab.goto(f"{base}/events{query}")
        expect(tab.locator("path.casus-marker")).to_have_count(expected)
        expect(tab.locator(".leaflet-overlay-pane path:not(.casus-marker)").first).to_be_attached()
    marker = tab.locator("path.casus-marker").first
    marker.click(force=True)
    popup = tab.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup.locator("a[href^='/articles/']")).to_have_count(1)
    expect(tab.locator(".uplot canvas").first).to_be_visible()
    assert seen.clean(), (seen.errors, seen.dialogs, seen.blocked)


def _two_events(db: Path) -> tuple[str, str]:
    """Two asserted events of one article whose evidence does not overlap."""
    with Store.open(db) as store:
        rows = store.query(
            "SELECT a.id, b.id FROM events a JOIN events b ON a.article_id = b.article_id "
            "AND a.evidence_end < b.evidence_start WHERE a.factuality = 'asserted' "
            "AND b.factuality = 'asserted' ORDER BY a.article_id, a.idx, b.idx LIMIT 1"
        )
    assert rows
    return str(rows[0][0]), str(rows[0][1])


def _review(tab: Any, base: str, event_id: str, verdict: str, reviewer: str) -> None:
    from playwright.sync_api import expect

    tab.goto(f"{base}/event/{quote(event_id, safe='')}")
    tab.locator(f"input[name=verdict][value={verdict}]").check()
    tab.locator("input[name=reviewer]").fill(reviewer)
    tab.locator("form.review button[type=submit]").click()
    expect(tab).to_have_url(f"{base}/event/{quote(event_id, safe='')}")
    expect(tab.locator(".event-facts p.notice")).to_contain_text(f"Reviewed {verdict} by")


def test_a_review_round_trips_into_eval_gold_from_reviews(
    page: tuple[Any, Watch], db: Path, tmp_path: Path
) -> None:
    import shutil

    from click.testing import CliRunner

    from casus.cli import app as cli

    copy = tmp_path / "reviewed.duckdb"
    shutil.copy(db, copy)
    tab, seen = page
    kept, dropped = _two_events(copy)
    with running(create_app(copy)) as base:
        _review(tab, base, kept, "right", f"analyst {SCRIPT}")
        _review(tab, base, dropped, "wrong", f"analyst {SCRIPT}")
        tab.goto(f"{base}/events?reviewed=1")
        rows = "table.mentions > tbody > tr > td:nth-child(2)"
        assert tab.locator(f"{rows} a[href='/event/{quote(dropped, safe='')}']").count() == 0
        assert tab.locator(f"{rows} a[href='/event/{quote(kept, safe='')}']").count() == 1
    assert seen.clean(), (seen.errors, seen.dialogs, seen.blocked)
    with Store.open(copy) as store:
        stored = store.query("SELECT event_id, verdict, reviewer FROM reviews ORDER BY verdict")
    assert stored == [(kept, "right", f"analyst {SCRIPT}"), (dropped, "wrong", f"analyst {SCRIPT}")]
    result = CliRunner().invoke(cli, ["eval", "gold", "--from-reviews", str(copy)])
    assert result.exit_code == 0, result.output
    assert "1 gold event" in result.output and "recall 1.000 (1/1)" in result.output
    assert re.search(r"trap hits\s+1\b", result.output), result.output

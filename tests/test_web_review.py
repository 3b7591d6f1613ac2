"""casus serve's event page and review form: the facts of one mention (escaped), the
review POST (CSRF, 303, 400, 409), reviewed values on the page and in the explorer."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from casus.store import Store
from casus.store.query import Filters, mentions
from casus.web import create_app
from casus.web.events import event_facts
from casus.web.security import CSRF_COOKIE

from .store_util import copy_store, store_of_texts

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

LOCAL = "http://127.0.0.1:8765"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"""Title: Shelling near Gazakh {SCRIPT}
Date: 2025-08-14
Source: Borderline {SCRIPT} Gazette

BAKU, August 14 — Russian forces shelled an Azerbaijani border post near Gazakh \
<b>on Thursday</b>, the Azerbaijani Defence Ministry said.
"""
SECOND = """Title: Azerbaijan reports shelling of a border post
Date: 2025-08-15
Source: Caspian Herald

BAKU, August 15 — Russian forces shelled an Azerbaijani border post near Gazakh \
on Thursday, Azerbaijan's Defence Ministry said on Friday.
"""


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-review")
    return store_of_texts(folder, {"hostile.txt": HOSTILE, "second.txt": SECOND})


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> Path:
    return copy_store(base_db, tmp_path)


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, reviewer="night desk"), base_url=LOCAL) as client:
        yield client


def _hostile_event(db: Path) -> str:
    with Store.open(db) as store:
        rows = [r for r in mentions(store, Filters()) if "Borderline" in (r["title"] or "")
                or r["outlet"].startswith("borderline")]  # fmt: skip
    assert rows
    return str(rows[0]["event_id"])


def test_the_event_page_shows_the_facts_escaped_and_the_cluster(
    client: TestClient, db: Path
) -> None:
    event_id = _hostile_event(db)
    page = client.get(f"/event/{event_id}")
    assert page.status_code == 200
    html = page.text
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;on Thursday&lt;/b&gt;" in html  # the sentence around the evidence
    assert '<mark class="m-evidence">' in html
    for fact in ("ASSAULT", "RUS", "AZE", "Goldstein", "factuality", "attribution", "rule",
                 "corroborated", "caspian herald", 'name="csrf_token"', "night desk"):  # fmt: skip
        assert fact in html, fact
    assert "Not reviewed yet" in html
    assert client.get("/event/no-such-id").status_code == 404


def test_event_facts_is_batched_and_gives_the_others_of_the_cluster(db: Path) -> None:
    with Store.open(db) as store:
        ids = [str(r["event_id"]) for r in mentions(store, Filters())]
        facts = event_facts(store, [*ids, "unknown"])
    assert sorted(facts) == sorted(ids)
    clustered = [f for f in facts.values() if f["cluster_id"] and f["others"]]
    assert clustered
    for fact in clustered:
        assert all(o["event_id"] != fact["id"] for o in fact["others"])
        assert all(o["cluster_id"] == fact["cluster_id"] for o in fact["others"])


def test_a_review_needs_the_csrf_token_is_stored_and_shows(client: TestClient, db: Path) -> None:
    event_id = _hostile_event(db)
    form = {"verdict": "corrected", "type": "COERCE", "target": "-", "note": "warning shots",
            "reviewer": f"ana {SCRIPT}"}  # fmt: skip
    assert client.post(f"/event/{event_id}/review", data=form).status_code == 403
    client.get(f"/event/{event_id}")
    token = client.cookies[CSRF_COOKIE]
    done = client.post(
        f"/event/{event_id}/review", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"/event/{event_id}"
    assert "casus_reviewer=" in done.headers["set-cookie"]
    html = client.get(f"/event/{event_id}").text
    assert "Reviewed corrected" in html and "type COERCE" in html and "warning shots" in html
    assert SCRIPT not in html and "ana &lt;script&gt;" in html  # remembered, escaped
    explorer = client.get("/events?reviewed=1").text
    assert ">COERCE</a>" in explorer and "corrected" in explorer
    plain = client.get("/events").text  # the coder's values; the facts note the review
    assert ">COERCE</a>" not in plain and "Reviewed corrected" in plain
    with Store.open(db) as store:
        stored = store.query("SELECT verdict, type, target_code, reviewer FROM reviews")
    assert stored == [("corrected", "COERCE", "", f"ana {SCRIPT}")]


def test_an_invalid_review_is_a_400_with_the_message(client: TestClient, db: Path) -> None:
    event_id = _hostile_event(db)
    client.get(f"/event/{event_id}")
    token = client.cookies[CSRF_COOKIE]
    for form, message in (
        ({"verdict": "corrected", "type": "BOMBARD"}, "not a PLOVER type"),
        ({"verdict": "corrected", "source": "<x>"}, "not an actor code"),
        ({"verdict": "fine"}, "verdict"),
    ):
        response = client.post(
            f"/event/{event_id}/review", data={**form, "reviewer": "ana", "csrf_token": token}
        )
        assert response.status_code == 400 and message in response.text
        assert "&lt;x&gt;" in response.text or "<x>" not in response.text
    with Store.open(db) as store:
        assert store.query("SELECT count(*) FROM reviews") == [(0,)]


def test_a_review_while_another_process_writes_answers_409(client: TestClient, db: Path) -> None:
    event_id = _hostile_event(db)
    client.get(f"/event/{event_id}")
    token = client.cookies[CSRF_COOKIE]
    holder = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]);"
        " print('locked', flush=True); time.sleep(60)"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", holder, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        form = {"verdict": "right", "reviewer": "ana", "csrf_token": token}
        response = client.post(f"/event/{event_id}/review", data=form)
    finally:
        writer.kill()
        writer.wait()
    assert response.status_code == 409 and "E701" in response.text


def test_the_article_view_and_explorer_link_each_event_page(client: TestClient, db: Path) -> None:
    event_id = _hostile_event(db)
    with Store.open(db) as store:
        article_id = store.query("SELECT article_id FROM events WHERE id = ?", [event_id])[0][0]
    assert f'href="/event/{event_id}"' in client.get(f"/articles/{article_id}").text
    assert f'href="/event/{event_id}"' in client.get("/events").text

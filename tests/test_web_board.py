"""casus serve's scenario board: the packs, a pack's board with its SVG chart and the
evidence that moved it (escaped), what-if, and the resolve action (CSRF, the one write)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from casus.scenarios.pack import bundled_packs
from casus.store import Store
from casus.web import create_app
from casus.web.security import CSP, CSRF_COOKIE

from .store_util import store_of_texts
from .web_util import script_data

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

LOCAL = "http://127.0.0.1:8765"
PACK = "south-caucasus-2025"
BOARD = f"/scenarios/{PACK}"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"""Title: Shelling near Gazakh {SCRIPT} as the row deepens
Date: 2025-08-14
Source: Hostile {SCRIPT} Wire

BAKU, August 14 — Russian forces shelled an Azerbaijani border post near Gazakh \
on Thursday, the Azerbaijani Defence Ministry said. Russian artillery also struck a fuel \
depot in Gazakh, the ministry added.
"""
SECOND = """Title: Azerbaijan says a Russian strike hit a depot
Date: 2025-08-15
Source: Caspian Herald

BAKU, August 15 — Russian forces struck a fuel depot in Gazakh on Thursday, \
Azerbaijan's Defence Ministry said on Friday.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("board")
    return store_of_texts(folder, {"hostile.txt": HOSTILE, "second.txt": SECOND})


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as client:
        yield client


def _percentages(html: str) -> list[str]:
    return re.findall(r'<td class="num">([0-9.]+%)</td>', html)


def test_the_packs_page_lists_the_bundled_packs_and_the_overview_links_it(
    client: TestClient,
) -> None:
    html = client.get("/scenarios").text
    for pack in bundled_packs():
        assert f'href="/scenarios/{pack}"' in html
    assert 'href="/scenarios"' in client.get("/").text
    assert client.get("/scenarios/no-such-pack").status_code == 404


def test_the_board_draws_one_line_per_scenario_and_links_its_evidence(
    client: TestClient, db: Path
) -> None:
    response = client.get(BOARD)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-frame-options"] == "DENY"
    html = response.text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<polyline") == 4  # border, corridor, war, diplomacy
    assert "2025-07-28" in svg  # the first date tick: the pack's start
    assert "style=" not in html
    assert "casus-board-data" in script_data(html)  # only data blocks and /static scripts
    with Store.open(db) as store:
        (article,) = store.query("SELECT id FROM articles WHERE title LIKE 'Shelling%'")[0]
    assert f'href="/articles/{article}"' in html  # the evidence's first counted mention
    assert "strikes-in-azerbaijan" in html
    assert f"Hostile {SCRIPT}" not in html
    assert "hostile &lt;script&gt;alert(1)&lt;/script&gt; wire" in html  # the outlet
    assert "Shelling near Gazakh &lt;script&gt;" in html  # the article's title
    with Store.open(db) as store:  # nothing was written
        assert store.query("SELECT count(*) FROM ledger")[0][0] == 0


def test_whatif_moves_the_probabilities_and_refuses_a_malformed_event(
    client: TestClient,
) -> None:
    url = f"{BOARD}/whatif"
    fired = client.get(url, params={"event": "RUS 195 AZE at Baku", "independent": "3"})
    assert fired.status_code == 200
    assert "fires\nstrikes-in-azerbaijan" in fired.text
    table = _percentages(fired.text)
    assert len(table) == 8 and table[0::2] != table[1::2]  # before != after
    quiet = client.get(url, params={"event": "ARM 010 GEO"})
    assert quiet.status_code == 200 and "no indicator" in quiet.text
    bad = client.get(url, params={"event": f"RUS {SCRIPT}"})
    assert bad.status_code == 400 and "<script" not in bad.text
    assert "&lt;script&gt;" in bad.text
    assert client.get(url, params={"event": "RUS 195 AZE", "independent": "x"}).status_code == 400


def test_resolve_needs_the_csrf_token_records_the_outcome_and_shows_the_scores(
    db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "store.duckdb"
    shutil.copy(db, copy)
    form = {"scenario": "war", "date": "2025-09-30"}
    with TestClient(create_app(copy), base_url=LOCAL) as client:
        assert client.post(f"{BOARD}/resolve", data=form).status_code == 403
        client.get(BOARD)
        token = client.cookies[CSRF_COOKIE]
        done = client.post(
            f"{BOARD}/resolve", data={**form, "csrf_token": token}, follow_redirects=False
        )
        assert done.status_code == 303 and done.headers["location"] == f"{BOARD}?resolved=1"
        html = client.get(done.headers["location"]).text
        bad = client.post(f"{BOARD}/resolve", data={"scenario": "war", "date": "soon",
                                                    "csrf_token": token})  # fmt: skip
        assert bad.status_code == 400
        unknown = client.post(f"{BOARD}/resolve", data={**form, "scenario": "peace",
                                                        "csrf_token": token})  # fmt: skip
        assert unknown.status_code == 400 and "no scenario" in unknown.text
    assert "came true on 2025-09-30" in html and "Brier" in html
    assert "Pointed the right way" in html and "strikes-in-azerbaijan" in html
    with Store.open(copy) as store:
        rows = store.query("SELECT pack_id, scenario_id, resolved_on FROM resolutions")
    assert [(p, s, str(d)) for p, s, d in rows] == [(PACK, "war", "2025-09-30")]


def test_resolve_while_another_process_writes_answers_409(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store.duckdb"
    shutil.copy(db, copy)
    holder = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]);"
        " print('locked', flush=True); time.sleep(60)"
    )
    with TestClient(create_app(copy), base_url=LOCAL) as client:
        client.get(BOARD)
        token = client.cookies[CSRF_COOKIE]
        writer = subprocess.Popen(
            [sys.executable, "-c", holder, str(copy)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
            form = {"scenario": "war", "date": "2025-09-30", "csrf_token": token}
            response = client.post(f"{BOARD}/resolve", data=form)
        finally:
            writer.kill()
            writer.wait()
    assert response.status_code == 409 and "E701" in response.text

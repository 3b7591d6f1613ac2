"""The workbench's map and charts: the JSON the pages embed for them (checked against
the store by another route), escaping inside those blocks, the partials' URLs, and
the vendored files as served."""

from __future__ import annotations

import itertools
import json
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from casus.store import Store
from casus.store.query import Filters, mentions
from casus.web import create_app
from casus.web.viz import QUAD_LABELS, map_points, periods

from .store_util import store_of_texts
from .web_util import script_data

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

LOCAL = "http://127.0.0.1:8765"
BREAKOUT = "</script><script>alert(1)</script>"
TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "casus" / "web" / "templates"
ARTICLES = {
    "hostile.txt": f"""Title: Depot hit near Gazakh {BREAKOUT} as shelling resumes
Date: 2025-08-14
Source: Border {BREAKOUT} Wire

BAKU, August 14 — Russian forces shelled an Azerbaijani border post near Gazakh \
on Thursday, the Azerbaijani Defence Ministry said. Russian artillery also struck a fuel \
depot in Gazakh, the ministry added.
""",
    "second.txt": """Title: Azerbaijan says a Russian strike hit a depot
Date: 2025-08-15
Source: Caspian Herald

BAKU, August 15 — Russian forces struck a fuel depot in Gazakh on Thursday, \
Azerbaijan's Defence Ministry said on Friday.
""",
    "talks.txt": """Title: Envoys meet in Yerevan
Date: 2025-09-02
Source: Ararat Daily Bulletin

YEREVAN, September 2 — Armenia's foreign minister met the Russian ambassador in \
Yerevan on Tuesday to discuss the border, the ministry said.
""",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_of_texts(tmp_path_factory.mktemp("viz"), ARTICLES)


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as client:
        yield client


def _seconds(day: date) -> int:
    return (day - date(1970, 1, 1)).days * 86400


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def test_the_explorer_timeline_counts_the_listed_mentions_per_week(
    client: TestClient, db: Path
) -> None:
    with Store.open(db) as store:
        listed = [
            m
            for m in mentions(store, Filters())
            if m["date"] is not None and m["quad_class"] in (1, 2, 3, 4)
        ]
    assert listed, "the sample articles give dated mentions with a QuadClass"
    expected = Counter((_monday(m["date"]), m["quad_class"]) for m in listed)
    assert 'data-src="/events/timeline.json"' in client.get("/events").text
    timeline = client.get("/events/timeline.json").json()
    x, series = timeline["x"], timeline["series"]
    assert [s["label"] for s in series[:4]] == list(QUAD_LABELS)
    assert all(len(s["values"]) == len(x) for s in series)
    assert x == sorted(x) and all(b - a == 7 * 86400 for a, b in itertools.pairwise(x))
    for (week, quad), count in expected.items():
        assert series[quad - 1]["values"][x.index(_seconds(week))] == count
    assert sum(sum(s["values"]) for s in series[:4]) == len(listed)
    week = _monday(listed[0]["date"])
    scores = [m["goldstein"] for m in listed if _monday(m["date"]) == week]
    mean = series[4]["values"][x.index(_seconds(week))]
    assert mean == pytest.approx(sum(scores) / len(scores), abs=0.01)


def test_the_timeline_and_map_follow_the_filters(client: TestClient, db: Path) -> None:
    page = client.get("/events", params={"until": "2025-08-31"}).text
    assert 'data-src="/events/map.json?until=2025-08-31"' in page
    assert 'data-src="/events/timeline.json?until=2025-08-31"' in page
    everything = client.get("/events/map.json").json()
    chosen = client.get("/events/map.json", params={"until": "2025-08-31"}).json()
    dates = [p[everything["fields"].index("date")] for p in chosen["points"]]
    assert dates and all(d <= "2025-08-31" for d in dates)
    assert len(chosen["points"]) < len(everything["points"])
    quiet = client.get("/events/map.json", params={"actor": "NZL"}).json()
    assert quiet["points"] == [] and quiet["note"].startswith("No mention of this selection")
    line = client.get("/events/timeline.json", params={"actor": "NZL"}).json()
    assert line["x"] == [] and "No mention" in line["note"]
    for what in ("map", "timeline"):
        bad = client.get(f"/events/{what}.json", params={"since": "soon"})
        assert bad.status_code == 400
    assert client.get("/events/other.json").status_code == 404
    bad_page = client.get("/events", params={"since": "soon"})
    assert bad_page.status_code == 400 and "/events/map.json" not in bad_page.text


def test_the_map_holds_every_located_mention_up_to_its_cap(client: TestClient, db: Path) -> None:
    with Store.open(db) as store:
        located = [m for m in mentions(store, Filters()) if m["lat"] is not None]
        capped = map_points(store, Filters(), cap=1)
    assert located
    data = client.get("/events/map.json").json()
    fields = data["fields"]
    assert len(data["points"]) == len(located) and data["capped"] is False
    assert {(p[fields.index("lat")], p[fields.index("lon")]) for p in data["points"]} == {
        (m["lat"], m["lon"]) for m in located
    }
    assert data["note"].startswith(f"{len(located)} located mention")
    assert capped["capped"] is True and len(capped["points"]) == 1


def test_a_script_breakout_in_the_data_stays_inside_the_json_blocks(client: TestClient) -> None:
    html = client.get("/").text
    assert BREAKOUT not in html and "<script>alert" not in html
    assert "\\u003c/script\\u003e" in html  # tojson's escape of </script>
    data = script_data(html)["casus-outlets-data"]  # the block parses, with the real text
    assert BREAKOUT in json.dumps(data, ensure_ascii=False)
    points = client.get("/events/map.json")  # JSON, never HTML: the script sets text only
    assert points.headers["content-type"] == "application/json"
    assert BREAKOUT in json.dumps(points.json(), ensure_ascii=False)


def test_the_overview_charts_articles_by_outlet_and_genre(client: TestClient) -> None:
    data = script_data(client.get("/").text)
    outlets, genres = data["casus-outlets-data"], data["casus-genres-data"]
    for chart in (outlets, genres):
        assert all(len(s["values"]) == len(chart["x"]) for s in chart["series"])
        assert sum(sum(s["values"]) for s in chart["series"]) == len(ARTICLES)
    # August 11 to September 2, 2025: within a year, so per week from the Monday before
    assert outlets["x"][0] == _seconds(date(2025, 8, 11)) and len(outlets["x"]) == 4
    herald = next(s for s in outlets["series"] if s["label"] == "caspian herald")
    assert herald["values"] == [1, 0, 0, 0]


def test_the_board_embeds_each_scenarios_probability_over_time(client: TestClient) -> None:
    html = client.get("/scenarios/south-caucasus-2025").text
    board = script_data(html)["casus-board-data"]
    assert len(board["series"]) == 4 and board["x"] == sorted(board["x"])
    assert board["x"][0] == _seconds(date(2025, 7, 28))  # the pack's start
    for series in board["series"]:
        assert len(series["values"]) == len(board["x"])
        assert all(0.0 <= v <= 1.0 for v in series["values"])
    assert sum(s["values"][0] for s in board["series"]) == pytest.approx(1.0, abs=1e-3)
    assert sum(s["values"][-1] for s in board["series"]) == pytest.approx(1.0, abs=1e-3)
    assert 'id="board-chart-fallback"' in html and "<svg" in html  # drawn without JS too


def test_the_partials_reference_only_static_urls() -> None:
    for name in ("_map.html", "_timeline.html", "_uplot.html", "_board_chart.html",
                 "_overview_charts.html"):  # fmt: skip
        text = (TEMPLATES / name).read_text("utf-8")
        urls = re.findall(r'(?:src|href|data-outlines)="([^"]*)"', text)
        assert all(url.startswith(("/static/", "/events/")) for url in urls), (name, urls)
        assert "style=" not in text and not re.search(r"<script>", text)
    assert "/static/vendor/world-atlas/countries-110m.geojson" in (
        TEMPLATES / "_map.html"
    ).read_text("utf-8")


@pytest.mark.parametrize(
    ("path", "media"),
    [
        ("/static/vendor/leaflet/leaflet.js", "text/javascript"),
        ("/static/vendor/leaflet/leaflet.css", "text/css"),
        ("/static/vendor/leaflet/images/layers.png", "image/png"),
        ("/static/vendor/uplot/uPlot.iife.min.js", "text/javascript"),
        ("/static/vendor/uplot/uPlot.min.css", "text/css"),
        ("/static/vendor/world-atlas/countries-110m.geojson", "application/geo+json"),
        ("/static/casus-map.js", "text/javascript"),
        ("/static/casus-charts.js", "text/javascript"),
        ("/static/casus-viz.css", "text/css"),
    ],
)
def test_vendored_files_are_served_with_their_media_types(
    client: TestClient, path: str, media: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["x-content-type-options"] == "nosniff"


def test_periods_run_from_the_monday_or_first_of_the_month() -> None:
    assert periods(date(2025, 12, 31), date(2026, 1, 6), "week") == [
        date(2025, 12, 29),
        date(2026, 1, 5),
    ]
    assert periods(date(2025, 11, 15), date(2026, 2, 1), "month") == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_the_timeline_leaves_out_early_stray_dates_and_keeps_a_real_spread() -> None:
    from datetime import date, timedelta

    from casus.web.viz import stray_cut

    recent = [date(2025, 6, 2) + timedelta(weeks=i) for i in range(20)]
    rows = [(week, 4, 10, 0.0, 0) for week in recent]  # 200 mentions over 20 weeks
    stray = [(date(1994, 5, 9), 4, 3, 0.0, 0), (date(2008, 8, 4), 4, 2, 0.0, 0)]
    assert stray_cut(stray + rows) == recent[0]  # 5 of 205 (2.4 %), years before
    assert stray_cut(rows) is None
    heavy = [(date(2008, 8, 4), 4, 40, 0.0, 0)]  # 40 of 240: too many to be strays
    assert stray_cut(heavy + rows) is None
    near = [(date(2025, 1, 6), 4, 3, 0.0, 0)]  # only months before: part of the story
    assert stray_cut(near + rows) is None

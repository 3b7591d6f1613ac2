"""casus bench web: every page it times answers, over a generated store it keeps with
--db and reuses the next time (timings are the bench's business, not the tests'); and
the explorer's faster query gives the rows the plain one gives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.cli import app as cli
from casus.store import Store
from casus.store.corroborate import recluster
from casus.store.query import Filters, mention_sql, mentions
from casus.store.synthetic import fill
from casus.web.bench import TARGET_PAGE_MS, format_web, run_web_bench, to_json


def test_the_bench_times_every_page_of_a_generated_store(tmp_path: Path) -> None:
    result = run_web_bench(events=1500, db=tmp_path / "web.duckdb", repeat=2)
    assert result.events > 1000 and result.clusters > 0 and result.fill_s > 0
    names = [page.name for page in result.pages]
    assert names[0] == "overview" and "explorer" in names
    for wanted in ("actor", "dyad", "type", "one month", "country", "corroborated"):
        assert any(name.startswith("explorer, ") and wanted in name for name in names), wanted
    for wanted in ("article", "scenario list", "board", "export .csv, first byte"):
        assert any(name.startswith(wanted) for name in names), wanted
    assert all(page.status == 200 for page in result.pages), [
        (page.name, page.status) for page in result.pages
    ]
    assert all(len(page.wall_ms) == 2 == len(page.cpu_ms) for page in result.pages)
    explorer = next(page for page in result.pages if page.name == "explorer")
    assert explorer.kilobytes > 1 and explorer.targeted
    assert not next(p for p in result.pages if p.name == "scenario list").targeted
    table = format_web(result)
    assert f"< {TARGET_PAGE_MS:.0f}" in table and "export .gdelt, first byte" in table
    data = to_json(result)
    assert isinstance(data["pages"], list) and "wall_ms_median" in data["pages"][0]


@pytest.mark.filterwarnings("ignore:Using `httpx`")
def test_bench_web_reuses_the_store_given_with_db(tmp_path: Path) -> None:
    db, out = tmp_path / "kept.duckdb", tmp_path / "web.json"
    runner = CliRunner()
    first = runner.invoke(
        cli, ["bench", "web", "--events", "1200", "--db", str(db), "--repeat", "1"]
    )
    assert first.exit_code == 0, first.output
    assert db.exists() and "generated and clustered" in first.output
    again = runner.invoke(
        cli, ["bench", "web", "--db", str(db), "--repeat", "1", "--json", str(out)]
    )
    assert again.exit_code == 0, again.output
    assert "generated" not in again.output  # reused
    data = json.loads(out.read_text("utf-8"))
    assert data["fill_s"] == 0 and data["events"] > 1000 and data["repeat"] == 1


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("generated") / "store.duckdb"
    with Store.open(path, write=True) as store:
        fill(store, events=3000)
        with store.transaction():
            recluster(store)
    with Store.open(path) as store:
        yield store


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(actor="RUS"),
        Filters(dyad=("RUS", "UKR")),
        Filters(state="single-source"),
        Filters(state="corroborated", type="ASSAULT"),  # common: the newest tried first
        Filters(state="contested"),  # rare: the plain query at once
        Filters(min_independent=3, country="UA"),
        Filters(min_independent=1, since=date(2024, 1, 1), until=date(2024, 3, 31)),
        Filters(state="denied", actor="NOBODY"),  # nothing
    ],
)
def test_the_explorer_query_keeps_the_rows_of_the_plain_one(
    generated: Store, filters: Filters
) -> None:
    sql, params = mention_sql(filters)  # no limit: every row, one plain query
    cursor = generated.con.execute(sql, params)
    names = [column[0] for column in cursor.description or ()]
    plain = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for limit in (1, 50, 200, 5000):  # 5000: more than there are, the newest fall short
        assert mentions(generated, filters, limit) == plain[:limit], limit

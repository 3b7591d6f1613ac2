"""Store queries: filters, mention and cluster listings, trends, read-only SQL."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from casus.errors import QueryError, UsageError
from casus.store import Store
from casus.store.query import (
    Filters,
    clusters,
    mentions,
    parse_country,
    parse_dyad,
    parse_quad,
    read_only_sql,
    where,
)
from casus.store.synthetic import fill
from casus.store.trend import trend

from .store_util import sample_store, set_state


@pytest.fixture()
def store() -> Store:
    return Store.open(sample_store())


def _pairs(rows: list[dict[str, object]]) -> set[tuple[object, object]]:
    return {(r["source"], r["target"]) for r in rows}


def test_filters_are_parameters_never_sql_text() -> None:
    hostile = "x' OR 1=1 --"
    clause, params = where(Filters(place=hostile, outlet=hostile, genre=hostile))
    assert hostile not in clause
    assert "x' or 1=1 --" in params


def test_actor_matches_source_or_target(store: Store) -> None:
    rows = mentions(store, Filters(actor="aze"))
    assert rows
    assert all("AZE" in (r["source"], r["target"]) for r in rows)
    assert len(rows) < len(mentions(store, Filters()))


def test_dyad_is_directed_but_symmetric_events_match_both_ways(store: Store) -> None:
    forward = mentions(store, Filters(dyad=("IND", "PAK")))
    backward = mentions(store, Filters(dyad=("PAK", "IND")))
    assert {(r["source"], r["target"]) for r in backward if not r["symmetric"]} == {("PAK", "IND")}
    symmetric = [r for r in backward if r["symmetric"]]
    assert ("IND", "PAK") in _pairs(symmetric)  # matched in reverse
    assert {r["event_id"] for r in symmetric} <= {r["event_id"] for r in forward}


def test_type_quad_factuality_country_place(store: Store) -> None:
    assaults = mentions(store, Filters(type="assault"))
    assert assaults and {r["type"] for r in assaults} == {"ASSAULT"}
    conflict = mentions(store, Filters(quad=parse_quad("material-conflict")))
    assert conflict and {r["quad_class"] for r in conflict} == {4}
    future = mentions(store, Filters(factuality=("future",)))
    assert future and {r["factuality"] for r in future} == {"future"}
    in_pakistan = mentions(store, Filters(country=parse_country("PAK")))
    assert in_pakistan and {r["country"] for r in in_pakistan} == {"PK"}
    grozny = mentions(store, Filters(place="grozny"))
    assert grozny and {r["place"] for r in grozny} == {"Grozny"}


def test_dates_fall_back_to_publication(store: Store) -> None:
    rows = mentions(store, Filters(since=date(2025, 5, 10), until=date(2025, 5, 10)))
    assert rows and {r["date"] for r in rows} == {date(2025, 5, 10)}
    assert any(r["date_precision"] == "published" for r in rows)
    assert not mentions(store, Filters(since=date(2030, 1, 1)))


def test_outlet_genre_and_cluster_filters(store: Store) -> None:
    wire = mentions(store, Filters(outlet="Subcontinent Ledger"))
    assert wire and {r["outlet"] for r in wire} == {"subcontinent ledger"}
    assert not mentions(store, Filters(genre="opinion"))
    corroborated = mentions(store, Filters(state="corroborated"))
    assert corroborated and {r["state"] for r in corroborated} == {"corroborated"}
    assert mentions(store, Filters(min_independent=2)) == corroborated


def test_clusters_list_counts_state_and_outlets(store: Store) -> None:
    rows = clusters(store, Filters(dyad=("RUS", "AZE"), state="corroborated"))
    assert {r["type"] for r in rows} == {"CONSULT", "SUPPORT"}
    for row in rows:
        assert row["num_outlets"] == 2 and len(row["outlets"]) == 2
    assert len(clusters(store, Filters(), limit=2)) == 2


def test_state_changes_show(tmp_path: Path) -> None:
    path = shutil.copy(sample_store(), tmp_path / "copy.duckdb")
    set_state(Path(path), "c0020", "contested", 1)
    with Store.open(path) as store:
        contested = clusters(store, Filters(state="contested"))
    assert [r["cluster_id"] for r in contested] == ["c0020"]


@pytest.mark.parametrize(
    ("parse", "value"),
    [(parse_dyad, "RUS"), (parse_dyad, "RUS:"), (parse_quad, "5"), (parse_country, "XYZ")],
)
def test_bad_filter_values_are_usage_errors(parse: object, value: str) -> None:
    with pytest.raises(UsageError):
        parse(value)  # type: ignore[operator]


def test_trend_counts_each_cluster_once_and_only_counted_factualities(store: Store) -> None:
    filters = Filters(dyad=("RUS", "AZE"))
    events = trend(store, filters, "year")
    every = trend(store, filters, "year", mentions=True)
    assert sum(p.total for p in events) < sum(p.total for p in every)
    clustered = store.query(
        "SELECT count(DISTINCT cluster_id) FROM events WHERE source_code = 'RUS' "
        "AND target_code = 'AZE' AND factuality IN ('asserted', 'reported')"
    )[0][0]
    assert sum(p.total for p in events) == clustered
    assert sum(p.goldstein for p in events) != 0


def test_trend_periods_and_quads(tmp_path: Path) -> None:
    path = tmp_path / "gen.duckdb"
    with Store.open(path, write=True) as store:
        fill(store, 6000)
    with Store.open(path) as store:
        weeks = trend(store, Filters(dyad=("RUS", "AZE")), "week")
        months = trend(store, Filters(dyad=("RUS", "AZE")), "month")
    assert all(p.start.weekday() == 0 for p in weeks)
    assert all(p.start.day == 1 for p in months)
    assert sum(p.total for p in weeks) == sum(p.total for p in months) > 0
    with pytest.raises(UsageError):
        trend(store, Filters(), "fortnight")


def test_sql_reads(store: Store) -> None:
    names, rows = read_only_sql(store, "SELECT count(*) AS n FROM events")
    assert names == ["n"] and rows[0][0] > 10


@pytest.mark.parametrize(
    "query",
    [
        "INSERT INTO rejected (origin) VALUES ('x')",
        "DELETE FROM events",
        "COPY events TO '/tmp/casus-stolen.csv'",
        "SELECT * FROM read_csv('/etc/passwd', sep = ':')",
        "SELECT * FROM read_text('/etc/hostname')",
        "ATTACH '/tmp/casus-other.duckdb' AS other",
        "SET enable_external_access = true",
        "SELECT 1; SELECT 2",
        "SELEC nonsense",
        "PRAGMA version",
    ],
)
def test_sql_refuses_writes_and_files(store: Store, query: str) -> None:
    with pytest.raises(QueryError):
        read_only_sql(store, query)
    assert not Path("/tmp/casus-stolen.csv").exists()


def test_sql_on_a_parquet_directory_reads_only_the_store(tmp_path: Path) -> None:
    directory = tmp_path / "pq"
    with Store.open(sample_store()) as store:
        for table in ("articles", "events"):
            (directory / table).mkdir(parents=True)
            target = str(directory / table / "part.parquet")
            store.con.execute(f"COPY {table} TO '{target}' (FORMAT parquet)")
    with Store.open(directory) as store:
        _, rows = read_only_sql(store, "SELECT count(*) FROM events")
        assert rows[0][0] > 10
        with pytest.raises(QueryError):
            read_only_sql(store, f"COPY events TO '{directory}/events/x.csv'")
        with pytest.raises(QueryError):
            read_only_sql(store, "SELECT * FROM read_csv('/etc/passwd')")

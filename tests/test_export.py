"""Exports of the store: GDELT's 61 columns, CSV safety, GeoJSON, JSON Lines, Parquet,
atomic files, and the documentation of the schema and commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest

from casus.errors import UsageError
from casus.store import Store
from casus.store.export import csv_cell, export, export_format, listing_format
from casus.store.gdelt import GDELT_COLUMNS, fips_of
from casus.store.query import Filters, mentions, schema_markdown
from casus.store.schema import COLUMNS

from .conftest import REPO
from .store_util import HOSTILE_TITLE, HOSTILE_URL, sample_store


@pytest.fixture()
def store() -> Store:
    return Store.open(sample_store())


def _export(store: Store, name: str, filters: Filters | None = None) -> str:
    stream = io.StringIO()
    export(store, export_format(name), filters or Filters(), stream)
    return stream.getvalue()


def test_gdelt_columns_are_the_codebooks() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[5] == "Actor1Code" and GDELT_COLUMNS[15] == "Actor2Code"
    assert GDELT_COLUMNS[25:35] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    )  # fmt: skip
    assert GDELT_COLUMNS[51:59] == tuple(
        f"ActionGeo_{part}"
        for part in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
                     "FeatureID")
    )  # fmt: skip
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_gdelt_rows_have_61_cells_and_casus_values(store: Store) -> None:
    text = _export(store, "gdelt", Filters(place="Rawalpindi", dyad=("IND", "PAK")))
    lines = text.splitlines()
    assert lines
    cell = dict(zip(GDELT_COLUMNS, lines[0].split("\t"), strict=True))
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert cell["SQLDATE"] == "20250510" and cell["MonthYear"] == "202505"
    assert cell["Year"] == "2025" and cell["FractionDate"].startswith("2025.35")
    assert cell["Actor1Code"] == "IND" and cell["Actor1CountryCode"] == "IND"
    assert cell["Actor2Code"].startswith("PAK") and cell["EventCode"] == "190"
    assert cell["EventBaseCode"] == "190" and cell["EventRootCode"] == "19"
    assert cell["QuadClass"] == "4" and cell["GoldsteinScale"] == "-10.0"
    assert cell["ActionGeo_Type"] == "4" and cell["ActionGeo_FullName"] == "Rawalpindi"
    assert cell["ActionGeo_CountryCode"] == "PK"  # Pakistan: FIPS and ISO agree
    assert float(cell["ActionGeo_Lat"]) == pytest.approx(33.597, abs=0.01)
    assert float(cell["ActionGeo_Long"]) == pytest.approx(73.048, abs=0.01)
    assert cell["ActionGeo_FeatureID"].isdigit()
    assert cell["AvgTone"] == "" and cell["Actor1Geo_Type"] == ""
    assert cell["DATEADDED"] == "20250510000000"
    assert cell["SOURCEURL"].startswith("https://subcontinent-ledger.example.com/")
    assert cell["GLOBALEVENTID"].isdigit()


def test_gdelt_counts_come_from_the_cluster(store: Store) -> None:
    text = _export(store, "gdelt", Filters(dyad=("RUS", "AZE"), state="corroborated"))
    for line in text.splitlines():
        cell = dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
        assert (cell["NumMentions"], cell["NumSources"], cell["NumArticles"]) == ("2", "2", "2")


def test_fips_differs_from_iso_where_it_should() -> None:
    assert fips_of("AZ") == "AJ" and fips_of("RU") == "RS" and fips_of("AT") == "AU"
    assert fips_of("AU") == "AS" and fips_of("GB") == "UK" and fips_of("PS") == ""


def test_csv_cells_cannot_become_formulas(store: Store) -> None:
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-2+3") == "'-2+3" and csv_cell(-10.0) == -10.0
    rows = list(csv.DictReader(io.StringIO(_export(store, "csv"))))
    hostile = [r for r in rows if r["url"] == HOSTILE_URL]
    assert hostile and hostile[0]["title"] == "'" + HOSTILE_TITLE
    assert hostile[0]["outlet"] == "'@hostile wire"
    assert not any(v.startswith(("=", "@", "+")) for r in rows for v in r.values())


def test_geojson_points_are_longitude_latitude(store: Store) -> None:
    collection = json.loads(_export(store, "geojson", Filters(place="Grozny")))
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert lon == pytest.approx(45.69, abs=0.01) and lat == pytest.approx(43.31, abs=0.01)
        assert feature["properties"]["place"] == "Grozny"


def test_jsonl_is_one_mention_a_line_and_escapes_controls(store: Store) -> None:
    text = _export(store, "jsonl")
    assert "\x1b" not in text and "\u202e" not in text
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == len(mentions(store, Filters()))
    assert any(r["title"] == HOSTILE_TITLE for r in records)


def test_parquet_is_written_atomically_and_reads_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    count = export(store, export_format("parquet"), Filters(actor="AZE"), out)
    assert count == len(mentions(store, Filters(actor="AZE"))) > 0
    query = f"SELECT count(*), count(DISTINCT event_id) FROM '{out}'"
    read = duckdb.connect().execute(query).fetchone()
    assert read == (count, count)
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]


def test_failed_export_leaves_nothing(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"

    class Boom(io.StringIO):
        pass

    with pytest.raises(UsageError):
        export(store, export_format("parquet"), Filters(), Boom())
    with pytest.raises(UsageError):  # raised while writing: the temporary file goes
        export(store, export_format("csv"), Filters(actor="x' y"), out)
    assert list(tmp_path.iterdir()) == []


def test_unknown_formats_are_usage_errors() -> None:
    with pytest.raises(UsageError):
        listing_format("gdelt")
    with pytest.raises(UsageError):
        export_format("xlsx")


def _docs() -> str:
    return (REPO / "README.md").read_text("utf-8")


def test_docs_name_every_table_column_and_store_command() -> None:
    docs = _docs()
    for table, columns in COLUMNS.items():
        assert f"**{table}**" in docs, table
        for column, _ in columns:
            assert f"`{column}`" in docs, (table, column)
    for command in ("events", "trend", "export", "sql"):
        assert f"casus {command}" in docs, command


def test_docs_schema_is_the_generated_one() -> None:
    assert schema_markdown() in _docs()

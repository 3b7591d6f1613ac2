"""``casus events``, ``trend``, ``export`` and ``sql`` from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.store.gdelt import GDELT_COLUMNS

from .store_util import HOSTILE_URL, sample_store


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _db() -> str:
    return str(sample_store())


def test_events_table_escapes_hostile_article_text() -> None:
    code, out, _ = _run("events", "--db", _db(), "--outlet", "@hostile wire")
    assert code == 0
    assert "<script>alert(1)</script>" in out  # shown as text, never interpreted
    assert "\x1b" not in out and "\u202e" not in out
    assert "1 mention" in out


def test_events_filters_change_the_output() -> None:
    _, every, _ = _run("events", "--db", _db(), "--format", "json", "--limit", "0")
    _, some, _ = _run("events", "--db", _db(), "--format", "json", "--dyad", "RUS:AZE")
    assert 0 < len(json.loads(some)) < len(json.loads(every))
    directed = {(r["source"], r["target"]) for r in json.loads(some) if not r["symmetric"]}
    assert directed == {("RUS", "AZE")}
    _, two, _ = _run("events", "--db", _db(), "--format", "json", "--limit", "2")
    assert len(json.loads(two)) == 2


def test_an_unknown_event_type_is_a_usage_error_with_the_closest_type() -> None:
    code, out, err = _run("events", "--db", _db(), "--type", "assualt")
    assert code != 0 and out == ""
    assert "'assualt' is not a PLOVER type (did you mean ASSAULT?)" in err
    assert len(err.strip().splitlines()) == 1
    code, lower, _ = _run("events", "--db", _db(), "--type", "assault", "--format", "json")
    assert code == 0 and {r["type"] for r in json.loads(lower)} == {"ASSAULT"}


def test_events_csv_and_geojson() -> None:
    _, text, _ = _run("events", "--db", _db(), "-f", "csv", "--limit", "0")
    rows = list(csv.DictReader(io.StringIO(text)))
    hostile = next(r for r in rows if r["url"] == HOSTILE_URL)
    assert hostile["title"].startswith("'=HYPERLINK")
    _, geo, _ = _run("events", "--db", _db(), "-f", "geojson", "--place", "Rawalpindi")
    features = json.loads(geo)["features"]
    assert features and features[0]["geometry"]["coordinates"][0] > 70  # longitude first


def test_events_clusters() -> None:
    code, out, _ = _run(
        "events", "--db", _db(), "--clusters", "--state", "corroborated", "-f", "json"
    )
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3 and all(r["state"] == "corroborated" for r in rows)


def test_missing_store_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for command in ("events", "trend", "sql"):
        args = [command, "--db", str(tmp_path / "none.duckdb")]
        code, out, err = _run(*args, *(["SELECT 1"] if command == "sql" else []))
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "no such store" in err


def test_bad_options_are_usage_errors() -> None:
    assert _run("events", "--db", _db(), "--dyad", "RUSAZE")[0] == 64
    assert _run("events", "--db", _db(), "--since", "May 2025")[0] == 64
    assert _run("events", "--db", _db(), "--format", "gdelt")[0] == 64


def test_trend_chart_and_csv(tmp_path: Path) -> None:
    code, out, _ = _run("trend", "--db", _db(), "--dyad", "IND:PAK", "--by", "day")
    assert code == 0 and "2025-05-10" in out and "█" in out
    _, text, _ = _run("trend", "--db", _db(), "--dyad", "IND:PAK", "-f", "csv", "--mentions")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["period", "quad1", "quad2", "quad3", "quad4", "total", "goldstein"]
    assert sum(int(r[5]) for r in rows[1:]) > 0


def test_trend_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "t.png"
    code, _, _ = _run("trend", "--db", _db(), "--dyad", "IND:PAK", "--png", str(png))
    assert code == 0 and png.read_bytes().startswith(b"\x89PNG")


def test_export_gdelt_to_stdout_and_parquet_to_file(tmp_path: Path) -> None:
    code, out, _ = _run("export", "--db", _db(), "-f", "gdelt", "--out", "-", "--actor", "AZE")
    lines = out.splitlines()
    assert code == 0 and lines
    assert {len(line.split("\t")) for line in lines} == {len(GDELT_COLUMNS)}
    target = tmp_path / "all.parquet"
    code, _, err = _run("export", "--db", _db(), "-f", "parquet", "--out", str(target))
    assert code == 0 and target.exists() and "wrote" in err
    assert _run("export", "--db", _db(), "-f", "parquet", "--out", "-")[0] == 64


def test_sql_formats_and_refusals() -> None:
    code, out, _ = _run("sql", "--db", _db(), "-f", "json", "SELECT count(*) AS n FROM clusters")
    assert code == 0 and json.loads(out)[0]["n"] > 0
    for query in (
        "INSERT INTO runs (id) VALUES (9)",
        "COPY events TO '/tmp/casus-out.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
    ):
        code, out, err = _run("sql", "--db", _db(), query)
        assert code == 2 and out == "" and "[E703]" in err and err.count("\n") == 1
    code, out, _ = _run("sql", "--schema")
    assert code == 0 and "**events**" in out

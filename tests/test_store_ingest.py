"""casus ingest: idempotent, kill-safe, every input accounted for, versions replaced,
set-asides kept, older stores upgraded."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from casus.api import analyze
from casus.cli import app
from casus.store import Store, article_rows
from casus.store.ingest import ingest, upgrade
from casus.store.schema import COLUMNS, MIGRATIONS, SCHEMA_VERSION

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "articles"
WALL_CLOCK = {"first_seen", "last_seen", "changed_at", "started", "finished", "applied"}


def fingerprint(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the run log, without wall-clock columns, sorted."""
    with Store.open(path) as store:
        found = {}
        for table, columns in COLUMNS.items():
            if table == "runs":
                continue
            names = ", ".join(f'"{name}"' for name, _ in columns if name not in WALL_CLOCK)
            rows = store.query(f"SELECT {names} FROM {table}")
            found[table] = sorted(rows, key=repr)
        return found


def write_article(folder: Path, name: str, body: str, url: str, day: str = "2025-07-01") -> Path:
    path = folder / name
    path.write_text(
        f"Title: {name}\nDate: {day}\nSource: Test Wire\nURL: {url}\n\n{body}\n", encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    path = tmp_path_factory.mktemp("store") / "casus.duckdb"
    with Store.open(path, write=True) as store:
        summary = ingest([SAMPLES], store)
    return path, summary


def test_ingest_stores_every_article_with_its_rows(sample_store: tuple[Path, Any]) -> None:
    path, summary = sample_store
    assert summary.ingested == 23 and summary.set_aside == 0 and summary.unchanged == 0
    with Store.open(path) as store:
        seqs = [row[0] for row in store.query("SELECT seq FROM articles ORDER BY seq")]
        assert seqs == list(range(1, 24))
        for table in ("segments", "actors", "places", "dates", "events", "claims", "minhashes"):
            assert store.query(f"SELECT count(*) FROM {table}")[0][0] > 0, table
        # every event row belongs to a stored article
        orphans = store.query(
            "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)"
        )
        assert orphans[0][0] == 0
        # events with an actor are clustered, but for hypothetical and future ones
        unclustered = store.query(
            "SELECT factuality, count(*) FROM events WHERE cluster_id IS NULL "
            "AND (source_code IS NOT NULL OR target_code IS NOT NULL) GROUP BY 1"
        )
        assert {row[0] for row in unclustered} <= {"future", "hypothetical"}
        assert store.query("SELECT count(*) FROM clusters")[0][0] > 50


def test_ingesting_again_adds_nothing(sample_store: tuple[Path, Any], tmp_path: Path) -> None:
    path, _ = sample_store
    copy = tmp_path / "again.duckdb"
    shutil.copy(path, copy)
    before = fingerprint(copy)
    with Store.open(copy, write=True) as store:
        summary = ingest([SAMPLES], store)
    assert (summary.ingested, summary.unchanged) == (0, 23)
    assert fingerprint(copy) == before


def test_a_changed_article_replaces_its_rows(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    body = (
        "Azerbaijani forces shelled Armenian positions near the village of Sotk on "
        "Tuesday, Armenia's defence ministry said."
    )
    article = write_article(folder, "a.txt", body, "https://wire.example.org/a")
    db = tmp_path / "t.duckdb"
    with Store.open(db, write=True) as store:
        first = ingest([folder], store)
        old = store.query("SELECT id FROM articles")[0][0]
    article.write_text(article.read_text().replace("Tuesday", "Wednesday"), encoding="utf-8")
    with Store.open(db, write=True) as store:
        second = ingest([folder], store)
        ids = [row[0] for row in store.query("SELECT id FROM articles")]
        stale = store.query("SELECT count(*) FROM events WHERE article_id = ?", [old])[0][0]
    assert (first.ingested, second.ingested, second.updated) == (1, 1, 1)
    assert len(ids) == 1 and ids[0] != old and stale == 0


def test_set_asides_are_kept_and_listed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_article(
        folder, "good.txt", "Russia and Azerbaijan held talks in Baku.", "https://x.example/1"
    )
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (folder / "feed.jsonl").write_text('{"text": "ok text about talks", "title": "t"}\n{oops\n')
    db = tmp_path / "t.duckdb"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 2, result.output
    assert "set aside 2" in result.output
    listed = runner.invoke(app, ["rejected", "--db", str(db), "-f", "json"])
    rows = [json.loads(line) for line in listed.output.splitlines() if line.startswith("{")]
    assert sorted(row["code"] for row in rows) == ["E103", "E106"]
    assert any(row["origin"].endswith("feed.jsonl:2") for row in rows)
    runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    with Store.open(db) as store:
        assert store.query("SELECT count(*), max(times) FROM rejected")[0] == (2, 2)
    # mended inputs leave the list once they are stored
    write_article(folder, "blob.txt", "Iran and Armenia signed an accord.", "https://x.example/2")
    (folder / "feed.jsonl").write_text(
        '{"text": "ok text about talks", "title": "t"}\n{"text": "Talks resumed.", "title": "u"}\n'
    )
    runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    with Store.open(db) as store:
        assert store.query("SELECT count(*) FROM rejected")[0][0] == 0


def test_every_input_is_accounted_for(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_article(folder, "a.txt", "Iran and Armenia signed an agreement.", "https://x.example/a")
    shutil.copy(folder / "a.txt", folder / "copy.txt")  # same text and URL: a duplicate
    (folder / ".hidden.txt").write_text("hidden")
    (folder / "feed.jsonl").write_text('{"text": "Talks resumed.", "title": "t"}\n\n')
    with Store.open(tmp_path / "t.duckdb", write=True) as store:
        summary = ingest([folder], store)
    assert summary.ingested == 2
    assert dict(summary.skipped) == {"blank line": 1, "duplicate": 1, "hidden": 1}
    assert summary.seen == 5


def _corpus(folder: Path, copies: int) -> int:
    """Sample texts under new URLs: distinct articles (many near-duplicates)."""
    folder.mkdir()
    count = 0
    for n in range(copies):
        for source in sorted(SAMPLES.glob("*.txt")):
            text = source.read_text(encoding="utf-8")
            lines = [
                f"URL: https://copy{n}.example.org/{source.stem}"
                if line.startswith("URL:")
                else line
                for line in text.splitlines()
            ]
            (folder / f"{n:02d}-{source.name}").write_text("\n".join(lines), encoding="utf-8")
            count += 1
    return count


def _ingest_command(folder: Path, db: Path) -> list[str]:
    return [
        sys.executable, "-m", "casus", "ingest", str(folder), "--db", str(db), "-q",
        "--commit-every", "8",
    ]  # fmt: skip


def test_a_run_killed_mid_ingest_resumes_to_the_same_store(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    total = _corpus(folder, 4)
    killed = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(_ingest_command(folder, killed), env=env, stderr=subprocess.PIPE)
    wal = killed.with_name(killed.name + ".wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 200_000:  # some batches committed
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with Store.open(killed) as store:
        partial = store.query("SELECT count(*) FROM articles")[0][0]
    assert 0 < partial < total, "the run was not killed in the middle"
    resumed = subprocess.run(
        _ingest_command(folder, killed), check=False, env=env, capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"unchanged {partial}" in resumed.stderr
    clean = tmp_path / "clean.duckdb"
    subprocess.run(_ingest_command(folder, clean), env=env, check=True, capture_output=True)
    assert fingerprint(killed) == fingerprint(clean)


def test_a_store_of_schema_1_is_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    import duckdb

    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER, description VARCHAR, applied TIMESTAMP)"
    )
    for statement in MIGRATIONS[0][2]:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1, 'v1', current_timestamp)")
    old_store = Store(con, db, writable=True)
    for seq, name in enumerate(["01-aktau-crash.txt", "02-kremlin-apology.txt"], start=1):
        rows = article_rows(analyze((SAMPLES / name).read_text(encoding="utf-8")))
        first = rows.tables["articles"][0]
        old_store.insert("articles", [(*first[:2], seq, *first[3:])])
        events = [row[:-1] for row in rows.tables["events"]]  # version 1 had no cluster_id
        names = [name for name, _ in COLUMNS["events"][:-1]]
        placeholders = ", ".join("?" for _ in names)
        con.executemany(f"INSERT INTO events VALUES ({placeholders})", events)
    con.close()
    with Store.open(db, write=True) as store:
        assert store.upgraded_from == 1
        made = upgrade(store)
        version = store.query("SELECT max(version) FROM schema_version")[0][0]
        clustered = store.query("SELECT count(*) FROM events WHERE cluster_id IS NOT NULL")[0][0]
    assert version == SCHEMA_VERSION and made > 0 and clustered > 0


def test_two_workers_store_the_same_rows(sample_store: tuple[Path, Any], tmp_path: Path) -> None:
    path, _ = sample_store
    two = tmp_path / "two.duckdb"
    with Store.open(two, write=True) as store:
        summary = ingest([SAMPLES], store, jobs=2)
    assert summary.ingested == 23
    assert fingerprint(two) == fingerprint(path)


def test_a_database_that_is_not_a_store_is_left_alone(tmp_path: Path) -> None:
    import duckdb

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE payroll (name VARCHAR)")
    con.close()
    result = CliRunner().invoke(
        app, ["ingest", str(SAMPLES / "01-aktau-crash.txt"), "--db", str(other)]
    )
    assert result.exit_code == 2
    assert "not a casus store" in result.output
    con = duckdb.connect(str(other))
    assert [row[0] for row in con.execute("SHOW TABLES").fetchall()] == ["payroll"]


def test_known_ids_hold_every_stored_article_and_nothing_else(tmp_path: Path) -> None:
    from casus.store.ingest import KnownIds

    from .store_util import sample_store

    with Store.open(sample_store()) as store:
        stored = [str(row[0]) for row in store.query("SELECT id FROM articles")]
        known = KnownIds(store)
    assert len(stored) > 5 and len(known.numbers) == len(stored) and not known.others
    assert all(article_id in known for article_id in stored)
    flipped = [f"{(int(i, 16) ^ 1):016x}" for i in stored]  # one bit away
    assert not any(article_id in known for article_id in flipped if article_id not in stored)
    assert "" not in known and "not-hex-at-all!" not in known and "ffffffffffffffff" not in known
    odd = shutil.copy(sample_store(), tmp_path / "odd.duckdb")
    with Store.open(odd, write=True) as store:
        store.execute("UPDATE articles SET id = 'legacy:' || id WHERE seq = 1")
        legacy = str(store.query("SELECT id FROM articles WHERE seq = 1")[0][0])
        known = KnownIds(store)
    assert known.others == {legacy} and legacy in known
    assert len(known.numbers) == len(stored) - 1

"""The Spark engine (``casus ingest --engine spark``): parity with the local path on the
bundled corpus, every input accounted for, the Parquet layout, and a failed run leaving
nothing that looks finished. Skipped when pyspark or a Java runtime is absent."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casus.errors import StoreError, UsageError
from casus.ingest import Reader
from casus.model import BatchSummary, SetAside
from casus.runners.batch import analyze_many
from casus.store import COLUMNS, ArticleRows, Store, article_rows
from casus.store import spark as engine

from .conftest import SAMPLES

pyspark = pytest.importorskip("pyspark")
_JAVA = os.environ.get("JAVA_HOME")
if shutil.which("java") is None and not (_JAVA and Path(_JAVA, "bin", "java").is_file()):
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

WALL_CLOCK = {"changed_at", "first_seen", "last_seen", "started", "finished"}
"""Columns that hold the time a run wrote them: never equal between two runs."""
RUN_COUNTS = ("ingested", "unchanged", "updated", "near_duplicates", "set_aside", "skipped")


def _fake_relink(store: Store) -> int:
    """Test stand-in until casus.store.neardup.relink is merged: an article whose
    signature equals an earlier one's copies it."""
    store.con.execute("DELETE FROM near_duplicates")
    store.con.execute(
        "INSERT INTO near_duplicates SELECT a.id, min_by(b.id, b.seq), 1.0"
        " FROM articles a JOIN minhashes ma ON ma.article_id = a.id"
        " JOIN minhashes mb ON mb.signature = ma.signature"
        " JOIN articles b ON b.id = mb.article_id AND b.seq < a.seq GROUP BY a.id"
    )
    return len(store.query("SELECT 1 FROM near_duplicates"))


def _fake_recluster(store: Store) -> int:
    """Test stand-in until casus.store.corroborate is merged: asserted and reported
    events of one type, dyad and date form a cluster."""
    key = "md5(concat_ws('|', type, source_code, target_code, date))"
    con = store.con
    con.execute(
        f"UPDATE events SET cluster_id = CASE WHEN factuality IN ('asserted', 'reported')"
        f" THEN {key} END"
    )
    for table in ("clusters", "cluster_history"):
        con.execute(f"DELETE FROM {table}")
    con.execute(
        "INSERT INTO clusters (id, type, num_mentions, num_articles, num_outlets, state,"
        " first_seq, last_seq) SELECT e.cluster_id, any_value(e.type), count(*),"
        " count(DISTINCT a.id), count(DISTINCT a.outlet), 'single-source', min(a.seq),"
        " max(a.seq) FROM events e JOIN articles a ON a.id = e.article_id"
        " WHERE e.cluster_id IS NOT NULL GROUP BY e.cluster_id"
    )
    con.execute(
        "INSERT INTO cluster_history SELECT c.id, c.first_seq, a.id, c.state, 1,"
        " current_timestamp FROM clusters c JOIN articles a ON a.seq = c.first_seq"
    )
    return len(store.query("SELECT 1 FROM clusters"))


@pytest.fixture(scope="module")
def global_steps() -> Iterator[None]:
    """The real global steps when merged; otherwise the stand-ins above."""
    with pytest.MonkeyPatch.context() as patch:
        neardup = importlib.import_module("casus.store.neardup")
        if not hasattr(neardup, "relink"):
            patch.setattr(neardup, "relink", _fake_relink, raising=False)
        try:
            importlib.import_module("casus.store.corroborate")
        except ImportError:
            fake = types.ModuleType("casus.store.corroborate")
            fake.recluster = _fake_recluster  # type: ignore[attr-defined]
            patch.setitem(sys.modules, "casus.store.corroborate", fake)
        yield


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)  # read when the context starts
        session = (
            SparkSession.builder.master("local[2]")
            .appName("casus-tests")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        yield session
        session.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The bundled corpus, plus an empty file (set aside) and a copy of a sample
    (skipped as a duplicate), so that every kind of input is met."""
    extra = tmp_path_factory.mktemp("extra")
    (extra / "empty.txt").write_bytes(b"")
    shutil.copy(SAMPLES / "01-aktau-crash.txt", extra / "01-copy.txt")
    return [SAMPLES, extra]


@pytest.fixture(scope="module")
def spark_out(
    spark: Any, inputs: list[Path], global_steps: None, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, engine.SparkSummary]:
    out = tmp_path_factory.mktemp("spark") / "out"
    summary = engine.ingest_spark(inputs, out, session=spark, partitions=3)
    return out, summary


def _local_reference(inputs: list[Path], path: Path) -> BatchSummary:
    """What the local engine writes, step by step: the analyses in input order, each
    article's rows with seq n for the n-th analysed, the set-asides, the global steps."""
    relink = importlib.import_module("casus.store.neardup").relink
    recluster = importlib.import_module("casus.store.corroborate").recluster
    batch = analyze_many(inputs, then=article_rows)
    rejected: list[tuple[Any, ...]] = []
    with Store.open(path, write=True) as store:
        seq = 0
        for item in batch:
            if isinstance(item, ArticleRows):
                seq += 1
                with store.transaction():
                    for table, rows in item.tables.items():
                        numbered = [(*r[:2], seq, *r[3:]) for r in rows]
                        store.insert(table, numbered if table == "articles" else rows)
            elif isinstance(item, SetAside):
                reason, code, kind = item.reason, item.code, item.kind
                rejected.append((str(item.origin), reason, code, kind, None, None, 1))
        store.insert("rejected", rejected)
        relink(store)
        recluster(store)
    return batch.summary


@pytest.fixture(scope="module")
def local_db(
    inputs: list[Path], global_steps: None, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, BatchSummary]:
    path = tmp_path_factory.mktemp("local") / "casus.duckdb"
    return path, _local_reference(inputs, path)


def _rows(store: Store, table: str) -> list[tuple[Any, ...]]:
    names = [name for name, _ in COLUMNS[table] if name not in WALL_CLOCK]
    columns = ", ".join(f'"{name}"' for name in names)
    return sorted(store.query(f"SELECT {columns} FROM {table}"), key=repr)


def test_spark_and_local_write_the_same_rows(
    spark_out: tuple[Path, engine.SparkSummary], local_db: tuple[Path, BatchSummary]
) -> None:
    with Store.open(spark_out[0]) as distributed, Store.open(local_db[0]) as local:
        for table in COLUMNS:
            if table == "runs":
                continue
            assert _rows(distributed, table) == _rows(local, table), table
        assert len(_rows(distributed, "articles")) == 23
        assert len(_rows(distributed, "events")) > 20
        clustered = distributed.query("SELECT count(*) FROM events WHERE cluster_id IS NOT NULL")
        assert clustered[0][0] > 0


def test_every_input_is_accounted_for(
    spark_out: tuple[Path, engine.SparkSummary],
    local_db: tuple[Path, BatchSummary],
    inputs: list[Path],
) -> None:
    out, summary = spark_out
    batch = local_db[1]
    items = list(Reader().read(inputs))
    assert summary.ingested + summary.set_aside + summary.skipped == len(items)
    assert (summary.ingested, summary.set_aside, summary.skipped) == (23, 1, 1)
    assert (batch.analysed, batch.set_aside, batch.skipped_total) == (23, 1, 1)
    with Store.open(out) as store:
        run = store.query(f"SELECT engine, {', '.join(RUN_COUNTS)} FROM runs")
        near = store.query("SELECT count(*) FROM near_duplicates")[0][0]
        (origin, code, times), *others = store.query("SELECT origin, code, times FROM rejected")
    assert run == [("spark", 23, 0, 0, near, 1, 1)]
    assert (Path(origin).name, code, times, others) == ("empty.txt", "E102", 1, [])


def test_articles_are_numbered_in_input_order(
    spark_out: tuple[Path, engine.SparkSummary], inputs: list[Path]
) -> None:
    from casus.model import Article

    read = [str(item.origin) for item in Reader().read(inputs) if isinstance(item, Article)]
    with Store.open(spark_out[0]) as store:
        rows = store.query("SELECT seq, origin_path, origin_line, origin_record FROM articles")
    by_seq = sorted(rows)
    assert [seq for seq, *_ in by_seq] == list(range(1, len(read) + 1))
    for (_, path, line, record), origin in zip(by_seq, read, strict=True):
        where = f":{line}" if line is not None else f"[{record}]" if record is not None else ""
        assert path + where == origin


def test_the_parquet_layout_is_partitioned_and_typed(
    spark_out: tuple[Path, engine.SparkSummary],
) -> None:
    out = spark_out[0]
    assert sorted(p.name for p in out.iterdir()) == sorted(COLUMNS)
    for table in ("articles", "events"):
        years = [p.name for p in (out / table).iterdir() if p.is_dir()]
        assert years and all(name.startswith("part_year=") for name in years), table
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.")]
    with Store.open(out) as store:
        for table, columns in COLUMNS.items():
            described = store.query(f"DESCRIBE {table}")
            assert [(row[0], row[1]) for row in described] == list(columns), table


def test_an_article_whose_analysis_fails_is_set_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the executor function itself (run here, in-process): the failing article
    becomes a ``failed`` row with its seq and no table rows; the others keep theirs."""
    from casus.api import PipelineSpec
    from casus.model import Article

    found = [item for item in Reader().read([SAMPLES]) if isinstance(item, Article)][:3]

    def fragile(analysis: Any) -> ArticleRows:
        if analysis.article.title == found[1].title:
            raise ValueError("a bug in one article")
        return article_rows(analysis)

    monkeypatch.setattr(engine, "article_rows", fragile)
    names = engine.analysed_schema().names
    analysed = engine.analysed_rows(PipelineSpec(), None, list(enumerate(found, 7)))
    rows = [dict(zip(names, row, strict=True)) for row in analysed]
    rejected = [row[engine.FAILED] for row in rows if row[engine.FAILED] is not None]
    seqs = [article[2] for row in rows for article in row["articles"]]
    assert seqs == [7, 9]
    assert len(rejected) == 1
    seq, origin, reason, code, kind = rejected[0]
    assert (seq, origin, code, kind) == (8, str(found[1].origin), "E900", "internal")
    assert "ValueError: a bug in one article" in reason
    failed = next(row for row in rows if row[engine.FAILED] is not None)
    assert all(failed[table] == [] for table in names if table != engine.FAILED)


def test_seq_is_closed_up_over_failed_articles(spark: Any) -> None:
    """The n-th analysed article has seq n: seqs 1..7 with 3 and 6 failed become 1..5."""
    frame = spark.createDataFrame([(seq,) for seq in (1, 2, 4, 5, 7)], "seq long")
    closed = frame.select(engine.renumbered([3, 6]).alias("seq")).collect()
    assert [row.seq for row in closed] == [1, 2, 3, 4, 5]


def test_out_dir_is_refused_when_not_empty(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not empty"):
        engine.ingest_spark([SAMPLES], taken)
    with pytest.raises(StoreError, match="not a directory of casus Parquet"):
        engine.ingest_spark([SAMPLES], taken, overwrite=True)
    with pytest.raises(UsageError, match="at least 1"):
        engine.ingest_spark([SAMPLES], tmp_path / "new", partitions=0)
    assert (taken / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_a_failed_run_leaves_no_output(spark: Any, global_steps: None, tmp_path: Path) -> None:
    """A pipeline that cannot be built fails the job: neither the output directory nor
    its staging directory is left behind."""
    from casus.api import PipelineSpec

    broken = PipelineSpec.of(events=tmp_path / "no-such-patterns.yaml")
    out = tmp_path / "out"
    started = time.monotonic()
    with pytest.raises(StoreError, match="Spark job failed"):
        engine.ingest_spark([SAMPLES], out, session=spark, partitions=1, spec=broken)
    assert time.monotonic() - started < 60
    assert list(tmp_path.iterdir()) == []

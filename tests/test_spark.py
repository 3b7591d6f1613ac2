"""The Spark engine (``casus ingest --engine spark``): parity with the local path on the
bundled corpus, every input accounted for, the Parquet layout, and a failed run leaving
nothing that looks finished. Skipped when pyspark or a Java runtime is absent."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casus.errors import StoreError, UsageError
from casus.ingest import Reader
from casus.store import COLUMNS, ArticleRows, Store, article_rows
from casus.store import spark as engine
from casus.store.ingest import IngestSummary, ingest

from .conftest import SAMPLES

pyspark = pytest.importorskip("pyspark")
_JAVA = os.environ.get("JAVA_HOME")
if shutil.which("java") is None and not (_JAVA and Path(_JAVA, "bin", "java").is_file()):
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

WALL_CLOCK = {"changed_at", "first_seen", "last_seen", "started", "finished"}
"""Columns that hold the time a run wrote them: never equal between two runs."""
RUN_COUNTS = ("ingested", "unchanged", "updated", "near_duplicates", "set_aside", "skipped")


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
    spark: Any, inputs: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, engine.SparkSummary]:
    out = tmp_path_factory.mktemp("spark") / "out"
    summary = engine.ingest_spark(inputs, out, session=spark, partitions=3)
    return out, summary


def _local_reference(inputs: list[Path], path: Path) -> IngestSummary:
    """What the local engine (``casus ingest``) writes."""
    with Store.open(path, write=True) as store:
        return ingest(inputs, store)


@pytest.fixture(scope="module")
def local_db(
    inputs: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, IngestSummary]:
    path = tmp_path_factory.mktemp("local") / "casus.duckdb"
    return path, _local_reference(inputs, path)


def _rows(store: Store, table: str) -> list[tuple[Any, ...]]:
    names = [name for name, _ in COLUMNS[table] if name not in WALL_CLOCK]
    columns = ", ".join(f'"{name}"' for name in names)
    return sorted(store.query(f"SELECT {columns} FROM {table}"), key=repr)


def test_spark_and_local_write_the_same_rows(
    spark_out: tuple[Path, engine.SparkSummary], local_db: tuple[Path, IngestSummary]
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
    local_db: tuple[Path, IngestSummary],
    inputs: list[Path],
) -> None:
    out, summary = spark_out
    batch = local_db[1]
    items = list(Reader().read(inputs))
    assert summary.ingested + summary.set_aside + summary.skipped == len(items)
    assert (summary.ingested, summary.set_aside, summary.skipped) == (23, 1, 1)
    assert (batch.ingested, batch.set_aside, sum(batch.skipped.values())) == (23, 1, 1)
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


def test_a_failed_run_leaves_no_output(spark: Any, tmp_path: Path) -> None:
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

"""``casus ingest --engine spark``: the same analysis, spread over a Spark cluster, written
as a directory of Parquet tables that every ``casus`` command attaches through DuckDB.

What runs where:

- **The driver** reads the inputs with the casus :class:`~casus.ingest.Reader` (cheap:
  it keeps input order, set-asides and skips), numbers the articles in input order
  (``seq``), and hands (seq, article) pairs to Spark.
- **The executors** build the pipeline once per Python worker (every partition a
  worker runs after the first reuses it; its tables come from the process-wide
  registry), analyse their partition as the batch API does
  (:func:`~casus.runners.batch.analyze_chunk`: a failure sets one article aside) and
  turn each analysis into the store's rows (:func:`~casus.store.rows.article_rows`):
  one Spark row per article, with a column of rows for each analysis table.
  Spark caches those rows (on the JVM side: the Python analysis runs once) and writes
  each analysis table from the cache as Parquet (:mod:`casus.store.spark_write`),
  ``articles`` and ``events`` partitioned by year (an added ``part_year`` column that
  the store's views do not select).
- **The driver** then runs the steps that need the whole corpus in arrival order:
  it loads ``articles``, ``events`` and ``minhashes`` into a temporary DuckDB file (the
  other tables are views over their Parquet), links near-duplicates
  (:func:`casus.store.neardup.relink`), clusters the events
  (:func:`casus.store.corroborate.recluster`), and writes ``events`` (now with their
  cluster), ``near_duplicates``, ``clusters``, ``cluster_history``, ``rejected`` and
  ``runs`` as Parquet.

Everything is written into a hidden sibling of the output directory, which is renamed
into place only when complete: a failed or killed run never leaves a directory that
looks finished. An existing output directory is replaced only with ``overwrite`` (and
only when it is empty or a previous output: it has an ``articles`` table).

The output is a fresh store: every run writes all of its tables, so ``unchanged`` and
``updated`` are always 0 (the local engine's incremental ingest is what updates).
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from ..api import PipelineSpec, build_pipeline
from ..errors import CasusError, StoreError, UsageError
from ..ingest import Reader, ReadOptions
from ..model import Article, SetAside, Skipped
from .db import Store, migrate
from .rows import ArticleRows, article_rows
from .schema import ANALYSIS_TABLES, COLUMNS
from .spark_write import (
    FAILED,
    PARTITION_COLUMN,
    PARTITIONED_BY,
    SPARK_TYPES,
    analysed_schema,
    renumbered,
    spark_schema,
    write_tables,
)

__all__ = [
    "DRIVER_TABLES",
    "FAILED",
    "PARTITIONED_BY",
    "PARTITION_COLUMN",
    "SPARK_TYPES",
    "SparkSummary",
    "analysed_rows",
    "analysed_schema",
    "ingest_spark",
    "renumbered",
    "require_spark",
    "spark_schema",
]

DRIVER_TABLES = ("events", "near_duplicates", "clusters", "cluster_history", "rejected", "runs")
"""The tables the driver writes after the global steps (``events`` again, with clusters)."""

_LOADED = ("articles", "events", "minhashes")
"""The tables copied into the driver's DuckDB file (the global steps read or rewrite
them); the others are views over their Parquet."""

_DOUBLES = {
    table: tuple(i for i, (_, kind) in enumerate(COLUMNS[table]) if kind == "DOUBLE")
    for table in ANALYSIS_TABLES
}
"""The positions of each analysis table's DOUBLE columns."""

Row = tuple[Any, ...]

_PIPELINES: dict[PipelineSpec, Any] = {}
"""The pipelines this (executor) process built, by spec: one per Python worker, reused
by every partition it runs (their tables come from the process-wide registry)."""


@dataclass(frozen=True, slots=True)
class SparkSummary:
    """What a Spark ingest did: every input is one of ingested, set aside or skipped."""

    out_dir: Path
    ingested: int
    set_aside: int
    skipped: int
    near_duplicates: int
    clusters: int
    partitions: int
    unchanged: int = 0
    updated: int = 0

    def __str__(self) -> str:
        seen = self.ingested + self.set_aside + self.skipped
        return (
            f"{seen} inputs: ingested {self.ingested} (near-duplicate {self.near_duplicates}), "
            f"set aside {self.set_aside}, skipped {self.skipped}; {self.clusters} event "
            f"clusters; {self.partitions} partitions"
        )

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["out_dir"] = str(self.out_dir)
        return values


def require_spark() -> None:
    """Raise a one-line :class:`UsageError` unless pyspark and a Java runtime are here."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise UsageError(
            "--engine spark needs pyspark: install casus with the spark extra"
            " (pip install 'casus[spark]')"
        ) from None
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return
    if shutil.which("java") is None:
        raise UsageError(
            "--engine spark needs a Java runtime (17 or later): put java on PATH or set JAVA_HOME"
        )


def analysed_rows(
    spec: PipelineSpec, published: date | None, items: Iterable[tuple[int, Article]]
) -> Iterator[Row]:
    """Run in an executor: analyse one partition's (seq, article) pairs and yield one
    row of :func:`analysed_schema` per article: its failure (seq, origin, reason, code,
    kind; null when its analysis succeeded), then its rows for each analysis table
    (``articles`` with its ``seq`` set; DOUBLE values as floats)."""
    for seq, result in _analysed(spec, published, items):
        if not isinstance(result, ArticleRows):
            failure = (seq, str(result.origin), result.reason, result.code, result.kind)
            yield (failure, *([] for _ in ANALYSIS_TABLES))
            continue
        tables: list[list[Row]] = []
        for table in ANALYSIS_TABLES:
            rows = result.tables.get(table, [])
            if table == "articles":
                rows = [(*row[:2], seq, *row[3:]) for row in rows]
            tables.append([_typed(_DOUBLES[table], row) for row in rows])
        yield (None, *tables)


def _analysed(
    spec: PipelineSpec, published: date | None, items: Iterable[tuple[int, Article]]
) -> Iterator[tuple[int, Any]]:
    """(seq, :class:`ArticleRows` or set-aside) for each of ``items``, analysed eight
    at a time as the batch API does, with this process's pipeline for ``spec``."""
    from ..runners.batch import CHUNK, analyze_chunk

    pipeline = _PIPELINES.get(spec)
    if pipeline is None:
        pipeline = _PIPELINES.setdefault(spec, build_pipeline(spec))
    chunk: list[tuple[int, Article]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) < CHUNK:
            continue
        yield from _chunk_results(chunk, pipeline, published, analyze_chunk)
        chunk = []
    yield from _chunk_results(chunk, pipeline, published, analyze_chunk)


def _chunk_results(
    chunk: list[tuple[int, Article]], pipeline: Any, published: date | None, analyze: Any
) -> Iterator[tuple[int, Any]]:
    if not chunk:
        return
    results = analyze([a for _, a in chunk], pipeline, published=published, then=article_rows)
    yield from zip((seq for seq, _ in chunk), results, strict=True)


def _typed(doubles: tuple[int, ...], row: Row) -> Row:
    """``row`` with its DOUBLE values as floats (Spark refuses an int there)."""
    if not doubles:
        return row
    values = list(row)
    for i in doubles:
        if values[i] is not None:
            values[i] = float(values[i])
    return tuple(values)


@dataclass(frozen=True, slots=True)
class _Read:
    """The driver's reading of the inputs: articles numbered in input order (from 1),
    the items set aside, and how many were skipped."""

    articles: list[tuple[int, Article]]
    set_aside: list[SetAside]
    skipped: int


def _read(inputs: Sequence[str | Path], options: ReadOptions | None) -> _Read:
    articles: list[tuple[int, Article]] = []
    set_aside: list[SetAside] = []
    skipped = 0
    for item in Reader(options or ReadOptions()).read(inputs):
        if isinstance(item, Article):
            articles.append((len(articles) + 1, item))
        elif isinstance(item, Skipped):
            skipped += 1
        else:
            set_aside.append(item)
    return _Read(articles, set_aside, skipped)


def ingest_spark(
    inputs: Iterable[str | Path],
    out_dir: str | os.PathLike[str],
    *,
    master: str | None = None,
    options: ReadOptions | None = None,
    published: date | None = None,
    partitions: int | None = None,
    spec: PipelineSpec | None = None,
    overwrite: bool = False,
    session: Any = None,
) -> SparkSummary:
    """Analyse ``inputs`` with Spark and write the store's tables as Parquet under
    ``out_dir`` (see the module doc for what runs where).

    ``master``: the Spark master (``local[4]``, ``yarn``, ``spark://host:7077``);
    by default the one ``spark-submit`` gives, else ``local[*]``. ``partitions``: how
    many slices the articles are cut into (default: four per core, at most one per
    article). ``spec``: the pipeline (its data files must be readable on every
    executor). ``session``: a SparkSession to use (and leave running) instead of
    starting one. ``out_dir`` must not exist or be empty, unless ``overwrite``."""
    if partitions is not None and partitions < 1:
        raise UsageError(f"partitions must be at least 1, not {partitions}")
    require_spark()
    names = [str(item) for item in inputs]
    target = _target(Path(out_dir), overwrite=overwrite)
    started = _now()
    read = _read(names, options)
    staging = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        failed, used = _spark_phase(
            read, staging, session=session, master=master, spec=spec or PipelineSpec(),
            published=published, partitions=partitions,
        )  # fmt: skip
        summary = _finish(staging, read, failed, started=started, inputs=names)
        _publish(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SparkSummary(target, *summary, partitions=used)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _target(path: Path, *, overwrite: bool) -> Path:
    """The output directory, checked: new, empty, or (``overwrite``) a previous output."""
    target = path.absolute()
    if not target.name:
        raise UsageError(f"{path}: cannot write the Parquet tables here")
    if not target.exists():
        return target
    if not target.is_dir():
        raise StoreError(f"{path}: exists and is not a directory")
    if not any(target.iterdir()):
        return target
    if not overwrite:
        raise StoreError(f"{path}: exists and is not empty (give --overwrite to replace it)")
    if not (target / "articles").is_dir():
        raise StoreError(f"{path}: not a directory of casus Parquet tables; not replacing it")
    return target


def _publish(staging: Path, target: Path) -> None:
    """Put the finished ``staging`` directory in ``target``'s place (one rename; an old
    output is moved aside first and removed after)."""
    old: Path | None = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _session(master: str | None) -> tuple[Any, bool]:
    """The active SparkSession (not ours to stop), or a new one (ours)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    builder = SparkSession.builder.appName("casus ingest")
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # started by spark-submit
    if master:
        builder = builder.master(master)
    elif not submitted:
        builder = builder.master("local[*]")
    local = (master or ("" if submitted else "local")).startswith("local")
    if local:  # the Python workers run this interpreter (pyspark reads only the variable)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.ui.enabled", "false")  # nobody browses it; starts faster
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    return builder.getOrCreate(), True


def _spark_phase(
    read: _Read,
    staging: Path,
    *,
    session: Any,
    master: str | None,
    spec: PipelineSpec,
    published: date | None,
    partitions: int | None,
) -> tuple[list[Row], int]:
    """Analyse the articles in the executors and write the analysis tables; the
    ``rejected`` rows of the articles whose analysis failed, and the partitions used.

    The Python analysis runs once: its rows (one per article, a column of rows per
    table) are cached on the JVM side, and every table is written from that cache."""
    from pyspark import StorageLevel

    spark, owned = (session, False) if session is not None else _session(master)
    try:
        context = spark.sparkContext
        count = partitions or max(1, min(len(read.articles), 4 * context.defaultParallelism))
        analyse = partial(analysed_rows, spec, published)
        rows = context.parallelize(read.articles, count).mapPartitions(analyse)
        frame = spark.createDataFrame(rows, analysed_schema())
        frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            failed = [tuple(row) for row in frame.where(f"{FAILED} IS NOT NULL")
                      .select(f"{FAILED}.*").collect()]  # fmt: skip
            seqs = sorted(int(row[0]) for row in failed)
            write_tables(frame, staging, seqs)
        finally:
            frame.unpersist()
    except CasusError:
        raise
    except Exception as exc:
        message = " ".join(str(exc).split())[:300]
        raise StoreError(f"the Spark job failed: {type(exc).__name__}: {message}") from exc
    finally:
        if owned:
            spark.stop()
    return failed, count


def _finish(
    staging: Path, read: _Read, failed: list[Row], *, started: datetime, inputs: list[str]
) -> tuple[int, int, int, int, int]:
    """The global steps on the driver, over the Parquet just written: near-duplicates,
    event clusters, set-asides and the run, written next to the analysis tables.
    (ingested, set aside, skipped, near-duplicates, clusters)."""
    relink, recluster = _global_steps()
    with tempfile.TemporaryDirectory(prefix="casus-spark-") as work:
        path = Path(work) / "global.duckdb"
        con = duckdb.connect(str(path))
        try:
            migrate(con)
            _load(con, staging)
            store = Store(con, path, writable=True)
            relink(store)
            recluster(store)
            set_aside = _insert_rejected(con, read.set_aside, failed)
            counts = _counts(con)
            ingested, near, clusters = counts
            con.execute(
                "INSERT INTO runs VALUES (1, ?, ?, 'spark', ?, ?, 0, 0, ?, ?, ?)",
                [started, _now(), json.dumps(inputs), ingested, near, set_aside, read.skipped],
            )
            for table in DRIVER_TABLES:
                _write_driver_table(con, table, staging / table)
            for table in COLUMNS:  # the scenario tables: empty, typed
                if table not in ANALYSIS_TABLES and table not in DRIVER_TABLES:
                    _ensure_file(con, table, staging / table)
        finally:
            con.close()
    return ingested, set_aside, read.skipped, near, clusters


def _global_steps() -> tuple[Callable[[Store], int], Callable[[Store], int]]:
    """:func:`casus.store.neardup.relink` and :func:`casus.store.corroborate.recluster`
    (imported when needed: the executors never use them)."""
    neardup = importlib.import_module("casus.store.neardup")
    corroborate = importlib.import_module("casus.store.corroborate")
    return neardup.relink, corroborate.recluster


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    row = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM near_duplicates),"
        " (SELECT count(*) FROM clusters)"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def _scan(directory: Path, table: str) -> str:
    """A SELECT of ``table``'s columns, in order, from its Parquet files."""
    pattern = _quoted(directory / "**" / "*.parquet")
    columns = ", ".join(f'"{name}"' for name, _ in COLUMNS[table])
    return (
        f"SELECT {columns} FROM read_parquet({pattern}, hive_partitioning = true,"
        " union_by_name = true)"
    )


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _load(con: duckdb.DuckDBPyConnection, staging: Path) -> None:
    """Copy the tables the global steps use into ``con``; views for the others."""
    for table in ANALYSIS_TABLES:
        directory = staging / table
        _ensure_file(con, table, directory)
        if table in _LOADED:
            con.execute(f"INSERT INTO {table} {_scan(directory, table)}")
        else:
            con.execute(f"DROP TABLE {table}")
            con.execute(f"CREATE VIEW {table} AS {_scan(directory, table)}")


def _ensure_file(con: duckdb.DuckDBPyConnection, table: str, directory: Path) -> None:
    """Give an empty table one Parquet file of its columns (Spark and DuckDB may write
    none), so that reading it back finds its schema."""
    if directory.is_dir() and any(directory.rglob("*.parquet")):
        return
    directory.mkdir(parents=True, exist_ok=True)
    types = ", ".join(f'NULL::{kind} AS "{name}"' for name, kind in COLUMNS[table])
    target = _quoted(directory / "part-empty.parquet")
    con.execute(f"COPY (SELECT {types} WHERE false) TO {target} (FORMAT parquet)")


def _insert_rejected(
    con: duckdb.DuckDBPyConnection, read: list[SetAside], failed: list[Row]
) -> int:
    """The set-asides, from reading and from analysis, one row per (origin, code) with
    how many times it was met; how many items were set aside."""
    found = [(str(s.origin), s.reason, s.code, s.kind) for s in read]
    found += [tuple(row[1:]) for row in sorted(failed, key=lambda row: int(row[0]))]
    rows: dict[tuple[str, str], list[Any]] = {}
    now = _now()
    for origin, reason, code, kind in found:
        entry = rows.setdefault((origin, code), [origin, reason, code, kind, now, now, 0])
        entry[6] += 1
    Store(con, Path(), writable=True).insert("rejected", [tuple(row) for row in rows.values()])
    return len(found)


def _write_driver_table(con: duckdb.DuckDBPyConnection, table: str, directory: Path) -> None:
    """Write ``table`` from ``con`` as Parquet in ``directory``, replacing what is there."""
    shutil.rmtree(directory, ignore_errors=True)
    select = _scan_columns(table)
    column = PARTITIONED_BY.get(table)
    if column is not None and _has_rows(con, table):
        query = f"SELECT {select}, year({column}) AS {PARTITION_COLUMN} FROM {table}"
        con.execute(
            f"COPY ({query}) TO {_quoted(directory)}"
            f" (FORMAT parquet, PARTITION_BY ({PARTITION_COLUMN}))"
        )
        return
    directory.mkdir(parents=True)
    target = _quoted(directory / "part-00000.parquet")
    con.execute(f"COPY (SELECT {select} FROM {table}) TO {target} (FORMAT parquet)")


def _scan_columns(table: str) -> str:
    return ", ".join(f'"{name}"' for name, _ in COLUMNS[table])


def _has_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None

"""How :mod:`casus.store.spark` hands the analysis to Spark and has Spark write it: the
Spark schema of the store's tables, the one row per article that the executors emit
(a column of rows for each analysis table), and the Parquet writing of each table from
those rows once they are cached on the JVM side (the Python analysis runs only once)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .schema import ANALYSIS_TABLES, COLUMNS

__all__ = [
    "FAILED",
    "PARTITIONED_BY",
    "PARTITION_COLUMN",
    "SPARK_TYPES",
    "analysed_schema",
    "renumbered",
    "spark_schema",
    "write_tables",
]

SPARK_TYPES = {
    "VARCHAR": "string",
    "INTEGER": "int",
    "BIGINT": "long",
    "DOUBLE": "double",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp_ntz",
    "BLOB": "binary",
}
"""The Spark SQL type of each DuckDB column type of :mod:`casus.store.schema`
(``TIMESTAMP`` is DuckDB's time without a zone: Spark's ``timestamp_ntz``)."""

PARTITION_COLUMN = "part_year"
"""The column the big tables are partitioned by: the year of a date column, added for
the Parquet directories only (``part_year=2025/``); the store's views leave it out."""

PARTITIONED_BY = {"articles": "published", "events": "date"}
"""Table to the date column whose year partitions it."""

FAILED = "failed"
"""The column of :func:`analysed_schema` that holds an article whose analysis failed."""

_FAILED_COLUMNS = (
    ("seq", "BIGINT"), ("origin", "VARCHAR"), ("reason", "VARCHAR"), ("code", "VARCHAR"),
    ("kind", "VARCHAR"),
)  # fmt: skip

_WRITERS = 4
"""How many tables are written at the same time."""


def spark_schema(table: str) -> Any:
    """The Spark ``StructType`` of ``table``: its columns in order, all nullable."""
    return _struct(COLUMNS[table])


def analysed_schema() -> Any:
    """The Spark schema of the rows :func:`casus.store.spark.analysed_rows` yields, one
    per article: a ``failed`` struct, then an array of rows for each analysis table."""
    from pyspark.sql.types import ArrayType

    schema = _struct(())
    schema.add(FAILED, _struct(_FAILED_COLUMNS), nullable=True)
    for table in ANALYSIS_TABLES:
        schema.add(table, ArrayType(spark_schema(table), containsNull=False), nullable=False)
    return schema


def _struct(columns: Iterable[tuple[str, str]]) -> Any:
    from pyspark.sql.types import StructType, _parse_datatype_string

    schema = StructType()
    for name, kind in columns:
        schema.add(name, _parse_datatype_string(SPARK_TYPES[kind]), nullable=True)
    return schema


def write_tables(frame: Any, staging: Path, failed: list[int]) -> None:
    """Write the analysis tables from the cached ``frame``, a few at a time (each is a
    small Spark job: side by side, their scheduling and commits overlap), in one slice
    per core rather than one per input partition (fewer tasks and files)."""
    frame = frame.coalesce(max(1, frame.sparkSession.sparkContext.defaultParallelism))
    with ThreadPoolExecutor(max_workers=_WRITERS, thread_name_prefix="casus-write") as pool:
        done = [
            pool.submit(_write_table, frame, table, staging / table, failed)
            for table in ANALYSIS_TABLES
        ]
        for future in done:
            future.result()


def _write_table(frame: Any, table: str, path: Path, failed: list[int]) -> None:
    """Write one analysis table, unnested from the cached ``frame``, as Parquet at
    ``path`` (by year, for the big ones)."""
    from pyspark.sql import functions

    rows = frame.select(functions.inline(table))
    if table == "articles" and failed:
        rows = rows.withColumn("seq", renumbered(failed))
    column = PARTITIONED_BY.get(table)
    if column is None:
        rows.write.parquet(path.as_uri())
        return
    rows = rows.withColumn(PARTITION_COLUMN, functions.year(functions.col(column)))
    rows.write.partitionBy(PARTITION_COLUMN).parquet(path.as_uri())


def renumbered(failed: Sequence[int]) -> Any:
    """The ``seq`` column closed up over the articles whose analysis failed (their seqs,
    sorted): the n-th analysed article of the run has seq n, as in the local engine."""
    from pyspark.sql import functions

    seq = functions.col("seq")
    before = functions.filter(functions.lit(list(failed)), lambda gone: gone < seq)
    return seq - functions.size(before)

"""A directory of the store's tables as Parquet (what ``casus ingest --engine spark``
writes: one sub-directory per table, possibly partitioned), attached read-only through
DuckDB views, so every query command reads it as it reads a DuckDB store."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..errors import SchemaError
from .schema import COLUMNS, SCHEMA_VERSION, create_table

__all__ = ["attach"]


def attach(directory: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of ``directory`` (an
    empty table for a table it lacks) and the ``schema_version`` it was written with."""
    found = [name for name in COLUMNS if (directory / name).is_dir()]
    if "articles" not in found:
        raise SchemaError(f"{directory}: not a directory of casus Parquet tables")
    con = duckdb.connect(":memory:")
    for name in COLUMNS:
        if name in found:
            pattern = str(directory / name / "**" / "*.parquet").replace("'", "''")
            columns = ", ".join(f'"{column}"' for column, _ in COLUMNS[name])
            con.execute(
                f"CREATE VIEW {name} AS SELECT {columns} FROM "
                f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"
            )
        else:
            con.execute(create_table(name))
    con.execute(
        "CREATE TABLE schema_version AS SELECT ?::INTEGER AS version, "
        "'parquet' AS description, current_timestamp AS applied",
        [SCHEMA_VERSION],
    )
    return con

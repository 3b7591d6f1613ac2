"""Opening a store: a DuckDB file (read-write or read-only), or a directory of the
Parquet tables the Spark engine writes (read-only), upgraded to the current schema.

The write path into the tables is :meth:`Store.insert` (rows as tuples in the column
order of :mod:`casus.store.schema`, sent to DuckDB column by column) and
:meth:`Store.insert_select` (rows a query derives from the tables, never leaving DuckDB),
inside :meth:`Store.transaction`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..errors import SchemaError, StoreError, StoreLockedError
from .schema import COLUMNS, MIGRATIONS, SCHEMA_VERSION

__all__ = ["DEFAULT_DB", "Store", "default_path", "migrate"]

DEFAULT_DB = "casus.duckdb"
ENV_DB = "CASUS_DB"


def default_path(given: str | os.PathLike[str] | None = None) -> Path:
    """The store to use: ``given`` (``--db``), else ``$CASUS_DB``, else ``casus.duckdb``."""
    if given is not None and str(given):
        return Path(given)
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


def migrate(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Apply the migrations ``con``'s database lacks, each in its own transaction;
    (version before, version after). Refuses a database of a newer version, and one
    that holds tables but is not a casus store."""
    tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
    if tables and "schema_version" not in tables:
        raise SchemaError(
            f"not a casus store: it holds other tables ({', '.join(sorted(tables)[:3])})"
        )
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER, description VARCHAR, applied TIMESTAMP)"
    )
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    before = int(row[0]) if row and row[0] is not None else 0
    if before > SCHEMA_VERSION:
        raise SchemaError(
            f"this store has schema version {before}; this casus reads up to {SCHEMA_VERSION}"
            " (upgrade casus)"
        )
    for version, description, statements in MIGRATIONS:
        if version <= before:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp)",
                [version, description],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return before, SCHEMA_VERSION


class Store:
    """An open store. Use :meth:`open`; close it (or use it as a context manager)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, *, writable: bool) -> None:
        self.con = con
        self.path = path
        self.writable = writable
        self.upgraded_from: int | None = None
        """The schema version the store had before this opening upgraded it, if it did."""

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, write: bool = False) -> Store:
        """Open the store at ``path`` (see :func:`default_path`): for writing (created
        when missing, upgraded when older), or for reading (it must exist; a directory is
        read as the Parquet tables of ``casus ingest --engine spark``)."""
        where = default_path(path)
        if where.is_dir():
            if write:
                raise StoreError(f"{where}: a directory of Parquet tables is read-only")
            from .parquet import attach

            return cls(attach(where), where, writable=False)
        if not write and not where.exists():
            raise StoreError(f"{where}: no such store (create one with 'casus ingest')")
        con = _connect(where, read_only=not write)
        store = cls(con, where, writable=write)
        if write:
            try:
                before, _ = migrate(con)
            except SchemaError as exc:
                con.close()
                raise SchemaError(f"{where}: {exc.message}") from None
            if 0 < before < SCHEMA_VERSION:
                store.upgraded_from = before
        else:
            try:
                store.check_version()
            except SchemaError:
                con.close()
                raise
        return store

    def check_version(self) -> None:
        """Raise :class:`SchemaError` unless the store is of the current schema."""
        try:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.Error as exc:
            raise SchemaError(f"{self.path}: not a casus store") from exc
        version = int(row[0]) if row and row[0] is not None else 0
        if version != SCHEMA_VERSION:
            raise SchemaError(
                f"{self.path}: schema version {version}, this casus needs {SCHEMA_VERSION}"
                " (any writing command, such as 'casus ingest', upgrades it)"
            )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def insert(
        self, table: str, rows: Sequence[Sequence[Any]], *, on_conflict: str | None = None
    ) -> None:
        """Append ``rows`` (tuples in the column order of ``table``) in one statement;
        ``on_conflict``: what follows ``ON CONFLICT`` (an upsert)."""
        if not rows:
            return
        columns = COLUMNS[table]
        data = [list(values) for values in zip(*rows, strict=True)]
        if len(data) != len(columns):
            raise StoreError(f"{table}: rows of {len(data)} values for {len(columns)} columns")
        select = ", ".join(
            f"unnest(${i}::{kind}[])" for i, (_, kind) in enumerate(columns, start=1)
        )
        names = ", ".join(f'"{name}"' for name, _ in columns)
        conflict = f" ON CONFLICT {on_conflict}" if on_conflict else ""
        self.con.execute(f"INSERT INTO {table} ({names}) SELECT {select}{conflict}", data)

    def insert_select(self, table: str, select_sql: str, params: Sequence[Any] = ()) -> None:
        """Append the rows of ``select_sql`` (their values in the column order of
        ``table``) in one statement: rows derived in SQL need not pass through Python."""
        names = ", ".join(f'"{name}"' for name, _ in COLUMNS[table])
        self.con.execute(f"INSERT INTO {table} ({names}) {select_sql}", list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query."""
        return self.con.execute(sql, list(params)).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement (an update or a delete: inserts go through :meth:`insert`
        or :meth:`insert_select`)."""
        self.con.execute(sql, list(params))


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreLockedError(
                f"{path}: another process is writing to this store; try again when it ends"
            ) from exc
        raise StoreError(f"{path}: cannot open the store: {message.splitlines()[0]}") from exc
    except duckdb.Error as exc:
        raise SchemaError(f"{path}: not a DuckDB database ({exc})") from exc

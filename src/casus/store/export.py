"""Output formats of the store's rows, as plug-ins behind one small registry.

A :class:`Format` can do up to three things: write a list of rows already fetched
(``casus events``: table, json, csv, geojson), stream every selected mention to a text
file (``casus export``: csv, jsonl, gdelt, geojson), or write the selection to a file
itself (``casus export --format parquet``, through DuckDB's ``COPY``). :func:`register`
adds one; :func:`listing_format` and :func:`export_format` find one for a command.

Everything an article brings is data: the table escapes it for the terminal
(:func:`~casus.render.escape.term_text`), JSON goes through ``json.dumps`` (and
:func:`~casus.render.escape.json_safe`), and CSV cells that a spreadsheet would read as
a formula (``=``, ``+``, ``-``, ``@``, tab or carriage return first) get a leading
``'``, as OWASP recommends against CSV injection.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from rich.table import Table
from rich.text import Text

from ..errors import OutputError, UsageError
from ..render.escape import json_safe, term_text
from .db import Store
from .gdelt import EXTRA_COLUMNS, gdelt_row
from .query import CLUSTER_COLUMNS, MENTION_COLUMNS, Filters, iter_mentions, mention_sql

__all__ = [
    "Format",
    "atomic_file",
    "csv_cell",
    "export",
    "export_format",
    "formats",
    "listing_format",
    "register",
    "rows_table",
]

Row = Mapping[str, Any]
RowsWriter = Callable[[Sequence[Row], TextIO, str], None]
"""(rows, stream, kind: 'mentions' or 'clusters')."""
StreamWriter = Callable[[Store, Filters, TextIO], int]
PathWriter = Callable[[Store, Filters, Path], int]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    description: str
    rows: RowsWriter | None = None
    stream: StreamWriter | None = None
    path: PathWriter | None = None


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add (or replace) an output format."""
    _REGISTRY[fmt.name] = fmt
    return fmt


def formats() -> Mapping[str, Format]:
    return dict(_REGISTRY)


def listing_format(name: str) -> Format:
    """The format ``casus events`` writes its rows in."""
    fmt = _REGISTRY.get(name)
    if fmt is None or fmt.rows is None:
        names = ", ".join(n for n, f in _REGISTRY.items() if f.rows is not None)
        raise UsageError(f"--format: {name!r} is not one of {names}")
    return fmt


def export_format(name: str) -> Format:
    """The format ``casus export`` writes."""
    fmt = _REGISTRY.get(name)
    if fmt is None or (fmt.stream is None and fmt.path is None):
        names = ", ".join(n for n, f in _REGISTRY.items() if f.stream or f.path)
        raise UsageError(f"--format: {name!r} is not one of {names}")
    return fmt


# --- plain values ---------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: a string a spreadsheet would run as a formula gets a
    leading ``'``; lists are joined with ``; ``; numbers stay numbers."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _dumps(value: Any) -> str:
    return json_safe(json.dumps(value, ensure_ascii=False, default=str))


def _names(kind: str, reviewed: bool = False) -> list[str]:
    columns = CLUSTER_COLUMNS if kind == "clusters" else MENTION_COLUMNS
    return [name for name, _ in columns] + (["reviewed"] if reviewed else [])


# --- csv ------------------------------------------------------------------------------


def _write_csv(rows: Iterable[Row], stream: TextIO, names: Sequence[str]) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(names)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in names])
        count += 1
    return count


def _csv_rows(rows: Sequence[Row], stream: TextIO, kind: str) -> None:
    _write_csv(rows, stream, _names(kind, bool(rows) and "reviewed" in rows[0]))


def _csv_stream(store: Store, filters: Filters, stream: TextIO) -> int:
    names = _names("mentions", filters.reviewed)
    return _write_csv(iter_mentions(store, filters), stream, names)


# --- json -----------------------------------------------------------------------------


def _json_rows(rows: Sequence[Row], stream: TextIO, kind: str) -> None:
    stream.write(_dumps([{k: _plain(v) for k, v in row.items()} for row in rows]) + "\n")


def _jsonl_stream(store: Store, filters: Filters, stream: TextIO) -> int:
    count = 0
    for row in iter_mentions(store, filters):
        stream.write(_dumps({k: _plain(v) for k, v in row.items()}) + "\n")
        count += 1
    return count


# --- geojson --------------------------------------------------------------------------


def _feature(row: Row) -> dict[str, Any]:
    """A GeoJSON Feature: a Point at [longitude, latitude] (RFC 7946's order), or no
    geometry for an unplaced event; every other value is a property."""
    lat, lon = row.get("lat"), row.get("lon")
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    properties = {k: _plain(v) for k, v in row.items() if k not in ("lat", "lon")}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _write_geojson(rows: Iterable[Row], stream: TextIO) -> int:
    stream.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for row in rows:
        stream.write((",\n" if count else "") + _dumps(_feature(row)))
        count += 1
    stream.write("\n]}\n")
    return count


def _geojson_rows(rows: Sequence[Row], stream: TextIO, kind: str) -> None:
    _write_geojson(rows, stream)


def _geojson_stream(store: Store, filters: Filters, stream: TextIO) -> int:
    return _write_geojson(iter_mentions(store, filters), stream)


# --- gdelt ----------------------------------------------------------------------------


def _gdelt_stream(store: Store, filters: Filters, stream: TextIO) -> int:
    count = 0
    for row in iter_mentions(store, filters, EXTRA_COLUMNS):
        stream.write("\t".join(gdelt_row(row)) + "\n")
        count += 1
    return count


# --- parquet --------------------------------------------------------------------------


def _parquet_path(store: Store, filters: Filters, path: Path) -> int:
    """The selection as one Parquet file, written by DuckDB (no pyarrow). ``COPY`` takes
    no parameter for its file name, so the name is a quoted literal: it is the temporary
    name :func:`atomic_file` made, never user text alone."""
    sql, params = mention_sql(filters)
    literal = str(path).replace("'", "''")
    row = store.con.execute(
        f"COPY ({sql}) TO '{literal}' (FORMAT parquet, COMPRESSION zstd)", params
    ).fetchone()
    return int(row[0]) if row else 0


# --- the table ------------------------------------------------------------------------


def _pair(row: Row) -> Text:
    arrow = " ↔ " if row.get("symmetric") else " → "
    return Text.assemble(
        term_text(row.get("source") or "—"), arrow, term_text(row.get("target") or "—")
    )


def _mention_cells(row: Row) -> list[Text]:
    state = row.get("state")
    cluster = f"{state} ({row.get('num_independent')})" if state else "—"
    article = Text.assemble(term_text(row.get("title") or "untitled", "bold"), "\n")
    article.append_text(term_text(row.get("url") or "", "dim"))
    evidence = Text.assemble(term_text(row.get("evidence")), "\n")
    evidence.append_text(term_text(row.get("rule"), "dim"))
    return [
        term_text(row.get("date") or "—"),
        Text.assemble(
            term_text(row.get("type")),
            " ",
            term_text(row.get("cameo"), "dim"),
            *(("\n", term_text(f"[{row['reviewed']}]", "dim")) if row.get("reviewed") else ()),
        ),
        _pair(row),
        term_text(row.get("factuality")),
        term_text(row.get("place") or "—"),
        term_text(row.get("outlet")),
        term_text(cluster),
        evidence,
        article,
    ]


def _cluster_cells(row: Row) -> list[Text]:
    counts = (
        f"{row.get('num_mentions')}/{row.get('num_articles')}/"
        f"{row.get('num_outlets')}/{row.get('num_independent')}"
    )
    return [
        term_text(row.get("date") or "—"),
        Text.assemble(term_text(row.get("type")), " ", term_text(row.get("cameo"), "dim")),
        _pair(row),
        term_text(row.get("place") or "—"),
        term_text(counts),
        term_text(row.get("num_denials")),
        term_text(row.get("state")),
        term_text(", ".join(str(o) for o in row.get("outlets") or ())),
    ]


_HEADERS = {
    "mentions": ("date", "event", "source → target", "factuality", "place", "outlet",
                 "cluster (indep.)", "evidence · rule", "article"),
    "clusters": ("date", "event", "source → target", "place", "ment./art./outl./indep.",
                 "denials", "state", "outlets"),
}  # fmt: skip


def rows_table(rows: Sequence[Row], kind: str) -> Table:
    """A Rich table of mention or cluster rows; every cell is escaped text."""
    table = Table(show_edge=False, expand=False, show_lines=False)
    for header in _HEADERS[kind]:
        table.add_column(Text(header), overflow="fold")
    cells = _cluster_cells if kind == "clusters" else _mention_cells
    for row in rows:
        table.add_row(*cells(row))
    return table


def _table_rows(rows: Sequence[Row], stream: TextIO, kind: str) -> None:
    from rich.console import Console

    width = None if stream.isatty() else 160
    console = Console(file=stream, width=width, highlight=False, soft_wrap=False)
    if rows:
        console.print(rows_table(rows, kind))
    noun = kind if len(rows) != 1 else kind[:-1]
    console.print(Text(f"{len(rows)} {noun}", style="dim"))


# --- writing --------------------------------------------------------------------------


@contextmanager
def atomic_file(path: Path, *, text: bool = True) -> Iterator[Path]:
    """A temporary file beside ``path``, renamed to it when the block ends and removed
    if it raises: a reader never sees half an export."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write there: {exc.strerror}", where=str(path)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def export(store: Store, fmt: Format, filters: Filters, out: Path | TextIO) -> int:
    """Write the mentions ``filters`` select in ``fmt`` to ``out`` (a path, written
    atomically, or an open text stream); the number of rows written."""
    if not isinstance(out, Path):
        if fmt.stream is None:
            raise UsageError(f"--format {fmt.name} writes a file, not standard output")
        return fmt.stream(store, filters, out)
    with atomic_file(out) as temporary:
        if fmt.path is not None:
            return fmt.path(store, filters, temporary)
        assert fmt.stream is not None
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            return fmt.stream(store, filters, stream)


register(Format("table", "a table for the terminal", rows=_table_rows))
register(Format("json", "one JSON array", rows=_json_rows))
register(Format("csv", "CSV with a header row", rows=_csv_rows, stream=_csv_stream))
register(
    Format("geojson", "a GeoJSON FeatureCollection", rows=_geojson_rows, stream=_geojson_stream)
)
register(Format("jsonl", "JSON Lines, one mention a line", stream=_jsonl_stream))
register(Format("gdelt", "GDELT 2.0 event table (61 columns)", stream=_gdelt_stream))
register(Format("parquet", "one Parquet file (DuckDB)", path=_parquet_path))

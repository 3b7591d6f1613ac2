"""``casus events``, ``trend``, ``export`` and ``sql``: reading the store.

Each opens the store read-only (``--db``, else ``$CASUS_DB``, else ``casus.duckdb``); a
missing store is a one-line error and exit code 2.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import DateFormatError, UsageError
from ..ingest import parse_date
from ..render.escape import json_safe, term_text
from ..store import Store
from ..store.query import STATES, Filters, parse_country, parse_dyad, parse_quad, parse_type
from .common import guarded, number_option, say

__all__ = ["events", "export", "sql", "trend"]

F = TypeVar("F", bound=Callable[..., Any])


def _db_option(command: F) -> F:
    return click.option(
        "--db",
        metavar="PATH",
        help="The store: a DuckDB file or a directory of Parquet tables "
        "(default: $CASUS_DB, else casus.duckdb).",
    )(command)


_FILTER_OPTIONS: tuple[Callable[[F], F], ...] = (
    click.option("--actor", metavar="CODE", help="Source or target actor code (RUS)."),
    click.option(
        "--dyad",
        metavar="SRC:TGT",
        help="Source and target (RUS:AZE); symmetric events match either way.",
    ),
    click.option("--type", "type_", metavar="TYPE", help="PLOVER event type (ASSAULT)."),
    click.option(
        "--quad", metavar="Q", help="QuadClass: 1-4 or verbal-cooperation, material-conflict..."
    ),
    click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this day."),
    click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this day."),
    click.option("--place", metavar="NAME", help="Place name of the event (any case)."),
    click.option("--country", metavar="ISO", help="Country of the event's place (AZE or AZ)."),
    click.option(
        "--factuality",
        multiple=True,
        metavar="F",
        help="asserted, reported, negated, hypothetical, future... (repeatable).",
    ),
    number_option("--min-independent", help="Clusters with at least N independent outlets."),
    click.option("--state", type=click.Choice(STATES), help="Cluster state."),
    click.option("--outlet", metavar="NAME", help="Outlet (source name or host)."),
    click.option("--genre", metavar="GENRE", help="Article genre (reporting, opinion...)."),
)


def _filter_options(command: F) -> F:
    for option in reversed(_FILTER_OPTIONS):
        command = option(command)
    return command


def _day(value: str | None, where: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value, where=where)
    except DateFormatError as exc:
        raise UsageError(exc.message, where=where) from None


def _filters(options: dict[str, Any]) -> Filters:
    dyad = options.pop("dyad", None)
    quad = options.pop("quad", None)
    country = options.pop("country", None)
    return Filters(
        actor=options.pop("actor", None),
        dyad=parse_dyad(dyad) if dyad else None,
        type=parse_type(kind) if (kind := options.pop("type_", None)) else None,
        quad=parse_quad(quad) if quad else None,
        since=_day(options.pop("since", None), "--since"),
        until=_day(options.pop("until", None), "--until"),
        place=options.pop("place", None),
        country=parse_country(country) if country else None,
        factuality=tuple(options.pop("factuality", ()) or ()),
        min_independent=options.pop("min_independent", None),
        state=options.pop("state", None),
        outlet=options.pop("outlet", None),
        genre=options.pop("genre", None),
        reviewed=bool(options.pop("reviewed", False)),
    )


_reviewed_option = click.option(
    "--reviewed",
    is_flag=True,
    help="Apply analysts' reviews: corrected values, no mention reviewed wrong, "
    "and a 'reviewed' column.",
)


@click.command("events")
@_db_option
@_filter_options
@_reviewed_option
@click.option("--clusters", is_flag=True, help="One row per cluster instead of per mention.")
@number_option("--limit", default=50, help="At most N rows (0: all).")
@click.option(
    "-f",
    "--format",
    "fmt",
    default="table",
    show_default=True,
    metavar="FORMAT",
    help="table, json, csv or geojson.",
)
@guarded
def events(**options: Any) -> None:
    """List the stored event mentions (or clusters) that pass the filters, newest first.

    A mention row shows the date (the event's, else the article's), type and CAMEO code,
    source and target, factuality, place, outlet, the evidence and the rule that coded
    it, its cluster's state and independent outlets, and the article."""
    from ..store.export import listing_format
    from ..store.query import clusters, mentions

    fmt = listing_format(options.pop("fmt"))
    db, limit, by_cluster = options.pop("db"), options.pop("limit"), options.pop("clusters")
    filters = _filters(options)
    with Store.open(db) as store:
        rows = (clusters if by_cluster else mentions)(store, filters, limit)
    assert fmt.rows is not None
    fmt.rows(rows, sys.stdout, "clusters" if by_cluster else "mentions")


def _title(filters: Filters, by: str) -> str:
    what = ":".join(filters.dyad) if filters.dyad else filters.actor or "all actors"
    return f"{what}, events per {by}" + (f" ({filters.type})" if filters.type else "")


@click.command("trend")
@_db_option
@_filter_options
@click.option(
    "--reviewed",
    is_flag=True,
    help="Apply analysts' reviews: corrected types and factualities, no mention reviewed wrong.",
)
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month", "year"]),
    default="week",
    show_default=True,
    help="Period.",
)
@click.option("--mentions", is_flag=True, help="Count every mention, not each event once.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["chart", "csv"]), default="chart", show_default=True
)
@click.option("--png", metavar="FILE", help="Also draw the trend as a PNG (needs matplotlib).")
@guarded
def trend(**options: Any) -> None:
    """Events per period by QuadClass (1 verbal cooperation ... 4 material conflict) and
    their summed Goldstein scores.

    Each real-world event counts once (a cluster, however many articles report it),
    and only asserted and reported mentions count, unless --mentions or --factuality.
    With --reviewed, the analysts' reviews are applied first, as in casus events."""
    from ..store.trend import chart, csv_lines, plot_png
    from ..store.trend import trend as compute

    db, by, fmt = options.pop("db"), options.pop("by"), options.pop("fmt")
    png, count_mentions = options.pop("png"), options.pop("mentions")
    filters = _filters(options)
    with Store.open(db) as store:
        periods = compute(store, filters, by, mentions=count_mentions)
    title = _title(filters, by)
    if fmt == "csv":
        csv.writer(sys.stdout, lineterminator="\n").writerows(csv_lines(periods))
    else:
        Console(highlight=False).print(chart(periods, title))
    if png:
        plot_png(periods, title, png, by)
        say(f"wrote {png}")


@click.command("export")
@_db_option
@_filter_options
@click.option(
    "-f",
    "--format",
    "fmt",
    required=True,
    metavar="FORMAT",
    help="parquet, csv, jsonl, gdelt (GDELT 2.0's 61 columns, tab-separated) or geojson.",
)
@click.option("-o", "--out", required=True, metavar="PATH", help="Output file, or - for stdout.")
@_reviewed_option
@guarded
def export(**options: Any) -> None:
    """Write every event mention that passes the filters to one file, atomically."""
    from ..store.export import export as write
    from ..store.export import export_format

    fmt = export_format(options.pop("fmt"))
    db, out = options.pop("db"), options.pop("out")
    filters = _filters(options)
    with Store.open(db) as store:
        count = write(store, fmt, filters, sys.stdout if out == "-" else Path(out))
    if out != "-":
        say(f"wrote {count} mentions to {out}")


def _sql_table(names: list[str], rows: list[tuple[Any, ...]]) -> Table:
    table = Table(show_edge=False)
    for name in names:
        table.add_column(term_text(name), overflow="fold")
    for row in rows:
        table.add_row(*(term_text("NULL" if v is None else v) for v in row))
    return table


@click.command("sql")
@_db_option
@click.argument("query", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--schema", is_flag=True, help="Print the store's tables and columns (Markdown).")
@guarded
def sql(db: str | None, query: str | None, fmt: str, schema: bool) -> None:
    """Run one read-only query (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE) on the store.

    The query can neither change the store nor read or write other files."""
    from ..store.export import csv_cell
    from ..store.query import read_only_sql, schema_markdown

    if schema:
        click.echo(schema_markdown(), nl=False)
        return
    if not query:
        raise UsageError("give a query, such as 'SELECT count(*) FROM events', or --schema")
    with Store.open(db) as store:
        names, rows = read_only_sql(store, query)
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
    elif fmt == "json":
        records = [dict(zip(names, row, strict=True)) for row in rows]
        click.echo(json_safe(json.dumps(records, ensure_ascii=False, default=str)))
    else:
        width = None if sys.stdout.isatty() else 160
        Console(highlight=False, width=width).print(_sql_table(names, rows))
        Console(highlight=False, stderr=True).print(Text(f"{len(rows)} rows", style="dim"))

"""``casus ingest`` and ``casus rejected``: a thin layer over :mod:`casus.store`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import UsageError
from ..ingest import Stream
from ..model import SetAside, Skipped
from .common import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, guarded, number_option, path_option, say
from .common import printable as _printable
from .inputs import InputRun, build, input_options, jobs_of, published_of, read_options
from .output import Feedback

if TYPE_CHECKING:
    from ..scenarios.tripwires import Alert
    from ..store import Store
    from ..store.ingest import IngestSummary

__all__ = ["alert_line", "db_option", "ingest", "rejected"]


def db_option(command: Any) -> Any:
    """``--db PATH``: the store (default ``$CASUS_DB``, else ``casus.duckdb``)."""
    return path_option(
        "--db",
        metavar="PATH",
        help="The store: a DuckDB file, or a directory of Parquet tables "
        "(default: $CASUS_DB, else casus.duckdb).",
    )(command)


@dataclass(frozen=True)
class _Options(InputRun):
    db: Path | None
    engine: str
    out: Path | None
    master: str | None
    partitions: int | None
    overwrite: bool
    commit_every: int


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: into the DuckDB store; spark: Parquet tables written by Spark into --out.",
)
@path_option("--out", metavar="DIR", help="With --engine spark: the directory to write.")
@click.option("--master", metavar="URL", help="With --engine spark: the Spark master.")
@number_option("--partitions", minimum=1, help="With --engine spark: input partitions.")
@click.option(
    "--overwrite", is_flag=True, help="With --engine spark: replace an earlier output in --out."
)
@number_option(
    "--commit-every",
    default=128,
    minimum=1,
    help="Articles per transaction (a kill loses at most one batch of work).",
)
@input_options
@guarded
def ingest(**options: object) -> None:
    """Analyse articles and store them: articles, segments, actors, places, dates,
    events, claims; link near-duplicates; cluster events across outlets.

    PATH is a file (text, HTML, JSON, JSON Lines, RSS or Atom), a directory or - for
    standard input. Idempotent: an article already stored is not analysed again, and a
    new version of a stored one (same URL) replaces it. Kill-safe: rows are committed in
    batches, and running the same command again finishes the job. Exit code 0 when
    everything was stored, 2 when something was set aside (see 'casus rejected')."""
    run = _Options(**options)  # type: ignore[arg-type]
    published = published_of(run.date_)
    if run.engine == "spark":
        raise click.exceptions.Exit(_spark(run, published))
    if run.out or run.master or run.partitions or run.overwrite:
        raise UsageError("--out, --master, --partitions and --overwrite go with --engine spark")
    raise click.exceptions.Exit(_local(run, published))


def _local(run: _Options, published: Any) -> int:
    from ..runners import input_size
    from ..store import Store
    from ..store.ingest import ingest as ingest_into
    from ..store.ingest import upgrade

    options = read_options(run.max_bytes, run.follow_links)
    inputs = [Stream(sys.stdin.buffer) if path == "-" else path for path in run.paths]
    with Store.open(run.db, write=True) as store:
        if store.upgraded_from is not None:
            say(f"upgraded the store from schema {store.upgraded_from}")
            if store.upgraded_from < 2:
                say(f"clustered the stored events: {upgrade(store)} event clusters")
        pipeline = build(run.lexicon, run.events, run.no_parser)
        on_batch = _tripwire_hook(store)
        show_bar = not run.quiet and sys.stderr.isatty()
        total = input_size(inputs, options) if show_bar else None
        with Feedback(total_bytes=total, quiet=run.quiet) as feedback:

            def shown(item: object, bytes_read: int) -> None:
                _announce(item, feedback)

            summary = ingest_into(
                inputs, store, jobs=jobs_of(run.jobs), options=options,
                published=published, pipeline=pipeline, on_item=shown, batch=run.commit_every,
                on_batch=on_batch,
            )  # fmt: skip
        say(f"{summary} into {store.path}")
    return _conclude(summary, run.paths)


def alert_line(alert: Alert) -> str:
    """An alert on one line: pack, indicator, cluster, article and evidence (escaped)."""
    text = " ".join(alert.evidence_text.split())
    quoted = f': "{text[:159]}{"…" if len(text) > 159 else ""}"' if text else ""
    return _printable(
        f"{alert.pack_id} {alert.indicator_id}: cluster {alert.cluster_id},"
        f" article {alert.article_id} (seq {alert.seq}){quoted}"
    )


def _tripwire_hook(store: Store) -> Callable[[Store, list[str]], None] | None:
    """The ``on_batch`` of an ingest into ``store``: check the tripwires of its
    registered scenario packs and say each alert (None when no pack has a tripwire)."""
    from ..scenarios.tripwires import check_tripwires, registered_packs

    packs, problems = registered_packs(store)
    for problem in problems:
        say(f"tripwires: {problem}")
    packs = [pack for pack in packs if any(i.tripwire for i in pack.indicators)]
    if not packs:
        return None

    def on_batch(into: Store, article_ids: list[str]) -> None:
        for alert in check_tripwires(into, article_ids, packs):
            say(f"alert: {alert_line(alert)}")

    return on_batch


def _announce(item: object, feedback: Feedback) -> None:
    if isinstance(item, SetAside):
        feedback.message(f"set aside: {item}")
        feedback.advance(articles=0, set_aside=1, bytes_read=0)
    elif isinstance(item, Skipped):
        if item.why != "stored":
            feedback.message(f"skipped: {item}", always=False)
    else:
        feedback.advance(articles=1, set_aside=0, bytes_read=0)


def _conclude(summary: IngestSummary, paths: tuple[str, ...]) -> int:
    if summary.internal:
        return EXIT_INTERNAL
    if summary.seen == 0:
        say(f"nothing to ingest in {', '.join(paths)}")
        return EXIT_INPUT
    return EXIT_INPUT if summary.set_aside else EXIT_OK


def _spark(run: _Options, published: Any) -> int:
    from ..store.spark import ingest_spark

    if run.out is None:
        raise UsageError("--engine spark needs --out DIR")
    if run.db is not None:
        raise UsageError("--engine spark writes Parquet into --out, not a --db store")
    options = read_options(run.max_bytes, run.follow_links)
    summary = ingest_spark(
        list(run.paths), run.out, master=run.master, options=options, published=published,
        partitions=run.partitions, overwrite=run.overwrite,
    )  # fmt: skip
    say(f"{summary} into {run.out}")
    return EXIT_INPUT if summary.set_aside else EXIT_OK


@click.command("rejected")
@db_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table, or json (JSON Lines).",
)
@guarded
def rejected(db: Path | None, fmt: str) -> None:
    """List the inputs set aside by 'casus ingest': origin, reason, code, when."""
    from ..store import Store

    with Store.open(db) as store:
        rows = _rejected_rows(store)
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    _rejected_table(rows)


def _rejected_rows(store: Store) -> list[dict[str, Any]]:
    names = ("origin", "reason", "code", "kind", "first_seen", "last_seen", "times")
    found = store.query(
        "SELECT origin, reason, code, kind, first_seen, last_seen, times FROM rejected "
        "ORDER BY last_seen DESC, origin"
    )
    return [dict(zip(names, row, strict=True)) for row in found]


def _rejected_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="set aside")
    table.add_column("origin", overflow="fold")
    table.add_column("reason", overflow="fold")
    for header in ("code", "last seen", "times"):
        table.add_column(header, no_wrap=True)
    for row in rows:
        table.add_row(
            Text(_printable(str(row["origin"]))),
            Text(_printable(str(row["reason"]))),
            Text(str(row["code"])),
            Text(str(row["last_seen"])),
            Text(str(row["times"])),
        )
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    if rows:
        console.print(table)
    say(f"{len(rows)} set aside")

"""``casus review`` and ``casus reviews``: an analyst's verdict on one event mention,
and the reviews recorded (:mod:`casus.store.reviews`)."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..render.escape import json_safe, term_text
from .common import guarded, number_option, say
from .store import db_option

__all__ = ["default_reviewer", "review", "reviews"]


def default_reviewer() -> str:
    """``$CASUS_REVIEWER``, else ``$USER``, else ''."""
    return os.environ.get("CASUS_REVIEWER") or os.environ.get("USER") or ""


def _verdict(right: bool, wrong: bool, corrected: bool) -> str:
    chosen = [name for name, on in (("right", right), ("wrong", wrong)) if on]
    if corrected:
        chosen.append("corrected")
    if len(chosen) != 1:
        raise UsageError(
            "give one verdict: --right, --wrong, or corrections (--type, --source, "
            "--target, --factuality)"
        )
    return chosen[0]


@click.command("review")
@click.argument("event_id", metavar="EVENT_ID")
@db_option
@click.option("--right", is_flag=True, help="The mention is right as coded.")
@click.option("--wrong", is_flag=True, help="The mention is not an event (or not this one).")
@click.option("--type", "type_", metavar="TYPE", help="Corrected PLOVER type (ASSAULT).")
@click.option("--source", metavar="CODE", help="Corrected source actor code (- for none).")
@click.option("--target", metavar="CODE", help="Corrected target actor code (- for none).")
@click.option("--factuality", metavar="F", help="Corrected factuality (asserted, reported...).")
@click.option("--note", metavar="TEXT", help="Why: kept with the review.")
@click.option(
    "--reviewer", metavar="NAME", help="Who reviews (default: $CASUS_REVIEWER, else $USER)."
)
@guarded
def review(db: Path | None, event_id: str, **options: Any) -> None:
    """Record a verdict on one event mention (EVENT_ID: the event_id column of
    'casus events -f json'): right, wrong, or corrected type, actors or factuality.

    Reviews are kept as history; the latest one of a mention is in force. The coded
    events stay as they are: 'casus events --reviewed' shows them with reviews applied."""
    from ..store import Store
    from ..store.reviews import Corrections, add_review

    corrections = Corrections(
        type=options["type_"],
        source_code=options["source"],
        target_code=options["target"],
        factuality=options["factuality"],
    )
    verdict = _verdict(options["right"], options["wrong"], corrections.given())
    reviewer = options["reviewer"] if options["reviewer"] is not None else default_reviewer()
    with Store.open(db, write=True) as store:
        made = add_review(store, event_id, reviewer, verdict, corrections, note=options["note"])
    say(f"review {made['id']}: {event_id} {verdict} by {made['reviewer']}")


_COLUMNS = (
    "id", "event_id", "reviewed_at", "reviewer", "verdict", "type", "source_code",
    "target_code", "factuality", "original_type", "original_cameo", "original_source_code",
    "original_target_code", "original_factuality", "original_evidence_text",
    "original_rule", "note", "superseded", "article_id", "title", "outlet",
)  # fmt: skip


_FIXES = (
    ("type", "type"), ("source", "source_code"), ("target", "target_code"),
    ("factuality", "factuality"),
)  # fmt: skip


_FIXES = (
    ("type", "type"), ("source", "source_code"), ("target", "target_code"),
    ("factuality", "factuality"),
)  # fmt: skip


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _table(rows: Sequence[dict[str, Any]]) -> Table:
    table = Table(show_edge=False)
    for header in ("when", "reviewer", "verdict", "coded", "corrected", "evidence", "id"):
        table.add_column(Text(header), overflow="fold")
    for row in rows:
        coded = (
            f"{row['original_type']} {row['original_source_code'] or '—'}→"
            f"{row['original_target_code'] or '—'} {row['original_factuality']}"
        )
        fixes = [
            f"{name} {'—' if row[key] == '' else row[key]}"
            for name, key in _FIXES
            if row[key] is not None
        ]
        verdict = row["verdict"] + (" (superseded)" if row["superseded"] else "")
        table.add_row(
            term_text(_plain(row["reviewed_at"])),
            term_text(row["reviewer"]),
            term_text(verdict),
            term_text(coded),
            term_text(", ".join(fixes) or "—"),
            term_text(row["original_evidence_text"]),
            Text.assemble(term_text(row["event_id"]), "\n", term_text(row["id"], "dim")),
        )
    return table


@click.command("reviews")
@db_option
@click.option("--latest", is_flag=True, help="Only the review in force for each mention.")
@click.option("--event", "event_id", metavar="EVENT_ID", help="Only this mention's reviews.")
@number_option("--limit", default=50, help="At most N rows (0: all).")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@guarded
def reviews(db: Path | None, latest: bool, event_id: str | None, limit: int, fmt: str) -> None:
    """List analysts' reviews of event mentions, newest first: verdict, the coded and
    the corrected values, the evidence, who and when."""
    from ..store import Store
    from ..store.export import csv_cell
    from ..store.reviews import reviews as listed

    with Store.open(db) as store:
        rows = listed(store, latest=latest, event_id=event_id, limit=limit)
    if fmt == "json":
        records = [{k: _plain(row[k]) for k in _COLUMNS} for row in rows]
        click.echo(json_safe(json.dumps(records, ensure_ascii=False)))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(_COLUMNS)
        writer.writerows([csv_cell(_plain(row[k])) for k in _COLUMNS] for row in rows)
    else:
        width = None if sys.stdout.isatty() else 160
        console = Console(highlight=False, width=width)
        if rows:
            console.print(_table(rows))
        console.print(Text(f"{len(rows)} review{'' if len(rows) == 1 else 's'}", style="dim"))

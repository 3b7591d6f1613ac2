"""``casus overview``: what an analyst looks at first in a store."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import guarded, number_option, printable
from .store import db_option

if TYPE_CHECKING:
    from rich.console import Console

    from ..store.overview import ClusterLine, Overview

__all__ = ["overview"]


@click.command("overview")
@db_option
@number_option("-n", "--limit", default=8, minimum=1, help="Lines per list.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text (tables) or json.",
)
@guarded
def overview(db: Path | None, limit: int, fmt: str) -> None:
    """The store at a glance: the busiest dyads, the latest corroborated events with
    their outlets, and what is contested."""
    from ..store import Store
    from ..store.overview import overview as make

    with Store.open(db) as store:
        found = make(store, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(dataclasses.asdict(found), ensure_ascii=False, default=str))
        return
    _show(found)


def _show(found: Overview) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 110)
    states = ", ".join(f"{n} {state}" for state, n in found.clusters.items()) or "none"
    console.print(
        Text(
            f"{found.articles} articles from {found.outlets} outlets; {found.events} event "
            f"mentions in {sum(found.clusters.values())} real-world events ({states}); "
            f"{found.rejected} inputs set aside"
        )
    )
    dyads = Table("dyad", "events", "corroborated", "contested", "mentions", title="busiest dyads")
    for line in found.dyads:
        dyads.add_row(
            Text(printable(f"{line.source} – {line.target}")), str(line.clusters),
            str(line.corroborated), str(line.contested), str(line.mentions),
        )  # fmt: skip
    console.print(dyads)
    _clusters(console, "latest corroborated events", found.corroborated)
    _clusters(console, "contested: some report denies it", found.contested)


def _clusters(console: Console, title: str, lines: tuple[ClusterLine, ...]) -> None:
    """One block per cluster: date, event and place; counts and outlets; evidence."""
    from rich.text import Text

    console.print(Text(f"{title}:" if lines else f"{title}: none", style="bold"))
    for line in lines:
        event = f"{line.source or '?'} {line.type} {line.target or '?'} ({line.cameo})"
        place = f" at {line.place}" if line.place else ""
        console.print(Text(printable(f"  {line.date or '????-??-??'}  {event}{place}")))
        outlets = ", ".join(line.outlets) or "none"
        if line.copies:
            outlets += f"; republished by {', '.join(line.copies)}"
        console.print(
            Text(
                printable(
                    f"      {line.num_independent} independent of {line.num_articles} "
                    f"articles: {outlets}"
                ),
                style="dim",
            )
        )
        evidence = line.evidence if len(line.evidence) <= 100 else line.evidence[:99] + "…"
        console.print(Text(printable(f'      "{evidence}"'), style="italic"))

"""``casus scenarios run|explain|history|whatif|resolve`` and ``casus alerts``: a thin
layer over :mod:`casus.scenarios` (the ledger, its views, what-if, scoring, tripwires).

Every text that comes from the store or a pack (evidence, outlets, titles) is shown with
control and bidi characters made visible (:func:`printable`)."""

from __future__ import annotations

import csv
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import UsageError
from .common import guarded, number_option, path_option, printable, say
from .store import alert_line, db_option

if TYPE_CHECKING:
    from ..scenarios.model import Pack
    from ..scenarios.views import Evidence, HistoryRow

__all__ = ["alerts", "explain", "history", "resolve", "run", "whatif"]

_DATE = click.DateTime(formats=["%Y-%m-%d"])
_TEXT = 160
"""Characters of evidence text shown."""


def _pack(name: str) -> Pack:
    from ..scenarios.tripwires import read_pack

    return read_pack(name)


def _day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return printable(text if len(text) <= _TEXT else text[: _TEXT - 1] + "…")


def _evidence_line(e: Evidence, scenario_id: str | None = None) -> str:
    moved = (
        f"{e.deltas.get(scenario_id, 0.0):+.2f}" if scenario_id else f"{e.moved:.2f}"
    ) + " log-odds"
    outlets = ", ".join(e.outlets[:3]) + (" ..." if len(e.outlets) > 3 else "")
    return printable(
        f"{e.at} {e.indicator_id} ({moved}, weight {e.weight:.2f}; {e.state},"
        f" {e.independent} independent: {outlets})"
    ) + (f': "{_quote(e.text)}"' if e.text else "")


@click.command("run")
@click.argument("pack_name", metavar="PACK")
@db_option
@guarded
def run(pack_name: str, db: Path | None) -> None:
    """Update PACK's probabilities from the store's event clusters, in time order, and
    replace its ledger; print the board: each scenario's probability, its change since
    the prior and over the last 30 days of evidence, and the evidence that moved it most."""
    from ..scenarios.ledger import run as run_ledger
    from ..scenarios.views import board
    from ..store import Store

    pack = _pack(pack_name)
    with Store.open(db, write=True) as store:
        result = run_ledger(store, pack)
        rows = board(store, pack)
    click.echo(
        printable(f"{pack.id}: {pack.title}") + f" — {len(result.steps)} updates from"
        f" {result.clusters} event clusters, {pack.start} to {pack.horizon}"
    )
    click.echo(f"  {'scenario':<28} {'now':>7} {'prior':>7} {'change':>9} {'30 days':>9}")
    for row in rows:
        click.echo(
            f"  {printable(row.scenario_id)[:28]:<28} {row.probability:>7.1%} {row.prior:>7.1%}"
            f" {100 * (row.probability - row.prior):>+7.1f}pp"
            f" {100 * (row.probability - row.month_ago):>+7.1f}pp"
        )
        if row.top is not None:
            click.echo(f"      moved most by {_evidence_line(row.top, row.scenario_id)}")


@click.command("explain")
@click.argument("pack_name", metavar="PACK")
@db_option
@number_option("--top", default=10, minimum=1, help="Pieces of evidence shown.")
@click.option("--scenario", metavar="ID", help="Rank by what moved this scenario.")
@guarded
def explain(pack_name: str, db: Path | None, top: int, scenario: str | None) -> None:
    """Show which evidence moved PACK's scenarios most (from its ledger: run it first),
    with the change of log-odds per scenario, evidence text, outlets and corroboration."""
    from ..scenarios.views import explain as explain_ledger
    from ..scenarios.views import require_ledger
    from ..store import Store

    pack = _pack(pack_name)
    if scenario is not None and scenario not in {s.id for s in pack.scenarios}:
        raise UsageError(f"pack {pack.id} has no scenario {scenario!r}")
    with Store.open(db) as store:
        require_ledger(store, pack)
        found = explain_ledger(store, pack, top, scenario)
    for number, e in enumerate(found, start=1):
        click.echo(f"{number}. {_evidence_line(e, scenario)}")
        changes = ", ".join(f"{printable(sid)} {d:+.2f}" for sid, d in e.deltas.items())
        click.echo(f"   log-odds: {changes}")
    say(f"{len(found)} pieces of evidence")


def _history_csv(pack: Pack, rows: list[HistoryRow]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["step", "date", "cluster", "indicator", *(s.id for s in pack.scenarios)])
    for r in rows:
        writer.writerow(
            [r.step, r.at, r.cluster_id or "", r.indicator_id or "",
             *(f"{p:.6f}" for p in r.probabilities.values())]
        )  # fmt: skip


def _history_png(pack: Pack, rows: list[HistoryRow], out: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError("--png needs matplotlib (pip install 'casus[plot]')") from None
    import numpy as np

    days = np.array([r.at for r in rows], dtype="datetime64[D]")
    figure, axes = plt.subplots(figsize=(9, 4.5))
    for scenario in pack.scenarios:
        axes.step(days, [r.probabilities[scenario.id] for r in rows],
                  where="post", label=scenario.title)  # fmt: skip
    axes.set_ylim(0, 1)
    axes.set_ylabel("probability")
    axes.set_title(pack.title)
    axes.legend(loc="upper left", fontsize="small")
    figure.autofmt_xdate()
    figure.savefig(out, dpi=120, bbox_inches="tight")
    plt.close(figure)


@click.command("history")
@click.argument("pack_name", metavar="PACK")
@db_option
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "csv"]), default="table",
    show_default=True, help="table, or csv (one row per update; step 0: the priors).",
)  # fmt: skip
@path_option("--png", metavar="FILE", help="Also draw the probabilities over time (PNG).")
@guarded
def history(pack_name: str, db: Path | None, fmt: str, png: Path | None) -> None:
    """Print each of PACK's scenarios' probability over time, one row per update."""
    from ..scenarios.views import history as history_of
    from ..scenarios.views import require_ledger
    from ..store import Store

    pack = _pack(pack_name)
    with Store.open(db) as store:
        require_ledger(store, pack)
        rows = history_of(store, pack)
    if png is not None:
        _history_png(pack, rows, png)
    if fmt == "csv":
        _history_csv(pack, rows)
        return
    ids = [s.id for s in pack.scenarios]
    heads = " ".join(f"{printable(i)[:14]:>14}" for i in ids)
    click.echo(f"{'step':>5} {'date':<10} {'indicator':<24} {heads}")
    for r in rows:
        cells = " ".join(f"{r.probabilities[i]:>14.1%}" for i in ids)
        name = printable(r.indicator_id or "prior")[:24]
        click.echo(f"{r.step:>5} {r.at!s:<10} {name:<24} {cells}")


@click.command("whatif")
@click.argument("pack_name", metavar="PACK")
@click.option(
    "--event", "text", required=True, metavar="TEXT",
    help="SOURCE TYPE TARGET [at PLACE]: actor codes, a PLOVER type or CAMEO code.",
)  # fmt: skip
@click.option("--date", "on", type=_DATE, help="Its date [the last evidence's].")
@click.option(
    "--state", type=click.Choice(["single-source", "corroborated", "contested"]),
    default="corroborated", show_default=True, help="Its corroboration state.",
)  # fmt: skip
@number_option("--independent", default=2, minimum=1, help="Independent outlets reporting it.")
@db_option
@guarded
def whatif(
    pack_name: str, text: str, on: datetime | None, state: str, independent: int,
    db: Path | None,
) -> None:  # fmt: skip
    """Show how one hypothetical event would change PACK's probabilities (the store is
    opened read-only: nothing is stored)."""
    from ..scenarios.whatif import parse_event
    from ..scenarios.whatif import whatif as what_if
    from ..store import Store

    pack = _pack(pack_name)
    event = parse_event(text, on=_day(on), state=state, independent=independent)
    with Store.open(db) as store:
        found = what_if(store, pack, event)
    fired = ", ".join(f"{s.indicator_id} (weight {s.weight:.2f})" for s in found.steps)
    click.echo(printable(f"{text.strip()}: fires {fired or 'no indicator'}"))
    click.echo(f"  {'scenario':<28} {'now':>7} {'after':>7} {'change':>9}")
    for sid, before, after in zip(found.scenarios, found.before, found.after, strict=True):
        click.echo(
            f"  {printable(sid)[:28]:<28} {before:>7.1%} {after:>7.1%}"
            f" {100 * (after - before):>+7.1f}pp"
        )


@click.command("resolve")
@click.argument("pack_name", metavar="PACK")
@click.argument("scenario", metavar="SCENARIO")
@click.option("--date", "on", type=_DATE, required=True, help="When it came true.")
@number_option("--top", default=5, minimum=1, help="Pieces of evidence in the post-mortem.")
@db_option
@guarded
def resolve(pack_name: str, scenario: str, on: datetime, top: int, db: Path | None) -> None:
    """Record that SCENARIO of PACK came true on --date; print the pack's Brier and log
    scores over its history (replayed first) and a post-mortem of its evidence."""
    from ..scenarios.ledger import run as run_ledger
    from ..scenarios.scoring import resolve as resolve_pack
    from ..store import Store

    pack = _pack(pack_name)
    with Store.open(db, write=True) as store:
        run_ledger(store, pack)
        r = resolve_pack(store, pack, scenario, on.date(), top)
    click.echo(printable(f"{pack.id}: {scenario} came true on {r.resolved_on}"))
    click.echo(
        f"  Brier {r.brier_mean:.3f} (mean over {r.days} days; final day {r.brier_final:.3f};"
        " 0 perfect, 2 worst)"
    )
    click.echo(f"  log score {r.log_mean:.3f} (mean; final day {r.log_final:.3f}; 0 perfect)")
    for title, found in (("pointed the right way", r.right), ("pointed the wrong way", r.wrong)):
        click.echo(f"  {title}:")
        for e in found:
            click.echo(f"    {_evidence_line(e, scenario)}")
        if not found:
            click.echo("    (none)")


@click.command("alerts")
@click.option("--pack", "pack_id", metavar="ID", help="Only the alerts of this pack.")
@db_option
@guarded
def alerts(pack_id: str | None, db: Path | None) -> None:
    """List the alerts tripwire indicators raised during 'casus ingest'."""
    from ..scenarios.tripwires import alerts as recorded
    from ..store import Store

    with Store.open(db) as store:
        found = recorded(store, pack_id)
    for alert in found:
        click.echo(f"{alert.raised_at} {alert_line(alert)}")
    say(f"{len(found)} alerts")

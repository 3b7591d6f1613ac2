"""``casus trend``: events per period by QuadClass, with their summed Goldstein scores.

What is counted: by default each real-world event once (a cluster counts once, however
many articles report it; a mention in no cluster counts as itself), and only ``asserted``
and ``reported`` mentions, the ones that corroborate. A cluster falls in the period of
its earliest selected mention. ``mentions=True`` counts every mention instead;
``factuality`` in the filters replaces the default factualities.

With ``filters.reviewed`` the analysts' reviews are applied first, as in ``casus events
--reviewed`` (:func:`casus.store.query.reviewed_events_sql`): a mention reviewed wrong
is left out, a corrected type counts in its PLOVER type's QuadClass (with no Goldstein
score, which belonged to the coder's CAMEO code), a corrected factuality decides whether
it is counted. A cluster takes its QuadClass and Goldstein score from its earliest
mention (the one that dates it), or with reviews from its earliest reviewed mention: the
analyst's reading of the event wins where the mentions disagree.

It is one aggregation in DuckDB: the filters, a ``GROUP BY`` of the event key, then a
``GROUP BY`` of ``date_trunc(period)`` and QuadClass, so a dyad's trend over a million
events takes milliseconds, not a Python loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..render.escape import term_text
from .db import Store
from .query import COUNTED, EVENT_DATE, Filters, base, where

__all__ = ["PERIODS", "Period", "chart", "csv_lines", "plot_png", "trend"]

PERIODS = ("day", "week", "month", "year")
_QUAD_STYLES = ("green", "cyan", "yellow", "red")
_QUAD_GLYPHS = ("░", "▒", "▓", "█")
"""One shade per QuadClass, so the bars still read without colour (piped, NO_COLOR)."""
_QUAD_LABELS = ("verbal coop.", "material coop.", "verbal conflict", "material conflict")


@dataclass(slots=True)
class Period:
    """One period: its first day, events per QuadClass (1 to 4), summed Goldstein."""

    start: date
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    goldstein: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts)


def _sql(filters: Filters, by: str, mentions: bool) -> tuple[str, list[Any]]:
    if not filters.factuality:
        filters = replace(filters, factuality=COUNTED)
    clause, params = where(filters)
    key = "e.id" if mentions else "coalesce(e.cluster_id, e.id)"
    values = "struct_pack(q := e.quad_class, g := e.goldstein)"
    first = f"{EVENT_DATE} NULLS LAST, a.seq, e.idx"
    order = f"e.review_verdict IS NULL, {first}" if filters.reviewed else first
    sql = (
        "SELECT date_trunc(?, d)::DATE AS period, v.q AS q, count(*) AS n, "
        "sum(v.g) AS goldstein "
        f"FROM (SELECT {key} AS k, min({EVENT_DATE}) AS d, first({values} ORDER BY {order}) AS v "
        f"{base(filters)} {clause} GROUP BY k) "
        "WHERE d IS NOT NULL AND v.q BETWEEN 1 AND 4 GROUP BY ALL ORDER BY period, q"
    )
    return sql, [by, *params]


def trend(
    store: Store, filters: Filters, by: str = "week", *, mentions: bool = False
) -> list[Period]:
    """Per ``by`` (day, week, month, year) period, in order, the events ``filters``
    select (each cluster once unless ``mentions``)."""
    if by not in PERIODS:
        raise UsageError(f"--by: {by!r} is not one of {', '.join(PERIODS)}")
    periods: dict[date, Period] = {}
    for start, quad, count, goldstein in store.query(*_sql(filters, by, mentions)):
        period = periods.setdefault(start, Period(start))
        period.counts[int(quad) - 1] += int(count)
        period.goldstein += float(goldstein or 0.0)
    return list(periods.values())


def csv_lines(periods: Sequence[Period]) -> list[list[Any]]:
    """The trend as CSV rows, header first."""
    header: list[Any] = ["period", "quad1", "quad2", "quad3", "quad4", "total", "goldstein"]
    rows = [[p.start.isoformat(), *p.counts, p.total, round(p.goldstein, 2)] for p in periods]
    return [header, *rows]


def chart(periods: Sequence[Period], title: str, width: int = 48) -> Table:
    """A bar chart for the terminal: per period a bar of unicode blocks, one colour per
    QuadClass, scaled to the busiest period, with its counts and Goldstein sum."""
    table = Table(title=term_text(title), title_justify="left", show_edge=False, box=None)
    for header in ("period", "events", "", "Goldstein"):
        table.add_column(Text(header), no_wrap=True)
    busiest = max((p.total for p in periods), default=0) or 1
    for period in periods:
        bar = Text()
        for count, style, glyph in zip(period.counts, _QUAD_STYLES, _QUAD_GLYPHS, strict=True):
            cells = round(count * width / busiest) if count else 0
            bar.append(glyph * max(cells, 1 if count else 0), style=style)
        table.add_row(
            Text(period.start.isoformat()), bar, Text(str(period.total)),
            Text(f"{period.goldstein:+.1f}"),
        )  # fmt: skip
    legend = Text("  ").join(
        Text.assemble((glyph, style), f" {quad} {label}")
        for quad, (label, style, glyph) in enumerate(
            zip(_QUAD_LABELS, _QUAD_STYLES, _QUAD_GLYPHS, strict=True), 1
        )
    )
    table.caption = legend
    return table


_EPOCH = date(1970, 1, 1)
_BAR_DAYS = {"day": 0.8, "week": 5.6, "month": 24.0, "year": 300.0}


def plot_png(periods: Sequence[Period], title: str, path: str, by: str = "week") -> None:
    """A stacked bar chart of the counts by QuadClass, with the Goldstein sum as a
    line, saved as a PNG (matplotlib, the ``plot`` extra, imported only here)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError(
            "--png needs matplotlib: pip install 'casus[plot]'", where="--png"
        ) from None
    figure, axes = plt.subplots(figsize=(10, 4.5))
    x = [float((p.start - _EPOCH).days) for p in periods]  # matplotlib's date numbers
    bottom = [0] * len(periods)
    colours = ("tab:green", "tab:cyan", "tab:orange", "tab:red")
    for index, (label, colour) in enumerate(zip(_QUAD_LABELS, colours, strict=True)):
        heights = [p.counts[index] for p in periods]
        axes.bar(
            x,
            heights,
            bottom=bottom,
            label=f"{index + 1} {label}",
            color=colour,
            width=_BAR_DAYS.get(by, 0.8),
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.xaxis_date()
    axes.set_ylabel("events")
    axes.set_title(title)
    axes.legend(loc="upper left", fontsize="small")
    line = axes.twinx()
    line.plot(x, [p.goldstein for p in periods], color="black", marker=".", label="Goldstein")
    line.set_ylabel("summed Goldstein")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path, format="png", dpi=110)
    plt.close(figure)

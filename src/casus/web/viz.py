"""The data behind the workbench's map and charts, read from the store.

Each function returns plain JSON-ready dicts that a template embeds in a
``<script type="application/json">`` block (through ``tojson``, which escapes ``<``,
``>`` and ``&``); ``static/casus-map.js`` and ``static/casus-charts.js`` draw them.
The pages' tables hold the same facts, so nothing is lost without JavaScript.

A chart is ``{"x": [...], "series": [...], "axes": [...]}``: ``x`` the first day of
each period as seconds since 1970-01-01 (UTC); each series a label, one value per
period (None where there is nothing) and the scale of the axis it is read on; the
axes, left one first, each a scale and a label (a list: ``tojson`` sorts a dict's
keys). An optional ``range`` maps a scale to its fixed [min, max].
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from ..store import Store
from ..store.query import EVENT_DATE, Filters, base, mentions, where

__all__ = [
    "MAP_CAP",
    "MAP_FIELDS",
    "QUAD_COLOURS",
    "QUAD_LABELS",
    "article_timeline",
    "dyad_timeline",
    "map_points",
    "periods",
    "stray_cut",
]

MAP_CAP = 5000
"""The most mentions the events map shows (the newest located ones)."""
MAP_FIELDS = (
    "lat", "lon", "type", "quad", "source", "target", "symmetric", "date", "place",
    "article_id", "title",
)  # fmt: skip
"""What each map point holds, in order (the points are lists, to keep the page small)."""
QUAD_LABELS = ("verbal coop.", "material coop.", "verbal conflict", "material conflict")
QUAD_COLOURS = ("#27ae60", "#16a085", "#e6a23c", "#c0392b")
"""One colour per QuadClass, the same as the map's markers (``casus-viz.css``)."""
_EPOCH = date(1970, 1, 1)
STRAY_GAP = timedelta(days=365)
STRAY_SHARE = 0.05
"""Without a ``since`` filter, the timeline leaves out early mentions cut off from the
rest by a gap of more than STRAY_GAP that hold under STRAY_SHARE of the selection:
the dates of past events an article recalls ("the 1994 ceasefire"), which would
stretch the chart over decades of empty weeks. The page says how many it left out."""


def _seconds(day: date) -> int:
    return (day - _EPOCH).days * 86400


def _next(day: date, period: str) -> date:
    if period == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def periods(first: date, last: date, period: str) -> list[date]:
    """Every period start (``week``: Mondays; ``month``: first days) from the one
    holding ``first`` to the one holding ``last``."""
    day = first - timedelta(days=first.weekday()) if period == "week" else first.replace(day=1)
    found: list[date] = []
    while day <= last:
        found.append(day)
        day = _next(day, period)
    return found


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def map_points(store: Store, filters: Filters, cap: int = MAP_CAP) -> dict[str, Any]:
    """The located mentions ``filters`` select, newest first, at most ``cap``, as
    lists of :data:`MAP_FIELDS`; ``capped`` tells whether more were left out. The same
    query as the explorer's list (:func:`casus.store.query.mentions`), with a limit."""
    rows = mentions(store, replace(filters, located=True), cap + 1)
    points = [
        [m["lat"], m["lon"], m["type"], m["quad_class"], m["source"], m["target"],
         bool(m["symmetric"]), m["date"].isoformat() if m["date"] else None, m["place"],
         m["article_id"], m["title"]]
        for m in rows[:cap]
    ]  # fmt: skip
    capped = len(rows) > cap
    return {
        "fields": list(MAP_FIELDS),
        "points": points,
        "capped": capped,
        "cap": cap,
        "note": _map_note(len(points), capped, cap),
    }


def _map_note(shown: int, capped: bool, cap: int) -> str:
    if not shown:
        return "No mention of this selection has a place with coordinates."
    counted = f"{shown:,} located mention{'' if shown == 1 else 's'} of this selection"
    if capped:
        counted += f" (the newest {cap:,}; narrow the filters to map the rest)"
    return f"{counted}. Country outlines: Natural Earth."


def _timeline_note(weeks: int, left_out: int, start: str | None) -> str:
    if not weeks:
        return "No mention of this selection has a date and a QuadClass."
    note = (
        "Mentions of this selection per week by QuadClass (every factuality, as in the "
        "list below), and their mean Goldstein score (right axis, dashed)."
    )
    if left_out:
        one = left_out == 1
        note += (
            f" {left_out:,} mention{'' if one else 's'} dated long before {start} (past "
            f"events an article recalls) {'is' if one else 'are'} left out; set since to "
            f"see {'it' if one else 'them'}."
        )
    return note


def dyad_timeline(store: Store, filters: Filters) -> dict[str, Any]:
    """Per week, the mentions ``filters`` select (every one the explorer lists,
    whatever its factuality) by QuadClass, and their mean Goldstein score."""
    clause, params = where(filters)
    sql = (
        "SELECT date_trunc('week', d)::DATE AS week, q, count(*) AS n, sum(g), count(g) "
        f"FROM (SELECT {EVENT_DATE} AS d, e.quad_class AS q, e.goldstein AS g "
        f"{base(filters, lean=True)} {clause}) "
        "WHERE d IS NOT NULL AND q BETWEEN 1 AND 4 GROUP BY ALL ORDER BY week, q"
    )
    rows = store.query(sql, params)
    start = stray_cut(rows) if filters.since is None else None
    left_out = sum(int(row[2]) for row in rows if start and _day(row[0]) < start)
    rows = [row for row in rows if not start or _day(row[0]) >= start]
    weeks = periods(_day(rows[0][0]), _day(rows[-1][0]), "week") if rows else []
    at = {week: i for i, week in enumerate(weeks)}
    counts = [[0] * len(weeks) for _ in QUAD_LABELS]
    sums, scored = [0.0] * len(weeks), [0] * len(weeks)
    for week, quad, count, total, with_score in rows:
        i = at[_day(week)]
        counts[int(quad) - 1][i] += int(count)
        sums[i] += float(total or 0.0)
        scored[i] += int(with_score)
    mean = [round(s / n, 2) if n else None for s, n in zip(sums, scored, strict=True)]
    series = [
        {"label": label, "values": values, "axis": "y", "colour": colour}
        for label, values, colour in zip(QUAD_LABELS, counts, QUAD_COLOURS, strict=True)
    ]
    series.append({"label": "mean Goldstein", "values": mean, "axis": "goldstein"})
    return {
        "period": "week",
        "left_out": left_out,
        "from": weeks[0].isoformat() if weeks else None,
        "note": _timeline_note(len(weeks), left_out, weeks[0].isoformat() if weeks else None),
        "x": [_seconds(week) for week in weeks],
        "series": series,
        "axes": [
            {"scale": "y", "label": "mentions per week"},
            {"scale": "goldstein", "label": "mean Goldstein"},
        ],
    }


def stray_cut(rows: Sequence[tuple[Any, ...]]) -> date | None:
    """The first week to draw when early stray dates should be left out (see
    STRAY_GAP), else None. ``rows`` are (week, ..., mentions, ...) in week order."""
    weekly: dict[date, int] = {}
    for row in rows:
        weekly[_day(row[0])] = weekly.get(_day(row[0]), 0) + int(row[2])
    weeks = sorted(weekly)
    total, before, cut = sum(weekly.values()), 0, None
    for week, following in itertools.pairwise(weeks):
        before += weekly[week]
        if before >= STRAY_SHARE * total:
            break
        if following - week > STRAY_GAP:
            cut = following
    return cut


def _grouped(
    store: Store, column: str, period: str, top: int
) -> Iterable[tuple[date, str | None, bool, int]]:
    """(period, value, whether it is one of the ``top`` values, articles) per period
    and value of articles.``column`` (``outlet`` or ``genre``, never user text)."""
    assert column in {"outlet", "genre"}
    sql = (
        f"WITH top AS (SELECT {column} AS v FROM articles WHERE published IS NOT NULL "
        f"GROUP BY ALL ORDER BY count(*) DESC, v NULLS LAST LIMIT ?) "
        f"SELECT date_trunc(?, published)::DATE AS p, "
        f"CASE WHEN {column} IN (SELECT v FROM top) THEN {column} END AS v, "
        f"{column} IS NULL OR {column} IN (SELECT v FROM top) AS kept, count(*) "
        "FROM articles WHERE published IS NOT NULL GROUP BY ALL"
    )
    return [(p, v, bool(kept), int(n)) for p, v, kept, n in store.query(sql, [top, period])]


def _article_series(
    rows: Iterable[tuple[date, str | None, bool, int]], starts: Sequence[date], what: str
) -> list[dict[str, Any]]:
    at = {start: i for i, start in enumerate(starts)}
    by: dict[str, list[int]] = {}
    totals: dict[str, int] = {}
    for start, value, kept, count in rows:
        label = (value if value else f"no {what}") if kept else f"other {what}s"
        by.setdefault(label, [0] * len(starts))[at[_day(start)]] += count
        totals[label] = totals.get(label, 0) + count
    order = sorted(by, key=lambda label: (label == f"other {what}s", -totals[label], label))
    return [{"label": label, "values": by[label], "axis": "y"} for label in order]


def article_timeline(store: Store, top: int = 8) -> dict[str, Any]:
    """Articles per week (per month when they span more than a year) by outlet and
    by genre: the ``top`` busiest of each, the rest summed as "other"."""
    span = store.query("SELECT min(published), max(published) FROM articles")[0]
    if span[0] is None:
        empty: Mapping[str, Any] = {"x": [], "series": [], "axes": [{"scale": "y", "label": ""}]}
        return {"period": "week", "outlets": dict(empty), "genres": dict(empty)}
    first, last = _day(span[0]), _day(span[1])
    period = "week" if (last - first).days <= 366 else "month"
    starts = periods(first, last, period)
    x = [_seconds(start) for start in starts]
    axes = [{"scale": "y", "label": f"articles per {period}"}]
    return {
        "period": period,
        "outlets": {
            "x": x, "axes": axes,
            "series": _article_series(_grouped(store, "outlet", period, top), starts, "outlet"),
        },
        "genres": {
            "x": x, "axes": axes,
            "series": _article_series(_grouped(store, "genre", period, top), starts, "genre"),
        },
    }  # fmt: skip

"""What the scenario board shows, computed in memory: a pack replayed over the
(read-only) store, as :func:`casus.scenarios.ledger.replay` does for ``casus scenarios
run``, but with nothing written. The ledger table is not read, so the board is current
even when the pack has never been run over this store.

The probabilities over time are drawn as an SVG line chart whose geometry (numbers
only) is computed here; every text in it comes through the templates' autoescape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..scenarios.ledger import RunResult, Step, replay
from ..scenarios.model import Pack
from ..scenarios.pack import bundled_packs, load_pack
from ..scenarios.views import Evidence, with_facts
from ..store import Store

__all__ = [
    "Chart",
    "board_page",
    "chart",
    "find_pack",
    "moved",
    "pack_list",
    "postmortem",
    "timeline",
]

Row = dict[str, Any]

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 36
"""The chart's size and margins, in SVG user units."""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: tuple[tuple[str, str], ...]
    """(scenario title, SVG points) per scenario, in the pack's order."""
    xticks: tuple[tuple[float, str], ...]
    yticks: tuple[tuple[float, str], ...]
    box: tuple[int, int, int, int]
    """left, top, right, bottom of the plotting area."""


def pack_list(store: Store) -> list[Row]:
    """The bundled packs and those registered in the store, each with whether it is
    bundled and when it was last run over the store."""
    registered = {
        r[0]: {"title": r[1], "run_at": r[2]}
        for r in store.query("SELECT pack_id, title, registered_at FROM scenario_packs")
    }
    found: list[Row] = []
    for pack_id in sorted({*bundled_packs(), *registered}):
        known = registered.get(pack_id, {})
        title = known.get("title") or load_pack(pack_id).title
        found.append(
            {"id": pack_id, "title": title, "bundled": pack_id in bundled_packs(),
             "run_at": known.get("run_at")}
        )  # fmt: skip
    return found


def find_pack(store: Store, pack_id: str) -> Pack | None:
    """A bundled pack, or one registered in the store whose file still exists."""
    if pack_id in bundled_packs():
        return load_pack(pack_id)
    rows = store.query("SELECT source FROM scenario_packs WHERE pack_id = ?", [pack_id])
    if rows and rows[0][0] and Path(rows[0][0]).is_file():
        return load_pack(rows[0][0])
    return None


def moved(
    result: RunResult, scenario_id: str | None = None, until: date | None = None
) -> list[Evidence]:
    """The replay's updates by (cluster, indicator), largest total |change of
    log-odds| first (or of ``scenario_id``'s signed change, largest first), up to
    ``until``; without the clusters' facts (:func:`~casus.scenarios.views.with_facts`)."""
    found: dict[tuple[str, str], tuple[Step, dict[str, float]]] = {}
    for step in result.steps:
        if until is not None and step.at > until:
            continue
        key = (step.cluster_id, step.indicator_id)
        deltas = found.setdefault(key, (step, dict.fromkeys(result.scenarios, 0.0)))[1]
        for sid, delta in zip(result.scenarios, step.deltas, strict=True):
            deltas[sid] += delta
    rows = [
        Evidence(first.step, first.at, *key, first.weight, deltas, "", 0, (), "")
        for key, (first, deltas) in found.items()
    ]
    if scenario_id is None:
        rows.sort(key=lambda m: (-m.moved, m.step))
    else:
        rows.sort(key=lambda m: (-m.deltas[scenario_id], m.step))
    return rows


def _month_ago(result: RunResult) -> tuple[float, ...]:
    """The probabilities 30 days before the last update (the priors when earlier)."""
    if not result.steps:
        return result.priors
    cut = result.steps[-1].at - timedelta(days=30)
    before = [s for s in result.steps if s.at <= cut]
    return before[-1].probabilities if before else result.priors


def _scale(low: float, high: float, out_low: float, out_high: float, value: float) -> float:
    span = high - low or 1.0
    return out_low + (value - low) / span * (out_high - out_low)


def chart(pack: Pack, steps: Sequence[Step], priors: Sequence[float]) -> Chart:
    """Each scenario's probability over time as step lines, from the pack's start to
    the last update (at least a week), with about five date ticks."""
    first = pack.start.toordinal()
    last = max([first + 7, *(s.at.toordinal() for s in steps)])
    x0, y0, x1, y1 = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(day: int) -> float:
        return round(_scale(first, last, x0, x1, day), 1)

    def y(p: float) -> float:
        return round(_scale(0.0, 1.0, y1, y0, p), 1)

    lines = []
    for i, scenario in enumerate(pack.scenarios):
        points = [(x(first), y(priors[i]))]
        for s in steps:
            points += [
                (x(s.at.toordinal()), points[-1][1]),
                (x(s.at.toordinal()), y(s.probabilities[i])),
            ]
        points.append((x(last), points[-1][1]))
        lines.append((scenario.title, " ".join(f"{a},{b}" for a, b in points)))
    days = [first + round(k * (last - first) / 4) for k in range(5)]
    xticks = tuple((x(d), date.fromordinal(d).isoformat()) for d in days)
    yticks = tuple((y(p / 4), f"{p * 25}%") for p in range(5))
    return Chart(WIDTH, HEIGHT, tuple(lines), xticks, yticks, (x0, y0, x1, y1))


def timeline(pack: Pack, steps: Sequence[Step], priors: Sequence[float]) -> dict[str, Any]:
    """The same probabilities as :func:`chart`, as data for the page's script: the
    pack's start, each day with updates (the probabilities after its last one) and
    the chart's last day, in seconds since 1970 (UTC), with one series per scenario."""
    first = pack.start
    last = max([first + timedelta(days=7), *(s.at for s in steps)])
    days: dict[date, Sequence[float]] = {first: priors}
    for step in steps:
        days[max(step.at, first)] = step.probabilities
    days.setdefault(last, days[max(days)])
    order = sorted(days)
    epoch = date(1970, 1, 1)
    series = [
        {"label": scenario.title, "values": [round(days[d][i], 4) for d in order],
         "axis": "y", "stepped": True}
        for i, scenario in enumerate(pack.scenarios)
    ]  # fmt: skip
    return {
        "x": [(d - epoch).days * 86400 for d in order],
        "series": series,
        "axes": [{"scale": "y", "label": "probability"}],
        "range": {"y": [0, 1]},
    }


def _resolution(store: Store, pack_id: str) -> Row | None:
    rows = store.query(
        "SELECT scenario_id, resolved_on, brier, log_score, recorded_at FROM resolutions"
        " WHERE pack_id = ? ORDER BY recorded_at DESC LIMIT 1",
        [pack_id],
    )
    names = ("scenario_id", "resolved_on", "brier", "log_score", "recorded_at")
    return dict(zip(names, rows[0], strict=True)) if rows else None


def postmortem(store: Store, result: RunResult, true: str, on: date, top: int = 5) -> Row:
    """The evidence up to ``on`` that raised the true scenario most, and lowered it most."""
    ranked = moved(result, true, on)
    right = [m for m in ranked if m.deltas[true] > 0][:top]
    wrong = [m for m in reversed(ranked) if m.deltas[true] < 0][:top]
    return {"right": with_facts(store, right), "wrong": with_facts(store, wrong)}


def _most(result: RunResult, scenario_id: str) -> Evidence | None:
    """The update that moved ``scenario_id`` most, either way."""
    found = moved(result, scenario_id)
    return min(found, key=lambda m: (-abs(m.deltas[scenario_id]), m.step), default=None)


def board_page(store: Store, pack: Pack, top: int = 10) -> Mapping[str, Any]:
    """The board of ``pack`` over ``store``: each scenario now, its prior and changes,
    the evidence that moved it most, the chart, the top updates and any resolution."""
    result = replay(store, pack).result()
    now, ago = result.probabilities, _month_ago(result)
    ranked = moved(result)[:top]
    most = [_most(result, scenario.id) for scenario in pack.scenarios]
    described = with_facts(store, [*ranked, *(m for m in most if m is not None)])
    ranked, found = described[: len(ranked)], iter(described[len(ranked) :])
    tops = [None if m is None else next(found) for m in most]
    scenarios = [
        {"id": scenario.id, "title": scenario.title, "now": now[i],
         "prior": result.priors[i], "ago": ago[i], "series": i % 8, "top": tops[i]}
        for i, scenario in enumerate(pack.scenarios)
    ]  # fmt: skip
    resolution = _resolution(store, pack.id)
    if resolution is not None and resolution["scenario_id"] in result.scenarios:
        resolution.update(
            postmortem(store, result, resolution["scenario_id"], resolution["resolved_on"])
        )
    return {
        "pack": pack,
        "scenarios": scenarios,
        "updates": len(result.steps),
        "clusters": result.clusters,
        "ranked": ranked,
        "chart": chart(pack, result.steps, result.priors),
        "timeline": timeline(pack, result.steps, result.priors),
        "resolution": resolution,
    }

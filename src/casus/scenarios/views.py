"""Reading a pack's ledger: which evidence moved which scenario most (:func:`explain`),
each scenario's probability over time (:func:`history`, :func:`daily`), and the board
(:func:`board`: probability, changes, the evidence that moved each scenario most)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ..errors import StoreError
from ..store.db import Store
from ..store.query import reviewed_events_sql
from .ledger import registered
from .model import Pack

__all__ = [
    "CLUSTER_FACTS",
    "BoardRow",
    "Evidence",
    "HistoryRow",
    "board",
    "cluster_facts",
    "daily",
    "evidence_of",
    "explain",
    "history",
    "require_ledger",
    "with_facts",
]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One (cluster, indicator) update of the ledger, with what the store says of it."""

    step: int
    at: date
    cluster_id: str
    indicator_id: str
    weight: float
    deltas: dict[str, float]
    """Scenario to its change of log-odds."""
    state: str
    independent: int
    outlets: tuple[str, ...]
    text: str
    """The evidence text of the cluster's first counted mention."""
    article_id: str = ""
    title: str = ""
    """The article of that mention, and its title."""

    @property
    def moved(self) -> float:
        return sum(abs(d) for d in self.deltas.values())


@dataclass(frozen=True, slots=True)
class HistoryRow:
    step: int
    at: date
    cluster_id: str | None
    indicator_id: str | None
    probabilities: dict[str, float]


@dataclass(frozen=True, slots=True)
class BoardRow:
    scenario_id: str
    title: str
    probability: float
    prior: float
    month_ago: float
    """The probability 30 days before the last evidence (the prior when earlier)."""
    top: Evidence | None
    """The evidence that moved this scenario most."""


def require_ledger(store: Store, pack: Pack) -> None:
    """Raise unless the store holds a ledger of this very pack."""
    if not registered(store, pack):
        raise StoreError(
            f"{store.path}: no ledger of pack {pack.id} (or the pack changed since);"
            f" run 'casus scenarios run {pack.id}' first"
        )


def history(store: Store, pack: Pack) -> list[HistoryRow]:
    """Every step of the ledger (step 0: the priors), with each scenario's probability."""
    rows = store.query(
        'SELECT step, "at", cluster_id, indicator_id, scenario_id, probability FROM ledger'
        " WHERE pack_id = ? ORDER BY step, scenario_id",
        [pack.id],
    )
    steps: dict[int, HistoryRow] = {}
    for step, at, cluster_id, indicator_id, scenario_id, probability in rows:
        if step not in steps:
            steps[step] = HistoryRow(step, at, cluster_id, indicator_id, {})
        steps[step].probabilities[scenario_id] = probability
    order = [s.id for s in pack.scenarios]
    return [
        HistoryRow(r.step, r.at, r.cluster_id, r.indicator_id,
                   {sid: r.probabilities[sid] for sid in order if sid in r.probabilities})
        for r in steps.values()
    ]  # fmt: skip


def daily(rows: list[HistoryRow], start: date, end: date) -> list[tuple[date, dict[str, float]]]:
    """The probabilities at the end of each day from ``start`` to ``end`` inclusive."""
    found: list[tuple[date, dict[str, float]]] = []
    current = rows[0].probabilities
    index = 1
    day = start
    while day <= end:
        while index < len(rows) and rows[index].at <= day:
            current = rows[index].probabilities
            index += 1
        found.append((day, current))
        day += timedelta(days=1)
    return found


def evidence_of(store: Store, pack: Pack, keys: list[tuple[str, str]]) -> list[Evidence]:
    """The ledger's updates for the given (cluster, indicator) pairs, with the cluster's
    state, independent outlets and first counted mention's evidence text."""
    if not keys:
        return []
    clusters = sorted({c for c, _ in keys})
    rows = store.query(
        'SELECT cluster_id, indicator_id, step, "at", weight, scenario_id, delta_logodds'
        " FROM ledger WHERE pack_id = ? AND step > 0"
        " AND cluster_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY step, scenario_id",
        [pack.id, clusters],
    )
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for cluster_id, indicator_id, step, at, weight, scenario_id, delta in rows:
        entry = found.setdefault(
            (cluster_id, indicator_id),
            {"step": step, "at": at, "weight": weight, "deltas": defaultdict(float)},
        )
        entry["deltas"][scenario_id] += delta
    bare = [
        Evidence(e["step"], e["at"], key[0], key[1], e["weight"],
                 {s.id: e["deltas"][s.id] for s in pack.scenarios}, "", 0, (), "")
        for key in keys
        if (e := found.get(key)) is not None
    ]  # fmt: skip
    return with_facts(store, bare)


def with_facts(store: Store, updates: Sequence[Evidence]) -> list[Evidence]:
    """``updates`` with what the store says of each one's cluster (:func:`cluster_facts`,
    one query for all): its state, outlets, and first counted mention."""
    about = cluster_facts(store, sorted({u.cluster_id for u in updates}))
    result = []
    for update in updates:
        facts = about.get(update.cluster_id, {})
        result.append(
            replace(update, state=facts.get("state", ""),
                    independent=facts.get("independent", 0), outlets=facts.get("outlets", ()),
                    text=facts.get("text", ""), article_id=facts.get("article_id") or "",
                    title=facts.get("title") or "")
        )  # fmt: skip
    return result


CLUSTER_FACTS = ("state", "independent", "outlets", "text", "article_id", "title")
"""What :func:`cluster_facts` tells of a cluster."""


def cluster_facts(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """For each cluster of ``ids``: its state, independent outlets, sorted outlets, and
    the evidence text, article id and title of its first counted mention (asserted or
    reported once reviews are applied, in arrival order)."""
    if not ids:
        return {}
    first = "a.seq * 100000 + e.idx"
    rows = store.query(
        f"""SELECT c.id, c.state, c.num_independent,
            list_sort(list_distinct(list(coalesce(a.outlet, 'unknown')))),
            arg_min(coalesce(e.evidence_text, ''), {first}),
            arg_min(a.id, {first}), arg_min(a.title, {first})
        FROM clusters c JOIN ({reviewed_events_sql()}) e ON e.cluster_id = c.id
        JOIN articles a ON a.id = e.article_id
        WHERE c.id IN (SELECT unnest(?::VARCHAR[]))
            AND e.factuality IN ('asserted', 'reported')
        GROUP BY c.id, c.state, c.num_independent""",
        [list(ids)],
    )
    return {
        r[0]: {
            "state": r[1], "independent": int(r[2] or 0), "outlets": tuple(r[3]),
            "text": r[4], "article_id": r[5], "title": r[6],
        }
        for r in rows
    }  # fmt: skip


def explain(
    store: Store, pack: Pack, top: int = 10, scenario_id: str | None = None
) -> list[Evidence]:
    """The ``top`` pieces of evidence that moved the probabilities most: by the sum of
    |change of log-odds| over the scenarios, or by that of ``scenario_id``."""
    which = "" if scenario_id is None else " AND scenario_id = ?"
    params: list[Any] = [pack.id] if scenario_id is None else [pack.id, scenario_id]
    rows = store.query(
        "SELECT cluster_id, indicator_id, sum(abs(delta_logodds)) AS moved, min(step)"
        f" FROM ledger WHERE pack_id = ? AND step > 0{which}"
        " GROUP BY cluster_id, indicator_id ORDER BY moved DESC, min(step) LIMIT ?",
        [*params, top],
    )
    return evidence_of(store, pack, [(r[0], r[1]) for r in rows])


def board(store: Store, pack: Pack) -> list[BoardRow]:
    """Each scenario now, its change since the prior and since 30 days before the last
    evidence, and the evidence that moved it most."""
    rows = history(store, pack)
    last = rows[-1]
    month = [r for r in rows if r.at <= last.at - timedelta(days=30)] if len(rows) > 1 else []
    ago = (month[-1] if month else rows[0]).probabilities
    found = []
    for scenario in pack.scenarios:
        top = explain(store, pack, 1, scenario.id)
        found.append(
            BoardRow(scenario.id, scenario.title, last.probabilities[scenario.id],
                     rows[0].probabilities[scenario.id], ago[scenario.id],
                     top[0] if top else None)
        )  # fmt: skip
    return found

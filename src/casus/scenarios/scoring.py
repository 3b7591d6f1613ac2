"""Resolution and scoring: a pack's forecasts against the outcome.

For each day from the pack's start to the resolution date, the probabilities at the end
of that day (the ledger's last update on or before it, else the priors) are scored:

- Brier (multi-category): ``sum_i (p_i - o_i)^2``, ``o_i`` 1 for the scenario that
  came true and 0 for the others (0 is perfect, 2 the worst);
- log score: ``-ln p_true`` (0 is perfect).

Each is reported as the mean over the days and for the final day. The post-mortem lists
the evidence that raised the true scenario's probability most (it pointed the right
way) and that lowered it most (the wrong way).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from ..errors import UsageError
from ..store.db import Store
from .model import Pack
from .views import Evidence, daily, evidence_of, history, require_ledger

__all__ = ["Resolution", "brier", "log_score", "resolve", "score"]


@dataclass(frozen=True)
class Resolution:
    pack_id: str
    scenario_id: str
    resolved_on: date
    days: int
    brier_mean: float
    brier_final: float
    log_mean: float
    log_final: float
    right: tuple[Evidence, ...]
    """The evidence that raised the true scenario most."""
    wrong: tuple[Evidence, ...]
    """The evidence that lowered it most."""


def brier(probabilities: dict[str, float], true: str) -> float:
    return sum((p - (sid == true)) ** 2 for sid, p in probabilities.items())


def log_score(probabilities: dict[str, float], true: str) -> float:
    return -math.log(probabilities[true])


def score(
    days: list[tuple[date, dict[str, float]]], true: str
) -> tuple[float, float, float, float]:
    """(mean Brier, final Brier, mean log score, final log score) over ``days``."""
    briers = [brier(p, true) for _, p in days]
    logs = [log_score(p, true) for _, p in days]
    return sum(briers) / len(briers), briers[-1], sum(logs) / len(logs), logs[-1]


def _pointed(store: Store, pack: Pack, true: str, on: date, top: int) -> tuple[Evidence, ...]:
    order = "DESC" if top > 0 else "ASC"
    sign = ">" if top > 0 else "<"
    rows = store.query(
        "SELECT cluster_id, indicator_id FROM ledger WHERE pack_id = ? AND step > 0"
        f' AND scenario_id = ? AND "at" <= ? AND delta_logodds {sign} 0'
        f" ORDER BY delta_logodds {order}, step LIMIT ?",
        [pack.id, true, on, abs(top)],
    )
    return tuple(evidence_of(store, pack, [(r[0], r[1]) for r in rows]))


def resolve(store: Store, pack: Pack, scenario_id: str, on: date, top: int = 5) -> Resolution:
    """Record that ``scenario_id`` came true on ``on`` (replacing an earlier resolution
    of the pack) and score the pack's ledger (which must be current) against it."""
    if scenario_id not in {s.id for s in pack.scenarios}:
        known = ", ".join(s.id for s in pack.scenarios)
        raise UsageError(f"pack {pack.id} has no scenario {scenario_id!r} (it has {known})")
    if on < pack.start:
        raise UsageError(f"{on} is before the pack's start ({pack.start})")
    require_ledger(store, pack)
    days = daily(history(store, pack), pack.start, on)
    brier_mean, brier_final, log_mean, log_final = score(days, scenario_id)
    with store.transaction():
        store.execute("DELETE FROM resolutions WHERE pack_id = ?", [pack.id])
        store.insert(
            "resolutions",
            [(pack.id, scenario_id, on, brier_mean, log_mean,
              datetime.now().replace(microsecond=0))],
        )  # fmt: skip
    return Resolution(
        pack.id, scenario_id, on, len(days), brier_mean, brier_final, log_mean, log_final,
        _pointed(store, pack, scenario_id, on, top), _pointed(store, pack, scenario_id, on, -top),
    )  # fmt: skip

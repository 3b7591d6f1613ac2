"""The ledger: a pack's probabilities updated by the store's evidence, one row per
update and scenario.

:func:`replay` reads every (cluster, indicator) match in time order (:mod:`.match`)
and applies each as a tempered likelihood update over the exclusive scenarios:
``ln p_i += w * ln L_i``, then renormalise, with ``w`` from :mod:`.weights` and the
damping of repeated firings. Evidence dated before the pack's start (already in its
priors) or after its horizon is not read. :func:`run` replaces the pack's ledger rows
with the replay's, in one transaction; the rows hold no wall-clock time, so the same
store and pack give the same ledger, byte for byte.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..errors import DataError, StoreError
from ..store.db import Store
from .match import Match, SqlPart, candidates, evidence_relation, match_sql, to_match
from .model import Indicator, Pack
from .weights import Weights, default_weights

__all__ = ["RunResult", "Step", "Updater", "digest", "matches", "registered", "replay", "run"]

_FETCH = 65_536
_LIKELIHOOD_FLOOR = 1e-6


@dataclass(frozen=True, slots=True)
class Step:
    """One update: the evidence, its weight, and per scenario (in the pack's order)
    the change of log-odds and the probability after it."""

    step: int
    at: date
    cluster_id: str
    indicator_id: str
    weight: float
    deltas: tuple[float, ...]
    probabilities: tuple[float, ...]


@dataclass(frozen=True)
class RunResult:
    pack_id: str
    scenarios: tuple[str, ...]
    priors: tuple[float, ...]
    steps: tuple[Step, ...] = field(default=())

    @property
    def probabilities(self) -> tuple[float, ...]:
        """The probabilities after the last update (the priors when none)."""
        return self.steps[-1].probabilities if self.steps else self.priors

    @property
    def clusters(self) -> int:
        """Event clusters that moved the probabilities."""
        return len({step.cluster_id for step in self.steps})


def _logsumexp(values: Sequence[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def _logit(logp: float) -> float:
    return logp - math.log1p(-math.exp(logp)) if logp < 0 else math.inf


class Updater:
    """The state of a replay: log-probabilities and each indicator's damping window."""

    def __init__(self, pack: Pack, weights: Weights) -> None:
        self.pack = pack
        self.weights = weights
        self.ids = tuple(s.id for s in pack.scenarios)
        self.floor = math.log(weights.probability_floor) if weights.probability_floor else None
        self.logp = self._normalised([math.log(max(s.prior, 1e-12)) for s in pack.scenarios])
        self.priors = tuple(math.exp(v) for v in self.logp)
        self.loglik = [self._loglik(indicator) for indicator in pack.indicators]
        self.windows: dict[int, tuple[date, int]] = {}
        self.steps: list[Step] = []

    def _loglik(self, indicator: Indicator) -> tuple[float, ...]:
        missing = [sid for sid in self.ids if sid not in indicator.likelihoods]
        if missing:
            raise DataError(
                f"indicator {indicator.id} gives no likelihood under {', '.join(missing)}",
                where=f"{self.pack.source or self.pack.id}:{indicator.line}",
            )
        return tuple(
            math.log(min(max(indicator.likelihoods[sid], _LIKELIHOOD_FLOOR), 1.0))
            for sid in self.ids
        )

    def _normalised(self, logp: list[float]) -> list[float]:
        total = _logsumexp(logp)
        logp = [v - total for v in logp]
        if self.floor is not None and min(logp) < self.floor:
            logp = [max(v, self.floor) for v in logp]
            total = _logsumexp(logp)
            logp = [v - total for v in logp]
        return logp

    def damping(self, k: int, at: date) -> float:
        """The damping factor of indicator ``k`` firing on ``at`` (and count it)."""
        period = self.pack.indicators[k].period_days
        opened = self.windows.get(k)
        if opened is None or (at - opened[0]).days >= period:
            self.windows[k] = (at, 1)
            return 1.0
        self.windows[k] = (opened[0], opened[1] + 1)
        return float(self.weights.damping ** opened[1])

    def weight(self, match: Match) -> float:
        """The weight of a match: factuality x corroboration x reliability x damping."""
        base = (
            match.factuality
            * self.weights.corroboration(match.state, match.independent)
            * match.reliability
        )
        if base <= 0:
            return 0.0
        return base * self.damping(match.indicator, match.at)

    def apply(self, match: Match) -> Step | None:
        """Update by ``match``; the step, or None when it weighs nothing."""
        w = self.weight(match)
        if w <= 0:
            return None
        before = self.logp
        after = self._normalised(
            [lp + w * ll for lp, ll in zip(before, self.loglik[match.indicator], strict=True)]
        )
        self.logp = after
        step = Step(
            step=len(self.steps) + 1,
            at=match.at,
            cluster_id=match.cluster_id,
            indicator_id=self.pack.indicators[match.indicator].id,
            weight=w,
            deltas=tuple(_logit(a) - _logit(b) for a, b in zip(after, before, strict=True)),
            probabilities=tuple(math.exp(v) for v in after),
        )
        self.steps.append(step)
        return step

    def result(self) -> RunResult:
        return RunResult(self.pack.id, self.ids, self.priors, tuple(self.steps))


def matches(store: Store, pack: Pack, weights: Weights, relation: SqlPart) -> list[Match]:
    """Every match of the pack's indicators in ``relation``, in time order."""
    query = match_sql(
        list(enumerate(pack.indicators)), weights, relation, (pack.start, pack.horizon)
    )
    result = store.con.execute(query.sql, query.params)
    found: list[Match] = []
    while rows := result.fetchmany(_FETCH):
        found += [to_match(row) for row in rows]
    return found


def replay(store: Store, pack: Pack, weights: Weights | None = None) -> Updater:
    """The pack replayed over the store's evidence (nothing written)."""
    weights = weights or default_weights()
    updater = Updater(pack, weights)
    relation = evidence_relation(weights, candidates=candidates(pack.indicators))
    for match in matches(store, pack, weights, relation):
        updater.apply(match)
    return updater


def digest(pack: Pack) -> str:
    """sha256 of the pack's file when it has one, else of its content."""
    if pack.source and Path(pack.source).is_file():
        return hashlib.sha256(Path(pack.source).read_bytes()).hexdigest()
    return hashlib.sha256(repr(pack).encode("utf-8")).hexdigest()


def _ledger_rows(result: RunResult) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for sid, prior in zip(result.scenarios, result.priors, strict=True):
        rows.append((result.pack_id, 0, None, None, None, None, sid, 0.0, prior))
    for s in result.steps:
        for sid, delta, p in zip(result.scenarios, s.deltas, s.probabilities, strict=True):
            rows.append(
                (result.pack_id, s.step, s.at, s.cluster_id, s.indicator_id, s.weight, sid,
                 delta, p)
            )  # fmt: skip
    return rows


def run(store: Store, pack: Pack, weights: Weights | None = None) -> RunResult:
    """Replay ``pack`` over ``store`` (opened for writing), replace its ledger rows and
    register it; the result. Step 0 rows hold the priors (dated the pack's start)."""
    if not store.writable:
        raise StoreError(f"{store.path}: opened read-only; the ledger needs a writable store")
    result = replay(store, pack, weights).result()
    rows = _ledger_rows(result)
    rows = [(r[0], r[1], pack.start if r[1] == 0 else r[2], *r[3:]) for r in rows]
    with store.transaction():
        store.execute("DELETE FROM ledger WHERE pack_id = ?", [pack.id])
        store.insert("ledger", rows)
        store.execute("DELETE FROM scenario_packs WHERE pack_id = ?", [pack.id])
        store.insert(
            "scenario_packs",
            [(pack.id, pack.title, pack.source, digest(pack), pack.start, pack.horizon,
              datetime.now().replace(microsecond=0))],
        )  # fmt: skip
    return result


def registered(store: Store, pack: Pack) -> bool:
    """Whether the store holds a ledger of this very pack (same digest)."""
    found = store.query("SELECT digest FROM scenario_packs WHERE pack_id = ?", [pack.id])
    return bool(found) and found[0][0] == digest(pack)

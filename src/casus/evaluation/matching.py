"""Actor-aware matching of predicted events to gold events (``casus eval gold`` and
``casus eval plover``).

A gold event names its actors as lists of codes, so it stands for one or more *dyads*:

* a directed event ("X accused Y", "X and Z attacked Y") for every (source, target) pair
  of its lists, in that direction; an empty side is the empty code;
* a reciprocal event ("X and Y held talks", annotated with the same parties on both
  sides) for every unordered pair of distinct parties: {X, Y}, not X→Y and Y→X.

A predicted event fills a dyad when its codes agree with it: source with the first code
and target with the second; for an unordered dyad either way round; and for a
``symmetric`` prediction (casus's two-way event, emitted once) either way round too.

Matching is one-to-one at the level of dyads, in two maximum matchings (Kuhn's augmenting
paths, visiting predictions in document order and gold events in annotation order, so the
result is deterministic):

1. predictions against gold events, each at most once: this fixes which gold events are
   found (the most that can be);
2. then the predictions left over against the dyads still free in the gold events found,
   each dyad at most once: "X and Z attacked Y" coded as X→Y and Z→Y is two right
   events, one gold event found. Augmenting paths never unmatch what is matched, so no
   gold event found in step 1 is lost.

A duplicate (a second prediction of a dyad already filled, or X→Y and Y→X for a
reciprocal {X, Y}) fills nothing and counts against precision.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..model import ActorRef, Event, SpeechAct

__all__ = ["Dyad", "Matching", "Reading", "fits", "gold_dyads", "match", "pair_mirrors", "readings"]

P = TypeVar("P")
T = TypeVar("T")
K = TypeVar("K")
A = TypeVar("A")
L = TypeVar("L", bound=Hashable)
R = TypeVar("R", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Dyad:
    """Two gold codes: ``first`` acts on ``second``, or, when not ``ordered`` (a
    reciprocal event), the two act with each other."""

    first: str
    second: str
    ordered: bool = True


def gold_dyads(sources: Sequence[str], targets: Sequence[str], reciprocal: bool) -> list[Dyad]:
    """The dyads a gold event stands for (codes already normalised; "" for none)."""
    if reciprocal:
        parties = [*sources, *(t for t in targets if t not in sources)]
        pairs = {
            tuple(sorted((a, b))) for i, a in enumerate(parties) for b in parties[i + 1 :]
        }  # two parties may share a code: Sudan's army and the RSF
        if pairs:
            return [Dyad(a, b, ordered=False) for a, b in sorted(pairs)]
    firsts = list(dict.fromkeys(sources)) or [""]
    seconds = list(dict.fromkeys(targets)) or [""]
    return [Dyad(s, t) for s in firsts for t in seconds]


def fits(
    source: P,
    target: P,
    symmetric: bool,
    dyad: Dyad,
    same: Callable[[P, str], bool],
) -> bool:
    """Do a prediction's parties fill ``dyad``? ``same(party, code)`` compares one."""
    forward = same(source, dyad.first) and same(target, dyad.second)
    if forward:
        return True
    either_way = symmetric or not dyad.ordered
    return either_way and same(source, dyad.second) and same(target, dyad.first)


@dataclass(frozen=True, slots=True)
class Matching:
    pairs: dict[int, int]
    """Matched prediction -> its gold event."""
    found: frozenset[int]
    """Gold events matched by at least one prediction."""
    further: int
    """Predictions matched as a further dyad of a gold event already found (step 2)."""


def _augment(graph: dict[L, list[R]], owner: dict[R, L], start: L) -> bool:
    """Kuhn's step: find ``start`` a free right vertex, re-seating others on the way."""
    seen: set[R] = set()

    def visit(left: L) -> bool:
        for right in graph[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or visit(owner[right]):
                owner[right] = left
                return True
        return False

    return visit(start)


def match(edges: Iterable[tuple[int, int, int]]) -> Matching:
    """Match predictions to gold events. ``edges``: (prediction, gold event, dyad index
    within that event) for every dyad a prediction fills (type and span already agree)."""
    by_gold: dict[int, list[int]] = {}
    by_slot: dict[int, list[tuple[int, int]]] = {}
    for prediction, gold, dyad in sorted(set(edges)):
        golds = by_gold.setdefault(prediction, [])
        if gold not in golds:
            golds.append(gold)
        by_slot.setdefault(prediction, []).append((gold, dyad))
    first: dict[int, int] = {}  # gold event -> prediction
    for prediction in sorted(by_gold):
        _augment(by_gold, first, prediction)
    slots: dict[tuple[int, int], int] = {}  # (gold event, dyad) -> prediction
    for gold, prediction in first.items():
        slot = next(s for s in by_slot[prediction] if s[0] == gold)
        slots[slot] = prediction
    seated = set(first.values())
    for prediction in sorted(by_slot):
        if prediction not in seated:
            _augment(by_slot, slots, prediction)
    pairs = {prediction: gold for (gold, _), prediction in slots.items()}
    return Matching(
        pairs=pairs,
        found=frozenset(gold for gold, _ in slots),
        further=len(pairs) - len(first),
    )


def pair_mirrors(items: Sequence[T], mirrors: Callable[[T, T], bool]) -> list[tuple[T, T | None]]:
    """Each item with its mirror image later in ``items`` (X->Y with Y->X of one act:
    one two-way gold event), or None; a mirror is paired once and not listed again."""
    paired: list[tuple[T, T | None]] = []
    taken: set[int] = set()
    for i, item in enumerate(items):
        if i in taken:
            continue
        mirror = next(
            (j for j in range(i + 1, len(items)) if j not in taken and mirrors(item, items[j])),
            None,
        )
        if mirror is not None:
            taken.add(mirror)
        paired.append((item, None if mirror is None else items[mirror]))
    return paired


@dataclass(frozen=True, slots=True)
class Reading(Generic[K, A]):
    """A casus event as the scorers see it: its own coding, or its speech act's."""

    kind: K
    """The type or code compared with the gold's."""
    source: A
    target: A
    symmetric: bool


def readings(
    event: Event,
    kind: Callable[[Event | SpeechAct], K],
    party: Callable[[ActorRef | None], A],
) -> list[Reading[K, A]]:
    """``event``'s readings: its own, and its speech act's when it has one (an announced
    act is also its promise or threat, as PLOVER codes it); the act is two-way only when
    the event is and its parties are the event's."""
    own = Reading(kind(event), party(event.source), party(event.target), event.symmetric)
    act = event.speech_act
    if act is None:
        return [own]
    same_parties = (act.source, act.target) == (event.source, event.target)
    symmetric = event.symmetric and same_parties
    return [own, Reading(kind(act), party(act.source), party(act.target), symmetric)]

"""Collective references to two parties: "the parties", "both sides", "the two leaders".

News reports name two actors and then refer to them together ("Putin held a telephone
conversation with Aliyev ... The parties agreed to maintain contact"). A phrase from
``lexicons/collectives.tsv`` stands for the last two distinct coded actors before it,
looking back over its own paragraph and the two before, and preferring two actors
named together ("Israel and Iran ... both sides"); with fewer than two it stands for
nobody (no guess).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise

from ...datafiles import bundled, read_tsv
from ...doc import Doc
from ...errors import DataError
from ...matcher import PhraseMatcher
from ...model import ActorMention

__all__ = ["Collective", "CollectiveEntry", "collectives", "load_collectives"]

_PARAGRAPHS_BACK = 2


@dataclass(frozen=True, slots=True)
class Collective:
    first: int
    """First token of the phrase."""
    last: int
    """One past its last token."""
    text: str
    sector: str | None
    actors: tuple[ActorMention, ...]
    """The two actors it stands for, in text order."""


_PEOPLE = frozenset({"person", "role"})
_REFERS = ("states", "people", "any")


@dataclass(frozen=True, slots=True)
class CollectiveEntry:
    """What a collective phrase stands for: its sector, and whom it may refer to."""

    sector: str | None
    refers: str

    def accepts(self, actor: ActorMention) -> bool:
        if self.refers == "any":
            return True
        return (actor.kind in _PEOPLE) == (self.refers == "people")


def load_collectives() -> PhraseMatcher[CollectiveEntry]:
    """Phrase -> what it implies, from ``collectives.tsv``."""
    matcher: PhraseMatcher[CollectiveEntry] = PhraseMatcher(lower=True, name="collectives")
    path = bundled("casus.lexicons", "collectives.tsv")
    for row in read_tsv(path, ("text", "sector", "refers")):
        refers = row.get("refers") or "any"
        if refers not in _REFERS:
            raise DataError(f"refers must be one of {', '.join(_REFERS)}", where=row.where)
        for phrase in row.alternatives("text"):
            matcher.add(phrase, CollectiveEntry(row.get("sector") or None, refers))
    return matcher


def collectives(doc: Doc, matcher: PhraseMatcher[CollectiveEntry]) -> list[Collective]:
    """The collective phrases of ``doc`` (``matcher``: see :func:`load_collectives`)
    that resolve to two earlier actors."""
    tokens = doc.tokens
    coded = sorted((a for a in doc.actors if a.code), key=lambda a: a.start)
    windows = _Windows(doc)
    referred: dict[str, _Referred] = {}  # by what a phrase may refer to
    found: list[Collective] = []
    for match in matcher.find(tokens, 0, len(tokens)):
        start = tokens.starts[match.first]
        entry = match.values[0]
        if entry.refers not in referred:
            actors = [a for a in coded if entry.accepts(a)]
            referred[entry.refers] = _Referred(doc.text, actors)
        pair = referred[entry.refers].pair(doc.text, windows.start(start), start)
        if len(pair) == 2:
            text = doc.text[start : tokens.ends[match.last - 1]]
            found.append(Collective(match.first, match.last, text, entry.sector, tuple(pair)))
    return found


class _Referred:
    """The coded actors that one kind of phrase may refer to, in text order, with what
    the look-back needs worked out once: which neighbours are named together, and the
    nearest earlier actor of another code. A phrase then costs a bisection however
    many actors its paragraphs name."""

    def __init__(self, text: str, actors: list[ActorMention]) -> None:
        self.actors = actors
        self.starts = [a.start for a in actors]
        self.disjoint = all(a.end <= b.start for a, b in pairwise(actors))
        self.together = [
            j for j in range(1, len(actors)) if _together(text, *actors[j - 1 : j + 1])
        ]
        self.other: list[int] = []  # index of the nearest earlier actor of another code
        for j, actor in enumerate(actors):
            if j == 0:
                self.other.append(-1)
            else:
                same = actors[j - 1].code == actor.code
                self.other.append(self.other[j - 1] if same else j - 1)

    def pair(self, text: str, floor: int, start: int) -> list[ActorMention]:
        """The two actors a phrase at ``start`` stands for, looking back to ``floor``:
        the latest two named together, else the last two distinct."""
        lo, hi = bisect_left(self.starts, floor), bisect_right(self.starts, start - 1)
        if not self.disjoint:  # overlapping mentions (made by hand): one by one
            earlier = [a for a in self.actors[lo:hi] if a.end <= start]
            return _coordinated_pair(text, earlier) or _last_two(earlier)
        if hi > lo and self.actors[hi - 1].end > start:
            hi -= 1  # it runs into the phrase
        k = bisect_right(self.together, hi - 1) - 1
        if k >= 0 and self.together[k] > lo:
            j = self.together[k]
            return [self.actors[j - 1], self.actors[j]]
        if hi <= lo:
            return []
        other = self.other[hi - 1]
        return [self.actors[other], self.actors[hi - 1]] if other >= lo else [self.actors[hi - 1]]


_COORDINATOR = re.compile(r"\s*(?:,|and|&|, and)\s+(?:the\s+)?", re.IGNORECASE)


def _together(text: str, a: ActorMention, b: ActorMention) -> bool:
    """Two actors named together: "Israel and Iran", "between India and Pakistan"."""
    return a.code != b.code and _COORDINATOR.fullmatch(text, a.end, b.start) is not None


def _coordinated_pair(text: str, earlier: list[ActorMention]) -> list[ActorMention]:
    """The latest two actors named together: "both sides" most often means them."""
    for b_index in range(len(earlier) - 1, 0, -1):
        a, b = earlier[b_index - 1], earlier[b_index]
        if _together(text, a, b):
            return [a, b]
    return []


def _last_two(earlier: list[ActorMention]) -> list[ActorMention]:
    """The last two distinct actors before the phrase."""
    pair: list[ActorMention] = []
    for actor in reversed(earlier):
        if all(actor.code != p.code for p in pair):
            pair.insert(0, actor)
        if len(pair) == 2:
            break
    return pair


class _Windows:
    """Where to stop looking back from an offset: the start of the paragraph two before
    its own (body paragraphs and block quotes only), found by bisection."""

    def __init__(self, doc: Doc) -> None:
        self.segments = [s for s in doc.segments if s.kind in {"body", "quote"}]
        self.starts = [s.start for s in self.segments]

    def start(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        if index < 0 or offset >= self.segments[index].end:
            return offset
        return self.segments[max(0, index - _PARAGRAPHS_BACK)].start

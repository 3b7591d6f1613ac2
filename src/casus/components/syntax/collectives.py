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
from bisect import bisect_right
from dataclasses import dataclass

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
    starts = [a.start for a in coded]
    found: list[Collective] = []
    for match in matcher.find(tokens, 0, len(tokens)):
        start = tokens.starts[match.first]
        entry = match.values[0]
        floor = _window_start(doc, start)
        earlier = [
            a
            for a in coded[: bisect_right(starts, start - 1)]
            if floor <= a.start and a.end <= start and entry.accepts(a)
        ]
        pair = _coordinated_pair(doc.text, earlier) or _last_two(earlier)
        if len(pair) == 2:
            text = doc.text[start : tokens.ends[match.last - 1]]
            found.append(Collective(match.first, match.last, text, entry.sector, tuple(pair)))
    return found


_COORDINATOR = re.compile(r"\s*(?:,|and|&|, and)\s+(?:the\s+)?", re.IGNORECASE)


def _coordinated_pair(text: str, earlier: list[ActorMention]) -> list[ActorMention]:
    """The latest two actors named together ("Israel and Iran", "between India and
    Pakistan"): "both sides" most often means them."""
    for b_index in range(len(earlier) - 1, 0, -1):
        a, b = earlier[b_index - 1], earlier[b_index]
        if a.code != b.code and _COORDINATOR.fullmatch(text, a.end, b.start):
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


def _window_start(doc: Doc, offset: int) -> int:
    """Where to stop looking back: the start of the paragraph two before ``offset``'s."""
    segments = [s for s in doc.segments if s.kind in {"body", "quote"}]
    index = next((i for i, s in enumerate(segments) if s.start <= offset < s.end), None)
    if index is None:
        return offset
    return segments[max(0, index - _PARAGRAPHS_BACK)].start

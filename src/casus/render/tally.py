"""Running counters for a batch report's overview.

A :class:`Tally` keeps counts, never analyses: its size depends on how many distinct
outlets, actor codes and languages a batch has (each capped), not on how many articles
it holds, so a report over thousands of articles stays small in memory."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import ActorMention, Analysis, SetAside
from .common import MAX_LISTED, snippet

__all__ = ["MAX_KEYS", "OTHER", "ArticleFacts", "Tally"]

MAX_KEYS = 1000
"""Distinct values kept per counter; later new values are counted under :data:`OTHER`."""
OTHER = "(all others)"
UNKNOWN = "unknown"


def _key(value: str | None) -> str:
    """A counter key from article data: one line, at most 80 characters."""
    return snippet(value, 80) or UNKNOWN


def _actor_label(x: ActorMention) -> str:
    code = " ".join(c for c in (x.code, x.sector) if c)
    return _key(f"{x.name} ({code})" if code else x.name)


def _place_label(name: str, country: str | None) -> str:
    return _key(f"{name} ({country})" if country else name)


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What one analysis adds to the overview, worked out before it is counted."""

    outlet: str
    genre: str
    language: str
    published: str | None
    events: int
    claims: int
    factuality: Counter[str]
    event_types: Counter[str]
    dyads: Counter[tuple[str, str]]
    dyad_types: Counter[tuple[str, str, str]]
    fragments: Counter[str]
    actors: Counter[str]
    locations: Counter[str]

    @classmethod
    def of(cls, analysis: Analysis) -> ArticleFacts:
        a = analysis.article
        dyads: Counter[tuple[str, str]] = Counter()
        dyad_types: Counter[tuple[str, str, str]] = Counter()
        for e in analysis.events:
            if e.source is not None and e.target is not None and e.source.code and e.target.code:
                pair = (_key(e.source.code), _key(e.target.code))
                for way in (pair, pair[::-1]) if e.symmetric else (pair,):  # two-way: both
                    dyads[way] += 1
                    dyad_types[(*way, _key(e.type))] += 1
        return cls(
            outlet=_key(a.source),
            genre=_key(a.genre),
            language=_key(a.language),
            published=snippet(a.published, 40) or None,
            events=len(analysis.events),
            claims=len(analysis.claims),
            factuality=Counter(e.factuality for e in analysis.events),
            event_types=Counter(_key(e.type) for e in analysis.events),
            dyads=dyads,
            dyad_types=dyad_types,
            fragments=Counter(_key(x.language) for x in analysis.artifacts),
            actors=Counter(_actor_label(x) for x in analysis.actors),
            locations=Counter(
                _place_label(e.location.name, e.location.country)
                for e in analysis.events
                if e.location is not None
            ),
        )


def _add(total: Counter[str], key: str, n: int = 1) -> None:
    total[key if key in total or len(total) < MAX_KEYS else OTHER] += n


def _add_pairs(total: Counter[tuple[str, str]], part: Counter[tuple[str, str]]) -> None:
    for key, n in part.items():
        total[key if key in total or len(total) < MAX_KEYS else (OTHER, OTHER)] += n


@dataclass(slots=True)
class Tally:
    """The overview's counters, updated one analysis (or set-aside item) at a time."""

    articles: int = 0
    events: int = 0
    claims: int = 0
    outlets: Counter[str] = field(default_factory=Counter)
    genres: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    undated: int = 0
    first_published: str | None = None
    last_published: str | None = None
    factuality: Counter[str] = field(default_factory=Counter)
    event_types: Counter[str] = field(default_factory=Counter)
    dyads: Counter[tuple[str, str]] = field(default_factory=Counter)
    dyad_types: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    fragments: Counter[str] = field(default_factory=Counter)
    actor_mentions: Counter[str] = field(default_factory=Counter)
    actor_articles: Counter[str] = field(default_factory=Counter)
    locations: Counter[str] = field(default_factory=Counter)
    set_aside: list[SetAside] = field(default_factory=list)
    """The first :data:`MAX_LISTED` set-aside items; :attr:`set_aside_noted` counts all."""
    set_aside_noted: int = 0

    def add(self, facts: ArticleFacts) -> None:
        self.articles += 1
        self.events += facts.events
        self.claims += facts.claims
        _add(self.outlets, facts.outlet)
        _add(self.genres, facts.genre)
        _add(self.languages, facts.language)
        self._dated(facts.published)
        self.factuality.update(facts.factuality)
        for counts, total in (
            (facts.event_types, self.event_types),
            (facts.fragments, self.fragments),
            (facts.actors, self.actor_mentions),
            (facts.locations, self.locations),
        ):
            for key, n in counts.items():
                _add(total, key, n)
        for key in facts.actors:
            _add(self.actor_articles, key)
        _add_pairs(self.dyads, facts.dyads)
        for (src, tgt, kind), n in facts.dyad_types.items():
            if (src, tgt) in self.dyads and len(self.dyad_types) < MAX_KEYS * 4:
                self.dyad_types[(src, tgt, kind)] += n

    def _dated(self, published: str | None) -> None:
        if published is None:
            self.undated += 1
            return
        if self.first_published is None or published < self.first_published:
            self.first_published = published
        if self.last_published is None or published > self.last_published:
            self.last_published = published

    def note(self, item: SetAside) -> None:
        self.set_aside_noted += 1
        if len(self.set_aside) < MAX_LISTED:
            self.set_aside.append(item)

    def dyad_top_types(self, pair: tuple[str, str], limit: int = 3) -> list[tuple[str, int]]:
        """The commonest event types of one dyad."""
        kinds = Counter({k: n for (s, t, k), n in self.dyad_types.items() if (s, t) == pair})
        return kinds.most_common(limit)

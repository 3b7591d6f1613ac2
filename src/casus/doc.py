"""The working document that pipeline components annotate.

A :class:`Doc` is created from an :class:`~casus.model.Article`, passed through the
components (each fills the layers it declares in ``assigns``) and finally frozen into an
:class:`~casus.model.Analysis`. It is the only mutable object in an analysis, and it
lives for one article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Protocol, TypeVar

from .model import (
    ActorMention,
    Analysis,
    Article,
    ArticleInfo,
    Artifact,
    Claim,
    DateMention,
    Event,
    PlaceMention,
    Segment,
)
from .text import Tokens, sentence_spans, tokenize

__all__ = ["LAYERS", "Doc"]


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_S = TypeVar("_S", bound=_Spanned)


def ordered(items: list[_S]) -> tuple[_S, ...]:
    """Items sorted by position (start, then end)."""
    return tuple(sorted(items, key=lambda item: (item.start, item.end)))


LAYERS = (
    "segments",
    "artifacts",
    "language",
    "genre",
    "actors",
    "places",
    "dates",
    "events",
    "claims",
)
"""Names a component may declare in ``requires``/``assigns`` (besides ``tokens``)."""


@dataclass(eq=False)
class Doc:
    article: Article
    segments: list[Segment] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    language: str = "en"
    genre: str = "unknown"
    genre_rule: str = ""
    published: date | None = None
    published_basis: str = "unknown"
    home_country: str | None = None
    """The country of the dateline ("BAKU, June 30 —"), set with the actors."""
    notes: list[str] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    shared: dict[str, object] = field(default_factory=dict)
    """Derived data that several components use (built once per document)."""

    def __post_init__(self) -> None:
        self.title = self.title or self.article.title
        self.author = self.author or self.article.author
        if self.article.published is not None:
            self.published = self.article.published
            self.published_basis = "metadata"

    @property
    def text(self) -> str:
        return self.article.text

    @cached_property
    def tokens(self) -> Tokens:
        return tokenize(self.article.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans over the whole text (lines never join)."""
        return sentence_spans(self.article.text)

    @cached_property
    def token_segments(self) -> list[str | None]:
        """The segment kind of every token (None outside segments). Read it only after
        the segments are set: it is computed once."""
        kinds: list[str | None] = []
        segments = self.segments
        index = 0
        for start in self.tokens.starts:
            while index < len(segments) and segments[index].end <= start:
                index += 1
            inside = index < len(segments) and segments[index].start <= start
            kinds.append(segments[index].kind if inside else None)
        return kinds

    def segment_kind_at(self, offset: int) -> str | None:
        """Kind of the segment holding ``offset`` (segments are sorted and disjoint)."""
        lo, hi = 0, len(self.segments)
        while lo < hi:
            mid = (lo + hi) // 2
            seg = self.segments[mid]
            if seg.end <= offset:
                lo = mid + 1
            elif seg.start > offset:
                hi = mid
            else:
                return seg.kind
        return None

    def to_analysis(self) -> Analysis:
        article = self.article
        info = ArticleInfo(
            id=article.id,
            title=self.title,
            author=self.author,
            published=self.published.isoformat() if self.published else None,
            url=article.url,
            source=article.source,
            language=self.language,
            genre=self.genre,  # type: ignore[arg-type]
            genre_rule=self.genre_rule,
            published_basis=self.published_basis,  # type: ignore[arg-type]
        )
        return Analysis(
            article=info,
            text=article.text,
            segments=ordered(self.segments),
            artifacts=ordered(self.artifacts),
            actors=ordered(self.actors),
            places=ordered(self.places),
            dates=ordered(self.dates),
            events=tuple(self.events),
            claims=tuple(self.claims),
            notes=tuple(self.notes),
            origin=article.origin,
        )

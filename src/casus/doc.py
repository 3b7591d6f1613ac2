"""The working document that pipeline components annotate.

A :class:`Doc` is created from an :class:`~casus.model.Article`, passed through the
components (each fills the layers it declares in ``assigns``) and finally frozen into an
:class:`~casus.model.Analysis`. It is the only mutable object in an analysis, and it
lives for one article.

Which attribute belongs to which layer is :data:`LAYER_ATTRIBUTES`: the pipeline's
checking mode (:mod:`casus.pipeline`) holds each component to its declarations.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Protocol, TypeVar, cast

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

__all__ = ["LAYERS", "LAYER_ATTRIBUTES", "Doc"]


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_S = TypeVar("_S", bound=_Spanned)
_T = TypeVar("_T")


def ordered(items: list[_S]) -> tuple[_S, ...]:
    """Items sorted by position (start, then end)."""
    return tuple(sorted(items, key=lambda item: (item.start, item.end)))


LAYERS = (
    "segments",
    "artifacts",
    "language",
    "genre",
    "actors",
    "home_country",
    "places",
    "dates",
    "syntax",
    "events",
    "claims",
)
"""Names a component may declare in ``requires``/``assigns`` (``tokens`` and
``sentences`` are no layers: they come from the text alone). ``syntax`` is working data
for events and claims, never part of the analysis."""

LAYER_ATTRIBUTES: dict[str, str] = {
    "segments": "segments",
    "token_segments": "segments",
    "title": "segments",  # the structure fills title and author from the text
    "author": "segments",
    "artifacts": "artifacts",
    "language": "language",
    "genre": "genre",
    "genre_rule": "genre",
    "actors": "actors",
    "home_country": "home_country",
    "places": "places",
    "dates": "dates",
    "syntax": "syntax",
    "events": "events",
    "claims": "claims",
}
"""Each attribute of :class:`Doc` that belongs to a layer -> the layer."""


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
    """The country of the dateline ("BAKU, June 30 —"), its own layer, set by the actors."""
    syntax: object | None = None
    """The document's syntax (a :class:`casus.components.syntax.layer.Syntax`), set by
    the syntax layer for events and claims; not part of the analysis."""
    notes: list[str] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    shared: dict[str, object] = field(default_factory=dict)
    """Derived data that several components use (built once per document): see
    :meth:`derived`."""

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
    def article_id(self) -> str:
        """``article.id``, hashed once (ids of events and claims are derived from it)."""
        return self.article.id

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans over the whole text (lines never join)."""
        return sentence_spans(self.article.text)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """The start of every sentence, in order (for bisection)."""
        return [start for start, _ in self.sentences]

    def sentence_at(self, offset: int) -> int | None:
        """Index in :attr:`sentences` of the sentence holding ``offset`` (None between
        sentences)."""
        position = bisect_right(self.sentence_starts, offset) - 1
        if position < 0 or offset >= self.sentences[position][1]:
            return None
        return position

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

    def derived(self, key: str, tables: tuple[object, ...], build: Callable[[], _T]) -> _T:
        """``shared[key]``: what ``build()`` derives from ``tables`` for this document,
        built once (and again should a component bring other tables)."""
        found = self.shared.get(key)
        if isinstance(found, _Derived) and _same(found.tables, tables):
            return cast(_T, found.value)
        value = build()
        self.shared[key] = _Derived(tables, value)
        return value

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
            id=self.article_id,
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


@dataclass(frozen=True, slots=True)
class _Derived:
    tables: tuple[object, ...]
    value: object


def _same(these: tuple[object, ...], those: tuple[object, ...]) -> bool:
    """The same table objects (identity: tables are large, and never compared)."""
    return len(these) == len(those) and all(a is b for a, b in zip(these, those, strict=True))

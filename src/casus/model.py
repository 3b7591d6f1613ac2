"""casus's data model: frozen, typed records.

An :class:`Article` goes in; an :class:`Analysis` comes out. Every item of an analysis
points to its span of ``Analysis.text`` (``start``/``end`` are character offsets, end
exclusive) and names the ``rule`` or lexicon entry that produced it.

``Analysis.to_dict()`` is the public JSON contract ``casus.analysis/1``: fields may be
added in later versions, none is renamed or removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType
from typing import Any, Literal, get_args

__all__ = [
    "SCHEMA",
    "SEGMENT_KINDS",
    "ActorMention",
    "ActorRef",
    "Analysis",
    "Article",
    "ArticleInfo",
    "Artifact",
    "Attribution",
    "BatchSummary",
    "Claim",
    "DateMention",
    "Event",
    "EventDate",
    "EventLocation",
    "Evidence",
    "Origin",
    "PlaceMention",
    "Segment",
    "SetAside",
    "Skipped",
    "SpeechAct",
    "article_id",
]

SCHEMA = "casus.analysis/1"

SegmentKind = Literal[
    "title",
    "byline",
    "body",
    "heading",
    "caption",
    "related",
    "disclaimer",
    "source_link",
    "quote",
    "boilerplate",
]
SEGMENT_KINDS: tuple[str, ...] = get_args(SegmentKind)
Genre = Literal["reporting", "opinion", "analysis", "unknown"]
Precision = Literal["day", "month", "year"]
PlaceKind = Literal["city", "region", "sea", "country", "feature"]
Factuality = Literal["asserted", "reported", "future", "hypothetical", "negated"]


def article_id(text: str, url: str | None = None) -> str:
    """Content-hash id: the same text (and URL) always gets the same id."""
    digest = hashlib.sha256()
    digest.update(text.encode("utf-8"))
    digest.update(b"\x00")
    digest.update((url or "").encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an input item came from: the path as given (``<stdin>`` for standard input)
    and, inside a file of several records, the line (JSON Lines, from 1) or the record
    (JSON array, from 0)."""

    path: str
    line: int | None = None
    record: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.record is not None:
            return f"{self.path}[{self.record}]"
        return self.path

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "record": self.record}


SetAsideKind = Literal["input", "output", "internal"]
SkipReason = Literal["hidden", "blank line", "duplicate", "stored"]


@dataclass(frozen=True, slots=True)
class SetAside:
    """An input item that was not analysed, with a one-line reason and a stable code.

    ``kind`` says whose problem it is: ``input`` (the item cannot be read as an
    article), ``output`` (its report could not be rendered) or ``internal`` (a bug)."""

    origin: Origin
    reason: str
    code: str
    kind: SetAsideKind = "input"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin.to_dict(),
            "reason": self.reason,
            "code": self.code,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input item left out on purpose: a hidden file or directory, a blank JSON Lines
    line, a duplicate (the same file again, or the same text and URL again), or an
    article already in the store (``stored``: ``casus ingest`` does not analyse it
    again)."""

    origin: Origin
    why: SkipReason
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.origin}: {self.why}" + (f" ({self.detail})" if self.detail else "")

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin.to_dict(), "why": self.why, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Every input of a batch accounted for: ``seen == analysed + set_aside + skipped``."""

    analysed: int = 0
    set_aside: int = 0
    internal: int = 0
    """How many of the set-aside items failed on a bug (kind ``internal``)."""
    skipped: tuple[tuple[str, int], ...] = ()
    """(reason, count) pairs: hidden, blank line, duplicate, stored."""

    @property
    def skipped_total(self) -> int:
        return sum(count for _, count in self.skipped)

    @property
    def seen(self) -> int:
        return self.analysed + self.set_aside + self.skipped_total

    def __str__(self) -> str:
        inputs = "input" if self.seen == 1 else "inputs"
        text = f"{self.seen} {inputs}: analysed {self.analysed}, set aside {self.set_aside}"
        text += f", skipped {self.skipped_total}"
        if self.skipped:
            text += " (" + ", ".join(f"{why} {n}" for why, n in self.skipped) + ")"
        return text


@dataclass(frozen=True, slots=True)
class Article:
    """One input document: normalised text plus what is known about it."""

    text: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None
    origin: Origin = Origin("<input>")
    fmt: str = "text"
    header_end: int = 0
    """Offset where a block of ``Key: value`` header lines ends (0 when there is none)."""

    @property
    def id(self) -> str:
        return article_id(self.text, self.url)


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Artifact:
    kind: Literal["untranslated"]
    start: int
    end: int
    text: str
    language: str | None
    script: str
    rule: str


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    code: str | None
    sector: str | None
    name: str
    kind: str
    """country | igo | group | person | agent | metonym | role."""
    rule: str


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    name: str
    country: str | None
    lat: float
    lon: float
    kind: PlaceKind
    geonameid: int | None
    rule: str


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str
    precision: Precision
    rule: str


@dataclass(frozen=True, slots=True)
class ActorRef:
    code: str | None
    sector: str | None
    text: str


@dataclass(frozen=True, slots=True)
class EventLocation:
    name: str
    country: str | None
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str
    precision: Precision


@dataclass(frozen=True, slots=True)
class Attribution:
    kind: Literal["named", "official", "anonymous", "media", "author"]
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SpeechAct:
    """PLOVER's single-category reading of an announced, conditional, demanded or refused
    act: AGREE (intent), THREATEN (threat), REQUEST (demand) or REJECT (refusal). See
    ontology/speech_acts.yaml."""

    type: str
    mode: str | None
    cameo: str
    source: ActorRef | None
    target: ActorRef | None
    kind: Literal["intent", "threat", "demand", "refusal"]


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    mode: str | None
    cameo: str
    goldstein: float
    quad_class: int
    source: ActorRef | None
    target: ActorRef | None
    location: EventLocation | None
    date: EventDate | None
    factuality: Factuality
    attribution: Attribution | None
    confidence: float
    evidence: Evidence
    rule: str
    speech_act: SpeechAct | None = None
    symmetric: bool = False
    """A two-way act ("Armenia and Azerbaijan held talks"), coded once: the source and
    target act with each other, in no particular order (the source is the one named
    first)."""


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    speaker: ActorRef | None
    sourcing: Literal["named", "official", "anonymous", "media", "none"]
    evidence: Evidence
    rule: str


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: str
    title: str | None
    author: str | None
    published: str | None
    url: str | None
    source: str | None
    language: str
    genre: Genre
    genre_rule: str = ""
    published_basis: Literal["given", "metadata", "inferred", "unknown"] = "unknown"


@dataclass(frozen=True, slots=True)
class Analysis:
    article: ArticleInfo
    text: str
    segments: tuple[Segment, ...] = ()
    artifacts: tuple[Artifact, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    notes: tuple[str, ...] = field(default=())
    origin: Origin = Origin("<input>")

    def segment_at(self, offset: int) -> Segment | None:
        """The segment that contains ``offset``, if any."""
        for segment in self.segments:
            if segment.start <= offset < segment.end:
                return segment
        return None

    def to_dict(self) -> dict[str, Any]:
        """The ``casus.analysis/1`` JSON contract."""
        return {
            "schema": SCHEMA,
            "article": _plain(self.article),
            "text": self.text,
            "segments": _plain(self.segments),
            "artifacts": _plain(self.artifacts),
            "actors": _plain(self.actors),
            "places": _plain(self.places),
            "dates": _plain(self.dates),
            "events": _plain(self.events),
            "claims": _plain(self.claims),
            "notes": list(self.notes),
            "origin": self.origin.to_dict(),
        }


_RECORDS: Mapping[type, tuple[str, ...]] = MappingProxyType(
    {
        cls: tuple(f.name for f in fields(cls))
        for cls in (
            ArticleInfo, Segment, Artifact, ActorMention, PlaceMention, DateMention, ActorRef,
            EventLocation, EventDate, Attribution, Evidence, SpeechAct, Event, Claim,
        )
    }
)  # fmt: skip
"""The field names of the records inside an analysis (what ``dataclasses.asdict``
would look up again for every record of every analysis)."""


def _plain(value: Any) -> Any:
    """Records to dicts, tuples to lists, anything else as it is (JSON-ready)."""
    names = _RECORDS.get(type(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value

"""One article's analysis as the store's rows: a tuple per row, in the column order of
:mod:`casus.store.schema`.

:func:`article_rows` is pure and picklable, so it runs where the analysis was made: in
a ``--jobs`` worker, or in a Spark executor. Both engines write exactly these rows, which
is what makes their outputs comparable row for row.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from ..model import ActorRef, Analysis, Event, Origin
from .neardup import signature

__all__ = ["ArticleRows", "article_key", "article_rows", "outlet_of"]

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """The rows of one article for each analysis table (``seq`` is assigned when they
    are written: 0 here)."""

    article_id: str
    key: str
    tables: dict[str, list[Row]]
    origin: str = ""
    """Where the article was read, as messages and the ``rejected`` table name it."""
    """Table name to rows, for every table of :data:`~casus.store.schema.ANALYSIS_TABLES`."""

    @property
    def outlet(self) -> str:
        return str(self.tables["articles"][0][9])


_SPACES = re.compile(r"\s+")


def outlet_of(source: str | None, url: str | None) -> str:
    """The outlet an article comes from: its source name, else its URL's host without
    ``www.``, lower-cased and with spaces collapsed; ``unknown`` when neither is known."""
    if source and source.strip():
        return _SPACES.sub(" ", source.strip()).lower()
    if url:
        host = (urlsplit(url).hostname or "").lower()
        host = host.removeprefix("www.")
        if host:
            return host
    return "unknown"


def article_key(url: str | None, origin: Origin) -> str:
    """What identifies an article across versions: its URL, else where it was read
    (an absolute path, with the line or record of a multi-record file)."""
    if url and url.strip():
        return url.strip()
    path = origin.path
    if not path.startswith("<"):
        path = os.path.abspath(path)
    where = f":{origin.line}" if origin.line is not None else ""
    where = f"[{origin.record}]" if origin.record is not None else where
    return path + where


def _ref(ref: ActorRef | None) -> Row:
    return (None, None, None) if ref is None else (ref.code, ref.sector, ref.text)


def _day(value: str | None) -> date | None:
    """The first day of a date written as YYYY, YYYY-MM or YYYY-MM-DD."""
    if not value:
        return None
    parts = [int(part) for part in value.split("-")[:3]]
    while len(parts) < 3:
        parts.append(1)
    return date(parts[0], parts[1], parts[2])


def _event_row(
    event: Event, article_id: str, idx: int, kinds: Mapping[tuple[str, float, float], str]
) -> Row:
    where = event.location
    place: Row = (None,) * 6
    if where is not None:
        kind = kinds.get((where.name, where.lat, where.lon))
        place = (where.name, where.country, where.lat, where.lon, kind)
    when = event.date
    act = event.speech_act
    attribution = event.attribution
    return (
        event.id, article_id, idx, event.type, event.mode, event.cameo,
        event.goldstein, event.quad_class, *_ref(event.source), *_ref(event.target),
        event.symmetric, *place[:5],
        _day(when.value) if when else None, when.precision if when else None,
        event.factuality,
        attribution.kind if attribution else None, attribution.text if attribution else None,
        event.confidence,
        event.evidence.start, event.evidence.end, event.evidence.text, event.rule,
        act.type if act else None, act.kind if act else None, act.cameo if act else None,
        None,
    )  # fmt: skip


_SHINGLED = frozenset({"title", "body", "heading", "quote"})
"""The segments whose words make an article's near-duplicate signature (not captions,
related headlines, disclaimers or boilerplate, which outlets add of their own)."""


def _shingled_text(analysis: Analysis) -> str:
    parts = [
        analysis.text[segment.start : segment.end]
        for segment in analysis.segments
        if segment.kind in _SHINGLED
    ]
    return "\n".join(parts) if parts else analysis.text


def article_rows(analysis: Analysis) -> ArticleRows:
    """The rows of ``analysis`` for every analysis table."""
    info = analysis.article
    origin = analysis.origin
    key = article_key(info.url, origin)
    aid = info.id
    article: Row = (
        aid, key, 0, info.title, info.author, _day(info.published), info.published_basis,
        info.url, info.source, outlet_of(info.source, info.url), info.language, info.genre,
        info.genre_rule, origin.path, origin.line, origin.record,
        analysis.text, "\n".join(analysis.notes),
    )  # fmt: skip
    tables = {"articles": [article], **_mention_rows(analysis, aid)}
    tables["events"] = _events(analysis, aid)
    tables["minhashes"] = [(aid, signature(_shingled_text(analysis)))]
    return ArticleRows(aid, key, tables, str(origin))


def _mention_rows(analysis: Analysis, aid: str) -> dict[str, list[Row]]:
    """Segments, artifacts, actors, places, dates and claims, numbered in order."""
    segments = [(aid, i, s.kind, s.start, s.end, s.rule) for i, s in enumerate(analysis.segments)]
    artifacts = [
        (aid, i, a.kind, a.start, a.end, a.text, a.language, a.script, a.rule)
        for i, a in enumerate(analysis.artifacts)
    ]
    actors = [
        (aid, i, a.start, a.end, a.text, a.code, a.sector, a.name, a.kind, a.rule)
        for i, a in enumerate(analysis.actors)
    ]
    places = [
        (aid, i, p.start, p.end, p.text, p.name, p.country, p.lat, p.lon, p.kind, p.geonameid,
         p.rule)
        for i, p in enumerate(analysis.places)
    ]  # fmt: skip
    dates = [
        (aid, i, d.start, d.end, d.text, d.value, d.precision, d.rule)
        for i, d in enumerate(analysis.dates)
    ]
    claims = [
        (c.id, aid, i, c.text, *_ref(c.speaker), c.sourcing, c.evidence.start, c.evidence.end,
         c.rule)
        for i, c in enumerate(analysis.claims)
    ]  # fmt: skip
    return {
        "segments": segments,
        "artifacts": artifacts,
        "actors": actors,
        "places": places,
        "dates": dates,
        "claims": claims,
    }


def _events(analysis: Analysis, aid: str) -> list[Row]:
    kinds = {(p.name, p.lat, p.lon): p.kind for p in analysis.places}
    return [_event_row(event, aid, i, kinds) for i, event in enumerate(analysis.events)]

"""An article's text as HTML: segments shaded by kind, mentions and event evidence
marked, untranslated fragments flagged.

The text is untrusted. It is cut at every boundary of a segment or a mark, and each
slice goes through :func:`markupsafe.escape` before it is joined; the only markup is
the tags written here, whose class names come from a fixed alphabet. Marks may overlap
(an actor inside an event's evidence): each slice carries all the marks that cover it,
so the tags always nest.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Span", "article_html", "css_name"]

_UNSAFE_CLASS = re.compile(r"[^a-z0-9-]+")


def css_name(value: str | None) -> str:
    """A class-name fragment from store text (``related headline`` → ``related-headline``)."""
    return _UNSAFE_CLASS.sub("-", (value or "none").lower()).strip("-") or "none"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the text: a segment (``kind`` is its kind) or a mark (``kind`` is
    ``actor``, ``place``, ``date``, ``evidence`` or ``artifact``), with a tooltip; an
    evidence mark names its event by ``ref`` (the event's index in the article)."""

    start: int
    end: int
    kind: str
    title: str = ""
    ref: int | None = None


def _clip(spans: Iterable[Span], length: int) -> list[Span]:
    kept = []
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start < end:
            kept.append(Span(start, end, span.kind, span.title, span.ref))
    return kept


def _open_mark(marks: Sequence[Span]) -> Markup:
    kinds = sorted({f"m-{css_name(m.kind)}" for m in marks})
    titles = "; ".join(dict.fromkeys(m.title for m in marks if m.title))
    title = Markup(' title="{}"').format(titles) if titles else Markup("")
    refs = sorted({m.ref for m in marks if m.ref is not None})
    if refs:
        title += Markup(' data-events="{}" tabindex="0"').format(" ".join(map(str, refs)))
    return Markup('<mark class="{}"{}>').format(" ".join(kinds), title)


def _segment_at(segments: Sequence[Span], position: int) -> Span | None:
    for segment in segments:
        if segment.start <= position < segment.end:
            return segment
    return None


def article_html(text: str, segments: Iterable[Span], marks: Iterable[Span]) -> Markup:
    """``text`` as HTML: each segment in ``<span class="seg seg-KIND">``, each marked
    slice in ``<mark class="m-KIND ...">``, every text slice escaped."""
    segs = sorted(_clip(segments, len(text)), key=lambda s: (s.start, s.end))
    marked = _clip(marks, len(text))
    cuts = {0, len(text)}
    for span in (*segs, *marked):
        cuts.update((span.start, span.end))
    points = sorted(cuts)
    parts: list[Markup] = []
    current: Span | None = None
    for start, end in itertools.pairwise(points):
        segment = _segment_at(segs, start)
        if segment is not current:
            if current is not None:
                parts.append(Markup("</span>"))
            if segment is not None:
                parts.append(Markup('<span class="seg seg-{}">').format(css_name(segment.kind)))
            current = segment
        piece = escape(text[start:end])
        covering = [m for m in marked if m.start <= start and end <= m.end]
        if covering:
            parts.append(_open_mark(covering) + piece + Markup("</mark>"))
        else:
            parts.append(piece)
    if current is not None:
        parts.append(Markup("</span>"))
    return Markup("").join(parts)

"""Genre: ``reporting``, ``opinion``, ``analysis`` or ``unknown``.

Cue phrases from ``lexicons/genre.yaml`` are counted over body text (quotes excluded)
in one pass of the phrase matcher: first-person stance, prescriptions and loaded words
point to opinion; attributions and weekday anchors to reporting; hedged outlooks,
scenarios and analytic vocabulary to analysis. Whole-document cues add to these: a
wire dateline (reporting), a "views of the author" disclaimer (opinion), several
section headings (analysis). The decision and every score go into ``genre_rule``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..datafiles import bundled, read_yaml
from ..doc import Doc
from ..errors import DataError
from ..matcher import PhraseMatcher

__all__ = ["GenreClassifier", "GenreCues", "load_genre_cues"]

_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][\w .'-]{1,30})?(?:,\s*\w+\.?\s+\d{1,2})?\s*"
    r"(?:\([^)]{2,40}\))?\s*[—–-]"
)
_DISCLAIMER_RE = re.compile(r"views? of the author|opinion", re.I)
_MIN_WORDS = 80
_DATELINE_BONUS = 12.0
_DISCLAIMER_BONUS = 15.0
_HEADING_BONUS = 3.0


@dataclass(frozen=True)
class GenreCues:
    matcher: PhraseMatcher[tuple[str, str, float]]
    min_score: float
    repost_bonus: float


def load_genre_cues() -> GenreCues:
    """Read ``lexicons/genre.yaml``."""
    path = bundled("casus.lexicons", "genre.yaml")
    data = read_yaml(path)
    matcher: PhraseMatcher[tuple[str, str, float]] = PhraseMatcher(lower=True)
    try:
        for genre, cues in data["genres"].items():
            for cue, spec in cues.items():
                for phrase in spec["phrases"]:
                    matcher.add(str(phrase), (genre, cue, float(spec["weight"])))
        return GenreCues(matcher, float(data["min_score"]), float(data["repost_bonus"]))
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"malformed genre cues: {exc}", where=str(path)) from None


class GenreClassifier:
    """Pipeline component: sets ``doc.genre`` and ``doc.genre_rule``."""

    name = "genre"
    requires = ("segments", "artifacts")
    assigns = ("genre",)

    def __init__(self, cues: GenreCues | None = None) -> None:
        """``cues``: see :func:`load_genre_cues` (read here when not given)."""
        self.cues = cues or load_genre_cues()

    def __call__(self, doc: Doc) -> Doc:
        tokens = doc.tokens
        body = [i for i, kind in enumerate(doc.token_segments) if kind == "body"]
        words = sum(1 for i in body if tokens.texts[i][:1].isalnum())
        if words < _MIN_WORDS:
            doc.genre, doc.genre_rule = "unknown", f"genre:too-short({words} words)"
            return doc
        scores: dict[str, float] = {"opinion": 0.0, "reporting": 0.0, "analysis": 0.0}
        for start, stop in _runs(body):
            for match in self.cues.matcher.find(tokens, start, stop):
                genre, _cue, weight = match.values[0]
                scores[genre] += weight * 1000.0 / words
        signals = self._structural(doc)
        for signal_genre, _name, bonus in signals:
            scores[signal_genre] += bonus
        genre = max(scores, key=lambda g: scores[g])
        if scores[genre] < self.cues.min_score:
            genre = "unknown"
        shown = ",".join(f"{g}={scores[g]:.1f}" for g in sorted(scores))
        extra = "".join(f"+{name}" for _genre, name, _bonus in signals)
        doc.genre, doc.genre_rule = genre, f"genre:scores({shown}){extra}"
        return doc

    def _structural(self, doc: Doc) -> list[tuple[str, str, float]]:
        """Whole-document cues as (genre, name, bonus): a wire dateline, a views-of-the-
        author disclaimer, section headings, an aggregator repost."""
        found: list[tuple[str, str, float]] = []
        body = next((s for s in doc.segments if s.kind == "body"), None)
        if body is not None and _DATELINE_RE.match(doc.text[body.start : body.end]):
            found.append(("reporting", "dateline", _DATELINE_BONUS))
        disclaimers = (doc.text[s.start : s.end] for s in doc.segments if s.kind == "disclaimer")
        if any(_DISCLAIMER_RE.search(d) for d in disclaimers):
            found.append(("opinion", "author-views-disclaimer", _DISCLAIMER_BONUS))
        headings = sum(1 for s in doc.segments if s.kind == "heading")
        if headings >= 2:
            found.append(("analysis", f"headings({headings})", _HEADING_BONUS * headings))
        if doc.artifacts and any(s.kind == "related" for s in doc.segments):
            found.append(("opinion", "aggregator-repost", self.cues.repost_bonus))
        return found


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Consecutive token indexes as (start, stop) ranges."""
    runs: list[tuple[int, int]] = []
    for index in indexes:
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs

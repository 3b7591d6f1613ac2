"""Clauses, factuality and attribution cues (``lexicons/factuality.yaml``).

Sentences are cut into clauses at semicolons, colons, dashes, subordinating
conjunctions and the "that" of reported speech, so that "Moscow said that Baku had
shelled the border" keeps "Baku" as the subject of "shelled". Factuality cues are
looked up in the clause of an event (modals, negation), in its sentence (conditionals,
reporting frames) and in its paragraph (scenario labels, "no official confirmation").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ...datafiles import bundled, read_yaml
from ...doc import Doc
from ...errors import DataError
from ...matcher import PhraseMatcher
from ...text import Tokens
from .grammar import Grammar

__all__ = [
    "Clause",
    "CueIndex",
    "Cues",
    "Limits",
    "ParagraphFlags",
    "clauses",
    "limit_note",
    "load_cues",
    "paragraph_flags",
    "window_note",
    "windows",
]


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    opener: str
    """The word or mark that opened the clause ("" for the sentence start)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """The ``limits`` of ``factuality.yaml``: bounds that keep the coding of a sentence
    cheap and its output small whatever the text (see the file's comments)."""

    sentence_tokens: int
    """A longer sentence is read in windows of at most this many tokens."""
    events_per_sentence: int
    claims_per_sentence: int


@dataclass(frozen=True)
class Cues:
    negation: PhraseMatcher[str]
    denial: PhraseMatcher[str]
    modal: PhraseMatcher[str]
    conditional: PhraseMatcher[str]
    scenario: PhraseMatcher[str]
    future: PhraseMatcher[str]
    reporting: PhraseMatcher[str]
    anonymous: PhraseMatcher[str]
    media: PhraseMatcher[str]
    official: PhraseMatcher[str]
    hedges: PhraseMatcher[str]
    unconfirmed: PhraseMatcher[str]
    confidence: dict[str, Any]
    combined: PhraseMatcher[tuple[str, str]]
    """All cue lists in one matcher: (list name, phrase) per hit (each list's matcher
    carries the same name)."""
    limits: Limits

    def found(self, matcher: PhraseMatcher[str], tokens: Tokens, start: int, stop: int) -> bool:
        return self.first(matcher, tokens, start, stop) is not None

    def first(
        self, matcher: PhraseMatcher[str], tokens: Tokens, start: int, stop: int
    ) -> str | None:
        """The first cue phrase found in ``tokens[start:stop]``, as the lexicon writes it."""
        match = next(iter(matcher.find(tokens, start, stop)), None)
        return match.values[0] if match is not None else None

    def positions(
        self, matcher: PhraseMatcher[str], tokens: Tokens, start: int, stop: int
    ) -> list[tuple[int, int]]:
        return [(m.first, m.last) for m in matcher.find(tokens, start, stop)]


class CueIndex:
    """Every hit of every cue list in one document, found in one pass, queried by range.

    ``found``/``first``/``positions`` answer "is there a negation between the subject
    and the verb?" with a bisection instead of a new scan (an article asks hundreds of
    such questions). The syntax layer builds one per document."""

    def __init__(self, tokens: Tokens, cues: Cues) -> None:
        self.tokens = tokens
        grouped: dict[str, list[tuple[int, int, str]]] = {}
        for match in cues.combined.find_all(tokens.lowered):
            for name, phrase in match.values:
                grouped.setdefault(name, []).append((match.first, match.last, phrase))
        self._hits = {name: ([h[0] for h in hits], hits) for name, hits in grouped.items()}

    def _of(self, matcher: PhraseMatcher[str]) -> tuple[list[int], list[tuple[int, int, str]]]:
        return self._hits.get(matcher.name, ([], []))

    def positions(
        self, matcher: PhraseMatcher[str], start: int, stop: int
    ) -> list[tuple[int, int]]:
        starts, hits = self._of(matcher)
        lo, hi = bisect_left(starts, start), bisect_left(starts, stop)
        return [(first, last) for first, last, _ in hits[lo:hi]]

    def first(self, matcher: PhraseMatcher[str], start: int, stop: int) -> str | None:
        starts, hits = self._of(matcher)
        lo = bisect_left(starts, start)
        return hits[lo][2] if lo < len(hits) and hits[lo][0] < stop else None

    def found(self, matcher: PhraseMatcher[str], start: int, stop: int) -> bool:
        return self.first(matcher, start, stop) is not None


def clauses(
    tokens: Tokens, start: int, stop: int, grammar: Grammar, reporting: Cues | None = None
) -> list[Clause]:
    """The clauses of the sentence ``tokens[start:stop]``, covering it without gaps
    (a "that" after a reporting verb opens one only with the ``reporting`` cues)."""
    lowered = tokens.lowered
    found: list[Clause] = []
    clause_start, opener = start, ""
    for i in range(start + 1, stop):
        if i > clause_start and _opens_clause(tokens, i, grammar, reporting):
            found.append(Clause(clause_start, i, opener))
            clause_start, opener = i, lowered[i]
    found.append(Clause(clause_start, stop, opener))
    return found


def _opens_clause(tokens: Tokens, i: int, grammar: Grammar, reporting: Cues | None) -> bool:
    """Does a new clause start at token ``i``?"""
    lowered = tokens.lowered
    words = grammar.clauses
    word, before = lowered[i], lowered[i - 1]
    if word in words.punctuation or word in words.boundary_words:
        return True
    if word in words.comma_openers:
        return before == ","  # ", after Baku refused" opens a clause; "after the talks" not
    if word in words.relatives or word == "and":
        return before == ","
    return (
        word == "that" and reporting is not None and _after_reporting(tokens, i, reporting, grammar)
    )


def _after_reporting(tokens: Tokens, i: int, cues: Cues, grammar: Grammar) -> bool:
    """ "said that", "told reporters that", "claimed on Monday that"."""
    lowered = tokens.lowered
    stops = grammar.clauses.reporting_reach_stops
    for back in range(1, 5):
        j = i - back
        if j < 0 or lowered[j] in stops:
            return False
        if cues.reporting.lookup((lowered[j],)) or cues.denial.lookup((lowered[j],)):
            return True
    return False


def _matcher(name: str, items: Sequence[Any], where: str) -> PhraseMatcher[str]:
    matcher: PhraseMatcher[str] = PhraseMatcher(lower=True, name=name)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise DataError(f"expected a list of phrases, got {item!r}", where=where)
        matcher.add(item, item)
    return matcher


def load_cues(path: Path | None = None) -> Cues:
    """Read the factuality cues (the bundled ``lexicons/factuality.yaml`` by default)."""
    path = path or bundled("casus.lexicons", "factuality.yaml")
    data = read_yaml(path)
    where = str(path)
    try:
        lists = {
            "negation": data["negation"],
            "denial": data["denial_verbs"],
            "modal": [*data["hypothetical_modals"], *data["hypothetical_phrases"]],
            "conditional": data["conditionals"],
            "scenario": data["scenario_labels"],
            "future": data["future"],
            "reporting": data["reporting_verbs"],
            "anonymous": data["anonymous_sources"],
            "media": data["media_sources"],
            "official": data["official_sources"],
            "hedges": data["hedges"],
            "unconfirmed": data["unconfirmed"],
        }
        matchers = {name: _matcher(name, items, where) for name, items in lists.items()}
        combined: PhraseMatcher[tuple[str, str]] = PhraseMatcher(lower=True)
        for name, items in lists.items():
            for phrase in items:
                combined.add(str(phrase), (name, str(phrase)))
        return Cues(
            **matchers,
            confidence=dict(data["confidence"]),
            combined=combined,
            limits=_limits(data["limits"], where),
        )
    except (KeyError, TypeError) as exc:
        raise DataError(f"malformed factuality cues: missing {exc}", where=where) from None


@dataclass(frozen=True, slots=True)
class ParagraphFlags:
    scenario: bool
    """Opens with a scenario label, or sits under a heading that names scenarios."""
    unconfirmed: bool
    """It, or the paragraph after it, says there is no confirmation."""


def _limits(data: Any, where: str) -> Limits:
    if not isinstance(data, dict):
        raise DataError("limits must map names to numbers", where=where)
    values: dict[str, int] = {}
    for name in (field.name for field in fields(Limits)):
        value = data[name]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise DataError(f"limits: {name} must be a whole number >= 1", where=where)
        values[name] = value
    return Limits(**values)


_WINDOW_CUTS = frozenset({",", ";", ":", "—", "–"})


def windows(tokens: Tokens, start: int, stop: int, size: int) -> list[tuple[int, int]]:
    """The sentence ``tokens[start:stop]`` as token ranges of at most ``size`` tokens:
    itself when it is short enough; else each window ends after the last comma,
    semicolon, colon or dash of its second half (at ``size`` tokens when there is none).
    Each window costs at most ``size / 2`` steps to cut, so cutting is linear."""
    found: list[tuple[int, int]] = []
    lowered = tokens.lowered
    while stop - start > size:
        cut = start + size
        for k in range(start + size - 1, start + size // 2 - 1, -1):
            if lowered[k] in _WINDOW_CUTS:
                cut = k + 1
                break
        found.append((start, cut))
        start = cut
    found.append((start, stop))
    return found


def _sentences(count: int) -> str:
    return f"{count} sentence" + ("s" if count != 1 else "")


def window_note(doc: Doc, long: list[tuple[int, int]], size: int) -> None:
    """Say in ``doc.notes`` which sentences (character spans ``long``) were longer than
    ``size`` tokens and read in windows."""
    if not long:
        return
    start, end = long[0]
    doc.notes.append(
        f"{_sentences(len(long))} longer than {size} tokens read in windows of at most "
        f"{size} tokens (limits in factuality.yaml), the first at characters "
        f"{start}-{end}: roles and frames were not looked for across windows"
    )


def limit_note(doc: Doc, what: str, spans: list[tuple[int, int]], limit: int, lost: str) -> None:
    """Say in ``doc.notes`` that the sentences ``spans`` reached the limit of ``limit``
    ``what`` (events, claims) per sentence, and what was ``lost`` (not coded)."""
    start, end = spans[0]
    doc.notes.append(
        f"{what}: {_sentences(len(spans))} reached the limit of {limit} {what} per sentence "
        f"(limits in factuality.yaml), the first at characters {start}-{end}; {lost} "
        "were not coded"
    )


def paragraph_flags(doc: Doc, cues: Cues, index: CueIndex) -> list[ParagraphFlags]:
    """Scenario and confirmation flags of every segment of ``doc``."""
    tokens = doc.tokens
    scenario: list[bool] = []
    unconfirmed: list[bool] = []
    under_scenario_heading = False
    for segment in doc.segments:
        first, last = tokens.index_at(segment.start), tokens.index_at(segment.end)
        if segment.kind == "heading":
            under_scenario_heading = index.found(cues.scenario, first, last)
        opens = index.found(cues.scenario, first, min(last, first + 6))
        scenario.append(opens or under_scenario_heading)
        unconfirmed.append(index.found(cues.unconfirmed, first, last))
    flags = []
    after = False  # is the next body paragraph unconfirmed? (read from the end)
    for position in range(len(doc.segments) - 1, -1, -1):
        segment = doc.segments[position]
        doubted = unconfirmed[position] or (after and segment.kind == "body")
        flags.append(ParagraphFlags(scenario[position], doubted))
        if segment.kind == "body":
            after = unconfirmed[position]
    flags.reverse()
    return flags

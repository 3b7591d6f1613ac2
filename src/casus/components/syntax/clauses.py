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
from dataclasses import dataclass
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
    "ParagraphFlags",
    "clauses",
    "load_cues",
    "paragraph_flags",
]


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    opener: str
    """The word or mark that opened the clause ("" for the sentence start)."""


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
        )
    except (KeyError, TypeError) as exc:
        raise DataError(f"malformed factuality cues: missing {exc}", where=where) from None


@dataclass(frozen=True, slots=True)
class ParagraphFlags:
    scenario: bool
    """Opens with a scenario label, or sits under a heading that names scenarios."""
    unconfirmed: bool
    """It, or the paragraph after it, says there is no confirmation."""


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
    for position, segment in enumerate(doc.segments):
        after = next(
            (
                unconfirmed[j]
                for j in range(position + 1, len(doc.segments))
                if doc.segments[j].kind == "body"
            ),
            False,
        )
        doubted = unconfirmed[position] or (after and segment.kind == "body")
        flags.append(ParagraphFlags(scenario[position], doubted))
    return flags

"""Guards against spurious triggers: event words that are part of something else.

Two kinds, both checked for every trigger the pattern lexicon finds:

- **Compounds and set phrases** from a data file (``lexicons/event_guards.yaml``):
  "bird strike", "attack helicopters", "fire brigade", "offered (his) condolences".
  Each phrase marks its trigger word in brackets; the word matches in all its
  inflections, "..." stands for up to three words ("offered his deepest condolences").
- **Names**: a trigger word written with a capital inside a clause belongs to a name
  ("the Ukraine Support Act", "Operation Desert Storm", "a Carrier Strike Group"), not
  to the event vocabulary. A capital at the start of a clause, after an opening quote
  or a colon, or in a clause written like a headline proves nothing and is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...datafiles import read_yaml
from ...errors import DataError
from ...text import Tokens, tokenize

__all__ = [
    "GuardPhrase",
    "TriggerGuard",
    "in_name",
    "parse_guard_phrase",
    "read_guard_phrases",
    "title_cased",
]

GAP = "..."
_GAP_WORDS = 3
_BACK_WINDOW = 16
# A headline capitalises every word of four letters or more (one in eight may slip).
_HEADLINE_WORDS = 3
_HEADLINE_SLACK = 8
# After these a capital starts a quotation, a heading or a list item, not a name.
_OPENERS = frozenset("\" “ ” ' ‘ ’ « » ( [ : — – - •".split())


@dataclass(frozen=True, slots=True)
class GuardPhrase:
    """One blocking phrase: the words before the trigger word, its lemma, the words
    after (``GAP`` for up to three words)."""

    before: tuple[str, ...]
    lemma: str
    after: tuple[str, ...]
    text: str


def parse_guard_phrase(text: str, where: str = "") -> GuardPhrase:
    """ "bird [strike]" -> GuardPhrase(("bird",), "strike", ())."""
    head, bracket, rest = text.partition("[")
    lemma, closing, tail = rest.partition("]")
    if not bracket or not closing or not lemma.strip() or "[" in tail:
        raise DataError(f"a guard phrase marks one word in [brackets]: {text!r}", where=where)

    def words(part: str) -> tuple[str, ...]:
        return tuple(GAP if w == GAP else w for w in _words(part))

    return GuardPhrase(words(head), lemma.strip().lower(), words(tail), text)


def _words(part: str) -> list[str]:
    found: list[str] = []
    for chunk in part.lower().split():
        found.extend([GAP] if chunk == GAP else tokenize(chunk).texts)
    return found


def read_guard_phrases(path: Path) -> list[GuardPhrase]:
    """The phrases of a guard file: a YAML list of strings."""
    data: Any = read_yaml(path)
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise DataError("expected a list of phrases", where=str(path))
    return [parse_guard_phrase(item, f"{path.name}#{i}") for i, item in enumerate(data, 1)]


def _gap_word(word: str, stops: frozenset[str]) -> bool:
    return word not in stops and (word.isalnum() or word in {"'s", "’s", "-"})


def _match_forward(
    words: Sequence[str], k: int, pattern: Sequence[str], stops: frozenset[str]
) -> bool:
    """Does ``pattern`` start at index ``k``? A gap never runs over one of ``stops``."""
    if not pattern:
        return True
    head, rest = pattern[0], pattern[1:]
    if head != GAP:
        return k < len(words) and words[k] == head and _match_forward(words, k + 1, rest, stops)
    for skip in range(_GAP_WORDS + 1):
        if _match_forward(words, k + skip, rest, stops):
            return True
        if k + skip >= len(words) or not _gap_word(words[k + skip], stops):
            return False
    return False


def _match_backward(
    words: Sequence[str], k: int, pattern: Sequence[str], stops: frozenset[str]
) -> bool:
    """Does ``pattern`` end just before index ``k``?"""
    if not pattern:
        return True
    window = words[max(0, k - _BACK_WINDOW) : k][::-1]
    return _match_forward(window, 0, pattern[::-1], stops)


@dataclass
class TriggerGuard:
    """Blocking phrases indexed by the inflected forms of their trigger word."""

    phrases: dict[str, list[GuardPhrase]] = field(default_factory=dict)
    gap_stops: frozenset[str] = frozenset()
    """Words a gap ("...") never runs over (``grammar.yaml``: ``guards.gap_stops``)."""

    @classmethod
    def build(
        cls,
        phrases: Iterable[GuardPhrase],
        forms: Callable[[str], set[str]],
        gap_stops: frozenset[str],
    ) -> TriggerGuard:
        """``forms(lemma)``: every inflection of a trigger word (verb forms and plurals)."""
        guard = cls(gap_stops=gap_stops)
        for phrase in phrases:
            for form in forms(phrase.lemma) | {phrase.lemma}:
                guard.phrases.setdefault(form, []).append(phrase)
        return guard

    def blocks(
        self, tokens: Tokens, first: int, last: int, start: int, *, names: bool = True
    ) -> bool:
        """Is the trigger ``tokens[first:last]`` (in a clause from ``start``) part of a
        compound, a set phrase or (when ``names``) a name?"""
        return (names and in_name(tokens, first, start)) or any(
            self.phrase_at(tokens.lowered, k) is not None for k in range(first, last)
        )

    def phrase_at(self, lowered: Sequence[str], k: int) -> GuardPhrase | None:
        """The blocking phrase whose trigger word is at ``k``, if any."""
        for phrase in self.phrases.get(lowered[k], ()):
            stops = self.gap_stops
            if _match_backward(lowered, k, phrase.before, stops) and _match_forward(
                lowered, k + 1, phrase.after, stops
            ):
                return phrase
        return None


def title_cased(tokens: Tokens, start: int, stop: int) -> bool:
    """Is ``tokens[start:stop]`` written like a headline ("Iran Rejects New Talks With
    Washington")? Then a capital proves nothing about names."""
    words = [t for t in tokens.texts[start + 1 : stop] if len(t) > 3 and t.isalpha()]
    lower = sum(1 for t in words if not t[:1].isupper())
    return len(words) >= _HEADLINE_WORDS and lower <= len(words) // _HEADLINE_SLACK


def in_name(tokens: Tokens, first: int, start: int) -> bool:
    """A capitalised trigger word inside a clause: part of a name ("the Ukraine Support
    Act", "Operation Desert Storm"), a month ("in March") or a title."""
    if first <= start:
        return False
    text = tokens.texts[first]
    if not (text[:1].isupper() and text[1:].islower()):
        return False  # lower case, or all capitals (a shouted headline, an acronym)
    return tokens.texts[first - 1] not in _OPENERS

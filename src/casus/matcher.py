"""A phrase matcher over casus tokens: longest match, left to right.

Phrases are tokenised with the same tokenizer as documents, so "U.S.", "Russia's" and
"Baku-Novorossiysk" split the same way in the lexicon and in the text. Keys are token
tuples (case-sensitive, or lower-cased for a case-insensitive matcher); lookups cost one
dict probe per candidate length, so matching an article is a few thousand probes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .text import Tokens, tokenize

__all__ = ["Match", "PhraseMatcher", "phrase_key"]

V = TypeVar("V")


SEP = "\x1f"


def phrase_key(phrase: str, *, lower: bool = False) -> str:
    """The key a phrase is stored under: its tokens joined by a unit separator."""
    texts = tokenize(phrase.lower() if lower else phrase).texts
    return SEP.join(texts)


@dataclass(frozen=True, slots=True)
class Match(Generic[V]):
    first: int
    """Index of the first token."""
    last: int
    """Index one past the last token."""
    values: tuple[V, ...]


@dataclass
class PhraseMatcher(Generic[V]):
    """Map phrases to values; find them in token sequences.

    Phrases are stored by their tokens; a key is unknown to :meth:`get` unless it was
    tokenised the same way, so always go through :func:`phrase_key`. ``name`` is the
    list's own name ("negation", "hedges" ...), for indexes that group several lists.
    """

    lower: bool = False
    name: str = ""
    _table: dict[str, list[V]] = field(default_factory=dict)
    _longest: dict[str, int] = field(default_factory=dict)

    def add(self, phrase: str, value: V) -> None:
        key = phrase_key(phrase, lower=self.lower)
        if not key:
            return
        self._table.setdefault(key, []).append(value)
        parts = key.split(SEP)
        if len(parts) > self._longest.get(parts[0], 0):
            self._longest[parts[0]] = len(parts)

    def __len__(self) -> int:
        return len(self._table)

    def get(self, phrase: str) -> tuple[V, ...]:
        """Values of a phrase given as text (tokenised here: not for hot paths)."""
        return tuple(self._table.get(phrase_key(phrase, lower=self.lower), ()))

    def lookup(self, words: Sequence[str]) -> list[V]:
        """Values of a phrase given as token texts (no tokenisation: fast)."""
        if self.lower:
            words = [w.lower() for w in words]
        return self._table.get(SEP.join(words)) or []

    def find(self, tokens: Tokens, start: int = 0, stop: int | None = None) -> Iterator[Match[V]]:
        """Non-overlapping longest matches in ``tokens[start:stop]``."""
        texts: Sequence[str] = tokens.lowered if self.lower else tokens.texts
        end = len(texts) if stop is None else min(stop, len(texts))
        longest, table = self._longest, self._table
        free = start
        for i in [k for k in range(start, end) if texts[k] in longest]:
            if i < free:
                continue
            for size in range(min(longest[texts[i]], end - i), 0, -1):
                values = table.get(SEP.join(texts[i : i + size]))
                if values:
                    yield Match(i, i + size, tuple(values))
                    free = i + size
                    break

    def find_all(self, texts: Sequence[str]) -> Iterator[Match[V]]:
        """Every match at every position of ``texts`` (overlapping; longest first).

        ``texts`` are token texts, already lower-cased for a case-insensitive matcher.
        """
        words = texts
        longest = self._longest
        for i in [k for k, word in enumerate(words) if word in longest]:
            for size in range(min(longest[words[i]], len(words) - i), 0, -1):
                values = self._table.get(SEP.join(words[i : i + size]))
                if values:
                    yield Match(i, i + size, tuple(values))

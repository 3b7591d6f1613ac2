"""A stand-in dependency parser for the syntax layer's tests: it records what it is
asked and answers with empty parses (or, ``short``, with too few)."""

from __future__ import annotations

from collections.abc import Sequence

from casus.components.syntax.parse import Parse

Request = tuple[str, Sequence[Sequence[tuple[int, int]]]]


class RecordingParser:
    def __init__(self, *, short: bool = False) -> None:
        self.calls: list[list[Sequence[tuple[int, int]]]] = []
        """The sentences of each text asked for, one list per text."""
        self.words: list[list[str]] = []
        """The words of every sentence asked for, in order."""
        self.short = short

    def load(self) -> None:
        pass

    def parse_many(self, requests: Sequence[Request]) -> list[list[Parse | None]]:
        found: list[list[Parse | None]] = []
        for text, sentences in requests:
            self.calls.append(list(sentences))
            self.words += [[text[a:b] for a, b in piece] for piece in sentences]
            empty = Parse.build([], [], [], [], [])
            found.append([] if self.short else [empty for _ in sentences])
        return found

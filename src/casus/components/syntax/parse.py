"""Dependency parses of the sentences that may hold an event.

The parser is the small spaCy pipeline in :mod:`casus.models` (trained on UD English
EWT), loaded by path, checked against its manifest, with its tagger and parser only.
spaCy is imported on first use. A sentence is parsed with the model's own tokenizer;
:class:`Parse` keeps each word's character offsets in the document, so that the
syntax layer can map words to casus's tokens, actors and places.

Long sentences (more than :data:`MAX_WORDS` words: unpunctuated or pasted text) are not
parsed; roles then come from word order alone, and the cost stays linear.

Matrix products: when numpy's BLAS runs one thread (:func:`blas_single_threaded`; the
``casus`` command sees to it), the model's layers multiply through numpy, whose BLAS
picks kernels for the processor it runs on; otherwise through the BLIS build that spaCy
ships, which falls back to slow generic kernels on processors it does not know (AMD Zen 5),
but does not spin threads. Either way the parses are the same.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import ModelError
from ...models import parser_path, verify

__all__ = [
    "BLAS_THREAD_VARIABLES",
    "MAX_WORDS",
    "DependencyParser",
    "Parse",
    "blas_single_threaded",
]

MAX_WORDS = 120
"""Sentences longer than this (in the model's words) are not parsed."""
_BATCH = 256


@dataclass(frozen=True, slots=True)
class Parse:
    """One sentence's parse. Word ``i`` spans ``starts[i]:ends[i]`` of the document's
    text; ``heads[i]`` is its head's index in the sentence (the root is its own head);
    ``deps`` are UD relations (``nsubj``, ``obj``, ``obl``, ``nsubj:pass`` ...), ``tags``
    Penn Treebank tags."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...]
    heads: tuple[int, ...]
    deps: tuple[str, ...]
    tags: tuple[str, ...]
    children: tuple[tuple[int, ...], ...] = field(default=(), compare=False)

    @classmethod
    def build(
        cls,
        spans: Sequence[tuple[int, int]],
        words: Sequence[str],
        heads: Sequence[int],
        deps: Sequence[str],
        tags: Sequence[str],
    ) -> Parse:
        kids: list[list[int]] = [[] for _ in words]
        for i, head in enumerate(heads):
            if head != i:
                kids[head].append(i)
        return cls(
            tuple(s for s, _ in spans),
            tuple(e for _, e in spans),
            tuple(words),
            tuple(heads),
            tuple(deps),
            tuple(tags),
            tuple(tuple(k) for k in kids),
        )

    @classmethod
    def join(cls, parts: Sequence[Parse | None]) -> Parse | None:
        """One parse of consecutive pieces of a sentence (None when none was parsed)."""
        kept = [p for p in parts if p is not None]
        if len(kept) < 2:
            return kept[0] if kept else None
        spans: list[tuple[int, int]] = []
        words: list[str] = []
        heads: list[int] = []
        deps: list[str] = []
        tags: list[str] = []
        for part in kept:
            offset = len(words)
            spans.extend(zip(part.starts, part.ends, strict=True))
            words.extend(part.words)
            heads.extend(h + offset for h in part.heads)
            deps.extend(part.deps)
            tags.extend(part.tags)
        return cls.build(spans, words, heads, deps, tags)

    def __len__(self) -> int:
        return len(self.words)

    def word_at(self, offset: int) -> int | None:
        """The word covering character ``offset`` of the document, if any."""
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.ends[i] else None

    def words_in(self, start: int, end: int) -> range:
        """The words inside characters ``start:end`` of the document."""
        first = bisect_right(self.starts, start - 1)
        last = bisect_right(self.starts, end - 1)
        while last > first and self.ends[last - 1] > end:
            last -= 1
        return range(first, last)

    def subtree(self, i: int) -> range:
        """The contiguous span of words that ``i`` heads (projective trees: its yield)."""
        low = high = i
        stack = [i]
        while stack:
            k = stack.pop()
            low, high = min(low, k), max(high, k)
            stack.extend(self.children[k])
        return range(low, high + 1)

    def dependents(self, i: int, *relations: str) -> list[int]:
        """``i``'s children whose relation (or its base before ``:``) is one of ``relations``."""
        return [
            k
            for k in self.children[i]
            if self.deps[k] in relations or self.deps[k].split(":", 1)[0] in relations
        ]


class DependencyParser:
    """The bundled parser, loaded on first use (``path``: another spaCy pipeline
    directory with the same kind of manifest).

    It parses casus's own words (see :meth:`parse`), so the model's tokenizer and its
    thousands of special cases are never built: the pipeline is loaded with a plain
    tokenizer (registered with spaCy as ``casus.plain_tokenizer.v1``) and without its
    morphologizer, which casus does not read."""

    def __init__(self, path: Path | None = None) -> None:
        """``path``: a spaCy pipeline directory with a manifest (the bundled model by
        default); nothing is read before the first parse."""
        self.path = path or parser_path()
        self._nlp: Any = None

    def load(self) -> None:
        """Load the model now (before forking workers, so that they share it)."""
        if self._nlp is not None:
            return
        verify(self.path)
        try:
            import spacy
        except ImportError as error:  # pragma: no cover - spaCy is a dependency
            raise ModelError(f"spaCy is not installed: {error}") from None
        _register_plain_tokenizer(spacy)
        plain = {"nlp": {"tokenizer": {"@tokenizers": _PLAIN_TOKENIZER}}}
        from thinc.api import use_ops

        try:
            with use_ops("numpy", use_blis=not blas_single_threaded()):
                self._nlp = spacy.load(
                    self.path, exclude=["morphologizer", "tokenizer"], config=plain
                )
        except (OSError, ValueError) as error:
            raise ModelError(f"cannot load the parser: {error}", where=str(self.path)) from None

    def parse(
        self, text: str, sentences: Sequence[Sequence[tuple[int, int]]]
    ) -> list[Parse | None]:
        """A parse of each sentence, given as the character spans of its words in
        ``text``; None for a sentence of more than :data:`MAX_WORDS` words."""
        return self.parse_many([(text, sentences)])[0]

    def parse_many(
        self, requests: Sequence[tuple[str, Sequence[Sequence[tuple[int, int]]]]]
    ) -> list[list[Parse | None]]:
        """:meth:`parse` for several texts, all their sentences in one batch."""
        self.load()
        from spacy.tokens import Doc as SpacyDoc

        nlp = self._nlp
        keep = [
            (r, i)
            for r, (_, sentences) in enumerate(requests)
            for i, words in enumerate(sentences)
            if 0 < len(words) <= MAX_WORDS
        ]
        docs = (
            SpacyDoc(
                nlp.vocab,
                words=[requests[r][0][a:b] for a, b in requests[r][1][i]],
                spaces=_spaces(requests[r][1][i], len(requests[r][0])),
            )
            for r, i in keep
        )
        found: list[list[Parse | None]] = [[None] * len(s) for _, s in requests]
        parsed: Iterator[Any] = nlp.pipe(docs, batch_size=_BATCH)
        strings = nlp.vocab.strings
        for (r, i), doc in zip(keep, parsed, strict=True):
            text, words = requests[r][0], requests[r][1][i]
            rows = doc.to_array(_ATTRIBUTES).tolist()  # one read, no Token objects
            found[r][i] = Parse.build(
                words,
                [text[a:b] for a, b in words],
                [k + row[0] - (1 << 64 if row[0] >= 1 << 63 else 0) for k, row in enumerate(rows)],
                [strings[row[1]] for row in rows],
                [strings[row[2]] for row in rows],
            )
        return found


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
"""The variables that set how many threads OpenBLAS runs, first found first (OpenMP
builds of other BLAS libraries read the last)."""


def blas_single_threaded() -> bool:
    """Whether numpy's BLAS runs one thread, as far as the environment tells: the first
    of :data:`BLAS_THREAD_VARIABLES` that is set says 1, or none is set and the process
    may run on one core only. (The variables count when numpy is first imported.)"""
    for name in BLAS_THREAD_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return value == "1"
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) == 1
    return os.cpu_count() == 1


def _spaces(words: Sequence[tuple[int, int]], size: int) -> list[bool]:
    """Whether a space follows each word (a gap before the next one)."""
    nexts = [a for a, _ in words[1:]] + [size + 1]
    return [b < following for (_, b), following in zip(words, nexts, strict=True)]


_PLAIN_TOKENIZER = "casus.plain_tokenizer.v1"
_ATTRIBUTES = ["HEAD", "DEP", "TAG"]
"""Read per word: the head's offset (relative, as an unsigned 64-bit number), the
relation and the tag (string ids)."""


def _register_plain_tokenizer(spacy: Any) -> None:
    """Register (once) a tokenizer with no rules: casus gives the parser its words."""
    if _PLAIN_TOKENIZER in spacy.registry.tokenizers:
        return
    from spacy.tokenizer import Tokenizer

    def factory() -> Any:
        return lambda nlp: Tokenizer(nlp.vocab)

    spacy.registry.tokenizers.register(_PLAIN_TOKENIZER, func=factory)

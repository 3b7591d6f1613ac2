"""The syntax layer: one :class:`Syntax` per document, built once, read by events and
claims.

:class:`SyntaxLayer` (the pipeline component ``syntax``) cuts every body paragraph and
block quote into sentences and clauses, indexes the factuality cues, finds the
reporting frames and the speakers of block quotes, and indexes actors, places and dates
by token for role finding. It sets ``doc.syntax``; the event coder and the claims read
it with :func:`syntax_of` and build none of it themselves. It is working data: it is
not part of an :class:`~casus.model.Analysis` and never reaches the JSON output.

With a dependency ``parser`` (:class:`.parse.DependencyParser`), each sentence that holds
a candidate word (one that may begin an event trigger) gets its :class:`.parse.Parse`,
and :attr:`Syntax.parsed` reads the roles of a trigger off it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from ...doc import Doc
from ...errors import PipelineError
from ...lexicon import ActorLexicon, load_lexicon
from ...matcher import PhraseMatcher
from ...text import Tokens
from .clauses import (
    Clause,
    CueIndex,
    Cues,
    clauses,
    load_cues,
    paragraph_flags,
    window_note,
    windows,
)
from .collectives import CollectiveEntry, load_collectives
from .frames import Frame, Sourcing
from .grammar import Grammar, load_grammar
from .parse import Parse
from .parsed_roles import ParsedRoles
from .roles import RoleFinder

__all__ = [
    "Paragraph",
    "Parse",
    "Parser",
    "Sentence",
    "Syntax",
    "SyntaxLayer",
    "parse_pieces",
    "syntax_of",
]

_READ_SEGMENTS = frozenset({"body", "quote"})
"""Segments whose sentences are read: never titles, captions, pasted headlines or
boilerplate."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a body paragraph or block quote, in tokens ``[start, end)``."""

    start: int
    end: int
    segment: str
    """The kind of its segment: "body" or "quote"."""
    paragraph: int
    """The index of its segment in ``doc.segments``."""
    clauses: tuple[Clause, ...]
    """Its clauses, covering it without gaps."""
    parse: Parse | None = None
    """Its dependency parse, when the layer has a parser."""
    number: int = -1
    """Its index in ``doc.sentences`` (the windows of a long sentence share it)."""


class Parser(Protocol):
    """What :class:`SyntaxLayer` asks of a dependency parser (:class:`.DependencyParser`):
    for each (text, sentences) request, a parse, or None, for each sentence given as its
    words' character spans in the text, in order (all
    of a document's sentences at once, so that it may batch them); ``load`` loads its
    model ahead of the first parse."""

    def load(self) -> None: ...

    def parse_many(
        self, requests: Sequence[tuple[str, Sequence[Sequence[tuple[int, int]]]]]
    ) -> Sequence[Sequence[Parse | None]]: ...


@dataclass(frozen=True, slots=True)
class Paragraph:
    """What holds for a whole segment."""

    scenario: bool
    """In a scenario ("Scenario 1: ...", or under a heading that names scenarios)."""
    unconfirmed: bool
    """It, or the body paragraph after it, says there is no confirmation."""
    speaker: Frame | None
    """Who speaks it, for a block quote (None for other segments)."""


@dataclass(frozen=True, slots=True)
class Syntax:
    """The syntax of one document (see the module doc)."""

    sentences: tuple[Sentence, ...]
    """Sentences of body paragraphs and block quotes, in text order."""
    paragraphs: tuple[Paragraph, ...]
    """One per segment of ``doc.segments``."""
    index: CueIndex
    """Every factuality and attribution cue of the document, by token."""
    sourcing: Sourcing
    """Reporting frames and quote speakers."""
    roles: RoleFinder
    """Actors, places and dates by token, and role finding. It holds per-document
    reading state (:attr:`RoleFinder.previous_subjects`), which the event coder updates
    as it reads the sentences in order: this object belongs to one document."""
    parsed: ParsedRoles
    """Roles read off a sentence's parse (for sentences that have one)."""
    _paragraph_of: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_paragraph_of", tuple(s.paragraph for s in self.sentences))

    def in_paragraph(self, paragraph: int) -> tuple[Sentence, ...]:
        """The sentences of segment ``paragraph``."""
        lo = bisect_left(self._paragraph_of, paragraph)
        return self.sentences[lo : bisect_right(self._paragraph_of, paragraph, lo)]


class SyntaxLayer:
    """Pipeline component: sets ``doc.syntax`` (a :class:`Syntax`)."""

    name = "syntax"
    requires = ("segments", "actors", "places", "dates")
    assigns = ("syntax",)

    def __init__(
        self,
        cues: Cues | None = None,
        lexicon: ActorLexicon | None = None,
        *,
        collective_phrases: PhraseMatcher[CollectiveEntry] | None = None,
        grammar: Grammar | None = None,
        parser: Parser | None = None,
        eventful: Callable[[Tokens, int, int], bool] | None = None,
    ) -> None:
        """The tables (see :class:`casus.components.resources.Resources`); each is read
        from the bundled files when not given. ``parser``: the dependency parser that
        gives each sentence its parse (without one, roles come from word order);
        ``eventful(tokens, start, stop)``: does a sentence hold an event trigger? Only those
        that do are parsed (every sentence when None)."""
        self.cues = cues or load_cues()
        self.lexicon = lexicon or load_lexicon()
        self.collective_phrases = collective_phrases or load_collectives()
        self.grammar = grammar or load_grammar()
        self.parser = parser
        self.eventful = eventful

    def prepare(self) -> None:
        """Load the parser's model now (see :meth:`casus.pipeline.Pipeline.prepare`)."""
        if self.parser is not None:
            self.parser.load()

    def __call__(self, doc: Doc) -> Doc:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Doc]) -> list[Doc]:
        """Set ``doc.syntax`` on each of ``docs``; the sentences of all of them are
        parsed in one call (the parser is faster on a larger batch). The same result as
        calling the layer on each."""
        sentences = [self._sentences(doc) for doc in docs]
        if self.parser is not None:
            sentences = self._parse(docs, sentences, self.parser)
        for doc, found in zip(docs, sentences, strict=True):
            self._finish(doc, found)
        return docs

    def _finish(self, doc: Doc, sentences: list[Sentence]) -> None:
        grammar = self.grammar
        index = CueIndex(doc.tokens, self.cues)
        roles = RoleFinder(doc, self.lexicon, self.collective_phrases, grammar)
        sourcing = Sourcing(doc, self.cues, roles, grammar, index)
        flags = paragraph_flags(doc, self.cues, index)
        paragraphs = tuple(
            Paragraph(
                scenario=flag.scenario,
                unconfirmed=flag.unconfirmed,
                speaker=sourcing.quote_speaker(position) if segment.kind == "quote" else None,
            )
            for position, (segment, flag) in enumerate(zip(doc.segments, flags, strict=True))
        )
        parsed = ParsedRoles(roles, grammar)
        doc.syntax = Syntax(tuple(sentences), paragraphs, index, sourcing, roles, parsed)

    def _parse(
        self, docs: list[Doc], sentences: list[list[Sentence]], parser: Parser
    ) -> list[list[Sentence]]:
        """The sentences with their parses (those holding a trigger), every document's
        in one call to the parser."""
        endings = self.grammar.dependencies.contractions
        eventful = self.eventful
        chosen: list[list[int]] = []
        pieces: list[list[list[list[tuple[int, int]]]]] = []  # doc, sentence, piece, word
        for doc, found in zip(docs, sentences, strict=True):
            tokens = doc.tokens
            picked = [
                i
                for i, s in enumerate(found)
                if eventful is None or eventful(tokens, s.start, s.end)
            ]
            chosen.append(picked)
            pieces.append(
                [parse_pieces(tokens, found[i].start, found[i].end, endings) for i in picked]
            )
        requests = [
            (doc.text, [span for parts in doc_pieces for span in parts])
            for doc, doc_pieces in zip(docs, pieces, strict=True)
        ]
        answers = parser.parse_many(requests)
        result: list[list[Sentence]] = []
        if len(answers) != len(requests):
            raise PipelineError(f"the parser answered {len(answers)} of {len(requests)} texts")
        for given, picked, doc_pieces, (_, spans), parses in zip(
            sentences, chosen, pieces, requests, answers, strict=True
        ):
            if len(parses) != len(spans):
                raise PipelineError(
                    f"the parser gave {len(parses)} parses for {len(spans)} sentences"
                )
            found, taken = list(given), 0
            for i, parts in zip(picked, doc_pieces, strict=True):
                found[i] = replace(found[i], parse=Parse.join(parses[taken : taken + len(parts)]))
                taken += len(parts)
            result.append(found)
        return result

    def _sentences(self, doc: Doc) -> list[Sentence]:
        """The sentences of body paragraphs and block quotes, cut into clauses; a
        sentence longer than the ``sentence_tokens`` limit is read in windows (each a
        :class:`Sentence` of the same ``number``), which ``doc.notes`` mentions."""
        tokens = doc.tokens
        size = self.cues.limits.sentence_tokens
        found: list[Sentence] = []
        long: list[tuple[int, int]] = []
        sentences = doc.sentences
        for position, segment in enumerate(doc.segments):
            if segment.kind not in _READ_SEGMENTS:
                continue
            for number in range(bisect_left(doc.sentence_starts, segment.start), len(sentences)):
                start, end = sentences[number]
                if start >= segment.end:
                    break
                first, last = tokens.index_at(start), tokens.index_at(end)
                parts = windows(tokens, first, last, size)
                if len(parts) > 1:
                    long.append((start, end))
                for lo, hi in parts:
                    if hi > lo:
                        cut = tuple(clauses(tokens, lo, hi, self.grammar, self.cues))
                        found.append(Sentence(lo, hi, segment.kind, position, cut, number=number))
        window_note(doc, long, size)
        return found


_DASHES = frozenset({"-", "—", "–", "--"})


def _after_dateline(texts: Sequence[str], start: int, end: int) -> int:
    """The first token of the sentence ``[start, end)`` after a dateline ("TBILISI,
    May 3 (Reuters) - "), which is no part of its grammar; ``start`` when it has none."""
    first = texts[start]
    if not (len(first) > 1 and first.isupper() and first.isalpha()):
        return start
    for k in range(start + 1, min(end - 1, start + 16)):
        if texts[k] in _DASHES:
            return k + 1
    return start


_SEPARATORS = frozenset({":", ";"})


def parse_pieces(
    tokens: Tokens, start: int, end: int, endings: Sequence[str]
) -> list[list[tuple[int, int]]]:
    """The word spans (character offsets) to parse for the sentence in tokens ``[start,
    end)``: after its dateline, cut after a colon or semicolon that a clause of three
    words or more follows ("... has long existed: Kyiv provided weapons ..."), which the
    parser reads better apart; a word ending in one of ``endings`` (the contractions of
    ``grammar.yaml``) is two words ("did" "n't"), and letters and digits written together
    one ("M23"), as in the treebank the parser learnt from. The syntax layer parses every
    sentence this way; so does the parser's news evaluation."""
    pieces: list[list[tuple[int, int]]] = []
    words: list[tuple[int, int]] = []
    suffixes = tuple(endings)
    starts, ends, texts, lowered = tokens.starts, tokens.ends, tokens.texts, tokens.lowered
    for k in range(_after_dateline(texts, start, end), end):
        a, b = starts[k], ends[k]
        word = lowered[k]
        ending = ""
        if word.endswith(suffixes):  # rare: only then find which
            ending = next((e for e in suffixes if word.endswith(e) and len(word) > len(e)), "")
        if ending:
            words += [(a, b - len(ending)), (b - len(ending), b)]
        elif words and words[-1][1] == a and tokens.texts[k].isalnum() and _alnum(tokens, k - 1):
            words[-1] = (words[-1][0], b)  # "M23", "S400": letters and digits are one word
        else:
            words.append((a, b))
        if texts[k] in _SEPARATORS and k < end - 4:
            pieces.append(words)
            words = []
    return [*pieces, words] if words else pieces


def _alnum(tokens: Tokens, k: int) -> bool:
    return k >= 0 and tokens.texts[k].isalnum()


def syntax_of(doc: Doc) -> Syntax:
    """``doc.syntax``, set by the syntax layer (a :class:`PipelineError` without it)."""
    found = doc.syntax
    if not isinstance(found, Syntax):
        raise PipelineError("no syntax layer: run the 'syntax' component first")
    return found

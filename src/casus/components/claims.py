"""Claims: the statements an article makes, who makes them, and how they are sourced.

* a **block quote** is one claim by its speaker (the line that introduces it, or the
  attribution line after it);
* **reported speech** is a claim by its speaker: "X said (that) CLAIM", "CLAIM, X said",
  "according to X, CLAIM", a quotation followed by "X said";
* the **author's own factual assertions**: a body sentence with no reporting frame that
  states something about actors, places or dates — not a question, not a conditional,
  a modal speculation or a plan — is a claim with sourcing ``none``.

Sourcing is that of the frame: ``named``, ``official``, ``anonymous``, ``media``, or
``none`` for the author's own voice.
"""

from __future__ import annotations

import hashlib

from ..doc import Doc
from ..model import ActorRef, Claim, Evidence
from ..text import Tokens
from .syntax.clauses import CueIndex, Cues, limit_note, load_cues
from .syntax.frames import Frame, Sourcing
from .syntax.grammar import ClaimWords, Grammar, load_grammar
from .syntax.layer import Sentence, syntax_of

__all__ = ["ClaimExtractor"]

_MIN_WORDS = 6
_QUOTES = '"“”«»'


class ClaimExtractor:
    """Pipeline component: fills ``doc.claims``."""

    name = "claims"
    requires = ("segments", "actors", "places", "dates", "syntax")
    assigns = ("claims",)

    def __init__(
        self,
        cues: Cues | None = None,
        *,
        grammar: Grammar | None = None,
    ) -> None:
        """The tables (see :class:`casus.components.resources.Resources`); each is read
        from the bundled files when not given."""
        self.cues = cues or load_cues()
        self.grammar = grammar or load_grammar()

    def __call__(self, doc: Doc) -> Doc:
        syntax = syntax_of(doc)
        mentions = _mention_tokens(doc)
        limit = self.cues.limits.claims_per_sentence
        counts: dict[int, int] = {}  # claims per sentence (its windows together)
        capped: list[tuple[int, int]] = []
        for index, segment in enumerate(doc.segments):
            paragraph = syntax.paragraphs[index]
            if segment.kind == "quote":
                span = (segment.start, segment.end)
                self._add(doc, span, span, frame=paragraph.speaker, rule="claims:block-quote")
            elif segment.kind == "body":
                authorial = not paragraph.scenario
                for sentence in syntax.in_paragraph(index):
                    if counts.get(sentence.number, 0) == limit:  # a long sentence's windows
                        capped.append(doc.sentences[sentence.number])
                        continue
                    before = len(doc.claims)
                    self._sentence(doc, syntax.sourcing, sentence, mentions, authorial=authorial)
                    added = len(doc.claims) - before
                    counts[sentence.number] = counts.get(sentence.number, 0) + added
        if capped:
            spans = sorted(set(capped))
            limit_note(doc, "claims", spans, limit, "their later windows")
        return doc

    def _sentence(
        self,
        doc: Doc,
        sourcing: Sourcing,
        bounds: Sentence,
        mentions: set[int],
        *,
        authorial: bool,
    ) -> None:
        tokens = doc.tokens
        first, last = bounds.start, bounds.end
        sentence = (tokens.starts[first], tokens.ends[last - 1])
        positions = sourcing.reporting(first, last)
        if positions:
            frame = sourcing.frame_at(tokens, first, last, *positions[0])
            span = _content(tokens, first, last, frame, self.grammar.claims)
            if span is not None:
                self._add(doc, span, sentence, frame=frame, rule="claims:reported-speech")
        elif authorial and self._authorial(sourcing.index, first, last, mentions):
            self._add(doc, sentence, sentence, frame=None, rule="claims:author-assertion")

    def _authorial(self, index: CueIndex, first: int, last: int, mentions: set[int]) -> bool:
        """A factual statement in the author's voice (see module doc)."""
        if last - first < _MIN_WORDS or index.tokens.texts[last - 1] == "?":
            return False
        if not any(k in mentions for k in range(first, last)):
            return False
        cues = self.cues
        return not any(
            index.found(matcher, first, last)
            for matcher in (cues.conditional, cues.modal, cues.future)
        )

    def _add(
        self,
        doc: Doc,
        span: tuple[int, int],
        evidence_span: tuple[int, int],
        *,
        frame: Frame | None,
        rule: str,
    ) -> None:
        start, end = span
        text = doc.text[start:end].strip().strip(_QUOTES + " ,").strip()
        if len(text.split()) < 3:
            return
        speaker = None
        sourcing = "none"
        if frame is not None:
            party = frame.speaker
            speaker = ActorRef(
                party.code if party else None, party.sector if party else None, frame.text
            )
            sourcing = frame.kind
        digest = hashlib.sha256(f"{doc.article_id}:{start}:{end}".encode()).hexdigest()[:16]
        evidence = Evidence(*evidence_span, doc.text[evidence_span[0] : evidence_span[1]])
        doc.claims.append(
            Claim(digest, text, speaker, sourcing, evidence, rule)  # type: ignore[arg-type]
        )


def _content(
    tokens: Tokens, first: int, last: int, frame: Frame, words: ClaimWords
) -> tuple[int, int] | None:
    """Character span of what the frame reports: after it ("said that ...") or before it
    ("..., X said.")."""
    lowered = tokens.lowered
    if frame.last < last - 2:
        start = frame.last + (1 if lowered[frame.last] in words.content_openers else 0)
        return tokens.starts[start], tokens.ends[last - 1]
    if frame.first - first >= 3:
        stop = frame.first
        while stop - 1 > first and lowered[stop - 1] in words.frame_lead_ins:
            stop -= 1  # "..., the Russian Foreign Ministry said"
        return tokens.starts[first], tokens.ends[stop - 1]
    return None


def _mention_tokens(doc: Doc) -> set[int]:
    """Token indexes that start an actor, place or date mention."""
    starts = [a.start for a in doc.actors] + [p.start for p in doc.places]
    starts += [d.start for d in doc.dates]
    return {doc.tokens.index_at(start) for start in starts}

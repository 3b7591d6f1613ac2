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
from bisect import bisect_left
from dataclasses import dataclass, field

from ..doc import Doc
from ..lexicon import ActorLexicon, load_lexicon
from ..matcher import PhraseMatcher
from ..model import ActorRef, Claim, Evidence
from ..text import Tokens
from .events.collectives import CollectiveEntry, load_collectives
from .events.cues import (
    CueIndex,
    Cues,
    limit_note,
    load_cues,
    paragraph_flags,
    window_note,
    windows,
)
from .events.roles import role_finder
from .events.sourcing import Frame, Sourcing

__all__ = ["ClaimExtractor"]

_MIN_WORDS = 6
_QUOTES = '"“”«»'


@dataclass
class _Body:
    """What the claims of body sentences need, and the sentences that reached the
    limit (``capped``)."""

    sourcing: Sourcing
    mentions: set[int]
    capped: list[tuple[int, int]] = field(default_factory=list)


class ClaimExtractor:
    """Pipeline component: fills ``doc.claims``."""

    name = "claims"
    requires = ("segments", "actors", "places", "dates")
    assigns = ("claims",)

    def __init__(
        self,
        cues: Cues | None = None,
        lexicon: ActorLexicon | None = None,
        *,
        collective_phrases: PhraseMatcher[CollectiveEntry] | None = None,
    ) -> None:
        """The tables (see :class:`casus.components.resources.Resources`); each is read
        from the bundled files when not given."""
        self.cues = cues or load_cues()
        self.lexicon = lexicon or load_lexicon()
        self.collective_phrases = collective_phrases or load_collectives()

    def __call__(self, doc: Doc) -> Doc:
        roles = role_finder(doc, self.lexicon, self.collective_phrases)
        sourcing = Sourcing(doc, self.cues, roles)
        flags = paragraph_flags(doc, self.cues, sourcing.index)
        body = _Body(sourcing, _mention_tokens(doc))
        for index, segment in enumerate(doc.segments):
            if segment.kind == "quote":
                span = (segment.start, segment.end)
                frame = sourcing.quote_speaker(index)
                claim = self._claim(doc, span, span, frame=frame, rule="claims:block-quote")
                doc.claims += [claim] if claim is not None else []
            elif segment.kind == "body":
                sentences = doc.sentences
                for number in range(
                    bisect_left(doc.sentence_starts, segment.start), len(sentences)
                ):
                    if sentences[number][0] >= segment.end:
                        break
                    authorial = not flags[index].scenario
                    doc.claims += self._body_sentence(doc, body, number, authorial=authorial)
        limits = self.cues.limits
        window_note(doc, limits.sentence_tokens)
        if body.capped:
            limit_note(
                doc, "claims", body.capped, limits.claims_per_sentence, "their later windows"
            )
        return doc

    def _body_sentence(self, doc: Doc, body: _Body, number: int, *, authorial: bool) -> list[Claim]:
        """The claims of one body sentence: one at most, or one per window of a long
        sentence up to the limit."""
        span = doc.sentences[number]
        tokens = doc.tokens
        first, last = tokens.index_at(span[0]), tokens.index_at(span[1])
        limits = self.cues.limits
        found: list[Claim] = []
        for bounds in windows(tokens, first, last, limits.sentence_tokens):
            claim = self._sentence(doc, body, bounds, authorial=authorial)
            if claim is None:
                continue
            if len(found) == limits.claims_per_sentence:
                body.capped.append(span)
                break
            found.append(claim)
        return found

    def _sentence(
        self, doc: Doc, body: _Body, bounds: tuple[int, int], *, authorial: bool
    ) -> Claim | None:
        tokens = doc.tokens
        sourcing = body.sourcing
        first, last = bounds
        if last <= first:
            return None
        sentence = (tokens.starts[first], tokens.ends[last - 1])
        positions = sourcing.reporting(first, last)
        if positions:
            frame = sourcing.frame_at(tokens, first, last, *positions[0])
            span = _content(tokens, first, last, frame)
            if span is not None:
                return self._claim(doc, span, sentence, frame=frame, rule="claims:reported-speech")
        elif authorial and self._authorial(sourcing.index, first, last, body.mentions):
            return self._claim(doc, sentence, sentence, frame=None, rule="claims:author-assertion")
        return None

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

    def _claim(
        self,
        doc: Doc,
        span: tuple[int, int],
        evidence_span: tuple[int, int],
        *,
        frame: Frame | None,
        rule: str,
    ) -> Claim | None:
        start, end = span
        text = doc.text[start:end].strip().strip(_QUOTES + " ,").strip()
        if len(text.split()) < 3:
            return None
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
        return Claim(digest, text, speaker, sourcing, evidence, rule)  # type: ignore[arg-type]


def _content(tokens: Tokens, first: int, last: int, frame: Frame) -> tuple[int, int] | None:
    """Character span of what the frame reports: after it ("said that ...") or before it
    ("..., X said.")."""
    lowered = tokens.lowered
    if frame.last < last - 2:
        start = frame.last + (1 if lowered[frame.last] in {"that", ",", ":"} else 0)
        return tokens.starts[start], tokens.ends[last - 1]
    if frame.first - first >= 3:
        stop = frame.first
        while stop - 1 > first and lowered[stop - 1] in {"the", "a", "an", ",", "—", "–"}:
            stop -= 1  # "..., the Russian Foreign Ministry said"
        return tokens.starts[first], tokens.ends[stop - 1]
    return None


def _mention_tokens(doc: Doc) -> set[int]:
    """Token indexes that start an actor, place or date mention."""
    starts = [a.start for a in doc.actors] + [p.start for p in doc.places]
    starts += [d.start for d in doc.dates]
    return {doc.tokens.index_at(start) for start in starts}

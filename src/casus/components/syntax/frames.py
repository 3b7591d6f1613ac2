"""Who says it: reporting frames ("X said", "according to X", "media reported") and
the speakers of block quotes.

A :class:`Frame` names the speaker and classifies the sourcing: ``named`` (a person),
``official`` (an institution or unnamed office), ``anonymous`` (unnamed sources),
``media`` (another outlet, "media reported"). Anonymous sourcing wins over media when
both are there ("Western media cited sources"): an attribution is as strong as its
weakest link.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ...doc import Doc
from ...text import Tokens
from .clauses import Clause, CueIndex, Cues
from .grammar import FrameWords, Grammar
from .roles import Party, Predicate, RoleFinder

__all__ = ["Frame", "Sourcing"]


def _clause_of(clauses: Sequence[Clause], token: int) -> int:
    """Index of the clause holding ``token`` (the last clause when none does); clauses
    are contiguous and in order (see :func:`.clauses.clauses`)."""
    if clauses and clauses[0].start <= token < clauses[-1].end:
        return bisect_right([c.start for c in clauses], token) - 1
    return len(clauses) - 1


_NAMED_KINDS = frozenset({"person", "role"})
_TRAILING_FRAME = 12
"""A trailing frame (", the ministry said in a statement.") ends its sentence."""
_UNNAMED = frozenset({"ELI", "CVL", "REF"})


def _not_a_frame(lowered: Sequence[str], first: int, start: int, words: FrameWords) -> bool:
    """A reporting word after "to" is a verb's complement ("agreed to maintain
    contact"); after a determiner it is a noun ("rejected those claims")."""
    return first > start and lowered[first - 1] in words.not_frame_after


_SPEAKER_WORDS = 6


def _set_off(lowered: Sequence[str], cue: int, start: int, words: FrameWords) -> bool:
    """A trailing frame is set off by punctuation: '..., the ministry said', '..." he
    said' -- not "the truce he had announced only hours earlier"."""
    k = cue - 1
    while k >= start and lowered[k] not in words.trailing_boundaries:
        if lowered[k] in words.not_in_trailing or cue - k > _SPEAKER_WORDS:
            return False
        k -= 1
    return True


@dataclass(frozen=True, slots=True)
class Frame:
    kind: str
    text: str
    speaker: Party | None
    first: int
    """First token of the frame (speaker or cue, whichever comes first)."""
    last: int
    """One past the last token of the frame."""


class Sourcing:
    """The reporting frames of one document (its cue ``index`` and ``roles``)."""

    def __init__(
        self, doc: Doc, cues: Cues, roles: RoleFinder, grammar: Grammar, index: CueIndex
    ) -> None:
        self.doc = doc
        self.cues = cues
        self.roles = roles
        self.words: FrameWords = grammar.frames
        self.index = index
        self._speakers: dict[tuple[int, bool], Frame | None] = {}
        self._around: list[tuple[int, int]] | None = None

    def frame(
        self, start: int, stop: int, trigger: Predicate, sentence_clauses: Sequence[Clause]
    ) -> Frame | None:
        """The reporting frame that covers the trigger, if any (see :meth:`_covers`)."""
        tokens = self.doc.tokens
        positions = [
            (first, last)
            for first, last in self.reporting(start, stop)
            if not trigger.first <= first < trigger.object_end
            and self._covers(first, last, trigger, stop, sentence_clauses)
        ]
        if not positions:
            return None
        first, last = min(positions, key=lambda p: abs(p[0] - trigger.first))
        return self.frame_at(tokens, start, stop, first, last)

    def reporting(self, start: int, stop: int) -> list[tuple[int, int]]:
        """Reporting cues in ``[start, stop)`` used as verbs: not "agreed to maintain",
        not "those claims"."""
        lowered = self.doc.tokens.lowered
        return [
            (first, last)
            for first, last in self.index.positions(self.cues.reporting, start, stop)
            if not _not_a_frame(lowered, first, start, self.words)
        ]

    def _covers(
        self, first: int, last: int, trigger: Predicate, stop: int, clauses: Sequence[Clause]
    ) -> bool:
        """Does the reporting cue at ``[first, last)`` report the trigger's event?

        "according to X" covers its sentence; "X said (that) ..." covers the clauses it
        introduces; ", X said." at the end of a sentence covers what precedes it; a
        participle ("..., saying the vote was rigged") is the actor's own comment.
        """
        lowered = self.doc.tokens.lowered
        if lowered[first] == "according":
            return True
        if lowered[first].endswith("ing"):
            return False
        if first < trigger.first:
            cue_clause = _clause_of(clauses, first)
            event_clause = _clause_of(clauses, trigger.first)
            between = clauses[cue_clause + 1 : event_clause + 1]
            return all(c.opener in self.words.reported_openers for c in between)
        if last < stop and (
            lowered[last] in self.words.complement_starts or last in self.roles.starts
        ):
            return False  # "..., and the government said it had ...": a frame of its own
        return (
            stop - last <= _TRAILING_FRAME
            and _clause_of(clauses, first) == len(clauses) - 1
            and _set_off(lowered, first, clauses[0].start, self.words)
        )

    def frame_at(self, tokens: Tokens, start: int, stop: int, first: int, last: int) -> Frame:
        """The frame whose reporting cue is ``tokens[first:last]``, in a sentence."""
        lowered = tokens.lowered
        if lowered[first] == "according":
            speakers = self.roles.group_starting(last, stop)
            end = last
            while end < stop and lowered[end] not in self.words.speaker_stops:
                end += 1
            return self._classify(
                tokens, text_start=last, text_end=end, speakers=speakers, first=first, last=end
            )
        before = self._speaker_before(first, start)
        if before:
            return self._classify(
                tokens,
                text_start=before[0].first,
                text_end=first,
                speakers=before,
                first=before[0].first,
                last=last,
            )
        after = self.roles.group_starting(last, stop)
        if after:
            return self._classify(
                tokens,
                text_start=last,
                text_end=after[-1].last,
                speakers=after,
                first=first,
                last=after[-1].last,
            )
        if first > start and lowered[first - 1] in self.words.personal_pronouns:
            person = self.roles.person_before(first - 1)
            if person is not None:
                return Frame("named", person.text, person, first - 1, last)
        if first > start and lowered[first - 1] in self.words.impersonal_pronouns:
            for k in range(start, first - 1):  # "Baku accused Moscow ..., it said": Baku
                if k in self.roles.starts:
                    group = self.roles.group_starting(k, first - 1)
                    return self._classify(
                        tokens,
                        text_start=group[0].first,
                        text_end=group[-1].last,
                        speakers=group,
                        first=first - 1,
                        last=last,
                    )
        phrase_start = first
        while phrase_start > start and lowered[phrase_start - 1] not in self.words.speaker_stops:
            phrase_start -= 1
        return self._classify(
            tokens,
            text_start=phrase_start,
            text_end=first,
            speakers=[],
            first=phrase_start,
            last=last,
        )

    def _speaker_before(self, cue: int, start: int) -> list[Party]:
        for end in range(cue, max(start, cue - 3) - 1, -1):
            if end in self.roles.ends:
                return self.roles.group_ending(end, start)
        return []

    def _classify(
        self,
        tokens: Tokens,
        *,
        text_start: int,
        text_end: int,
        speakers: list[Party],
        first: int,
        last: int,
    ) -> Frame:
        cues = self.cues
        text = self.doc.text[tokens.starts[text_start] : tokens.ends[max(text_start, text_end - 1)]]
        speaker = speakers[0] if speakers else None
        if self.index.found(cues.anonymous, first, last + 3) or (
            speaker is not None and speaker.kind == "agent" and speaker.sector in _UNNAMED
        ):
            kind = "anonymous"  # "sources said", "experts believe", "residents told"
        elif speaker is not None and speaker.kind in _NAMED_KINDS:
            kind = "named"
        elif (speaker is not None and speaker.sector == "MED") or self.index.found(
            cues.media, text_start, text_end
        ):
            kind = "media"
        elif speaker is not None or self.index.found(cues.official, text_start, text_end):
            kind = "official"
        else:
            kind = "media" if tokens.lowered[last - 1].startswith("report") else "anonymous"
        return Frame(kind, text.strip() or tokens.texts[first], speaker, first, last)

    def quote_speaker(self, segment_index: int) -> Frame | None:
        """Who speaks a block quote: the subject of the line that introduces it ("X
        points out that ...:") or of the attribution line after it ("X emphasized.")."""
        segments = self.doc.segments
        before, after = self._around_quotes()[segment_index]
        for index in (before, after):
            if 0 <= index < len(segments) and segments[index].kind == "body":
                key = (index, index == before)
                if key not in self._speakers:  # a run of quotes shares its speaker
                    self._speakers[key] = self._segment_speaker(index, introducer=key[1])
                frame = self._speakers[key]
                if frame is not None:
                    return frame
        return None

    def _around_quotes(self) -> list[tuple[int, int]]:
        """Per segment: the nearest segment before it and after it that is no quote
        (-1 and the number of segments when there is none)."""
        if self._around is None:
            segments = self.doc.segments
            before = [-1] * len(segments)
            after = [len(segments)] * len(segments)
            for i in range(1, len(segments)):
                before[i] = i - 1 if segments[i - 1].kind != "quote" else before[i - 1]
            for i in range(len(segments) - 2, -1, -1):
                after[i] = i + 1 if segments[i + 1].kind != "quote" else after[i + 1]
            self._around = list(zip(before, after, strict=True))
        return self._around

    def _segment_speaker(self, index: int, *, introducer: bool) -> Frame | None:
        segment = self.doc.segments[index]
        text = self.doc.text[segment.start : segment.end].rstrip()
        if introducer and not text.endswith(":"):
            return None
        if not introducer and len(text.split()) > 6:
            return None
        tokens = self.doc.tokens
        first, last = tokens.index_at(segment.start), tokens.index_at(segment.end)
        sentence = (first, last)
        k = bisect_left(self.doc.sentence_starts, segment.end) - 1  # its last sentence
        if k >= 0 and self.doc.sentences[k][0] >= segment.start:
            start, end = self.doc.sentences[k]
            sentence = (tokens.index_at(start), tokens.index_at(end))
        cues = self.index.positions(self.cues.reporting, *sentence)
        if cues:  # "Political scientist X points out that ...:"
            return self.frame_at(tokens, sentence[0], sentence[1], *cues[-1])
        for k in range(*sentence):
            if k in self.roles.starts and self.roles.starts[k][1].kind in _NAMED_KINDS:
                speakers = self.roles.group_starting(k, last)
                return Frame("named", speakers[0].text, speakers[0], k, speakers[-1].last)
        if self.index.found(self.cues.media, *sentence):
            text = self.doc.text[tokens.starts[sentence[0]] : tokens.ends[sentence[1] - 1]]
            return Frame("media", text.rstrip(":"), None, sentence[0], sentence[1])
        return None

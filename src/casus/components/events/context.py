"""One trigger in its clause, sentence and paragraph: factuality, attribution, evidence.

Factuality, in order of priority:

* ``negated``: a negation between the subject and the event word ("did not attack"),
  or the event is what someone denies ("denied that its troops shelled ...");
* ``hypothetical``: a conditional anywhere in the sentence ("if Baku decides ..."), a
  modal or speculation before the event word in its clause ("could", "is likely to",
  "will have to"), or a scenario paragraph;
* ``future``: "will", "plans to", "is expected to" ... before the event word;
* ``reported``: someone else's frame ("X said", "according to", "media reported"), a
  block quote, or a hedge ("reportedly"); a speech act coded from its own speaker's
  frame ("the ministry accused Baku ..., it said") is the speaker's act, not a report;
* ``asserted``: the article says it in its own voice.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...doc import Doc
from ...model import Attribution
from ..syntax.arguments import governor
from ..syntax.clauses import Clause, CueIndex, Cues
from ..syntax.frames import Frame
from ..syntax.grammar import Grammar
from ..syntax.layer import Paragraph, Sentence
from ..syntax.roles import Party, RoleFinder
from .patterns import Trigger

__all__ = ["EventContext"]


@dataclass
class EventContext:
    doc: Doc
    roles: RoleFinder
    sentence: Sentence
    clause: Clause
    trigger: Trigger
    paragraph: Paragraph
    frame: Frame | None
    index: CueIndex
    grammar: Grammar

    def factuality(self, cues: Cues, source: Party | None, verbal: bool) -> tuple[str, str, str]:
        """(factuality, the rule that decided it, the cue phrase) — see the module doc."""
        trigger, clause, sentence = self.trigger, self.clause, self.sentence
        subject_end = clause.start
        if source is not None and clause.start <= source.first < trigger.first:
            subject_end = source.last
        cue = self._negation(cues, subject_end)
        if cue:
            return "negated", f"negated({cue})", cue
        if self._denied(cues):
            return "negated", "denied", "denied"
        cue = self.index.first(cues.conditional, sentence.start, sentence.end)
        if cue:
            return "hypothetical", f"conditional({cue})", cue
        cue = self.index.first(cues.modal, clause.start, trigger.first)
        if cue:
            return "hypothetical", f"modal({cue})", cue
        if self.paragraph.scenario:
            return "hypothetical", "scenario", "scenario"
        cue = self.index.first(cues.future, clause.start, trigger.first)
        if cue:
            return "future", f"future({cue})", cue
        if trigger.commitment:
            return "future", f"future({trigger.commitment})", trigger.commitment
        attitude = self._attitude()
        if attitude:
            return "hypothetical", f"attitude({attitude})", attitude
        reported = self._reported(cues, source, verbal)
        return ("reported", reported, "") if reported else ("asserted", "asserted", "")

    def _attitude(self) -> str | None:
        """The verb of wish, expectation or fear that governs the event in the parse
        ("expects the investigation to ...": hoped for, not done), if any."""
        parse = self.sentence.parse
        if parse is None:
            return None
        word = parse.word_at(self.doc.tokens.starts[self.trigger.first])
        if word is None:
            return None
        heads = [
            governor(parse, word, self.grammar.dependencies),
            parse.heads[word],
        ]  # the direct head: the tagger
        # may take the verb for a noun ("residents fear an offensive")
        attitudes = self.grammar.events.attitudes
        found = [parse.words[h].lower() for h in heads if h is not None and h != word]
        return next((verb for verb in found if verb in attitudes), None)

    def _negation(self, cues: Cues, subject_end: int) -> str | None:
        """A negation between the subject and the event word, unless a temporal
        preposition separates them ("refrained from attacks after a conversation
        with Trump": the conversation took place)."""
        lowered = self.doc.tokens.lowered
        trigger = self.trigger.first
        separating = self.grammar.events.separating
        for first, last in self.index.positions(cues.negation, subject_end, trigger):
            if not any(w in separating for w in lowered[last:trigger]):
                return " ".join(lowered[first:last])
        return None

    def _denied(self, cues: Cues) -> bool:
        tokens = self.doc.tokens
        start = self.sentence.start
        denials = self.index.positions(cues.denial, start, self.trigger.first)
        if not denials:
            return False
        _, last = denials[-1]
        gerund = tokens.lowered[self.trigger.first].endswith("ing")
        return (last == self.trigger.first and gerund) or (
            self.clause.opener == "that" and last <= self.clause.start
        )

    def _reported(self, cues: Cues, source: Party | None, verbal: bool) -> str:
        if self.sentence.segment == "quote":
            return "quote"
        if self.index.found(cues.hedges, self.sentence.start, self.sentence.end):
            return "hedged"
        frame = self.frame
        if frame is None:
            return ""
        speaker = frame.speaker
        if verbal and speaker is not None and source is not None and speaker.code == source.code:
            return ""  # the speech act itself, made by its speaker
        return f"frame({frame.kind})"

    def attribution(self, factuality: str) -> Attribution | None:
        frame = self.frame
        if frame is not None and (factuality != "asserted" or frame.speaker is not None):
            return Attribution(kind=frame.kind, text=frame.text)  # type: ignore[arg-type]
        return Attribution(kind="author", text=self.doc.author or "the article")

    def evidence_span(self, source: Party | None, target: Party | None) -> tuple[int, int]:
        """Character span from the source (or trigger) to the recipient (or object)."""
        tokens = self.doc.tokens
        first, last = self.trigger.first, self.trigger.object_end
        for party in (source, target):
            if party is not None and self.sentence.start <= party.first < self.sentence.end:
                first, last = min(first, party.first), max(last, party.last)
        return tokens.starts[first], tokens.ends[last - 1]

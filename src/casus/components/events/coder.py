"""The event coder: PLOVER/CAMEO events with factuality, attribution and confidence.

For every body paragraph and block quote (never titles, captions, pasted headlines or
boilerplate), each sentence is cut into clauses and searched for triggers from the
pattern lexicon. A trigger becomes an event only when its roles can be found: a noun
event needs an actor or a recipient; no pattern, no event (there is no fallback code).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from ...doc import Doc
from ...errors import DataError
from ...lexicon import ActorLexicon, load_lexicon
from ...matcher import PhraseMatcher
from ...model import (
    ActorRef,
    Attribution,
    DateMention,
    Event,
    EventDate,
    EventLocation,
    Evidence,
    PlaceMention,
)
from ...ontology import Ontology, load_ontology
from .collectives import CollectiveEntry, load_collectives
from .context import EventContext
from .cues import (
    Clause,
    Cues,
    clauses,
    limit_note,
    load_cues,
    paragraph_flags,
    window_note,
    windows,
)
from .pattern_file import load_patterns
from .patterns import LIGHT_VERBS, Pattern, PatternLexicon, Trigger
from .roles import Party, RoleFinder, role_finder
from .sourcing import Frame, Sourcing
from .speech_acts import SpeechActs, load_speech_acts

__all__ = ["EventCoder"]

_EVENT_SEGMENTS = frozenset({"body", "quote"})
_NOUN_PHRASE = frozenset("the a an its their his her our this that these those new first".split())
_PREPOSITIONS = frozenset(
    "of to in on at for with from by about against over after before during due amid".split()
)
_VERBAL_QUADS = frozenset({1, 3})
# Attitude and perception verbs: their subject waits for, sees or fears the event named
# by their object, it does not do it ("Azerbaijan expects the investigation to ...").
_NOT_GOVERNORS = frozenset(
    """expect expects expected hope hopes hoped want wants wanted await awaits awaited
    fear fears feared see sees saw seen show shows showed shown witness witnessed
    follow follows followed recall recalls recalled remember remembers remembered
    mourn mourns mourned survive survives survived blame blamed blames""".split()
)
# "said at a meeting with ...", "during talks with ...": the subject took part.
_AT_MEETING = frozenset("at during after before in on".split())
_TERRITORIAL = frozenset({"ASSAULT", "COERCE", "RETREAT", "SANCTION", "MOBILIZE"})
_VISITS = frozenset({"042", "043"})
# Reporting verbs that perform what they announce ("Italy announced a suspension of ...").
_PERFORMATIVE = frozenset("announce announced announces declare declared declares".split())


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    segment: str
    paragraph: int
    number: int
    """Index in ``doc.sentences`` (the windows of a long sentence share it)."""


class _Site(NamedTuple):
    sentence: _Sentence
    clause: Clause
    trigger: Trigger
    paragraph: _Paragraph
    clauses: list[Clause]
    triggers: list[Trigger]
    """All triggers of the clause."""


@dataclass
class _Paragraph:
    scenario: bool
    unconfirmed: bool
    speaker: Frame | None


class EventCoder:
    """Pipeline component: fills ``doc.events``."""

    name = "events"
    requires = ("segments", "actors", "home_country", "places", "dates")
    assigns = ("events",)

    def __init__(
        self,
        patterns: PatternLexicon | None = None,
        cues: Cues | None = None,
        ontology: Ontology | None = None,
        lexicon: ActorLexicon | None = None,
        *,
        speech_acts: SpeechActs | None = None,
        collective_phrases: PhraseMatcher[CollectiveEntry] | None = None,
    ) -> None:
        """The tables (see :class:`casus.components.resources.Resources`); each is read
        from the bundled files when not given."""
        self.patterns = patterns or load_patterns()
        self.cues = cues or load_cues()
        self.ontology = ontology or load_ontology()
        self.lexicon = lexicon or load_lexicon()
        self.speech_acts = speech_acts or load_speech_acts(ontology=self.ontology)
        self.collective_phrases = collective_phrases or load_collectives()
        self.adjectives = frozenset(
            a.lower() for c in self.lexicon.countries.values() for a in c.adjectives
        )
        self._check_codes()

    def _check_codes(self) -> None:
        for pattern in self.patterns.patterns:
            codes = [pattern.cameo, *([pattern.joint] if pattern.joint else [])]
            for code in codes:
                if code not in self.ontology.codes:
                    raise DataError(f"unknown CAMEO code {code!r}", where=pattern.rule)
                if pattern.type is None and self.ontology.plover(code) is None:
                    raise DataError(
                        f"CAMEO {code} has no PLOVER type; give the pattern a `type`",
                        where=pattern.rule,
                    )

    def __call__(self, doc: Doc) -> Doc:
        roles = role_finder(doc, self.lexicon, self.collective_phrases)
        sourcing = Sourcing(doc, self.cues, roles)
        paragraphs = self._paragraphs(doc, sourcing)
        seen: set[tuple[int, int, str, str | None, str | None]] = set()
        limit = self.cues.limits.events_per_sentence
        coded: dict[int, int] = {}  # events per sentence
        capped: list[_Sentence] = []
        current = -1
        for sentence in self._sentences(doc):
            if sentence.paragraph != current:  # pronouns do not reach across paragraphs
                current, roles.previous_subjects = sentence.paragraph, []
            count = coded.get(sentence.number, 0)
            if count >= limit:
                continue  # a window of a sentence that has reached the limit
            site = (sentence, paragraphs[sentence.paragraph])
            for event in self._sentence_events(doc, roles, sourcing, site):
                key = _event_key(event)
                if key in seen:
                    continue
                if count == limit:
                    capped.append(sentence)
                    break  # the generator stops: the rest is not coded
                seen.add(key)
                doc.events.append(event)
                count += 1
            coded[sentence.number] = count
        if capped:
            spans = [doc.sentences[s.number] for s in capped]
            limit_note(doc, "events", spans, limit, "their later triggers")
        return doc

    def _sentence_events(
        self, doc: Doc, roles: RoleFinder, sourcing: Sourcing, site: tuple[_Sentence, _Paragraph]
    ) -> Iterator[Event]:
        """The events of one sentence (or window), trigger by trigger."""
        sentence, paragraph = site
        sentence_clauses = clauses(doc.tokens, sentence.start, sentence.end, self.cues)
        for clause in sentence_clauses:
            triggers = [
                t
                for t in self.patterns.triggers(
                    doc.tokens, clause.start, clause.end, self.adjectives
                )
                if not roles.in_name(t.first, t.last)
            ]
            for trigger in triggers:
                found = _Site(sentence, clause, trigger, paragraph, sentence_clauses, triggers)
                yield from self._events(doc, roles, sourcing, found)

    # -- document structure ------------------------------------------------------
    def _sentences(self, doc: Doc) -> list[_Sentence]:
        """The sentences of body paragraphs and block quotes, a long one in windows."""
        tokens = doc.tokens
        size = self.cues.limits.sentence_tokens
        found: list[_Sentence] = []
        sentences = doc.sentences
        for index, segment in enumerate(doc.segments):
            if segment.kind not in _EVENT_SEGMENTS:
                continue
            for number in range(bisect_left(doc.sentence_starts, segment.start), len(sentences)):
                start, end = sentences[number]
                if start >= segment.end:
                    break
                first, last = tokens.index_at(start), tokens.index_at(end)
                for lo, hi in windows(tokens, first, last, size):
                    if hi > lo:
                        found.append(_Sentence(lo, hi, segment.kind, index, number))
        window_note(doc, size)
        return found

    def _paragraphs(self, doc: Doc, sourcing: Sourcing) -> list[_Paragraph]:
        """Per segment: in a scenario? unconfirmed nearby? who speaks a block quote?"""
        return [
            _Paragraph(
                scenario=flags.scenario,
                unconfirmed=flags.unconfirmed,
                speaker=sourcing.quote_speaker(index) if segment.kind == "quote" else None,
            )
            for index, (segment, flags) in enumerate(
                zip(doc.segments, paragraph_flags(doc, self.cues, sourcing.index), strict=True)
            )
        ]

    # -- one trigger -------------------------------------------------------------
    def _events(self, doc: Doc, roles: RoleFinder, sourcing: Sourcing, site: _Site) -> list[Event]:
        sentence, clause, trigger, paragraph = (
            site.sentence,
            site.clause,
            site.trigger,
            site.paragraph,
        )
        pattern = trigger.pattern
        found = self._parties(roles, site)
        if found is None:
            return []
        sources, targets = found
        if not self._sector_allowed(pattern.source_sectors, pattern.not_source_sectors, sources):
            allowed = [
                p
                for p in trigger.alternatives
                if self._sector_allowed(p.source_sectors, p.not_source_sectors, sources)
            ]
            if not allowed:
                return []
            chosen = replace(trigger, pattern=allowed[0], alternatives=())
            return self._events(doc, roles, sourcing, site._replace(trigger=chosen))
        if not targets and self._territorial(pattern):
            place = roles.location(clause.start, clause.end, sources)
            territory = roles.territory(place, trigger.first)
            home = territory is not None and any(p.code == territory.code for p in sources)
            visit = pattern.cameo in _VISITS
            targets = [territory] if territory is not None and not (visit and home) else []
        if (
            pattern.cameo.startswith("04")
            and len(sources) + len(targets) < 2
            and not any(p.sector == "IGO" for p in sources)
        ):
            return []  # "when parliament meets": consultations need two parties (or a
            # body of many: "the Security Council held an emergency meeting")
        cameo = pattern.joint if (trigger.joint and pattern.joint) else pattern.cameo
        reciprocal = pattern.reciprocal or (trigger.joint and pattern.joint is not None)
        pairs = _pairs(sources, targets, reciprocal)
        frame = paragraph.speaker or sourcing.frame(
            sentence.start, sentence.end, trigger, site.clauses
        )
        context = EventContext(
            doc, roles, sentence, clause, trigger, paragraph, frame, sourcing.index
        )
        return [self._event(context, cameo, source, target) for source, target in pairs]

    def _parties(self, roles: RoleFinder, site: _Site) -> tuple[list[Party], list[Party]] | None:
        """(sources, targets) of a trigger, or None when it has no actor at all."""
        sentence, clause, trigger = site.sentence, site.clause, site.trigger
        pattern = trigger.pattern
        if pattern.kind == "noun":
            sources = (
                roles.possessor(trigger)
                or roles.by_agent(trigger, clause)
                or self._governing_subject(roles, site)
            )
            targets = roles.recipient(clause, trigger)
            if not sources and pattern.reciprocal and len(targets) > 1:
                sources, targets = targets, []
        elif trigger.passive:
            sources = roles.by_agent(trigger, clause) or self._launched_from(roles, site)
            object_verb = pattern.target == "object" and not pattern.preps
            targets = roles.subject(clause, trigger, sentence.start) if object_verb else []
        else:
            sources = roles.subject(clause, trigger, sentence.start)
            targets = roles.recipient(clause, trigger)
            roles.previous_subjects = sources or roles.previous_subjects
        if (
            not sources
            and pattern.implied
            and (trigger.passive or pattern.kind == "noun" or pattern.implied == "crowd")
        ):
            sources = self._implied(roles, site)
        if not sources and (pattern.kind == "noun" or not targets):
            return None  # "the threat of a second front": no one threatens
        return sources, targets

    def _launched_from(self, roles: RoleFinder, site: _Site) -> list[Party]:
        """ "two more missiles launched from Iran", "rockets fired from Gaza": force used
        from a place comes from its country."""
        if self._type(site.trigger.pattern) != "ASSAULT":
            return []
        trigger, clause = site.trigger, site.clause
        lowered = roles.doc.tokens.lowered
        k = trigger.object_end
        if k >= clause.end or lowered[k] != "from":
            return []
        found = roles.group_starting(k + 1, clause.end)
        if found:
            return found
        place = roles.location(k + 1, min(clause.end, k + 4), [], loose=True)
        territory = roles.territory(place, trigger.first)
        return [territory] if territory is not None else []

    def _implied(self, roles: RoleFinder, site: _Site) -> list[Party]:
        """The people or the police of the event's place, else of the dateline's country:
        "protests erupted in Tbilisi", "hundreds have been detained" (see Pattern.implied)."""
        clause, sentence, trigger = site.clause, site.sentence, site.trigger
        place = roles.location(clause.start, clause.end, [], loose=True) or roles.location(
            sentence.start, sentence.end, []
        )
        territory = roles.territory(place, trigger.first)
        code = territory.code if territory is not None else roles.doc.home_country
        if code is None:
            return []
        where = territory.text if territory is not None else "dateline"
        sector = "CVL" if trigger.pattern.implied == "crowd" else "COP"
        return [Party(code, sector, where, trigger.first, trigger.first, "implied")]

    def _governing_subject(self, roles: RoleFinder, site: _Site) -> list[Party]:
        """The subject of the verb that governs a noun event ("X declared a unilateral
        ceasefire", "X completed its withdrawal"), unless that verb is an event of its
        own ("X condemned the attack": X did not attack)."""
        tokens = roles.doc.tokens
        sentence, clause, trigger = site.sentence, site.clause, site.trigger
        if any(t.pattern.kind == "verb" and t.first < trigger.first for t in site.triggers):
            return []
        k = trigger.first - 1
        while k > clause.start and (
            tokens.lowered[k] in _NOUN_PHRASE
            or (
                tokens.texts[k].isalpha()
                and tokens.texts[k].islower()
                and tokens.lowered[k] not in _PREPOSITIONS
            )
        ):
            word = tokens.lowered[k]
            if word not in _PERFORMATIVE and self.cues.reporting.lookup((word,)):
                return []  # "Zelensky said the attack ...": the speaker did not attack
            if word in _NOT_GOVERNORS:
                return []  # "Azerbaijan expects the investigation ...": not its agent
            k -= 1  # back over "the", "a unilateral", "their"
        infinitive = (
            tokens.lowered[k] == "to"
            and k + 1 < trigger.first
            and tokens.lowered[k + 1] in LIGHT_VERBS
        )  # "agreed to start talks", not "to cancel the strike"
        meeting = trigger.pattern.cameo.startswith("04") and tokens.lowered[k] in _AT_MEETING
        if tokens.lowered[k] in _PREPOSITIONS and not (infinitive or meeting):
            return []  # "due to the detention of ...": not the object of a verb
        return roles.subject(clause, trigger, sentence.start)

    def _type(self, pattern: Pattern) -> str:
        plover = self.ontology.plover(pattern.cameo)
        return pattern.type or (plover[0] if plover else "")

    def _territorial(self, pattern: Pattern) -> bool:
        """Coercion, force, sanctions and their easing act on a territory; a visit is
        received by the country visited ("arrived in Amman")."""
        kind = self._type(pattern)
        return kind in _TERRITORIAL or pattern.cameo in _VISITS

    @staticmethod
    def _sector_allowed(
        allowed: frozenset[str] | None, refused: frozenset[str], sources: list[Party]
    ) -> bool:
        sectors = {p.sector for p in sources}
        if allowed is not None and not sectors & allowed:
            return False
        return not (refused and sectors & refused)

    def _event(
        self, ctx: EventContext, cameo: str, source: Party | None, target: Party | None
    ) -> Event:
        doc, trigger = ctx.doc, ctx.trigger
        pattern = trigger.pattern
        code = self.ontology.cameo(cameo)
        plover = self.ontology.plover(cameo)
        event_type = pattern.type or (plover[0] if plover else "")
        mode = pattern.mode or (plover[1] if plover else None)
        quad = code.quad_class
        spoken = quad in _VERBAL_QUADS and not cameo.startswith("04")  # a meeting is not said
        factuality, reasons, cue = ctx.factuality(self.cues, source, spoken)
        attribution = ctx.attribution(factuality)
        confidence = self._confidence(ctx, factuality, attribution, source)
        start, end = ctx.evidence_span(source, target)
        place, when, inherited = self._where_when(ctx, source, target, factuality)
        text = doc.text[start:end]
        digest = hashlib.sha256(
            f"{doc.article_id}:{start}:{end}:{cameo}:{source and source.code}:"
            f"{target and target.code}".encode()
        ).hexdigest()[:16]
        return Event(
            id=digest,
            type=event_type,
            mode=mode or None,
            cameo=cameo,
            goldstein=code.goldstein,
            quad_class=quad,
            source=_ref(source),
            target=_ref(target),
            location=EventLocation(place.name, place.country, place.lat, place.lon)
            if place
            else None,
            date=EventDate(when.value, when.precision) if when else None,
            factuality=factuality,  # type: ignore[arg-type]
            attribution=attribution,
            confidence=confidence,
            evidence=Evidence(start, end, text),
            rule=_rule(pattern, reasons, source, target, inherited),
            speech_act=self.speech_acts.reading(
                cameo=cameo,
                factuality=factuality,
                cue=cue,
                source=_ref(source),
                target=_ref(target),
                speaker=_ref(ctx.frame.speaker) if ctx.frame else None,
                announced=bool(trigger.commitment)
                or self.speech_acts.announced(doc.tokens, ctx.clause.start, trigger.first),
            ),
        )

    @staticmethod
    def _where_when(
        ctx: EventContext, source: Party | None, target: Party | None, factuality: str
    ) -> tuple[PlaceMention | None, DateMention | None, DateMention | None]:
        """(place, date, the paragraph's date when the event's own sentence has none).

        A done or reported event with no date in its sentence happened at the narrative
        time of its paragraph ("Early on Tuesday, ... Later in the morning, ...")."""
        roles, clause, sentence = ctx.roles, ctx.clause, ctx.sentence
        taken = [p for p in (source, target) if p is not None]
        place = (
            roles.location(clause.start, clause.end, taken)
            or roles.location(sentence.start, sentence.end, taken)
            or roles.place_in(ctx.trigger.last, ctx.trigger.object_end)  # "entered Goma"
        )
        near = ctx.trigger.first
        when = roles.date(clause.start, clause.end, near) or roles.date(
            sentence.start, sentence.end, near
        )
        if when is not None or factuality not in {"asserted", "reported"}:
            return place, when, None
        paragraph = ctx.doc.tokens.index_at(ctx.doc.segments[sentence.paragraph].start)
        inherited = roles.day_before(paragraph, sentence.start)
        return place, inherited, inherited

    def _confidence(
        self,
        ctx: EventContext,
        factuality: str,
        attribution: Attribution | None,
        source: Party | None,
    ) -> float:
        weights = self.cues.confidence
        value = float(weights["factuality"][factuality])
        if attribution is not None:
            value *= float(weights["attribution"][attribution.kind])
        if ctx.index.found(self.cues.hedges, ctx.sentence.start, ctx.sentence.end):
            value *= float(weights["hedged"])
        if ctx.paragraph.unconfirmed:
            value *= float(weights["unconfirmed"])
        if source is None or source.code is None:
            value *= float(weights["uncoded_actor"])
        elif source.kind == "implied":
            value *= float(weights["implied_actor"])
        if not ctx.trigger.pattern.specific:
            value *= float(weights["generic_pattern"])
        return round(value, 2)


def _rule(
    pattern: Pattern,
    reasons: str,
    source: Party | None,
    target: Party | None,
    inherited: DateMention | None,
) -> str:
    """The event's explanation: the lexicon entry, then how each part was decided."""
    rule = f"{pattern.rule}+{reasons}"
    if target is not None and target.kind == "territory":
        rule += "+recipient-from-location"
    if source is not None and source.kind == "implied":
        rule += f"+implied-{pattern.implied}({source.text})"
    if inherited is not None:
        rule += f"+date-from-paragraph({inherited.text})"
    return rule


def _event_key(event: Event) -> tuple[int, int, str, str | None, str | None]:
    return (
        event.evidence.start,
        event.evidence.end,
        event.cameo,
        event.source.code if event.source else None,
        event.target.code if event.target else None,
    )


def _ref(party: Party | None) -> ActorRef | None:
    return ActorRef(party.code, party.sector, party.text) if party else None


def _pairs(
    sources: list[Party], targets: list[Party], reciprocal: bool
) -> list[tuple[Party | None, Party | None]]:
    """Dyads: every source with every target; coordinated sources of a reciprocal event
    with each other; a source alone with no recipient."""
    if not sources:
        return [(None, t) for t in targets[:3]]
    if targets:
        pairs: list[tuple[Party | None, Party | None]] = [
            (s, t)
            for s in sources[:3]
            for t in targets[:3]
            if (s.code, s.sector) != (t.code, t.sector) or s.code is None
        ]
        return pairs or [(s, None) for s in sources[:3]]  # "Serbia ... democratize Serbia"
    if reciprocal and len(sources) > 1:
        return [(s, t) for s in sources[:3] for t in sources[:3] if s is not t]
    return [(s, None) for s in sources[:3]]

"""The event coder: PLOVER/CAMEO events with factuality, attribution and confidence.

For every sentence of a body paragraph or block quote (never titles, captions, pasted
headlines or boilerplate), each clause the syntax layer found (``doc.syntax``, see
:mod:`casus.components.syntax`) is searched for triggers from the pattern lexicon. A
trigger becomes an event only when its roles can be found: a noun event needs an actor
or a recipient; no pattern, no event (there is no fallback code).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from ...doc import Doc
from ...errors import DataError
from ...lexicon import ActorLexicon, load_lexicon
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
from ..syntax.clauses import Clause, Cues, limit_note, load_cues
from ..syntax.frames import Sourcing
from ..syntax.grammar import Grammar, load_grammar
from ..syntax.layer import Paragraph, Sentence, Syntax, syntax_of
from ..syntax.parsed_roles import Roles, Slot
from ..syntax.roles import Party, RoleFinder
from .acts import one_per_act
from .context import EventContext
from .pattern_file import load_patterns
from .patterns import Pattern, PatternLexicon, Trigger
from .slots import Counterparts, at_home, complement, without_own_places
from .speech_acts import SpeechActs, load_speech_acts
from .unresolved import NameWords, load_not_actor_words, unresolved_names

__all__ = ["EventCoder", "event_id"]

_VERBAL_QUADS = frozenset({1, 3})
_TERRITORIAL = frozenset({"ASSAULT", "COERCE", "RETREAT", "SANCTION", "MOBILIZE"})
_VISITS = frozenset({"042", "043"})
_ON_OWN_SOIL = frozenset({"ASSAULT", "MOBILIZE", "RETREAT"})
"""Types whose recipient is never the source's own territory."""
_AT_HOME = frozenset({"PROTEST", "COERCE"})
_OUTLET = ("group", "MED")
"""A named organisation of the media sector: an outlet. Outlets report events, they are
never an event's source (a journalist, a person, may act: "went on hunger strike")."""
"""Types whose missing recipient is the source's own country (see :func:`.slots.at_home`)."""


class _Site(NamedTuple):
    sentence: Sentence
    clause: Clause
    trigger: Trigger
    paragraph: Paragraph
    clauses: Sequence[Clause]
    triggers: list[Trigger]
    """All triggers of the clause."""
    counterparts: Counterparts
    """The document's dyads so far (recipients from context)."""


class EventCoder:
    """Pipeline component: fills ``doc.events``."""

    name = "events"
    requires = ("segments", "actors", "home_country", "places", "dates", "syntax")
    assigns = ("events",)

    def __init__(
        self,
        patterns: PatternLexicon | None = None,
        cues: Cues | None = None,
        ontology: Ontology | None = None,
        lexicon: ActorLexicon | None = None,
        *,
        speech_acts: SpeechActs | None = None,
        grammar: Grammar | None = None,
        name_words: NameWords | None = None,
    ) -> None:
        """The tables (see :class:`casus.components.resources.Resources`); each is read
        from the bundled files when not given."""
        self.patterns = patterns or load_patterns()
        self.cues = cues or load_cues()
        self.ontology = ontology or load_ontology()
        self.lexicon = lexicon or load_lexicon()
        self.grammar = grammar or load_grammar()
        self.speech_acts = speech_acts or load_speech_acts(
            ontology=self.ontology, grammar=self.grammar
        )
        names = self.grammar.names
        self.name_words = name_words or NameWords(
            names.particles, names.sentence_openers, load_not_actor_words()
        )
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
        syntax = syntax_of(doc)
        seen: set[tuple[int, int, str, str | None, str | None]] = set()
        counterparts = Counterparts()
        event_clauses: list[tuple[int, int]] = []  # for the unresolved-name notes
        limit = self.cues.limits.events_per_sentence
        coded: dict[int, int] = {}  # events per sentence (its windows together)
        capped: list[tuple[int, int]] = []
        current = -1
        named = sorted((doc.tokens.index_at(a.start), a.code) for a in doc.actors if a.code)
        at = 0
        for sentence in syntax.sentences:
            seen_codes = []
            while at < len(named) and named[at][0] < sentence.end:
                seen_codes.append(named[at][1])
                at += 1
            counterparts.see(seen_codes)
            if sentence.paragraph != current:  # pronouns do not reach across paragraphs
                current = sentence.paragraph
                syntax.roles.start_paragraph()
            found = self._sentence(doc, syntax, sentence, counterparts, event_clauses)
            count = coded.get(sentence.number, 0)
            for event in one_per_act(found, sentence.parse, doc.tokens, self.grammar):
                key = _event_key(event)
                if key in seen:
                    continue
                if count == limit:
                    span = doc.sentences[sentence.number]
                    capped += [span] if span not in capped[-1:] else []
                    break
                seen.add(key)
                doc.events.append(event)
                counterparts.add(event)
                count += 1
            coded[sentence.number] = count
        if capped:
            limit_note(doc, "events", capped, limit, "their later triggers")
        doc.notes.extend(unresolved_names(doc, event_clauses, self.name_words))
        return doc

    def _sentence(
        self,
        doc: Doc,
        syntax: Syntax,
        sentence: Sentence,
        counterparts: Counterparts,
        event_clauses: list[tuple[int, int]],
    ) -> list[tuple[Trigger, Event]]:
        """Every trigger's events in one sentence (or window), before one per act."""
        roles, sourcing = syntax.roles, syntax.sourcing
        paragraph = syntax.paragraphs[sentence.paragraph]
        found: list[tuple[Trigger, Event]] = []
        for clause in sentence.clauses:
            triggers = [
                t
                for t in self.patterns.triggers(
                    doc.tokens, clause.start, clause.end, self.grammar, self.adjectives
                )
                if not roles.in_name(t.first, t.last)
            ]
            if triggers:
                event_clauses.append((clause.start, clause.end))
            for trigger in triggers:
                site = _Site(
                    sentence, clause, trigger, paragraph, sentence.clauses, triggers, counterparts
                )
                found.extend((trigger, e) for e in self._events(doc, roles, sourcing, site))
        return found

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
        sources, targets, extra = found
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
        targets = without_own_places(
            sources, targets, territory=self._type(pattern) in _ON_OWN_SOIL
        )
        if not targets and pattern.target != "none" and sources:
            reciprocal_group = pattern.reciprocal and len(sources) > 1
            if not reciprocal_group:
                targets = (
                    complement(extra, sources)
                    or at_home(sources, self._type(pattern), _AT_HOME)
                    or site.counterparts.recipient(
                        sources, trigger.first, named=pattern.kind == "verb"
                    )
                )
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
            doc, roles, sentence, clause, trigger, paragraph, frame, sourcing.index, self.grammar
        )
        return [self._event(context, cameo, dyad) for dyad in pairs]

    def _parties(
        self, roles: RoleFinder, site: _Site
    ) -> tuple[list[Party], list[Party], list[Party]] | None:
        """(sources, targets, the complement's actors) of a trigger, or None when it
        has no actor at all: from the sentence's parse when it has one, else from word
        order."""
        trigger = site.trigger
        pattern = trigger.pattern
        parsed = self._parsed(roles, site)
        extra = parsed.complement if parsed is not None else []
        if parsed is None:
            sources, targets = self._ordered(roles, site)
        else:  # no source actor, or no recipient words, in the parse: word order decides
            sources, targets = parsed.sources, parsed.targets
            if not (sources and parsed.has_targets):
                ordered = self._ordered(roles, site)
                sources = sources or [p for p in ordered[0] if p.first not in parsed.refused]
                targets = targets if parsed.has_targets else ordered[1]
        sources = [p for p in sources if not _outlet(p)]  # "Reuters reported ..."
        if pattern.kind == "verb" and not trigger.passive:
            roles.previous_subjects = sources or roles.previous_subjects
        if pattern.kind == "noun" and not sources and pattern.reciprocal and len(targets) > 1:
            sources, targets = targets, []
        if trigger.passive and not sources:
            sources = self._launched_from(roles, site)
        if (
            not any(s.code for s in sources)  # none, or "protesters" of no known country
            and pattern.implied
            and (trigger.passive or pattern.kind == "noun" or pattern.implied == "crowd")
        ):
            sources = self._implied(roles, site) or sources
        if not sources and (pattern.kind == "noun" or not targets):
            return None  # "the threat of a second front": no one threatens
        return sources, targets, extra

    def _ordered(self, roles: RoleFinder, site: _Site) -> tuple[list[Party], list[Party]]:
        """(sources, targets) from word order and function words (no parse)."""
        sentence, clause, trigger = site.sentence, site.clause, site.trigger
        pattern = trigger.pattern
        if pattern.kind == "noun":
            sources = (
                roles.possessor(trigger)
                or roles.by_agent(trigger, clause)
                or self._governing_subject(roles, site)
            )
            return sources, roles.recipient(clause, trigger)
        if trigger.passive:
            object_verb = pattern.target == "object" and not pattern.preps
            targets = roles.subject(clause, trigger, sentence.start) if object_verb else []
            return roles.by_agent(trigger, clause), targets
        return roles.subject(clause, trigger, sentence.start), roles.recipient(clause, trigger)

    def _parsed(self, roles: RoleFinder, site: _Site) -> Roles | None:
        """The trigger's parties read off its sentence's parse (None without a parse)."""
        parse = site.sentence.parse
        if parse is None:
            return None
        pattern, doc = site.trigger.pattern, roles.doc
        trigger = site.trigger
        slot = Slot(
            trigger.first,
            pattern.kind == "noun",
            pattern.target,
            pattern.preps,
            bool(pattern.objects),
        )
        floor = doc.tokens.index_at(doc.segments[site.sentence.paragraph].start)
        return syntax_of(doc).parsed.roles(parse, slot, floor, roles.previous_subjects)

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
        words = self.grammar.events
        sentence, clause, trigger = site.sentence, site.clause, site.trigger
        if any(t.pattern.kind == "verb" and t.first < trigger.first for t in site.triggers):
            return []
        k = trigger.first - 1
        while k > clause.start and (
            tokens.lowered[k] in words.noun_phrase_words
            or (
                tokens.texts[k].isalpha()
                and tokens.texts[k].islower()
                and tokens.lowered[k] not in words.governing_prepositions
            )
        ):
            word = tokens.lowered[k]
            if word not in words.performatives and self.cues.reporting.lookup((word,)):
                return []  # "Zelensky said the attack ...": the speaker did not attack
            if word in words.not_governors:
                return []  # "Azerbaijan expects the investigation ...": not its agent
            k -= 1  # back over "the", "a unilateral", "their"
        infinitive = (
            tokens.lowered[k] == "to"
            and k + 1 < trigger.first
            and tokens.lowered[k + 1] in self.grammar.triggers.light_verbs
        )  # "agreed to start talks", not "to cancel the strike"
        meeting = (
            trigger.pattern.cameo.startswith("04")
            and tokens.lowered[k] in words.meeting_prepositions
        )
        if tokens.lowered[k] in words.governing_prepositions and not (infinitive or meeting):
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

    def _event(self, ctx: EventContext, cameo: str, dyad: _Dyad) -> Event:
        source, target = dyad.source, dyad.target
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
        confidence = self._confidence(ctx, factuality, attribution, source, target)
        start, end = ctx.evidence_span(source, target)
        place, when, inherited = self._where_when(ctx, source, target, factuality)
        text = doc.text[start:end]
        return Event(
            id=event_id(
                f"{doc.article_id}:{start}:{end}:{cameo}",
                source.code if source else None,
                target.code if target else None,
                symmetric=dyad.symmetric,
            ),
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
            symmetric=dyad.symmetric,
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
        target: Party | None = None,
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
        if any(p is not None and p.kind in {"reference", "collective"} for p in (source, target)):
            value *= float(weights["reference_actor"])
        if target is not None and target.kind in {"context", "complement"}:
            value *= float(weights["context_target"])
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
    for role, party in (("source", source), ("target", target)):
        if party is not None and party.kind == "context":
            rule += f"+{role}-from-{party.how}"
        elif party is not None and party.how:
            rule += f"+{role}-by-parse({party.how})"
    if target is not None and target.kind == "territory":
        rule += "+recipient-from-location"
    if source is not None and source.kind == "implied":
        rule += f"+implied-{pattern.implied}({source.text})"
    if inherited is not None:
        rule += f"+date-from-paragraph({inherited.text})"
    return rule


def event_id(where: str, source: str | None, target: str | None, *, symmetric: bool) -> str:
    """An event's id: a hash of its place in the article (``where``: article id, span,
    CAMEO code) and its parties; a symmetric event's whichever party is named first."""
    parties = [str(source), str(target)]
    if symmetric:
        parties = [*sorted(parties), "symmetric"]
    return hashlib.sha256(f"{where}:{':'.join(parties)}".encode()).hexdigest()[:16]


def _event_key(event: Event) -> tuple[int, int, str, str | None, str | None]:
    """One event per span, code and dyad (a two-way dyad in either order)."""
    source = event.source.code if event.source else None
    target = event.target.code if event.target else None
    if event.symmetric:
        source, target = sorted((source or "", target or ""))
        target += "<->"  # never equal to a directed event's key
    return (event.evidence.start, event.evidence.end, event.cameo, source, target)


def _outlet(party: Party) -> bool:
    return (party.kind, party.sector) == _OUTLET


def _ref(party: Party | None) -> ActorRef | None:
    return ActorRef(party.code, party.sector, party.text) if party else None


class _Dyad(NamedTuple):
    source: Party | None
    target: Party | None
    symmetric: bool = False
    """Two-way: the two act with each other ("X and Y met"), coded once."""


def _pairs(sources: list[Party], targets: list[Party], reciprocal: bool) -> list[_Dyad]:
    """Dyads: every source with every target; coordinated sources of a reciprocal event
    with each other, once per unordered pair (symmetric); the two parties of "both
    sides" with no recipient, each at the other; a source alone with no recipient."""
    if not sources:
        return [_Dyad(None, t) for t in targets[:3]]
    if reciprocal and len(sources) > 1 and {t.code for t in targets} <= {s.code for s in sources}:
        targets = []  # the parties named twice over ("a ceasefire declared by X and Y")
    if targets:
        pairs = [
            _Dyad(s, t)
            for s in sources[:3]
            for t in targets[:3]
            if (s.code, s.sector) != (t.code, t.sector) or s.code is None
        ]
        return pairs or [_Dyad(s, None) for s in sources[:3]]  # "Serbia ... democratize Serbia"
    if reciprocal and len(sources) > 1:
        firsts = sources[:3]
        return [_Dyad(s, t, True) for i, s in enumerate(firsts) for t in firsts[i + 1 :]]
    if len(sources) == 2 and all(s.kind == "collective" for s in sources):
        first, second = sources  # "both sides traded accusations": each at the other
        return [_Dyad(first, second), _Dyad(second, first)]
    return [_Dyad(s, None) for s in sources[:3]]

"""Who did it to whom, where and when: the roles of an event trigger in its clause.

Without a parser, roles come from positions and function words, which is enough for
news English: the subject is the nearest actor (or coordinated actors, "Iran and
Russia") before the verb in its clause, except after a preposition; in the passive
("was shelled by X") the agent follows "by"; the recipient is the direct object or the
actor after the pattern's preposition; a relative clause ("which launched ...") takes
the actor before the comma; a subject pronoun ("it", "they") takes the subject of the
previous clause or sentence when there is exactly one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol

from ...doc import Doc
from ...lexicon import ActorLexicon
from ...matcher import PhraseMatcher
from ...model import ActorMention, DateMention, PlaceMention
from ...text import Tokens
from ..places import PLACE_NOUNS
from .clauses import Clause
from .collectives import CollectiveEntry, collectives
from .grammar import Grammar, RoleWords

__all__ = ["Party", "Predicate", "RoleFinder", "Valency"]


class Valency(Protocol):
    """What an event word takes: its kind ("verb", "noun"), where its recipient is
    ("object", "prep", "none") and the prepositions that introduce it."""

    @property
    def kind(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def preps(self) -> tuple[str, ...]: ...


class Predicate(Protocol):
    """An event word whose roles are sought (the event coder's trigger): its tokens
    ``[first, last)``, the end of its required object, and its valency."""

    @property
    def first(self) -> int: ...
    @property
    def last(self) -> int: ...
    @property
    def object_end(self) -> int: ...
    @property
    def pattern(self) -> Valency: ...


_NAMED_KINDS = frozenset({"person", "role"})
"""Actor kinds that name one person ("he", "she" may stand for them)."""


@dataclass(frozen=True, slots=True)
class Party:
    """An actor taking part in an event (an actor mention, or a country adjective)."""

    code: str | None
    sector: str | None
    text: str
    first: int
    last: int
    kind: str = ""
    """The actor mention's kind (person, role, agent, country ...), "" for adjectives."""
    how: str = ""
    """How the parse gave this role ("subject", "subject<conj", "agent", "prep:to",
    "ref(he=Aliyev)" ...); "" when it came from word order."""


@dataclass
class RoleFinder:
    """Per-document index of actors, places and dates by token, and role finding.

    One per document, and stateful: see :attr:`previous_subjects`."""

    doc: Doc
    lexicon: ActorLexicon
    collective_phrases: PhraseMatcher[CollectiveEntry]
    grammar: Grammar
    starts: dict[int, tuple[int, ActorMention]] = field(default_factory=dict)
    """Token index of an actor's first token -> (its last token + 1, the actor)."""
    ends: dict[int, tuple[int, ActorMention]] = field(default_factory=dict)
    """Token index one past an actor's last token -> (its first token, the actor)."""
    places: list[tuple[int, int, PlaceMention]] = field(default_factory=list)
    _place_starts: list[int] = field(default_factory=list)
    dates: list[tuple[int, int, DateMention]] = field(default_factory=list)
    previous_subjects: list[Party] = field(default_factory=list)
    """Per-document reading state, not an index: the subject of the last clause read,
    for a later "they"/"he"/"she". The event coder sets it as it reads the document's
    sentences in order and clears it at each paragraph (:meth:`start_paragraph`); the
    RoleFinder is built once per document (by the syntax layer), so it never leaks into
    another document."""
    collective_starts: dict[int, tuple[int, list[Party]]] = field(default_factory=dict)
    """First token of "the parties", "both sides" ... -> (its end, the two parties)."""
    collective_ends: dict[int, tuple[int, list[Party]]] = field(default_factory=dict)
    named: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Token inside a multi-word actor name -> the name's span ("riot" in "riot police")."""
    _date_firsts: list[int] = field(default_factory=list)
    _day_firsts: list[int] = field(default_factory=list)
    _days: list[DateMention] = field(default_factory=list)
    _person_ends: list[int] | None = None

    def __post_init__(self) -> None:
        tokens = self.doc.tokens
        self.words: RoleWords = self.grammar.roles
        self._place_words = PLACE_NOUNS | self.words.place_lead_words
        for actor in self.doc.actors:
            first, last = _span(tokens, actor.start, actor.end)
            self.starts[first] = (last, actor)
            self.ends[last] = (first, actor)
            if last - first > 1:
                self.named.update(dict.fromkeys(range(first, last), (first, last)))
        for group in collectives(self.doc, self.collective_phrases):
            parties = [
                Party(
                    a.code,
                    group.sector or a.sector,
                    group.text,
                    group.first,
                    group.last,
                    "collective",
                )
                for a in group.actors
            ]
            for k in range(group.first, group.last):  # "leaders" in "the two leaders"
                self.starts.pop(k, None)
                self.ends.pop(k + 1, None)
            self.collective_starts[group.first] = (group.last, parties)
            self.collective_ends[group.last] = (group.first, parties)
        self.places = sorted(
            ((*_span(tokens, p.start, p.end), p) for p in self.doc.places), key=lambda x: x[0]
        )
        self._place_starts = [first for first, _, _ in self.places]
        self.dates = [(*_span(tokens, d.start, d.end), d) for d in self.doc.dates]
        self._date_firsts = [first for first, _, _ in self.dates]
        if any(a > b for a, b in pairwise(self._date_firsts)):
            self._date_firsts = []  # not in text order (hand-made): searched one by one
        days = [(first, d) for first, _, d in self.dates if d.precision == "day"]
        self._day_firsts = [first for first, _ in days]
        self._days = [d for _, d in days]

    def start_paragraph(self) -> None:
        """Forget the previous subjects: pronouns do not reach across paragraphs."""
        self.previous_subjects = []

    def in_name(self, first: int, last: int) -> bool:
        """Is ``tokens[first:last]`` part of an actor's name ("riot" in "riot police"),
        not an event word?"""
        if first not in self.named:
            return False
        name_first, name_last = self.named[first]
        return last <= name_last and (first, last) != (name_first, name_last)

    # -- parties ----------------------------------------------------------------
    def _party(self, actor: ActorMention, first: int, last: int) -> Party:
        return Party(actor.code, actor.sector, actor.text, first, last, actor.kind)

    def group_ending(self, end: int, floor: int) -> list[Party]:
        """Actors ending at ``end`` and those coordinated before them ("A, B and C"); an
        apposition of the same actor ("Bayramov, Azerbaijan's foreign minister") is one."""
        if end in self.collective_ends:
            return list(self.collective_ends[end][1])
        found: list[Party] = []
        lowered = self.doc.tokens.lowered
        while end > floor and end in self.ends:
            first, actor = self.ends[end]
            found.insert(0, self._party(actor, first, end))
            if first - 1 > floor and lowered[first - 1] in self.words.coordination:
                end = first - 1
            else:
                break
        return _distinct(found)

    def group_starting(self, start: int, stop: int) -> list[Party]:
        """Actors starting at ``start`` and those coordinated after them."""
        if start in self.collective_starts:
            return list(self.collective_starts[start][1])
        found: list[Party] = []
        lowered = self.doc.tokens.lowered
        while start < stop and start in self.starts:
            last, actor = self.starts[start]
            found.append(self._party(actor, start, last))
            if last < stop and lowered[last] in self.words.coordination:
                start = last + 1
            else:
                break
        return _distinct(found)

    # -- roles ------------------------------------------------------------------
    def subject(self, clause: Clause, trigger: Predicate, sentence_start: int) -> list[Party]:
        """The actor(s) before the trigger in its clause (see module doc)."""
        owner = self._gerund_owner(clause, trigger)
        if owner is not None:
            return owner
        nearest = self._nearest_before(clause, trigger)
        if nearest:
            return nearest
        adjective = self._adjective_subject(clause, trigger)
        if adjective:
            return adjective
        if clause.opener in self.words.relative_subject_openers:
            return self._last_before(clause.start, sentence_start)
        if self._coordinated(trigger) or clause.opener in self.words.coordinators:
            return self._sentence_subject(sentence_start, trigger.first)
        return self._pronoun_subject(clause, trigger, sentence_start)

    def _coordinated(self, trigger: Predicate) -> bool:
        """ "... and called for new sanctions": a verb coordinated with an earlier one."""
        lowered = self.doc.tokens.lowered
        k = trigger.first - 1
        while k > 0 and lowered[k] in self.words.verb_phrase_adverbs:
            k -= 1
        return k > 0 and lowered[k] in self.words.coordinators

    def _sentence_subject(self, sentence_start: int, stop: int) -> list[Party]:
        """The sentence's subject: its first actor not after a preposition."""
        for k in range(sentence_start, stop):
            if k not in self.starts and k not in self.collective_starts:
                continue
            if self._in_subject_position(k, sentence_start):
                return self.group_starting(k, stop)
        return []

    def _gerund_owner(self, clause: Clause, trigger: Predicate) -> list[Party] | None:
        """ "accused riot police of beating detainees": the actor just before "of"/"for"
        owns the -ing verb; "accused both countries of violating": nobody we know; None
        when the trigger is not such a gerund (or follows a passive: "was accused of")."""
        lowered = self.doc.tokens.lowered
        k = trigger.first - 1
        if not (
            k > clause.start
            and lowered[k] in self.words.gerund_owners
            and lowered[trigger.first].endswith("ing")
        ):
            return None
        if k in self.ends or k in self.collective_ends:
            return self.group_ending(k, clause.start)
        if lowered[k - 1].endswith("ed"):
            return None  # "Russia was accused of shelling": the clause's subject
        accusing = any(w.startswith(self.words.accusing_stems) for w in lowered[clause.start : k])
        return [] if accusing else None

    def _nearest_before(self, clause: Clause, trigger: Predicate) -> list[Party]:
        """The nearest actor before the trigger that is not a prepositional object, a
        possessor ("Russia's ...") or a parenthesis ("(Reuters)")."""
        for end in range(trigger.first, clause.start, -1):
            if end not in self.ends and end not in self.collective_ends:
                continue
            first = (self.ends.get(end) or self.collective_ends[end])[0]
            if self._in_subject_position(first, clause.start):
                return self.group_ending(end, clause.start)
        return []

    def _in_subject_position(self, first: int, floor: int) -> bool:
        """Can the actor starting at ``first`` be a subject: not after a preposition, a
        possessive ("Russia's ...") or an opening parenthesis ("(Reuters)")?"""
        before = self.doc.tokens.lowered[first - 1] if first > floor else ""
        words = self.words
        return before not in words.not_subject_after and before not in words.not_subject_before

    def _last_before(self, start: int, floor: int) -> list[Party]:
        for end in range(start, floor, -1):
            if end in self.ends:
                return self.group_ending(end, floor)
        return []

    def _pronoun_subject(
        self, clause: Clause, trigger: Predicate, sentence_start: int
    ) -> list[Party]:
        """ "it" takes the last actor of its sentence ("Azerbaijan said it would ...");
        "they", "he", "she" the previous clause's subject."""
        lowered = self.doc.tokens.lowered
        for k in range(clause.start, trigger.first):
            if lowered[k] not in self.grammar.clauses.subject_pronouns:
                continue
            if lowered[k] == "it":
                return self._last_before(clause.start, sentence_start)
            return list(self.previous_subjects)
        return []

    def _adjective_subject(self, clause: Clause, trigger: Predicate) -> list[Party]:
        """ "Iraqi Kurds demonstrated", "Palestinian youths threw stones": a country
        adjective on the noun just before the verb stands for the actor."""
        tokens = self.doc.tokens
        for j in range(trigger.first - 1, max(clause.start, trigger.first - 7) - 1, -1):
            countries = self.lexicon.adjectives.lookup((tokens.texts[j],))
            if countries:
                return [Party(countries[0].iso3, None, tokens.texts[j], j, j + 1, "people")]
            if not tokens.texts[j].isalpha() or tokens.lowered[j] in self.words.not_subject_after:
                break
        return []

    def by_agent(self, trigger: Predicate, clause: Clause) -> list[Party]:
        """The agent of a passive verb or a noun event: "... by the Russian army"."""
        lowered = self.doc.tokens.lowered
        for k in range(trigger.object_end, min(clause.end, trigger.object_end + 6)):
            if lowered[k] in self.words.agent_stops:
                break  # "a ceasefire, an idea backed by the US": not its agent
            if lowered[k] == "by":  # "by the Russian army", "by Iranian missiles"
                return self._after(k + 1, clause.end) or self._adjective_after(
                    k + 1, min(clause.end, k + 3)
                )
        return []

    def recipient(self, clause: Clause, trigger: Predicate) -> list[Party]:
        pattern = trigger.pattern
        if pattern.target == "none":
            return []
        lowered = self.doc.tokens.lowered
        if pattern.preps:
            for k in range(trigger.last, min(clause.end, trigger.object_end + 8)):
                if lowered[k] in pattern.preps:
                    found = self._after(k + 1, clause.end) or self._adjective_after(
                        k + 1, min(clause.end, k + 3)
                    )
                    if found:
                        return found
        if pattern.kind == "noun" and not pattern.preps:
            return []
        inside = self._inside(trigger.last, trigger.object_end)
        return (
            inside
            or self._after(
                trigger.object_end, clause.end, complement=trigger.object_end == trigger.last
            )
            or self._adjective_after(trigger.last, min(clause.end, trigger.object_end + 5))
        )

    def _adjective_after(self, start: int, stop: int) -> list[Party]:
        """ "demolished Palestinian homes", "banned Ugandan opposition candidates": a
        country adjective inside the object stands for the recipient."""
        tokens = self.doc.tokens
        for match in self.lexicon.adjectives.find(tokens, start, stop):
            country = match.values[0]
            text = " ".join(tokens.texts[match.first : match.last])
            return [Party(country.iso3, None, text, match.first, match.last, "people")]
        return []

    def _inside(self, start: int, stop: int) -> list[Party]:
        """A coded actor within the required object ("summoned the Azerbaijani
        ambassador"); not a bare agent noun that belongs to the event ("joint military
        exercises", "send troops")."""
        for k in range(start, stop):
            if k in self.collective_starts or (k in self.starts and self.starts[k][1].code):
                return self.group_starting(k, stop + 6)
        return []

    def _after(self, start: int, stop: int, *, complement: bool = False) -> list[Party]:
        """The actor(s) within a few words from ``start``, before any clause word; with
        ``complement``, right after a verb, "that" opens its complement ("demanded that
        the US ...") instead of a relative clause ("the truce that Trump announced")."""
        lowered = self.doc.tokens.lowered
        k = start
        while k < stop and k - start < 4:
            if k in self.starts or k in self.collective_starts:
                return self.group_starting(k, stop)
            opener = complement and k == start and lowered[k] == "that"
            if (lowered[k] in self.words.recipient_stops and not opener) or (
                lowered[k] not in self.words.recipient_skips and not lowered[k][:1].isalpha()
            ):
                break  # "demanded that the US ...", not "the truce that Trump announced"
            k += 1
        return []

    def possessor(self, trigger: Predicate) -> list[Party]:
        """The actor of a noun event before it: "Russia's strikes", "NATO airstrikes",
        "Russian strikes", "Iranian missile strikes" (a country adjective)."""
        tokens = self.doc.tokens
        k = trigger.first
        if (
            k >= 1
            and tokens.lowered[k - 1] in self.grammar.common.possessives
            and (k - 1) in self.ends
        ):
            first, actor = self.ends[k - 1]
            return [self._party(actor, first, k - 1)]
        if k in self.ends:
            first, actor = self.ends[k]
            return [self._party(actor, first, k)]
        for j in (k - 1, k - 2):
            if j < 0 or (j == k - 2 and not tokens.texts[k - 1].islower()):
                break
            countries = self.lexicon.adjectives.lookup((tokens.texts[j],))
            if countries:
                return [Party(countries[0].iso3, None, tokens.texts[j], j, j + 1)]
        return []

    # -- where and when ---------------------------------------------------------
    def location(
        self, start: int, stop: int, taken: Sequence[Party], *, loose: bool = False
    ) -> PlaceMention | None:
        """A place in ``[start, stop)`` not used as an actor, after "in/near/at" (or, when
        ``loose``, anywhere: "took to the streets of Yerevan")."""
        loose_choice: PlaceMention | None = None
        places = self.places
        for k in range(bisect_left(self._place_starts, start), len(places)):
            first, _, place = places[k]
            if first >= stop:
                break
            if any(p.first <= first < p.last for p in taken):
                continue
            if _located(self.doc.tokens, first, self.words.locatives, self._place_words):
                return place
            if loose_choice is None:
                loose_choice = place
        return loose_choice if loose else None

    def place_in(self, start: int, stop: int) -> PlaceMention | None:
        """A place named in ``[start, stop)`` (the object of "entered Goma")."""
        k = bisect_left(self._place_starts, start)
        if k < len(self.places) and self.places[k][0] < stop:
            return self.places[k][2]
        return None

    def territory(self, place: PlaceMention | None, first: int) -> Party | None:
        """The country of the place where a coercive act happens, as its recipient
        ("a curfew in Montenegro", "fired at targets in Jericho")."""
        if place is None or place.country is None:
            return None
        country = next(
            (c for c in self.lexicon.countries.values() if c.iso2 == place.country), None
        )
        if country is None:
            return None
        return Party(country.iso3, None, place.text, first, first, "territory")

    def day_before(self, start: int, stop: int) -> DateMention | None:
        """The last day-precise date in ``[start, stop)``: the narrative time of a
        paragraph ("Early on Tuesday, ... Later in the morning, ...")."""
        if not self._date_firsts and self.dates:
            days = [d for first, _, d in self.dates if start <= first < stop]
            days = [d for d in days if d.precision == "day"]
            return days[-1] if days else None
        k = bisect_left(self._day_firsts, stop) - 1
        return self._days[k] if k >= 0 and self._day_firsts[k] >= start else None

    def date(self, start: int, stop: int, near: int) -> DateMention | None:
        """The date in ``[start, stop)`` nearest to token ``near`` (the earlier of two
        as near)."""
        if not self._date_firsts:
            inside = [(abs(f - near), d) for f, _, d in self.dates if start <= f < stop]
            return min(inside, key=lambda pair: pair[0])[1] if inside else None
        firsts = self._date_firsts
        lo, hi = bisect_left(firsts, start), bisect_left(firsts, stop)
        if lo == hi:
            return None
        after = bisect_right(firsts, near, lo, hi)  # the first date past ``near``
        if after > lo and (after == hi or near - firsts[after - 1] <= firsts[after] - near):
            return self.dates[bisect_left(firsts, firsts[after - 1], lo, hi)][2]
        return self.dates[after][2]

    def person_before(self, before: int) -> Party | None:
        """The person (or person by role) whose mention ends nearest before token
        ``before`` (inclusive)."""
        if self._person_ends is None:
            self._person_ends = sorted(
                end for end, (_, actor) in self.ends.items() if actor.kind in _NAMED_KINDS
            )
        k = bisect_right(self._person_ends, before) - 1
        if k < 0:
            return None
        end = self._person_ends[k]
        first, actor = self.ends[end]
        return self._party(actor, first, end)


def _located(
    tokens: Tokens, first: int, locatives: frozenset[str], place_words: frozenset[str]
) -> bool:
    """Is the place at ``first`` introduced by a locative preposition, directly or via
    "the southern Israeli city of" (``place_words``)?"""
    lowered, texts = tokens.lowered, tokens.texts
    k = first - 1
    while k >= 0 and first - k <= 6 and lowered[k] not in locatives:
        if lowered[k] not in place_words and not texts[k][:1].isupper():
            return False
        k -= 1
    return k >= 0 and first - k <= 6 and lowered[k] in locatives


def _distinct(parties: list[Party]) -> list[Party]:
    """One party per (code, sector): appositions name the same actor twice."""
    seen: set[tuple[str | None, str | None]] = set()
    result = []
    for party in parties:
        key = (party.code, party.sector)
        if key not in seen or party.code is None:
            seen.add(key)
            result.append(party)
    return result


def _span(tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    first = tokens.index_at(start)
    last = first
    while last < len(tokens) and tokens.starts[last] < end:
        last += 1
    return first, last

"""Roles from the dependency parse: the actors behind a trigger's argument words.

:func:`.arguments.arguments` gives the words (subject, object, agent, obliques); this
module finds the actor each word stands for:

* the actor mention (or collective: "both sides") covering the word;
* else an actor or country adjective that modifies it ("the Azerbaijani ambassador",
  "positions of the Armenian army", "Russia's envoy"), at most two steps down;
* else, for a pronoun or a definite description ("he", "they", "the ministry", "the
  country"), the nearest compatible actor before it in the paragraph
  (:class:`References`), marked ``kind="reference"`` so that the event's rule says so and
  its confidence is lower.

Words that are part of a dateline, an attribution phrase ("according to ...") or an
outlet never become actors: the parse puts them outside the clause's arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ...model import ActorMention
from .arguments import Arguments, arguments
from .grammar import Grammar
from .parse import Parse
from .roles import Party, RoleFinder

__all__ = ["ParsedRoles", "Roles", "Slot"]

_PERSON_KINDS = frozenset({"person", "role"})
_COUNTRY_KINDS = frozenset({"country", "metonym"})
_REBELS = "REB"


@dataclass(frozen=True, slots=True)
class Slot:
    """What the event coder asks about a trigger: its first token, whether it is a
    noun, and how its recipient is marked (``target``: object, prep or none; ``preps``:
    the prepositions that introduce it)."""

    token: int
    noun: bool
    target: str
    preps: tuple[str, ...] = ()
    has_object: bool = False
    """Does the pattern require an object ("provide weapons", "exchange prisoners")?"""


@dataclass(frozen=True, slots=True)
class Roles:
    """The parties of one trigger read off the parse, and how they were found."""

    sources: list[Party]
    targets: list[Party]
    arguments: Arguments
    has_sources: bool = True
    """Did the parse give source words at all (whether or not they name an actor)?"""
    has_targets: bool = True
    """Did the parse give recipient words at all?"""
    complement: list[Party] = field(default_factory=list)
    """Without a recipient: the coded actors elsewhere in the complement."""
    refused: frozenset[int] = frozenset()
    """First tokens of places the parse refused as the source ("the Berlin office"):
    word order may not bring them back."""


class ParsedRoles:
    """Per-document: token -> actor, and the parties of a trigger's arguments."""

    def __init__(self, finder: RoleFinder, grammar: Grammar) -> None:
        self.finder = finder
        self.grammar = grammar
        self.covering: dict[int, tuple[int, int, ActorMention]] = {}
        for first, (last, actor) in finder.starts.items():
            for k in range(first, last):
                self.covering[k] = (first, last, actor)
        self.groups: dict[int, list[Party]] = {}
        for first, (last, parties) in finder.collective_starts.items():
            for k in range(first, last):
                self.groups[k] = parties

    # -- one word ---------------------------------------------------------------
    def _token(self, parse: Parse, word: int) -> int:
        return self.finder.doc.tokens.index_at(parse.starts[word])

    def _direct(self, parse: Parse, word: int) -> list[Party]:
        token = self._token(parse, word)
        if token in self.groups:
            return list(self.groups[token])
        if token in self.covering:
            first, last, actor = self.covering[token]
            return [Party(actor.code, actor.sector, actor.text, first, last, actor.kind)]
        countries = self.finder.lexicon.adjectives.lookup((parse.words[word],))
        if countries:  # "the Azerbaijani ambassador", "Iranian missiles"
            return [Party(countries[0].iso3, None, parse.words[word], token, token + 1, "people")]
        return []

    def word(
        self, parse: Parse, word: int, depth: int = 0, refused: set[int] | None = None
    ) -> list[Party]:
        """The actor ``word`` stands for, directly or through its modifiers; a place
        refused as a modifier ("the Berlin office") goes into ``refused`` (its first
        token)."""
        found = self._direct(parse, word)
        if found or depth >= 2:
            return found
        for child in parse.children[word]:
            relation = parse.deps[child]
            if relation not in self.grammar.dependencies.actor_modifiers:
                continue
            if relation == "nmod" and parse.words[self._case(parse, child)].lower() not in {
                "of",
                "from",
            }:
                continue  # "talks with Iran" is not Iran
            found = self.word(parse, child, depth + 1, refused)
            if relation == "compound" and any(p.kind == "metonym" for p in found):
                if refused is not None:  # "the Berlin office", "a Baku court": a place,
                    refused.update(p.first for p in found)  # not its state
                continue
            if found:
                return found
        return []

    @staticmethod
    def _case(parse: Parse, word: int) -> int:
        cases = parse.dependents(word, "case")
        return cases[0] if cases else word

    def words(
        self, parse: Parse, words: tuple[int, ...] | list[int], refused: set[int] | None = None
    ) -> list[Party]:
        found: list[Party] = []
        for w in words:
            for party in self.word(parse, w, refused=refused):
                if all(
                    (p.code, p.sector, p.first) != (party.code, party.sector, party.first)
                    for p in found
                ):
                    found.append(party)
        return found

    # -- one trigger ------------------------------------------------------------
    def roles(self, parse: Parse, slot: Slot, floor: int, previous: list[Party]) -> Roles | None:
        """The parties of a trigger from the parse; None when the parse does not hold
        the trigger word (the caller falls back to word order). ``floor``: the
        paragraph's first token (references look no further back); ``previous``: the
        previous clause's subjects."""
        tokens = self.finder.doc.tokens
        word = parse.word_at(tokens.starts[slot.token])
        if word is None:
            return None
        if not slot.noun and not parse.tags[word].startswith(("VB", "MD")):
            return None  # the parser read the verb as another word class: do not trust it
        found = arguments(parse, word, self.grammar.dependencies, noun=slot.noun)
        chain = "".join(f"<{step}" for step in found.how)
        if slot.noun:
            light = self._light_subjects(parse, word)
            source_words, source_how = (
                (found.subjects, "possessor")
                if found.subjects
                else (found.agents, "agent")
                if found.agents
                else (light, "light-verb-subject")
            )
        elif found.passive:
            source_words, source_how = found.agents, "agent"
        else:
            source_words, source_how = found.subjects, f"subject{chain}"
        if slot.target == "none" or (slot.noun and not slot.preps):
            target_words: tuple[int, ...] = ()
            target_how = ""
        elif slot.preps:
            target_words = tuple(found.oblique(*slot.preps))
            target_how = "prep"
        else:
            target_words, target_how = found.objects, "object"
        refused: set[int] = set()
        sources = self._side(parse, source_words, source_how, floor, previous, refused=refused)
        targets = [  # "provided weapons and mercenaries", "exchanged prisoners": the
            # things or people an act with a required object moves are no recipient
            p
            for p in self._side(parse, target_words, target_how, floor, previous)
            if p.code or not slot.has_object
        ]
        extra = self._complement(parse, found) if not targets and slot.target != "none" else []
        return Roles(
            sources,
            targets,
            found,
            bool(source_words),
            bool(target_words),
            extra,
            frozenset(refused),
        )

    def _complement(self, parse: Parse, found: Arguments) -> list[Party]:
        """Actors anywhere in the objects and obliques ("froze its participation in the
        CSTO"), in sentence order; not the agent."""
        nominal = self.grammar.dependencies.nominal
        words: set[int] = set()
        excluded = self.grammar.dependencies.not_complement
        heads = [
            *found.objects,
            *(w for case, w in found.obliques if case.split(" ")[0] not in excluded),
        ]
        while heads:
            w = heads.pop()
            if w not in words:
                words.add(w)
                heads.extend(k for k in parse.children[w] if parse.deps[k] in nominal)
        parties: list[Party] = []
        for w in sorted(words):
            for party in self._direct(parse, w):
                if party.code and all(p.first != party.first for p in parties):
                    parties.append(replace(party, how="complement"))
        return parties

    def _light_subjects(self, parse: Parse, noun: int) -> tuple[int, ...]:
        """ "X declared a ceasefire", "X launched an offensive": the subject of the
        light or performative verb whose object the event noun is."""
        head = parse.heads[noun]
        if head == noun or parse.deps[noun] not in {"obj", "nsubj:pass"}:
            return ()
        if parse.words[head].lower() not in self.grammar.references.light_verbs:
            return ()
        governing = arguments(parse, head, self.grammar.dependencies)
        return governing.agents if governing.passive else governing.subjects

    def _side(
        self,
        parse: Parse,
        words: tuple[int, ...],
        how: str,
        floor: int,
        previous: list[Party],
        *,
        refused: set[int] | None = None,
    ) -> list[Party]:
        found = self.words(parse, words, refused)
        if not found:
            for w in words:
                found = self.reference(parse, w, floor, previous)
                if found:
                    how = f"{how}:ref({found[0].text})"
                    break
        return [replace(p, how=how) for p in found]

    # -- references -------------------------------------------------------------
    def reference(self, parse: Parse, word: int, floor: int, subjects: list[Party]) -> list[Party]:
        """The actor a pronoun or a definite description stands for: the nearest
        compatible actor before it since token ``floor`` (the paragraph's start);
        ``subjects``: the previous clause's subjects, preferred for "they"."""
        words = self.grammar.references
        text = parse.words[word].lower()
        token = self._token(parse, word)
        if text in words.plural:
            return [_referred(p, text) for p in subjects]
        if text in words.person:
            return self._nearest(token, floor, text, lambda a: a.kind in _PERSON_KINDS)
        if text in words.body:  # "it": a country, an organisation, a group, not a person
            return self._nearest(token, floor, text, lambda a: a.kind not in _PERSON_KINDS)
        if text in words.group_nouns and parse.dependents(word, "det"):
            return self._nearest(token, floor, f"the {text}", _armed_group)
        described, sector = words.description(text)
        if described and parse.dependents(word, "det"):
            found = self._nearest(token, floor, f"the {text}", lambda a: a.kind in _COUNTRY_KINDS)
            return [
                Party(p.code, sector or p.sector, p.text, p.first, p.last, p.kind) for p in found
            ]
        return []

    def _nearest(
        self, token: int, floor: int, text: str, compatible: Callable[[ActorMention], bool]
    ) -> list[Party]:
        """The nearest coded actor ending before ``token`` (back to ``floor``) that is
        ``compatible``, as a reference by ``text``."""
        for end in range(token, floor, -1):
            if end not in self.finder.ends:
                continue
            first, actor = self.finder.ends[end]
            if compatible(actor) and actor.code:
                party = Party(actor.code, actor.sector, actor.text, first, end, actor.kind)
                return [_referred(party, text)]
        return []


def _armed_group(actor: ActorMention) -> bool:
    """Can "the group" / "the rebels" stand for ``actor``? A named group of rebels."""
    return actor.sector == _REBELS and actor.kind in {"group", "agent"}


def _referred(party: Party, text: str) -> Party:
    return Party(
        party.code, party.sector, f"{text}={party.text}", party.first, party.last, "reference"
    )

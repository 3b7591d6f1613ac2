"""Event patterns and trigger finding (files are read by :mod:`.pattern_file`).

A :class:`Pattern` is one entry of a pattern file. :class:`PatternLexicon` expands verb
lemmas into their inflections (regular rules plus ``irregular_verbs.tsv``) and finds
:class:`Trigger` occurrences in a token range: a verb used as a verb (not "an attack"),
with its particles and required object words, or a noun phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ...matcher import PhraseMatcher
from ...text import Tokens, tokenize
from ..syntax.grammar import Grammar, TriggerWords
from .guards import TriggerGuard, title_cased

__all__ = ["Pattern", "PatternLexicon", "Trigger", "inflect"]

_OBJECT_WINDOW = 7
_INTENT_GAP = 6
_DEMAND_GAP = 10


@dataclass(frozen=True, slots=True)
class Pattern:
    index: int
    kind: Literal["verb", "noun"]
    trigger: str
    """The trigger as written in the lexicon ("launch", "open fire", "airstrike|...")."""
    words: tuple[str, ...]
    """Lower-case tokens after the first (particles: ("fire",) for "open fire")."""
    cameo: str
    objects: tuple[tuple[str, ...], ...] = ()
    object_heads: frozenset[str] = frozenset()
    """First words of the objects (a quick test before comparing whole phrases)."""
    preps: tuple[str, ...] = ()
    target: Literal["object", "prep", "none"] = "object"
    reciprocal: bool = False
    joint: str | None = None
    type: str | None = None
    mode: str | None = None
    source_sectors: frozenset[str] | None = None
    not_source_sectors: frozenset[str] = frozenset()
    intent: bool = False
    demand: bool = False
    not_forms: frozenset[str] = frozenset()
    """A request verb ("urge", "call on"): the act it demands is not an event."""
    implied: Literal["crowd", "state", None] = None
    source: str = "events.yaml"
    """The pattern file the entry comes from."""
    """Who acts when no actor is named: the people ("crowd": "protests erupted") or the
    police ("state": "hundreds have been detained") of the place or the dateline."""
    """A commitment verb ("agree", "pledge", "threaten"): before "to" + another event
    it is that event's speech act, not an event of its own."""

    @property
    def rule(self) -> str:
        extra = "+object" if self.objects else ""
        return f"{self.source}#{self.index}:{self.kind}({self.trigger.split('|')[0]}){extra}"

    @property
    def specific(self) -> bool:
        """Matched more than a bare word (an object, a particle, a multi-word noun)."""
        return bool(self.objects or self.words)


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: Pattern
    first: int
    last: int
    """One past the trigger's last token (the particles included)."""
    object_end: int
    """One past the required object (``last`` when there is none)."""
    passive: bool = False
    joint: bool = False
    alternatives: tuple[Pattern, ...] = ()
    """Other patterns matching the same words, in order of preference (tried when the
    source's sector rules the first one out: "police raids" vs "rebel raids")."""
    commitment: str = ""
    """The commitment verb that introduces the event ("agreed" in "agreed to stop all
    firing"), when it was absorbed; the event is then promised or threatened, not done."""
    object_words: int = 0
    """Words of the required object found (0 for a capitalised name standing for
    ``actor``): the longer, more specific object wins ("opened an investigation into war
    crimes" over "opened an investigation")."""


def inflect(lemma: str, irregular: dict[str, tuple[str, ...]]) -> set[str]:
    """All forms of a verb lemma: attack -> attack, attacks, attacked, attacking."""
    forms = {lemma, *irregular.get(lemma, ())}
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        stem = lemma[:-1]
        forms.update({lemma + "d", stem + "ing"})
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.update({lemma[:-1] + "ied", lemma + "ing"})
    else:
        forms.update({lemma + "ed", lemma + "ing"})
        last, before = lemma[-1:], lemma[-2:-1]
        if last not in "aeiouwxy" and before in "aeiou" and lemma[-3:-2] not in "aeiou":
            forms.update({lemma + last + "ed", lemma + last + "ing"})  # ban -> banned
    return forms


class PatternLexicon:
    """Patterns indexed for lookup: verb forms -> patterns, noun phrases -> patterns."""

    def __init__(
        self,
        patterns: Sequence[Pattern],
        irregular: dict[str, tuple[str, ...]],
        guard: TriggerGuard | None = None,
    ):
        self.patterns = tuple(patterns)
        self.guard = guard
        """Compounds, set phrases and names that block a trigger (see :mod:`.guards`)."""
        self.verb_forms: dict[str, list[tuple[Pattern, bool]]] = {}
        """Inflected form -> (pattern, is the form a past participle or past tense)."""
        self.nouns: PhraseMatcher[Pattern] = PhraseMatcher(lower=True)
        for pattern in patterns:
            if pattern.kind == "noun":
                for form in pattern.trigger.split("|"):
                    self.nouns.add(form.strip(), pattern)
                continue
            lemma = tokenize(pattern.trigger.lower()).texts[0]
            participles = set(irregular.get(lemma, ())) | {
                f for f in inflect(lemma, {}) if f.endswith("ed")
            }
            for form in inflect(lemma, irregular) - pattern.not_forms:
                self.verb_forms.setdefault(form, []).append((pattern, form in participles))
        nouns = {
            tokenize(form.strip().lower()).texts[0]
            for p in patterns
            if p.kind == "noun"
            for form in p.trigger.split("|")
            if form.strip()
        }
        self.candidates: frozenset[str] = frozenset(self.verb_forms) | frozenset(nouns)
        """Lower-case words that may begin a trigger: a sentence without one holds no
        event, and the syntax layer does not parse it."""

    def holds_trigger(self, tokens: Tokens, start: int, stop: int, *, grammar: Grammar) -> bool:
        """Does ``tokens[start:stop]`` hold a trigger? (A word of :attr:`candidates`
        first, the full match only then.)"""
        lowered = tokens.lowered
        if not any(lowered[k] in self.candidates for k in range(start, stop)):
            return False
        return bool(self.triggers(tokens, start, stop, grammar))

    def triggers(
        self,
        tokens: Tokens,
        start: int,
        stop: int,
        grammar: Grammar,
        adjectives: frozenset[str] = frozenset(),
    ) -> list[Trigger]:
        """Verb and noun triggers in ``tokens[start:stop]``: the best pattern at each
        position; nothing inside another trigger's words or object ("provided military
        technical support" is one event, not also "support")."""
        words = grammar.triggers
        lowered = tokens.lowered
        verbs: list[Trigger] = []
        forms = self.verb_forms
        for i in [k for k in range(start, stop) if lowered[k] in forms]:
            options = forms[lowered[i]]
            if not _verbal(tokens, i, start, options[0][1], grammar):
                continue
            if i > start and lowered[i - 1] in adjectives and not options[0][1]:
                continue  # "Turkish support", "Russian strikes": nouns after an adjective
            found = [
                t
                for p, past in options
                if (t := _match_verb(tokens, i, stop, p, past, words=words))
            ]
            if found:
                found.sort(key=_preference, reverse=True)
                same = [t.pattern for t in found[1:] if t.object_end == found[0].object_end]
                verbs.append(replace(found[0], alternatives=tuple(same)))
        nouns = [
            Trigger(
                (ranked := sorted(m.values, key=lambda p: p.specific, reverse=True))[0],
                m.first,
                m.last,
                m.last,
                joint=ranked[0].joint is not None
                and any(w in words.joint for w in lowered[max(start, m.first - 2) : m.first]),
                alternatives=tuple(ranked[1:]),
            )
            for m in self.nouns.find(tokens, start, stop)
        ]
        verbs = [  # "two Israeli air raids": the head of a noun phrase, not a verb
            v for v in verbs if not any(n.first < v.first < n.last for n in nouns)
        ]
        if self.guard is not None:  # "bird strike", "the Ukraine Support Act"
            guard, names = self.guard, not title_cased(tokens, start, stop)
            verbs = [
                v for v in verbs if not guard.blocks(tokens, v.first, v.last, start, names=names)
            ]
            nouns = [
                n for n in nouns if not guard.blocks(tokens, n.first, n.last, start, names=names)
            ]
        kept: list[Trigger] = []
        for trigger in sorted(verbs, key=lambda t: t.first) + nouns:
            if not any(o.first <= trigger.first < o.object_end for o in kept):
                kept.append(trigger)
        return _absorb_intents(lowered, sorted(kept, key=lambda t: t.first), words)


def _absorb_intents(
    lowered: Sequence[str], triggers: list[Trigger], words: TriggerWords
) -> list[Trigger]:
    """Drop a commitment verb that introduces another event ("agreed on Saturday to
    stop all firing", "threatened to cut off gas"): the event is coded once, as the
    promised or threatened act, and the commitment becomes its speech act."""
    kept: list[Trigger] = []
    commitment = ""
    demanded: set[int] = set()
    for index, trigger in enumerate(triggers):
        if index in demanded:
            continue  # "urged the soldiers to surrender": the request is the event
        following = triggers[index + 1] if index + 1 < len(triggers) else None
        if (
            trigger.pattern.demand
            and following is not None
            and _demanded(lowered[trigger.last : following.first], following, words)
        ):
            demanded.add(index + 1)
        if trigger.pattern.intent and following is not None:
            between = lowered[trigger.last : following.first]
            if (
                "to" in between
                and len(between) <= _INTENT_GAP
                and not any(w in words.object_stops and w != "to" for w in between)
                and _infinitive_of(between, following, words)
            ):
                commitment = lowered[trigger.first]
                continue
        kept.append(replace(trigger, commitment=commitment) if commitment else trigger)
        commitment = ""
    return kept


def _demanded(between: Sequence[str], following: Trigger, words: TriggerWords) -> bool:
    """Is the next event what a request verb asks for: "urged the soldiers to
    surrender", "demanded that Moscow promptly investigate"?"""
    if tuple(between[:1]) == ("that",):
        stops = words.object_stops
        return len(between) <= _INTENT_GAP and not any(w in stops for w in between[1:])
    return (
        "to" in between
        and len(between) <= _DEMAND_GAP
        and not any(w in words.object_stops and w != "to" for w in between)
        and _infinitive_of(between, following, words)
    )


def _infinitive_of(between: Sequence[str], following: Trigger, words: TriggerWords) -> bool:
    """Is the next event the promised act: "to" right before it ("agreed to stop
    firing"), or "to" + a light verb + its noun ("agreed to hold joint exercises")? Not
    "agreed to postpone the demonstration"."""
    after = list(between[len(between) - between[::-1].index("to") :])
    if not after:
        return True
    return (
        following.pattern.kind == "noun"
        and after[0] in words.light_verbs
        and all(w.isalpha() and w not in words.object_stops for w in after[1:])
    )


def _preference(trigger: Trigger) -> tuple[int, int, int, int]:
    """Particles bind tighter than an object found a few words on ("opened fire on its
    positions along the border" is "open fire", not "open ... border"); then a longer
    object is more specific ("captured two soldiers": the word "soldiers" over a name)."""
    pattern = trigger.pattern
    return (len(pattern.words), bool(pattern.objects), trigger.object_words, -pattern.index)


def _verbal(tokens: Tokens, i: int, start: int, past: bool, grammar: Grammar) -> bool:
    """Is the word at ``i`` used as a verb? Not after a determiner ("the attack", "a
    direct attack"), a possessive ("Russia's strikes"), a number or a preposition ("a
    wish for talks"); an -ing form only in a verb phrase ("were shelling", "after
    shelling"), not as a noun ("sudden shelling of"). Past forms are verbs."""
    lowered = tokens.lowered
    words = grammar.triggers
    word = lowered[i]
    if i == start:
        if past and tokens.texts[i][:1].isupper() and i + 1 < len(lowered):
            return lowered[i + 1] == "by"  # "Freed Ukrainian soldiers", not "Hit by ..."
        return not word.endswith("ing")
    before = lowered[i - 1]
    if before in words.determiners or before in grammar.common.possessives or before[:1].isdigit():
        return False
    if before == "-" or (
        i - 2 >= start and lowered[i - 2] == "-" and tokens.texts[i - 1].islower()
    ):
        return False  # "an open-ended strike", "its long-threatened invasion"
    if (
        i - 2 >= start
        and lowered[i - 2] in words.determiners
        and (before in words.number_words or before.endswith("ly"))
    ):
        return False  # "the two detained citizens", "the recently seized tanker"
    if past:
        return True
    if (before in words.light_verbs or before in words.not_after_light) and word.endswith("s"):
        return False  # "agreed to start talks"
    if word.endswith("ing") and before in words.gerund_before:
        return True  # "accused riot police of beating detainees", "short of accepting"
    if before in words.prepositions:
        return False  # "a wish for talks"
    if (
        i - 2 >= start
        and lowered[i - 2] in words.determiners
        and tokens.texts[i - 1].islower()
        and before.isalpha()
        and before not in words.verbal_before
    ):
        return False  # "a direct attack", "the sudden shelling"
    if word.endswith("ing"):
        return (
            before in words.be_forms
            or before in words.gerund_before
            or _takes_object(tokens, i, words)
        )
    return True


def _takes_object(tokens: Tokens, i: int, words: TriggerWords) -> bool:
    """An -ing form followed by an object or a clause is a verb ("blocking the road",
    "beating detainees"), not a noun ("the shelling of", "shelling continued")."""
    if i + 1 >= len(tokens.lowered):
        return False
    after = tokens.lowered[i + 1]
    return (
        after in words.gerund_complement_starts
        or tokens.texts[i + 1][:1].isupper()
        or (after.isalpha() and after.endswith("s") and after not in words.not_object)
    )


def _match_verb(
    tokens: Tokens, i: int, stop: int, pattern: Pattern, past: bool, *, words: TriggerWords
) -> Trigger | None:
    lowered = tokens.lowered
    last = i + 1
    for particle in pattern.words:  # particles: "open fire", "call on", "shoot down"
        if last < stop and lowered[last] == particle:
            last += 1
        else:
            return None
    object_end = last
    joint = False
    size = 0
    passive = past and not words.be_forms.isdisjoint(lowered[max(0, i - 3) : i])
    if pattern.objects:
        found = _find_object(tokens, last, stop, pattern, words)
        if (
            found is None
            and past
            and (passive or _reduced(lowered, i, last, stop, pattern, words=words))
            and (size := _object_before(lowered, i, pattern.objects))
        ):
            found = (last, False, size)  # "a monitoring mission has been deployed"
            passive = True
        if found is None:
            return None
        object_end, joint, size = found
    return Trigger(pattern, i, last, object_end, passive=passive, joint=joint, object_words=size)


def _reduced(
    lowered: Sequence[str], i: int, last: int, stop: int, pattern: Pattern, *, words: TriggerWords
) -> bool:
    """ "two more missiles launched from Iran": a participle right after its object noun
    and before a preposition is a reduced relative clause, a passive."""
    return (
        last < stop
        and lowered[last] in words.after_participle
        and any(phrase[-1] == lowered[i - 1] for phrase in pattern.objects)
    )


def _object_before(lowered: Sequence[str], i: int, objects: tuple[tuple[str, ...], ...]) -> int:
    """A passive verb's object is its subject: the length of the longest of the objects
    just before it (0 when there is none)."""
    window = tuple(lowered[max(0, i - 6) : i])
    return max(
        (
            len(words)
            for words in objects
            for k in range(len(window) - len(words) + 1)
            if window[k : k + len(words)] == words
        ),
        default=0,
    )


def _find_object(
    tokens: Tokens, start: int, stop: int, pattern: Pattern, function_words: TriggerWords
) -> tuple[int, bool, int] | None:
    """(end of the first required object within the window, "joint" seen before it, the
    object's length in words, 0 for a name standing for ``actor``).

    Words between the verb and its object may be anything but a clause break or a
    function word that starts another phrase ("launched 10 days of war games", "gave
    the Ivory Coast 5.1 million dollars of aid"); ``("actor",)`` in the objects stands
    for a capitalised name ("released Prime Minister Chaudhry").
    """
    lowered = tokens.lowered
    objects, heads = pattern.objects, pattern.object_heads
    any_actor = "actor" in heads
    joint = False
    passed = False  # a preposition: a name after it is not the object ("drifting back
    position = start  # toward Moscow")
    for _ in range(_OBJECT_WINDOW):
        if position >= stop:
            return None
        word = lowered[position]
        if word in heads:
            for words in objects:
                if words[0] == word and tuple(lowered[position : position + len(words)]) == words:
                    return position + len(words), joint, len(words)
        if any_actor and tokens.texts[position][:1].isupper() and not passed:
            return position + 1, joint, 0
        passed = passed or word in function_words.passing  # "part of X" is X
        if word in function_words.joint_markers:
            joint = True
        elif word in function_words.object_stops:
            return None
        position += 1
    return None

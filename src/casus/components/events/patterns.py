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
from .guards import TriggerGuard, title_cased

__all__ = ["LIGHT_VERBS", "Pattern", "PatternLexicon", "Trigger", "inflect"]

_OBJECT_WINDOW = 7
# Words that end the search for a verb's required object: clause breaks and function
# words that start another phrase.
_OBJECT_STOP = frozenset(
    """. , ; : ! ? ( ) that which who whom whose to and but or if because while when
    after before since said says told is are was were be been has have had will would
    could should may might must""".split()
)
_DETERMINERS = frozenset(
    """the a an this that these those its their his her our your my any no every each
    such another further new recent latest first second last its' whose""".split()
)
_VERBAL_BEFORE = frozenset(
    """to will would can could may might must shall should do does did not n't never
    they he she it we i who which also then had have has jointly reportedly allegedly
    repeatedly again""".split()
)
_BE = frozenset("is are was were be been being am get gets got gotten".split())
# After an -ing form these show it takes an object or a clause: a verb ("a declaration
# demanding that ...", "protesters blocking the road"), not a noun ("shelling of").
_COMPLEMENT_STARTS = frozenset("that the a an to for their its his her at into".split())
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten dozen dozens hundreds thousands several "
    "many few".split()
)
_PREPOSITIONS = frozenset(
    "for of in on at with about from into over under between among against during "
    "despite amid without".split()
)
_INTENT_GAP = 6
_AFTER_PARTICIPLE = frozenset("by from in at over on into near across along toward towards".split())
# After one of these, a name is not a verb's object ("drifting back toward Moscow").
_PASSING = (_PREPOSITIONS - {"of"}) | frozenset("to toward towards through across near via".split())
_DEMAND_GAP = 10
_JOINT = frozenset({"joint", "combined"})
# Plural-looking words that do not start an object after an -ing form.
_NOT_OBJECT = frozenset("was has is does this its his as thus plus always perhaps".split())
# Verbs that take an event noun as their object: after them an -s form is a noun
# ("agreed to start talks", "held talks"), and "to" + one of them + an event noun is
# the event itself ("agreed to undertake joint exercises").
LIGHT_VERBS = frozenset(
    """start starts started starting begin begins began begun beginning hold holds held
    holding resume resumes resumed resuming open opens opened opening launch launches
    launched launching attend attends attended join joins joined host hosts hosted
    continue continues continued conduct conducts conducted undertake undertakes
    undertook stage stages staged carry""".split()
)
_NOT_AFTER_LIGHT = frozenset(
    "end ends ended halt halted suspend suspended break seek seeks sought".split()
)
_GERUND_BEFORE = frozenset(
    "after before while by since without of from for on upon against continue continued "
    "keep kept started began stop stopped avoid resumed".split()
)


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

    def triggers(
        self, tokens: Tokens, start: int, stop: int, adjectives: frozenset[str] = frozenset()
    ) -> list[Trigger]:
        """Verb and noun triggers in ``tokens[start:stop]``: the best pattern at each
        position; nothing inside another trigger's words or object ("provided military
        technical support" is one event, not also "support")."""
        lowered = tokens.lowered
        verbs: list[Trigger] = []
        forms = self.verb_forms
        for i in [k for k in range(start, stop) if lowered[k] in forms]:
            options = forms[lowered[i]]
            if not _verbal(tokens, i, start, options[0][1]):
                continue
            if i > start and lowered[i - 1] in adjectives and not options[0][1]:
                continue  # "Turkish support", "Russian strikes": nouns after an adjective
            found = [t for p, past in options if (t := _match_verb(tokens, i, stop, p, past))]
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
                and any(w in _JOINT for w in lowered[max(start, m.first - 2) : m.first]),
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
        return _absorb_intents(lowered, sorted(kept, key=lambda t: t.first))


def _absorb_intents(lowered: Sequence[str], triggers: list[Trigger]) -> list[Trigger]:
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
            and _demanded(lowered[trigger.last : following.first], following)
        ):
            demanded.add(index + 1)
        if trigger.pattern.intent and following is not None:
            between = lowered[trigger.last : following.first]
            if (
                "to" in between
                and len(between) <= _INTENT_GAP
                and not any(w in _OBJECT_STOP and w != "to" for w in between)
                and _infinitive_of(between, following)
            ):
                commitment = lowered[trigger.first]
                continue
        kept.append(replace(trigger, commitment=commitment) if commitment else trigger)
        commitment = ""
    return kept


def _demanded(between: Sequence[str], following: Trigger) -> bool:
    """Is the next event what a request verb asks for: "urged the soldiers to
    surrender", "demanded that Moscow promptly investigate"?"""
    if tuple(between[:1]) == ("that",):
        return len(between) <= _INTENT_GAP and not any(w in _OBJECT_STOP for w in between[1:])
    return (
        "to" in between
        and len(between) <= _DEMAND_GAP
        and not any(w in _OBJECT_STOP and w != "to" for w in between)
        and _infinitive_of(between, following)
    )


def _infinitive_of(between: Sequence[str], following: Trigger) -> bool:
    """Is the next event the promised act: "to" right before it ("agreed to stop
    firing"), or "to" + a light verb + its noun ("agreed to hold joint exercises")? Not
    "agreed to postpone the demonstration"."""
    after = list(between[len(between) - between[::-1].index("to") :])
    if not after:
        return True
    return (
        following.pattern.kind == "noun"
        and after[0] in LIGHT_VERBS
        and all(w.isalpha() and w not in _OBJECT_STOP for w in after[1:])
    )


def _preference(trigger: Trigger) -> tuple[int, int, int, int]:
    """Particles bind tighter than an object found a few words on ("opened fire on its
    positions along the border" is "open fire", not "open ... border"); then a longer
    object is more specific ("captured two soldiers": the word "soldiers" over a name)."""
    pattern = trigger.pattern
    return (len(pattern.words), bool(pattern.objects), trigger.object_words, -pattern.index)


def _verbal(tokens: Tokens, i: int, start: int, past: bool) -> bool:
    """Is the word at ``i`` used as a verb? Not after a determiner ("the attack", "a
    direct attack"), a possessive ("Russia's strikes"), a number or a preposition ("a
    wish for talks"); an -ing form only in a verb phrase ("were shelling", "after
    shelling"), not as a noun ("sudden shelling of"). Past forms are verbs."""
    lowered = tokens.lowered
    word = lowered[i]
    if i == start:
        if past and tokens.texts[i][:1].isupper() and i + 1 < len(lowered):
            return lowered[i + 1] == "by"  # "Freed Ukrainian soldiers", not "Hit by ..."
        return not word.endswith("ing")
    before = lowered[i - 1]
    if before in _DETERMINERS or before in {"'s", "’s"} or before[:1].isdigit():
        return False
    if before == "-" or (
        i - 2 >= start and lowered[i - 2] == "-" and tokens.texts[i - 1].islower()
    ):
        return False  # "an open-ended strike", "its long-threatened invasion"
    if (
        i - 2 >= start
        and lowered[i - 2] in _DETERMINERS
        and (before in _NUMBER_WORDS or before.endswith("ly"))
    ):
        return False  # "the two detained citizens", "the recently seized tanker"
    if past:
        return True
    if (before in LIGHT_VERBS or before in _NOT_AFTER_LIGHT) and word.endswith("s"):
        return False  # "agreed to start talks"
    if word.endswith("ing") and before in _GERUND_BEFORE:
        return True  # "accused riot police of beating detainees", "short of accepting"
    if before in _PREPOSITIONS:
        return False  # "a wish for talks"
    if (
        i - 2 >= start
        and lowered[i - 2] in _DETERMINERS
        and tokens.texts[i - 1].islower()
        and before.isalpha()
        and before not in _VERBAL_BEFORE
    ):
        return False  # "a direct attack", "the sudden shelling"
    if word.endswith("ing"):
        return before in _BE or before in _GERUND_BEFORE or _takes_object(tokens, i)
    return True


def _takes_object(tokens: Tokens, i: int) -> bool:
    """An -ing form followed by an object or a clause is a verb ("blocking the road",
    "beating detainees"), not a noun ("the shelling of", "shelling continued")."""
    if i + 1 >= len(tokens.lowered):
        return False
    after = tokens.lowered[i + 1]
    return (
        after in _COMPLEMENT_STARTS
        or tokens.texts[i + 1][:1].isupper()
        or (after.isalpha() and after.endswith("s") and after not in _NOT_OBJECT)
    )


def _match_verb(tokens: Tokens, i: int, stop: int, pattern: Pattern, past: bool) -> Trigger | None:
    lowered = tokens.lowered
    last = i + 1
    for word in pattern.words:  # particles: "open fire", "call on", "shoot down"
        if last < stop and lowered[last] == word:
            last += 1
        else:
            return None
    object_end = last
    joint = False
    size = 0
    passive = past and not _BE.isdisjoint(lowered[max(0, i - 3) : i])
    if pattern.objects:
        found = _find_object(tokens, last, stop, pattern)
        if (
            found is None
            and past
            and (passive or _reduced(lowered, i, last, stop, pattern))
            and (size := _object_before(lowered, i, pattern.objects))
        ):
            found = (last, False, size)  # "a monitoring mission has been deployed"
            passive = True
        if found is None:
            return None
        object_end, joint, size = found
    return Trigger(pattern, i, last, object_end, passive=passive, joint=joint, object_words=size)


def _reduced(lowered: Sequence[str], i: int, last: int, stop: int, pattern: Pattern) -> bool:
    """ "two more missiles launched from Iran": a participle right after its object noun
    and before a preposition is a reduced relative clause, a passive."""
    return (
        last < stop
        and lowered[last] in _AFTER_PARTICIPLE
        and any(words[-1] == lowered[i - 1] for words in pattern.objects)
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
    tokens: Tokens, start: int, stop: int, pattern: Pattern
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
        passed = passed or word in _PASSING  # "part of X" is X
        if word in {"joint", "jointly", "together"}:
            joint = True
        elif word in _OBJECT_STOP:
            return None
        position += 1
    return None

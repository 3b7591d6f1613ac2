"""One event per act: the events of one sentence that code the same act become one.

Two events of a sentence are the same act when they have the same dyad (the same
source and target codes) and the same factuality, and either come from the same words
(an exact repeat) or one trigger serves the other in the parse: a purpose or
complement clause ("summoned the ambassador to protest"), or an argument ("Pakistani
shelling killed ..."). The more specific coding wins: a CAMEO code below its root (``195`` over
``190``), then a pattern that matched more than a bare word; on a tie, the first. The
winner's rule names the other trigger (``+same-act(...)``), so nothing is hidden.
"""

from __future__ import annotations

from dataclasses import replace

from ...model import Event
from ...text import Tokens
from ..syntax.grammar import Grammar
from ..syntax.parse import Parse
from .patterns import Trigger

__all__ = ["one_per_act"]


def _dyad(event: Event) -> tuple[str | None, str | None]:
    source = event.source.code if event.source else None
    target = event.target.code if event.target else None
    if event.symmetric and source is not None and target is not None:
        return (min(source, target), max(source, target))
    return source, target


def _specific(trigger: Trigger, event: Event) -> tuple[int, int]:
    code = event.cameo
    return (int(len(code) > 3 or not code.endswith("0")), int(trigger.pattern.specific))


def _serves(
    parse: Parse | None, tokens: Tokens, one: Trigger, other: Trigger, relations: frozenset[str]
) -> bool:
    """Does one trigger's word head a purpose or complement clause of the other's (or
    the reverse), within two steps?"""
    if parse is None:
        return False
    first = parse.word_at(tokens.starts[one.first])
    second = parse.word_at(tokens.starts[other.first])
    if first is None or second is None:
        return False
    return _below(parse, second, first, relations) or _below(parse, first, second, relations)


def _below(parse: Parse, word: int, head: int, relations: frozenset[str]) -> bool:
    for _ in range(2):
        if parse.deps[word] not in relations or parse.heads[word] == word:
            return False
        word = parse.heads[word]
        if word == head:
            return True
    return False


def one_per_act(
    found: list[tuple[Trigger, Event]], parse: Parse | None, tokens: Tokens, grammar: Grammar
) -> list[Event]:
    """The events of one sentence, in order, one per act (see the module doc); the
    relations that make one trigger serve another are ``grammar.dependencies.same_act``."""
    relations = grammar.dependencies.same_act
    kept: list[tuple[Trigger, Event]] = []
    for trigger, event in found:
        for i, (other_trigger, other) in enumerate(kept):
            if _dyad(other) != _dyad(event) or other.factuality != event.factuality:
                continue
            same_words = other_trigger.first == trigger.first
            if not same_words and not _serves(parse, tokens, other_trigger, trigger, relations):
                continue
            if _specific(trigger, event) > _specific(other_trigger, other):
                winner, loser = (trigger, event), (other_trigger, other)
            else:
                winner, loser = (other_trigger, other), (trigger, event)
            note = f"+same-act({loser[0].pattern.rule})"
            repeat = loser[0].first == winner[0].first or note in winner[1].rule
            merged = winner[1] if repeat else replace(winner[1], rule=winner[1].rule + note)
            kept[i] = (winner[0], merged)
            break
        else:
            kept.append((trigger, event))
    return [event for _, event in kept]

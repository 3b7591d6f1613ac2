"""One event per act: the events of one sentence that code the same act become one.

Two events of a sentence are the same act when they have the same source and the same
factuality, and either come from the same words with the same dyad (an exact repeat),
or one trigger serves the other in the parse: a purpose or complement clause
("summoned the ambassador to protest"), or an argument ("Pakistani shelling killed
..."). The more specific coding wins: a CAMEO code below its root (``195`` over
``190``), then a pattern that matched more than a bare word, then one with a recipient;
on a tie, the first. The winner's rule names the other trigger (``+same-act(...)``),
so nothing is hidden.
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
    """Is one trigger's word attached to the other's as its purpose, complement or
    argument (either way round)?"""
    if parse is None:
        return False
    first = parse.word_at(tokens.starts[one.first])
    second = parse.word_at(tokens.starts[other.first])
    if first is None or second is None:
        return False
    return _below(parse, second, first, relations) or _below(parse, first, second, relations)


def _below(parse: Parse, word: int, head: int, relations: frozenset[str]) -> bool:
    """Is ``word`` attached to ``head`` directly by one of ``relations`` (or a subtype of
    one: ``nsubj:pass`` is ``nsubj``)?"""
    relation = parse.deps[word]
    return parse.heads[word] == head != word and (
        relation in relations or relation.split(":", 1)[0] in relations
    )


def one_per_act(
    found: list[tuple[Trigger, Event]], parse: Parse | None, tokens: Tokens, grammar: Grammar
) -> list[Event]:
    """The events of one sentence, in order, one per act (see the module doc); the
    relations that make one trigger serve another are ``grammar.dependencies.same_act``."""
    relations = grammar.dependencies.same_act
    kept: list[tuple[Trigger, Event]] = []
    for trigger, event in found:
        for i, (other_trigger, other) in enumerate(kept):
            if _source(other) != _source(event) or other.factuality != event.factuality:
                continue
            if other_trigger.first == trigger.first:  # the same words coded again
                if _dyad(other) != _dyad(event):
                    continue
            elif not _serves(parse, tokens, other_trigger, trigger, relations):
                continue
            kept[i] = _merge((other_trigger, other), (trigger, event))
            break
        else:
            kept.append((trigger, event))
    return [event for _, event in kept]


def _source(event: Event) -> str | None:
    return event.source.code if event.source else None


def _merge(one: tuple[Trigger, Event], other: tuple[Trigger, Event]) -> tuple[Trigger, Event]:
    """The more specific of two codings of one act, its rule naming the other trigger;
    on a tie, the one with a recipient, then the first."""

    def rank(item: tuple[Trigger, Event]) -> tuple[int, int, int]:
        return (*_specific(*item), int(item[1].target is not None))

    winner, loser = (other, one) if rank(other) > rank(one) else (one, other)
    note = f"+same-act({loser[0].pattern.rule})"
    if loser[0].first == winner[0].first or note in winner[1].rule:
        return winner
    return winner[0], replace(winner[1], rule=winner[1].rule + note)

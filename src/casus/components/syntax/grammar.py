"""The grammatical word lists (``lexicons/grammar.yaml``), loaded once into a
:class:`Grammar`.

Function words and punctuation that the syntax layer, the event coder and the claims
test tokens against: clause openers, prepositions that rule out a subject, words that
make an event word a noun ... Each group of the file is one frozen dataclass, each
list one field (a frozenset for membership tests, a tuple for prefix and suffix
tests). The file is read through :class:`casus.components.resources.Resources`, once
per process; :func:`load_grammar` is the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from ...datafiles import bundled, read_yaml
from ...errors import DataError

__all__ = [
    "ClaimWords",
    "ClauseWords",
    "CommonWords",
    "DependencyWords",
    "EventWords",
    "FrameWords",
    "Grammar",
    "NameParts",
    "ReferenceWords",
    "RoleWords",
    "TriggerWords",
    "load_grammar",
]

Words = frozenset[str]


@dataclass(frozen=True, slots=True)
class CommonWords:
    possessives: Words


@dataclass(frozen=True, slots=True)
class ClauseWords:
    boundary_words: Words
    comma_openers: Words
    punctuation: Words
    relatives: Words
    subject_pronouns: Words
    reporting_reach_stops: Words


@dataclass(frozen=True, slots=True)
class RoleWords:
    not_subject_after: Words
    not_subject_before: Words
    coordination: Words
    gerund_owners: Words
    accusing_stems: tuple[str, ...]
    verb_phrase_adverbs: Words
    recipient_stops: Words
    recipient_skips: Words
    relative_subject_openers: Words
    coordinators: Words
    agent_stops: Words
    locatives: Words
    place_lead_words: Words


@dataclass(frozen=True, slots=True)
class FrameWords:
    speaker_stops: Words
    reported_openers: Words
    complement_starts: Words
    not_frame_after: Words
    trailing_boundaries: Words
    not_in_trailing: Words
    personal_pronouns: Words
    impersonal_pronouns: Words


@dataclass(frozen=True, slots=True)
class TriggerWords:
    object_stops: Words
    determiners: Words
    verbal_before: Words
    be_forms: Words
    gerund_complement_starts: Words
    number_words: Words
    prepositions: Words
    after_participle: Words
    passing: Words
    joint: Words
    joint_markers: Words
    not_object: Words
    light_verbs: Words
    not_after_light: Words
    gerund_before: Words


@dataclass(frozen=True, slots=True)
class EventWords:
    noun_phrase_words: Words
    governing_prepositions: Words
    not_governors: Words
    meeting_prepositions: Words
    performatives: Words
    separating: Words
    refusing_particles: tuple[str, ...]
    attitudes: Words


@dataclass(frozen=True, slots=True)
class ClaimWords:
    content_openers: Words
    frame_lead_ins: Words


@dataclass(frozen=True, slots=True)
class ReferenceWords:
    person: Words
    plural: Words
    body: Words
    government_nouns: Words
    military_nouns: Words
    country_nouns: Words
    group_nouns: Words
    light_verbs: Words

    def description(self, noun: str) -> tuple[bool, str | None]:
        """(is ``noun`` a description of an earlier actor, the sector it names)."""
        if noun in self.government_nouns:
            return True, "GOV"
        if noun in self.military_nouns:
            return True, "MIL"
        return noun in self.country_nouns, None


@dataclass(frozen=True, slots=True)
class DependencyWords:
    same_act: Words
    nominal: Words
    subject_from_head: Words
    actor_modifiers: Words
    contractions: tuple[str, ...]
    not_complement: Words
    governed: Words


@dataclass(frozen=True, slots=True)
class NameParts:
    particles: Words
    sentence_openers: Words
    guard_gap_stops: Words


@dataclass(frozen=True, slots=True)
class Grammar:
    """Every list of ``grammar.yaml``, by group (see the comments in the file)."""

    common: CommonWords
    clauses: ClauseWords
    roles: RoleWords
    frames: FrameWords
    triggers: TriggerWords
    events: EventWords
    claims: ClaimWords
    references: ReferenceWords
    dependencies: DependencyWords
    names: NameParts


_GROUPS: dict[str, type[Any]] = {
    "common": CommonWords,
    "clauses": ClauseWords,
    "roles": RoleWords,
    "frames": FrameWords,
    "triggers": TriggerWords,
    "events": EventWords,
    "claims": ClaimWords,
    "references": ReferenceWords,
    "dependencies": DependencyWords,
    "names": NameParts,
}

_G = TypeVar("_G")


def load_grammar(path: Path | None = None) -> Grammar:
    """Read the grammatical word lists (the bundled ``lexicons/grammar.yaml`` by default);
    a missing, unknown or empty list is a :class:`~casus.errors.DataError`."""
    path = path or bundled("casus.lexicons", "grammar.yaml")
    where = str(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError("expected groups of word lists", where=where)
    _check_names(set(data), set(_GROUPS), "group", where)
    groups = {name: _group(cls, data[name], f"{where}: {name}") for name, cls in _GROUPS.items()}
    return Grammar(**groups)


def _group(cls: type[_G], data: object, where: str) -> _G:
    if not isinstance(data, dict):
        raise DataError("expected word lists", where=where)
    declared = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    _check_names(set(data), set(declared), "list", where)
    lists: dict[str, object] = {}
    for name, spec in declared.items():
        value = data[name]
        if not isinstance(value, str) or not value.split():
            raise DataError(f"{name}: expected words separated by spaces", where=where)
        words = value.split()
        lists[name] = tuple(words) if str(spec.type).startswith("tuple") else frozenset(words)
    return cls(**lists)


def _check_names(found: set[str], expected: set[str], kind: str, where: str) -> None:
    missing, unknown = sorted(expected - found), sorted(found - expected)
    if missing:
        raise DataError(f"missing {kind} {missing[0]!r}", where=where)
    if unknown:
        raise DataError(f"unknown {kind} {unknown[0]!r}", where=where)

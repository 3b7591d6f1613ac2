"""What casus can put in an event, for checking scenario packs against it.

An indicator that names a PLOVER type, CAMEO code, actor code, country or place that
casus never produces can never fire: the pack checks (:mod:`.pack`) look its names up
here. PLOVER types and CAMEO codes come from the ontology; actor codes from the actor
lexicons (the bundled one and any user directories given with ``--lexicon``); countries
are ISO alpha-2 codes, as in the events' ``country`` column; places are the gazetteer's
names, which events carry in ``place_name``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..datafiles import bundled, read_tsv, read_yaml
from ..gazetteer import Gazetteer, default_gazetteer
from ..ontology import default_ontology

__all__ = ["Vocabulary", "place_names", "resolve_place", "vocabulary"]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    types: frozenset[str]
    """PLOVER event types."""
    codes: Mapping[str, str | None]
    """CAMEO code to the PLOVER type casus gives it (None: no type, never coded)."""
    actors: frozenset[str]
    """Actor codes: countries (ISO alpha-3), organisations, transnational groups."""
    countries: Mapping[str, str]
    """ISO alpha-2 code to ISO alpha-3 code."""

    def cameo_types(self, prefix: str) -> frozenset[str]:
        """The PLOVER types of the CAMEO codes that start with ``prefix``."""
        return frozenset(
            kind
            for code, kind in self.codes.items()
            if kind is not None and code.startswith(prefix)
        )

    def known_cameo(self, prefix: str) -> bool:
        return any(code.startswith(prefix) for code in self.codes)


def _codes_of(directory: Path) -> tuple[set[str], dict[str, str]]:
    """Actor codes and (iso2 -> iso3) countries of one lexicon directory."""
    actors: set[str] = set()
    countries: dict[str, str] = {}
    path = directory / "countries.tsv"
    if path.exists():
        for row in read_tsv(path, ("iso3", "iso2")):
            actors.add(row["iso3"])
            countries[row["iso2"]] = row["iso3"]
    for name in ("igos.tsv", "groups.tsv", "metonyms.tsv"):
        path = directory / name
        if path.exists():
            actors.update(row["code"] for row in read_tsv(path, ("code",)) if row["code"])
    path = directory / "people.yaml"
    if path.exists():
        actors.update(_people_codes(read_yaml(path)))
    return actors, countries


def _people_codes(people: Any) -> set[str]:
    codes: set[str] = set()
    for person in people if isinstance(people, list) else ():
        if not isinstance(person, dict):
            continue
        codes.add(str(person.get("country") or ""))
        for role in person.get("roles") or ():
            if isinstance(role, dict) and role.get("code"):
                codes.add(str(role["code"]))
    codes.discard("")
    return codes


@functools.lru_cache(maxsize=8)
def _vocabulary(lexicons: tuple[Path, ...]) -> Vocabulary:
    ontology = default_ontology()
    actors: set[str] = set()
    countries: dict[str, str] = {}
    for directory in (bundled("casus.lexicons", ""), *lexicons):
        more_actors, more_countries = _codes_of(directory)
        actors |= more_actors
        countries.update(more_countries)
    return Vocabulary(
        types=frozenset(ontology.types),
        codes={code: entry.plover_type for code, entry in ontology.codes.items()},
        actors=frozenset(actors),
        countries=countries,
    )


def vocabulary(lexicons: Sequence[Path] = ()) -> Vocabulary:
    """Types, codes, actors and countries casus can produce (with the actor codes of
    the user lexicon directories ``lexicons``); read once per set of directories."""
    return _vocabulary(tuple(Path(directory) for directory in lexicons))


@functools.lru_cache(maxsize=1024)
def place_names(name: str) -> tuple[str, ...]:
    """The names under which casus's gazetteer gives the places called ``name`` (its own
    or an alternative name): the names events carry. Empty when it knows no such place."""
    found: list[str] = []
    for place in _gazetteer().lookup(name):
        if place.name not in found:
            found.append(place.name)
    return tuple(found)


def resolve_place(name: str) -> tuple[str, str | None]:
    """The gazetteer's name and country (ISO alpha-2) of the place called ``name``: of
    its curated entry if it has one, else of its most populous; ``(name, None)`` when
    it knows no such place."""
    found = _gazetteer().lookup(name)
    if not found:
        return name, None
    best = max(found, key=lambda place: (place.curated, not place.alternate, place.population))
    return best.name, best.country


@functools.lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return default_gazetteer()

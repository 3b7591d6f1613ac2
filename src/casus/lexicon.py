"""The actor lexicon: countries, capitals and seats of power, organisations, armed and
other groups, sectors, agent nouns and people with their terms of office.

All entries come from readable files in ``casus/lexicons`` (see its README) and,
optionally, from user directories in the same format (for instance the output of
``casus dictionaries import-petrarch``). Later directories add to earlier ones.

Parsing the files and building the matchers takes a noticeable part of a second, so
the analysis pipeline keeps the parsed lexicon in the on-disk cache (see
:mod:`casus.components.resources`), keyed by :func:`lexicon_fingerprint`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from .datafiles import bundled, read_tsv, read_yaml
from .errors import DataError
from .matcher import PhraseMatcher

__all__ = [
    "ActorLexicon",
    "Agent",
    "Country",
    "Entry",
    "Person",
    "Term",
    "lexicon_fingerprint",
    "load_lexicon",
]

BUILD_VERSION = "2"
"""Bump when the lexicon's classes or loading rules change: it invalidates the cached
lexicons (see :func:`lexicon_fingerprint`)."""

EntryKind = Literal["country", "people", "igo", "group", "metonym", "person"]


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    plurals: tuple[str, ...]
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Term:
    """One post held by a person, with its dates (``end`` None: still in office)."""

    code: str
    sector: str
    post: str
    title: str
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    country: str
    terms: tuple[Term, ...]
    source: str

    def term_at(self, day: date | None) -> Term | None:
        """The post held on ``day`` (the most recent one when ``day`` is unknown)."""
        if not self.terms:
            return None
        if day is None:
            return max(self.terms, key=lambda t: (t.end is None, t.end or date.min))
        current = [t for t in self.terms if t.covers(day)]
        return current[0] if current else None


@dataclass(frozen=True, slots=True)
class Entry:
    """What a name in the text can stand for."""

    kind: EntryKind
    code: str | None
    sector: str | None
    name: str
    source: str
    person: Person | None = None
    alias: bool = False
    """True for a short alias (a surname), which needs context to be trusted."""
    subkind: str = ""
    """For metonyms: capital | seat | body (a capital is an actor only in some contexts)."""


@dataclass(frozen=True, slots=True)
class Agent:
    text: str
    sector: str
    person: bool
    source: str


@dataclass
class ActorLexicon:
    countries: dict[str, Country] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    igos: dict[str, str] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    names: PhraseMatcher[Entry] = field(default_factory=PhraseMatcher)
    adjectives: PhraseMatcher[Country] = field(default_factory=PhraseMatcher)
    agents: PhraseMatcher[Agent] = field(default_factory=lambda: PhraseMatcher(lower=True))

    @property
    def by_iso2(self) -> dict[str, Country]:
        return {c.iso2: c for c in self.countries.values()}

    def is_code(self, code: str) -> bool:
        return code in self.countries or code in self.igos


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DataError(f"invalid date {value!r} (expected YYYY-MM-DD)", where=where) from None


def _load_countries(lex: ActorLexicon, path: Path) -> None:
    for row in read_tsv(path, ("iso3", "iso2", "name", "aliases", "adjectives", "plurals")):
        country = Country(
            iso3=row["iso3"],
            iso2=row["iso2"],
            name=row["name"],
            aliases=tuple(row.alternatives("aliases")),
            adjectives=tuple(row.alternatives("adjectives")),
            plurals=tuple(row.alternatives("plurals")),
            lat=row.number("lat") if row.get("lat") else 0.0,
            lon=row.number("lon") if row.get("lon") else 0.0,
        )
        lex.countries[country.iso3] = country
        source = f"countries.tsv:{country.iso3}"
        for name in (country.name, *country.aliases):
            lex.names.add(name, Entry("country", country.iso3, None, country.name, source))
        for plural in country.plurals:
            lex.names.add(plural, Entry("people", country.iso3, None, country.name, source))
        for adjective in country.adjectives:
            lex.adjectives.add(adjective, country)


def _load_simple(lex: ActorLexicon, path: Path, kind: EntryKind) -> None:
    """metonyms.tsv (text code sector), groups.tsv (text aliases code sector), igos.tsv."""
    if kind == "igo":
        for row in read_tsv(path, ("code", "name", "aliases")):
            code = row["code"]
            lex.igos.setdefault(code, row["name"])  # the first row names the organisation
            sector = _IGO_SECTORS.get(row.get("kind"), "IGO")
            entry = Entry("igo", code, sector, row["name"], f"{path.name}:{code}")
            for name in (row["name"], *row.alternatives("aliases"), code):
                lex.names.add(name, entry)
        return
    columns = ("text", "code", "sector")
    for row in read_tsv(path, columns):
        names = [*row.alternatives("text"), *row.alternatives("aliases")]
        if not names:
            raise DataError("empty 'text' cell", where=row.where)
        entry = Entry(
            kind, row["code"], row["sector"] or None, names[0], row.where, subkind=row.get("kind")
        )
        for name in names:
            lex.names.add(name, entry)
            if name.startswith("the "):
                lex.names.add(name[4:], entry)


def _load_agents(lex: ActorLexicon, path: Path) -> None:
    for row in read_tsv(path, ("text", "sector", "person")):
        person = row["person"].lower() in {"yes", "y", "true", "1"}
        for text in row.alternatives("text"):
            lex.agents.add(text, Agent(text, row["sector"], person, row.where))


def _load_people(lex: ActorLexicon, path: Path) -> None:
    data = read_yaml(path) or []
    if not isinstance(data, list):
        raise DataError("expected a list of people", where=str(path))
    for index, item in enumerate(data):
        where = f"{path.name}[{index}]"
        person = _person(item, where)
        lex.people.append(person)
        lex.names.add(person.name, Entry("person", None, None, person.name, where, person))
        for alias in person.aliases:
            short = len(alias.split()) == 1
            lex.names.add(alias, Entry("person", None, None, person.name, where, person, short))


def _person(item: Any, where: str) -> Person:
    if not isinstance(item, dict) or not item.get("name") or not item.get("country"):
        raise DataError("a person needs at least 'name' and 'country'", where=where)
    country = str(item["country"])
    terms = []
    for role in item.get("roles") or []:
        if not isinstance(role, dict) or not role.get("sector"):
            raise DataError("each role needs a 'sector'", where=where)
        terms.append(
            Term(
                code=str(role.get("code") or country),
                sector=str(role["sector"]),
                post=str(role.get("post") or "other"),
                title=str(role.get("title") or ""),
                start=_date(role.get("start"), where),
                end=_date(role.get("end"), where),
            )
        )
    aliases = tuple(str(a) for a in item.get("aliases") or ())
    return Person(str(item["name"]), aliases, country, tuple(terms), where)


# igos.tsv "kind" -> sector of the organisation as a whole.
_IGO_SECTORS = {"igo": "IGO", "alliance": "IGO", "bloc": "IGO", "ngo": "NGO", "court": "JUD"}

_FILES: tuple[tuple[str, str], ...] = (
    ("countries.tsv", "country"),
    ("igos.tsv", "igo"),
    ("groups.tsv", "group"),
    ("metonyms.tsv", "metonym"),
    ("agents.tsv", "agent"),
    ("people.yaml", "person"),
    ("sectors.tsv", "sector"),
)


def _load_dir(lex: ActorLexicon, directory: Path, *, required: bool) -> None:
    for name, kind in _FILES:
        path = directory / name
        if not path.exists():
            if required:
                raise DataError("missing lexicon file", where=str(path))
            continue
        if kind == "country":
            _load_countries(lex, path)
        elif kind == "agent":
            _load_agents(lex, path)
        elif kind == "person":
            _load_people(lex, path)
        elif kind == "sector":
            for row in read_tsv(path, ("code", "label")):
                lex.sectors[row["code"]] = row["label"]
        else:
            _load_simple(lex, path, kind)  # type: ignore[arg-type]


def _directories(extra: Sequence[Path] | Iterable[Path]) -> list[Path]:
    """The bundled directory, then the user's (each must exist)."""
    directories = [bundled("casus.lexicons", "")]
    for directory in extra:
        if not Path(directory).is_dir():
            raise DataError("not a directory", where=str(directory))
        directories.append(Path(directory))
    return directories


def load_lexicon(extra: Sequence[Path] | Iterable[Path] = ()) -> ActorLexicon:
    """The bundled lexicon plus any user directories (same file names and formats)."""
    lex = ActorLexicon()
    for number, directory in enumerate(_directories(extra)):
        _load_dir(lex, directory, required=number == 0)
    return lex


def lexicon_fingerprint(extra: Sequence[Path] | Iterable[Path] = ()) -> str:
    """A digest of every file :func:`load_lexicon` reads for ``extra`` (bundled and user
    directories: names and contents) and of :data:`BUILD_VERSION`."""
    digest = hashlib.sha256(f"lexicon:{BUILD_VERSION}".encode())
    for directory in _directories(extra):
        digest.update(f"\0{directory.resolve()}".encode())
        for name, _kind in _FILES:
            path = directory / name
            if path.exists():
                digest.update(f"\0{name}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]

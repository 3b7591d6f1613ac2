"""The GDELT 2.0 event table: its 61 columns in the codebook's order, filled from a
casus event mention where casus has the value, empty where it does not.

How casus's values map (the README's "The store" section says the same):

- ``GLOBALEVENTID``: GDELT's ids are integers; casus's event id is a hexadecimal hash,
  written as the integer of its first 15 hex digits (stable, fits a signed 64-bit int).
- ``SQLDATE``/``MonthYear``/``Year``/``FractionDate``: the event's date, else the
  article's publication date; FractionDate is the year plus the fraction of it gone by
  (day of the year / 365, four decimals).
- ``Actor1Code``: the actor code and its sector (``RUS`` + ``GOV`` = ``RUSGOV``), as a
  CAMEO actor code concatenates them. ``Actor1CountryCode``: the code when it is a
  country (casus country codes are ISO 3166 alpha-3, which CAMEO's country codes are);
  ``Actor1KnownGroupCode``: the code when it is not (``UN``, ``NATO``). ``Actor1Type1Code``:
  the sector. ``Actor1Name``: the text that named the actor. Ethnic, religion and the
  second and third types: empty.
- ``IsRootEvent``: 1 when the event's evidence is in the title or the first paragraph.
- ``EventCode``/``EventBaseCode``/``EventRootCode``: the CAMEO code, its first three and
  first two digits. ``QuadClass``, ``GoldsteinScale``: casus's.
- ``NumMentions``/``NumSources``/``NumArticles``: the cluster's ``num_mentions``,
  ``num_outlets`` and ``num_articles``; 1, 1, 1 for a mention in no cluster (future and
  hypothetical mentions, which never corroborate). ``AvgTone``: empty (casus has no tone).
- ``Actor1Geo_*``/``Actor2Geo_*``: empty (casus places the act, not the actors).
- ``ActionGeo_*``: the event's place. Type 1 for a country, 4 (world city) for a city,
  sea or feature, 5 (world state) for a region; 3 (US city) and 2 (US state) inside the
  United States. CountryCode: FIPS 10-4, as GDELT writes it, converted from ISO by
  ``fips.tsv``. ADM1/ADM2: empty. FeatureID: the GeoNames id when the place has one
  (GDELT's own ids are GNS/GNIS ids: a different gazetteer).
- ``DATEADDED``: GDELT's is when it saw the article; casus writes the publication date
  at 00:00:00 (``YYYYMMDDHHMMSS``), or nothing when it is unknown.
- ``SOURCEURL``: the article's URL.

Every cell is one line with no tab (tabs, line breaks and control characters become
spaces or are dropped), as GDELT's tab-separated, header-less files need.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from ..datafiles import bundled, read_tsv
from ..render.escape import one_line

__all__ = ["EXTRA_COLUMNS", "GDELT_COLUMNS", "fips_of", "gdelt_row"]

_ACTOR = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{part}" for part in _ACTOR), *(f"Actor2{part}" for part in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{part}" for part in _GEO), *(f"Actor2Geo_{part}" for part in _GEO),
    *(f"ActionGeo_{part}" for part in _GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
"""The GDELT 2.0 event table's columns, in the codebook's order (61)."""

EXTRA_COLUMNS: tuple[tuple[str, str], ...] = (
    (
        "geonameid",
        "(SELECT min(p.geonameid) FROM places p WHERE p.article_id = e.article_id "
        "AND p.name = e.place_name AND p.lat = e.lat AND p.lon = e.lon)",
    ),
    (
        "is_root",
        'coalesce(e.evidence_start < (SELECT min(s."end") FROM segments s '
        "WHERE s.article_id = e.article_id AND s.kind = 'body'), true)",
    ),
)
"""What a GDELT row needs beyond a mention row: the place's GeoNames id, and whether the
evidence is in the lead (before the end of the first body paragraph)."""

_GEO_TYPES: Mapping[str, int] = {"country": 1, "region": 5, "city": 4, "sea": 4, "feature": 4}
_US_GEO_TYPES: Mapping[str, int] = {"region": 2, "city": 3, "feature": 3}


@cache
def _fips() -> Mapping[str, str]:
    rows = read_tsv(bundled("casus.store", "fips.tsv"), ("iso2", "fips"))
    return {row["iso2"]: row["fips"] for row in rows}


@cache
def _countries() -> frozenset[str]:
    rows = read_tsv(bundled("casus.lexicons", "countries.tsv"), ("iso3",))
    return frozenset(row["iso3"] for row in rows)


def fips_of(iso2: str | None) -> str:
    """The FIPS 10-4 code of an ISO 3166-1 alpha-2 code ('' when there is none)."""
    return _fips().get(iso2 or "", "")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return one_line(value).replace("\t", " ")


def _dates(day: date | None) -> list[str]:
    if day is None:
        return ["", "", "", ""]
    fraction = day.year + (day.timetuple().tm_yday - 1) / 365
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]


def _name(text: Any) -> str:
    """The text that named the actor, without casus's ``it=AZAL`` reference marks."""
    value = str(text or "")
    return value.split("=", 1)[1] if "=" in value else value


def _actor(code: str | None, sector: str | None, text: Any) -> list[Any]:
    if not code and not sector:
        return [""] * len(_ACTOR)
    country = code if code in _countries() else None
    group = code if code and country is None else None
    full = (code or "") + (sector or "")
    return [full, _name(text), country, group, None, None, None, sector, None, None]


def _action_geo(row: Mapping[str, Any]) -> list[Any]:
    kind = row.get("place_kind")
    if row.get("lat") is None or row.get("lon") is None:
        return [""] * len(_GEO)
    country = row.get("country")
    types = _US_GEO_TYPES if country == "US" and kind in _US_GEO_TYPES else _GEO_TYPES
    geo_type = types.get(str(kind), 4)
    return [
        geo_type, row.get("place"), fips_of(country), None, None,
        row["lat"], row["lon"], row.get("geonameid"),
    ]  # fmt: skip


def _event_number(event_id: str) -> str:
    try:
        return str(int(event_id[:15], 16))
    except ValueError:
        return event_id


def _counts(row: Mapping[str, Any]) -> list[Any]:
    if row.get("cluster_id") is None or row.get("num_mentions") is None:
        return [1, 1, 1]
    return [row["num_mentions"], row["num_outlets"], row["num_articles"]]


def gdelt_row(row: Mapping[str, Any]) -> list[str]:
    """The 61 GDELT cells of one mention row (:data:`casus.store.query.MENTION_COLUMNS`
    and :data:`EXTRA_COLUMNS`)."""
    cameo = str(row.get("cameo") or "")
    published = row.get("published")
    added = published.strftime("%Y%m%d000000") if isinstance(published, date) else ""
    cells: Sequence[Any] = [
        _event_number(str(row["event_id"])),
        *_dates(row.get("date")),
        *_actor(row.get("source"), row.get("source_sector"), row.get("source_text")),
        *_actor(row.get("target"), row.get("target_sector"), row.get("target_text")),
        bool(row.get("is_root", True)),
        cameo, cameo[:3], cameo[:2], row.get("quad_class"), row.get("goldstein"),
        *_counts(row), None,
        *[""] * (2 * len(_GEO)),
        *_action_geo(row),
        added, row.get("url"),
    ]  # fmt: skip
    return [_cell(value) for value in cells]

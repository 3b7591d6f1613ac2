"""The weight of one piece of evidence: factuality, corroboration, source reliability and
damping, read from ``weights.yaml`` and ``sources.yaml`` (readable data files, for a
domain expert to review).

An update applies ``w * ln L`` for each scenario; ``w`` is the product of the factors
:class:`Weights` holds (see ``weights.yaml`` for the rules in words).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..datafiles import bundled, read_yaml
from ..errors import DataError

__all__ = ["RATINGS", "Weights", "default_weights", "load_weights"]

RATINGS = ("A", "B", "C", "D", "E", "F")
"""Admiralty-style source reliability, A (completely reliable) to F (cannot be judged)."""


@dataclass(frozen=True, slots=True)
class Weights:
    factuality: Mapping[str, float]
    """Factuality of the best counted mention to its weight."""
    independent: tuple[float, ...]
    """Weight for 1, 2, ... independent outlets; the last holds for more."""
    contested: float
    denied: float
    reliability: Mapping[str, float]
    """Rating letter to weight."""
    default_rating: str
    outlets: Mapping[str, str]
    """Outlet (lower-case) to its rating letter."""
    damping: float
    probability_floor: float

    def corroboration(self, state: str, independent: int) -> float:
        """The corroboration factor of a cluster."""
        if state == "denied":
            return self.denied
        table = self.independent
        base = table[min(max(independent, 1), len(table)) - 1]
        return base * (self.contested if state == "contested" else 1.0)

    def outlet_weights(self) -> tuple[list[str], list[float]]:
        """(outlets, their reliability weights), for the matching query."""
        names = sorted(self.outlets)
        return names, [self.reliability[self.outlets[name]] for name in names]

    @property
    def default_reliability(self) -> float:
        return self.reliability[self.default_rating]


def _fraction(value: Any, what: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise DataError(f"{what} must be a number from 0 to 1, not {value!r}", where=where)
    return float(value)


def _mapping(data: Any, key: str, where: str) -> dict[Any, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict) or not value:
        raise DataError(f"'{key}' must be a mapping", where=where)
    return value


def _independent(data: dict[str, Any], where: str) -> tuple[float, ...]:
    table = _mapping(data, "independent", where)
    keys = sorted(table)
    if keys != list(range(1, len(keys) + 1)):
        raise DataError("'independent' must give 1, 2, ... outlets in turn", where=where)
    return tuple(_fraction(table[k], f"independent {k}", where) for k in keys)


def _outlets(path: Path, ratings: Mapping[str, float]) -> dict[str, str]:
    where = str(path)
    found: dict[str, str] = {}
    for name, rating in _mapping(read_yaml(path), "outlets", where).items():
        if str(rating) not in ratings:
            raise DataError(f"outlet {name!r}: rating {rating!r} is not one of A-F", where=where)
        found[" ".join(str(name).split()).lower()] = str(rating)
    return found


def load_weights(path: Path, sources: Path) -> Weights:
    """The weights of ``path`` (weights.yaml) and the outlet ratings of ``sources``."""
    where = str(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError("expected a mapping", where=where)
    factuality = {
        str(k): _fraction(v, f"factuality {k}", where)
        for k, v in _mapping(data, "factuality", where).items()
    }
    reliability = {
        str(k): _fraction(v, f"reliability {k}", where)
        for k, v in _mapping(data, "reliability", where).items()
    }
    if sorted(reliability) != list(RATINGS):
        raise DataError("'reliability' must rate each of A, B, C, D, E and F", where=where)
    default = str(data.get("default_rating", "F"))
    if default not in reliability:
        raise DataError(f"default_rating {default!r} is not one of A-F", where=where)
    return Weights(
        factuality=MappingProxyType(factuality),
        independent=_independent(data, where),
        contested=_fraction(data.get("contested"), "contested", where),
        denied=_fraction(data.get("denied"), "denied", where),
        reliability=MappingProxyType(reliability),
        default_rating=default,
        outlets=MappingProxyType(_outlets(sources, reliability)),
        damping=_fraction(data.get("damping"), "damping", where),
        probability_floor=_fraction(data.get("probability_floor"), "probability_floor", where),
    )


@cache
def default_weights() -> Weights:
    """The bundled ``weights.yaml`` and ``sources.yaml``."""
    package = "casus.scenarios"
    return load_weights(bundled(package, "weights.yaml"), bundled(package, "sources.yaml"))

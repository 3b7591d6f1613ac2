"""The event ontology: CAMEO codes, their Goldstein values and their PLOVER equivalents.

Three data files live beside this module (see ``README.md`` here): ``cameo.tsv`` (every
CAMEO code with its Goldstein value and quad class), ``cameo_plover.tsv`` (CAMEO code to
PLOVER type, mode and contexts) and ``plover.yaml`` (the PLOVER types, modes, scores and
contexts). :func:`load_ontology` reads and cross-checks them. The analysis pipeline
reads the bundled ontology once (:class:`casus.components.resources.Resources`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..datafiles import Row, bundled, read_tsv, read_yaml
from ..errors import DataError

__all__ = [
    "QUADS",
    "CameoCode",
    "Ontology",
    "PloverType",
    "default_ontology",
    "load_ontology",
]

# PLOVER's quad categories, in the order of CAMEO's quad classes 1-4.
QUADS: tuple[str, ...] = (
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)
_CODE = re.compile(r"\d{2,4}")
_PACKAGE = "casus.ontology"


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code and what casus knows about it."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PloverType:
    """One PLOVER event type; ``modes`` maps each mode to its PLOVER score."""

    name: str
    quad: str
    requires_recipient: bool
    description: str
    score: float
    modes: Mapping[str, float]


class Ontology:
    """CAMEO codes, PLOVER types and PLOVER contexts, read-only."""

    __slots__ = ("codes", "contexts", "types")

    def __init__(
        self,
        codes: Mapping[str, CameoCode],
        types: Mapping[str, PloverType],
        contexts: Mapping[str, str],
    ) -> None:
        self.codes: Mapping[str, CameoCode] = MappingProxyType(dict(codes))
        self.types: Mapping[str, PloverType] = MappingProxyType(dict(types))
        self.contexts: Mapping[str, str] = MappingProxyType(dict(contexts))

    def __repr__(self) -> str:
        return f"Ontology({len(self.codes)} CAMEO codes, {len(self.types)} PLOVER types)"

    def cameo(self, code: str) -> CameoCode:
        """The CAMEO code ``code`` ("0871"); :class:`DataError` when it is unknown."""
        try:
            return self.codes[code.strip()]
        except KeyError:
            raise DataError(f"unknown CAMEO code: {code!r}") from None

    def plover(self, code: str) -> tuple[str, str | None] | None:
        """(PLOVER type, mode) of a CAMEO code, or None when casus gives it no type."""
        entry = self.cameo(code)
        if entry.plover_type is None:
            return None
        return entry.plover_type, entry.plover_mode

    def quad_class(self, code: str) -> int:
        return self.cameo(code).quad_class

    def goldstein(self, code: str) -> float:
        return self.cameo(code).goldstein


def load_ontology(directory: Path | None = None) -> Ontology:
    """Read and cross-check the three ontology files from ``directory`` (default: bundled)."""

    def path(name: str) -> Path:
        return directory / name if directory is not None else bundled(_PACKAGE, name)

    types, contexts = _read_plover(path("plover.yaml"))
    codes = _read_cameo(path("cameo.tsv"))
    rows = read_tsv(path("cameo_plover.tsv"), ("cameo", "type", "mode", "context"))
    return Ontology(_attach_plover(codes, rows, types, contexts), types, contexts)


def default_ontology() -> Ontology:
    """The bundled ontology. It reads the files at every call: keep the result (the
    pipeline takes its ontology from its resources)."""
    return load_ontology()


def _root_quad(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _read_cameo(path: Path) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    for row in read_tsv(path, ("code", "name", "goldstein", "quad_class")):
        code = row["code"]
        if not _CODE.fullmatch(code) or not 1 <= int(code[:2]) <= 20:
            raise DataError(f"not a CAMEO event code: {code!r}", where=row.where)
        if code in codes:
            raise DataError(f"CAMEO code {code} listed twice", where=row.where)
        if not row["name"]:
            raise DataError(f"CAMEO code {code} has no name", where=row.where)
        goldstein = row.number("goldstein")
        if not -10.0 <= goldstein <= 10.0:
            raise DataError(f"goldstein {goldstein} is outside -10..10", where=row.where)
        quad_class = row.optional_int("quad_class")
        if quad_class != _root_quad(code):
            raise DataError(
                f"quad_class of {code} must be {_root_quad(code)} (its root), not {quad_class}",
                where=row.where,
            )
        codes[code] = CameoCode(code, row["name"], goldstein, quad_class, None, None, ())
    return codes


def _attach_plover(
    codes: dict[str, CameoCode],
    rows: list[Row],
    types: Mapping[str, PloverType],
    contexts: Mapping[str, str],
) -> dict[str, CameoCode]:
    seen: set[str] = set()
    result = dict(codes)
    for row in rows:
        code = row["cameo"]
        if code not in codes:
            raise DataError(f"CAMEO code {code!r} is not in cameo.tsv", where=row.where)
        if code in seen:
            raise DataError(f"CAMEO code {code} mapped twice", where=row.where)
        seen.add(code)
        type_name, mode = row["type"] or None, row["mode"] or None
        if type_name is None and mode is not None:
            raise DataError(f"mode {mode!r} given without a PLOVER type", where=row.where)
        if type_name is not None and type_name not in types:
            raise DataError(f"unknown PLOVER type {type_name!r}", where=row.where)
        if type_name is not None and mode is not None and mode not in types[type_name].modes:
            raise DataError(f"{type_name} has no mode {mode!r}", where=row.where)
        found = tuple(row.alternatives("context"))
        unknown = [name for name in found if name not in contexts]
        if unknown:
            raise DataError(f"unknown PLOVER context {unknown[0]!r}", where=row.where)
        result[code] = replace(codes[code], plover_type=type_name, plover_mode=mode, contexts=found)
    return result


def _read_plover(path: Path) -> tuple[dict[str, PloverType], dict[str, str]]:
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise DataError("expected a mapping with 'types' and 'contexts'", where=path.name)
    types = {
        str(name): _plover_type(str(name), spec, f"{path.name}: types.{name}")
        for name, spec in data["types"].items()
    }
    raw_contexts = data.get("contexts")
    if not isinstance(raw_contexts, dict) or not raw_contexts:
        raise DataError("'contexts' must map each context to a description", where=path.name)
    contexts: dict[str, str] = {}
    for name, description in raw_contexts.items():
        if not isinstance(description, str) or not description.strip():
            raise DataError("a context needs a description", where=f"{path.name}: {name}")
        contexts[str(name)] = description.strip()
    return types, contexts


def _plover_type(name: str, spec: Any, where: str) -> PloverType:
    if not isinstance(spec, dict):
        raise DataError("a PLOVER type must be a mapping", where=where)
    quad = spec.get("quad")
    if quad not in QUADS:
        raise DataError(f"quad must be one of {', '.join(QUADS)}; got {quad!r}", where=where)
    requires = spec.get("requires_recipient")
    if not isinstance(requires, bool):
        raise DataError("requires_recipient must be true or false", where=where)
    description = spec.get("description")
    if not isinstance(description, str) or not description.strip():
        raise DataError("description is missing", where=where)
    score = _score(spec.get("score"), where)
    raw_modes = spec.get("modes") or {}
    if not isinstance(raw_modes, dict):
        raise DataError("modes must be a mapping", where=where)
    modes: dict[str, float] = {}
    for mode, mode_spec in raw_modes.items():
        mode_where = f"{where}.modes.{mode}"
        if not isinstance(mode_spec, dict) or not isinstance(mode_spec.get("description"), str):
            raise DataError("a mode needs a description", where=mode_where)
        given = mode_spec.get("score")
        modes[str(mode)] = score if given is None else _score(given, mode_where)
    return PloverType(name, quad, requires, description.strip(), score, MappingProxyType(modes))


def _score(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"score must be a number, not {value!r}", where=where)
    if not -10.0 <= value <= 10.0:
        raise DataError(f"score {value} is outside -10..10", where=where)
    return float(value)

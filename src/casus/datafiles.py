"""Reading casus's data files: TSV tables and YAML lists, with clear errors.

Data files live beside the code (``casus/lexicons``, ``casus/gazetteer``,
``casus/ontology``) or in a user's directory. TSV: ``#`` comment lines, one header row,
tab-separated cells, ``|`` between alternatives inside a cell, empty cell = none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

__all__ = ["Row", "bundled", "compose_yaml", "read_tsv", "read_yaml", "split_alternatives"]


@dataclass(frozen=True, slots=True)
class Row:
    """One TSV row: cells by column name, and where it came from (for error messages)."""

    cells: dict[str, str]
    where: str

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default) or default

    def alternatives(self, column: str) -> list[str]:
        return split_alternatives(self.cells.get(column, ""))

    def number(self, column: str) -> float:
        try:
            return float(self.cells[column])
        except ValueError:
            raise DataError(
                f"{column} is not a number: {self.cells[column]!r}", where=self.where
            ) from None

    def optional_int(self, column: str) -> int | None:
        value = self.cells.get(column, "").strip()
        if not value:
            return None
        try:
            return int(float(value))
        except ValueError:
            raise DataError(f"{column} is not an integer: {value!r}", where=self.where) from None


def split_alternatives(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def bundled(package: str, name: str) -> Path:
    """Path of a data file shipped inside a casus package (``casus.lexicons`` ...)."""
    return Path(str(resources.files(package).joinpath(name)))


def read_tsv(path: Path, required: tuple[str, ...]) -> list[Row]:
    """Rows of a TSV file; every row must have the header's number of cells."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"cannot read data file: {exc.strerror}", where=str(path)) from None
    header: list[str] | None = None
    rows: list[Row] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{path.name}:{number}"
        if header is None:
            header = [cell.strip() for cell in cells]
            missing = [column for column in required if column not in header]
            if missing:
                raise DataError(f"missing columns: {', '.join(missing)}", where=where)
            continue
        if len(cells) > len(header):
            raise DataError(
                f"expected {len(header)} tab-separated cells, found {len(cells)}", where=where
            )
        cells += [""] * (len(header) - len(cells))  # editors strip trailing empty cells
        rows.append(Row(dict(zip(header, (c.strip() for c in cells), strict=True)), where))
    return rows


# libyaml's loader is ten times faster than the pure-Python one (large user lexicons).
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = "tag:yaml.org,2002:bool"


class _Loader(_BASE_LOADER):  # type: ignore[misc]
    """YAML 1.2 booleans: only true and false. In YAML 1.1 "on", "off", "yes", "no"
    are booleans too, and a word list such as ``prep: on`` or ``[at, on]`` would
    silently lose its words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_LOADER = _Loader


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as exc:
        raise DataError(f"cannot read data file: {exc.strerror}", where=str(path)) from None
    except yaml.YAMLError as exc:
        raise DataError(f"invalid YAML: {exc}".splitlines()[0], where=str(path)) from None


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (None when it holds no document), with the same
    YAML 1.2 booleans as :func:`read_yaml`, for readers that report the line of each
    value (``node.start_mark.line``). ``yaml.YAMLError`` propagates: its mark says where."""
    node: yaml.Node | None = yaml.compose(text, Loader=_LOADER)
    return node

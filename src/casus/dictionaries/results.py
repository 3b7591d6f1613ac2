"""The rows a dictionary converter produces and the report of what it did."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

__all__ = [
    "AgentRow",
    "GroupRow",
    "ImportReport",
    "PersonRow",
    "RoleRow",
    "skipped_lines",
]


def skipped_lines(skipped: Counter[str]) -> list[str]:
    """The "Skipped N:" part of a conversion summary, commonest reason first."""
    total = sum(skipped.values())
    lines = [f"Skipped {total:,}" + (":" if total else "")]
    for reason, count in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {count:>7,}  {reason}")
    return lines


@dataclass(frozen=True, slots=True)
class RoleRow:
    code: str
    sector: str
    start: date | None
    end: date | None


@dataclass(slots=True)
class PersonRow:
    name: str
    aliases: list[str]
    country: str
    roles: list[RoleRow]
    note: str


@dataclass(slots=True)
class GroupRow:
    text: str
    aliases: list[str]
    code: str
    sector: str
    note: str


@dataclass(frozen=True, slots=True)
class AgentRow:
    text: str
    sector: str
    person: bool
    note: str


@dataclass
class ImportReport:
    """What a conversion read, wrote and skipped; :meth:`summary` prints it."""

    directory: Path
    out: Path
    source_format: str = "PETRARCH"
    command: str = "import-petrarch"
    chosen_by: str = "file names"
    files: list[tuple[str, str, int]] = field(default_factory=list)
    """(file name, actors | agents, lines)."""
    written: dict[str, int] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    unmapped_igos: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.skipped[reason] += count

    def merge(self, reason: str, count: int = 1) -> None:
        if count:
            self.merged[reason] += count

    def summary(self) -> str:
        lines = [f"Imported {self.source_format} dictionaries from {self.directory}"]
        lines.append(f"  files chosen by {self.chosen_by}:")
        for name, kind, count in self.files:
            lines.append(f"  read   {name}  ({kind}, {count:,} lines)")
        lines.append(f"Wrote to {self.out}:")
        units = {"people.yaml": "people", "groups.tsv": "groups", "agents.tsv": "agent phrases"}
        for name, count in self.written.items():
            lines.append(f"  {name:<12} {count:>7,} {units.get(name, 'sectors')}")
        for reason, count in sorted(self.merged.items()):
            lines.append(f"Merged {count:,} {reason}")
        lines += skipped_lines(self.skipped)
        if self.unmapped_igos:
            lines.append(
                f"IGO codes kept as they are, casus has no equivalent ({len(self.unmapped_igos)},"
                " uses in brackets):"
            )
            shown = [f"{code} ({n})" for code, n in sorted(self.unmapped_igos.items())]
            lines += ["  " + ", ".join(shown[i : i + 4]) for i in range(0, len(shown), 4)]
        return "\n".join(lines)

"""Reading a YAML node tree value by value, with the line of each one, collecting every
problem instead of stopping at the first: the ground floor of the pack checks.

Values are read from the composed nodes (not from loaded Python objects), so a problem
can name its line, and codes keep the text the analyst typed: ``cameo: 042`` stays
``"042"`` instead of becoming the octal number 34.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

import yaml

__all__ = ["NodeReader", "PackProblem", "hint", "line_of"]

_TAG = "tag:yaml.org,2002:"
_NUMBER_TAGS = (f"{_TAG}int", f"{_TAG}float")


@dataclass(frozen=True, slots=True)
class PackProblem:
    """One problem of a pack file, at a line (1-based; 0: the file as a whole)."""

    file: str
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def hint(word: str, choices: Mapping[str, object] | frozenset[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest of ``choices``, or nothing."""
    scored = []
    for choice in sorted(choices):
        ratio = difflib.SequenceMatcher(None, word, choice).ratio()
        if ratio >= 0.6:
            scored.append((_shared_start(word, choice), ratio, choice))
    if not scored:
        return ""
    best = max(scored, key=lambda entry: entry[:2])[2]
    return f" (did you mean '{best}'?)"


def _shared_start(one: str, other: str) -> int:
    """How many leading characters two words share."""
    count = 0
    for left, right in zip(one, other, strict=False):
        if left != right:
            break
        count += 1
    return count


class NodeReader:
    """Reads values from nodes; each problem is recorded with its line, and the value
    comes back as None (the caller goes on, to find the other problems)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[PackProblem] = []
        self._key_lines: dict[int, int] = {}
        """Where a value starts in the text (its mark's index) to the line of its key."""

    def line(self, where: yaml.Node | int) -> int:
        """The line of a value; for a list or mapping, the line of its key."""
        if isinstance(where, int):
            return where
        if isinstance(where, yaml.ScalarNode):
            return line_of(where)
        return self._key_lines.get(where.start_mark.index, line_of(where))

    def error(self, where: yaml.Node | int, message: str) -> None:
        self.problems.append(PackProblem(self.file, self.line(where), message))

    def warn(self, where: yaml.Node | int, message: str) -> None:
        self.problems.append(PackProblem(self.file, self.line(where), message, "warning"))

    @property
    def failed(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)

    def fields(
        self,
        node: yaml.Node | None,
        what: str,
        keys: Mapping[str, str],
        required: tuple[str, ...] = (),
    ) -> dict[str, yaml.Node] | None:
        """The values of a mapping by field name; ``keys`` maps each accepted key to its
        field (``type`` and ``types`` to ``types``). Unknown, repeated and missing keys
        are problems."""
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return None
        found: dict[str, yaml.Node] = {}
        spelled: dict[str, str] = {}
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            if key not in keys:
                shown = f"'{key}'" if key else "that is not a word"
                self.error(key_node, f"unknown key {shown} in {what}{hint(key, keys)}")
                continue
            name = keys[key]
            if name in found:
                twice = "twice" if spelled[name] == key else f"with '{spelled[name]}'"
                self.error(key_node, f"'{key}' given {twice} in {what}: keep one")
                continue
            found[name] = value
            spelled[name] = key
            self._key_lines[value.start_mark.index] = line_of(key_node)
        for name in required:
            if name not in found:
                self.error(node, f"{what} lacks '{name}'")
        return found

    def pairs(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """(key, key node, value node) of a mapping with free keys; repeats are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return []
        result: list[tuple[str, yaml.Node, yaml.Node]] = []
        seen: set[str] = set()
        for key_node, value in node.value:
            key = self.scalar(key_node, f"a key of {what}")
            if key is None:
                continue
            if key in seen:
                self.error(key_node, f"'{key}' given twice in {what}: keep one")
                continue
            seen.add(key)
            result.append((key, key_node, value))
        return result

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list (lines starting with '- ')")
            return []
        return list(node.value)

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        """The text of a single value, as typed."""
        if _unset(node):
            self.error(node, f"{what} is not set")
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value")
            return None
        return str(node.value)

    def text(self, node: yaml.Node | None, what: str) -> str | None:
        """Non-empty text (a missing optional value: None without a problem)."""
        if node is None:
            return None
        value = self.scalar(node, what)
        if value is not None and not value.strip():
            self.error(node, f"{what} is empty")
            return None
        return value.strip() if value is not None else None

    def strings(self, node: yaml.Node | None, what: str) -> list[tuple[str, yaml.Node]]:
        """One value or a list of them, each with its node."""
        if node is None:
            return []
        nodes = list(node.value) if isinstance(node, yaml.SequenceNode) else [node]
        if not nodes:
            self.error(node, f"{what} is an empty list: leave the key out instead")
        found = []
        for item in nodes:
            value = self.scalar(item, f"each {what}")
            if value is not None:
                found.append((value.strip(), item))
        return found

    def number(self, node: yaml.Node, what: str) -> float | None:
        if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS:
            try:
                return float(str(node.value).replace("_", ""))
            except ValueError:
                pass
        if _unset(node):
            self.error(node, f"{what} is not set")
        else:
            self.error(node, f"{what} must be a number, not {_shown(node)}")
        return None

    def integer(self, node: yaml.Node, what: str) -> int | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == f"{_TAG}int":
            text = str(node.value).replace("_", "")
            if text.lstrip("+-").isdigit():
                return int(text)
        self.error(node, f"{what} must be a whole number, not {_shown(node)}")
        return None

    def boolean(self, node: yaml.Node | None, what: str, default: bool = False) -> bool:
        if node is None:
            return default
        if isinstance(node, yaml.ScalarNode) and node.tag == f"{_TAG}bool":
            return str(node.value).lower() == "true"
        self.error(node, f"{what} must be true or false, not {_shown(node)}")
        return default

    def day(self, node: yaml.Node | None, what: str) -> date | None:
        if node is None:
            return None
        text = self.scalar(node, what)
        if text is None:
            return None
        try:
            if len(text.strip()) == 10:
                return date.fromisoformat(text.strip())
        except ValueError:
            pass
        self.error(node, f"{what} must be a date written YYYY-MM-DD, not {text!r}")
        return None


def _unset(node: yaml.Node) -> bool:
    """``key:`` or ``key: null`` (what a drafted pack leaves for the analyst to set)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == f"{_TAG}null"


def _shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return repr(str(node.value))
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"

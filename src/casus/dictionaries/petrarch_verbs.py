"""Convert PETRARCH's CAMEO verb dictionary into a casus event pattern file.

``casus dictionaries import-petrarch-verbs CAMEO.2.0.txt --out DIR`` writes
``DIR/events.yaml``, which ``casus analyze --events``, ``casus eval gold --events`` and
``casus eval plover --events`` use instead of casus's own patterns. It is an option for
comparison and for users who trust that dictionary, not casus's default.

What is read (PETRARCH's ``PETRreader.read_verb_dictionary`` format): synonym sets
(``&NAME`` then ``+WORD`` lines), verb blocks (``---  NAME  [code]  ---``) with their verbs
(``WORD {IRREGULAR FORMS}``, ``+MULTI_WORD``), and pattern lines
(``- * WORD (PREP NOUN) [code]  # verb``). A block's default code becomes a bare-verb
entry; a pattern becomes an entry whose required object is the first element after the
verb (a word, a ``{phrase}``, a ``&SET`` or a ``(PREP ...)`` phrase), for every verb of
its block, as PETRARCH applies it. Later elements of a pattern are not required (casus
matches a verb's object within a few words, not a full pattern); patterns that constrain
words before the verb, the null code ``---`` and codes casus cannot place in PLOVER (the
``01`` statements, for instance: no fallback "something was said") are skipped and counted.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from ..ontology import Ontology, default_ontology
from .results import skipped_lines

__all__ = ["VerbImportReport", "convert_verbs"]

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]+)\]")
_ELEMENT = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
_MARKERS = frozenset({"$", "+", "^", "%"})


@dataclass
class VerbImportReport:
    """What a conversion read, wrote and skipped; :meth:`summary` prints it."""

    path: Path
    out: Path
    blocks: int = 0
    verbs: int = 0
    patterns: int = 0
    written: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        lines = [
            f"Imported the PETRARCH verb dictionary {self.path}",
            f"  read {self.blocks:,} verb blocks, {self.verbs:,} verbs, {self.patterns:,} patterns",
            f"Wrote {self.written:,} event patterns to {self.out / 'events.yaml'}",
        ]
        lines += skipped_lines(self.skipped)
        return "\n".join(lines)


@dataclass
class _Block:
    name: str
    code: str
    verbs: list[str] = field(default_factory=list)
    patterns: list[tuple[str, str, str]] = field(default_factory=list)
    """(pattern text, code, where)."""


def _phrase(text: str) -> str:
    return " ".join(text.replace("_", " ").lower().split())


def _read(path: Path) -> tuple[dict[str, list[str]], list[_Block]]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DataError(
            f"cannot read the verb dictionary: {exc.strerror}", where=str(path)
        ) from None
    synsets: dict[str, list[str]] = {}
    blocks: list[_Block] = []
    current_set: str | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("&"):
            current_set = line.split()[0]
            synsets[current_set] = []
            continue
        header = _BLOCK.match(line)
        if header:
            current_set = None
            blocks.append(_Block(header[1], header[2].strip()))
        elif line.startswith("-") and blocks:
            match = _PATTERN.match(line)
            if match:
                blocks[-1].patterns.append((match[1], match[2].strip(), f"{path.name}:{number}"))
        elif current_set is not None and line.startswith("+"):
            synsets[current_set].append(_phrase(line[1:].split()[0]))
        elif (blocks and line[:1].isalpha()) or (blocks and line.startswith("+")):
            word = line.lstrip("+").split()[0]
            blocks[-1].verbs.append(_phrase(word))
    return synsets, blocks


def _objects(element: str, synsets: dict[str, list[str]]) -> list[str] | None:
    """The object phrases an element requires, or None when casus cannot express it."""
    inner = element.strip("{}()")
    words = [w for w in _ELEMENT.findall(inner) if w not in _MARKERS]
    if not words:
        return None
    options: list[str] = [""]
    for word in words:
        if word.startswith("&"):
            members = synsets.get(word.rstrip("_")) or synsets.get(word)
            if not members:
                return None
            options = [f"{o} {m}".strip() for o in options for m in members][:200]
        else:
            options = [f"{o} {_phrase(word.strip('{}'))}".strip() for o in options]
    return options


def _code(raw: str, ontology: Ontology) -> tuple[str | None, str]:
    """(the CAMEO code casus can use, or None with the reason)."""
    code = raw.split(":", 1)[0].strip()
    if code == "---":
        return None, "null code --- (PETRARCH's explicit non-events)"
    try:
        ontology.cameo(code)
    except DataError:
        return None, "CAMEO code unknown to casus"
    if ontology.plover(code) is None:
        return None, "CAMEO code without a PLOVER type (statements and the like)"
    return code, ""


def _entries(
    blocks: list[_Block], synsets: dict[str, list[str]], report: VerbImportReport
) -> list[dict[str, object]]:
    ontology = default_ontology()
    entries: list[dict[str, object]] = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for block in blocks:
        verbs = "|".join(dict.fromkeys(v for v in block.verbs if v))
        if not verbs:
            report.skipped["blocks without verbs"] += 1
            continue
        default, why = _code(block.code, ontology)
        if default is not None:
            entries.append({"verb": verbs, "cameo": default, "note": block.name})
        elif block.code != "---":
            report.skipped[f"block defaults: {why}"] += 1
        for text, raw_code, _where in block.patterns:
            report.patterns += 1
            code, why = _code(raw_code, ontology)
            if code is None:
                report.skipped[f"patterns: {why}"] += 1
                continue
            elements = [e for e in _ELEMENT.findall(text) if e not in _MARKERS]
            if "*" not in elements or elements.index("*") != 0:
                report.skipped["patterns: words required before the verb"] += 1
                continue
            objects = _objects(elements[1], synsets) if len(elements) > 1 else []
            if objects is None:
                report.skipped["patterns: an element casus cannot express"] += 1
                continue
            key = (verbs, code, tuple(objects))
            if key in seen:
                report.skipped["patterns: duplicates after simplification"] += 1
                continue
            seen.add(key)
            entry: dict[str, object] = {"verb": verbs, "cameo": code, "note": block.name}
            if objects:
                entry["object"] = objects
            entries.append(entry)
    return entries


def _yaml(entries: list[dict[str, object]], source: Path) -> str:
    lines = [
        f"# Generated by `casus dictionaries import-petrarch-verbs` from {source.name}",
        "# (PETRARCH's CAMEO verb dictionary, Open Event Data Alliance, MIT license: see the",
        "# dictionary's header). Use with `casus analyze --events THIS_FILE`.",
        "# One entry per verb block default and per pattern; `note` names the PETRARCH block.",
    ]
    for entry in entries:
        cells = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in entry.items()]
        lines.append("- {" + ", ".join(cells) + "}")
    return "\n".join(lines) + "\n"


def convert_verbs(path: Path, out: Path) -> VerbImportReport:
    """Read the verb dictionary at ``path``; write ``out/events.yaml``."""
    if not path.is_file():
        raise DataError("not a file", where=str(path))
    synsets, blocks = _read(path)
    if not blocks:
        raise DataError(
            "no verb blocks found: is this a PETRARCH verb dictionary?", where=str(path)
        )
    report = VerbImportReport(path, out, blocks=len(blocks))
    report.verbs = sum(len(b.verbs) for b in blocks)
    entries = _entries(blocks, synsets, report)
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "events.yaml").write_text(_yaml(entries, path), encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror}", where=str(out)) from None
    report.written = len(entries)
    return report

"""PETRARCH agent dictionaries as casus agent phrases.

An agent line (``PRESIDENT [~GOV]``) gives a phrase and its sector; its plural is given
(``{PLURAL}``), empty (``{}``: none) or formed by rule. Substitution sets
(``!PERSON! = MAN, MEN``) are expanded. Phrases are lower case; singular titles that can
stand before a name ("president") are marked as persons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .names import is_person_noun, plural, repair_mojibake
from .petrarch_reader import content_lines
from .results import AgentRow, ImportReport

__all__ = ["dedupe_agents", "read_agent_file"]


def _define_marker(text: str, markers: dict[str, list[str]], report: ImportReport) -> None:
    found = re.fullmatch(r"!([^!\s]+)!\s*=\s*(.+)", text)
    if not found:
        report.skip("malformed substitution set")
        return
    markers[found.group(1)] = [w.strip() for w in found.group(2).split(",") if w.strip()]


def _expand(phrase: str, markers: dict[str, list[str]]) -> list[str] | None:
    """Every substitution of ``!MARKER!`` in ``phrase``; None for an unknown marker.

    A marker inside a word ("AD!MINIST!RATION", a search-and-replace accident) stands for
    its own name.
    """
    phrase = re.sub(r"(?<=[A-Za-z])!([A-Z]+)!(?=[A-Za-z])", r"\1", phrase)
    found = re.search(r"!([^!\s]*)!", phrase)
    if found is None:
        return [phrase]
    if found.group(1) not in markers:
        return None
    out: list[str] = []
    for word in markers[found.group(1)]:
        rest = _expand(phrase[: found.start()] + word + phrase[found.end() :], markers)
        if rest is None:
            return None
        out += rest
    return out


def _agent_text(raw: str) -> str | None:
    text = " ".join(repair_mojibake(raw).replace("_", " ").split()).lower().strip(" ,")
    if re.search(r"[!{}\[\]~<>|\t]", text) or len(text) < 2 or not re.search(r"\w", text):
        return None
    return text


def _agent_forms(phrase: str, markers: dict[str, list[str]]) -> list[tuple[str, bool]] | str:
    """(raw phrase, is plural) for each form of an agent line's phrase, or a skip reason."""
    if "!" in phrase:
        expanded = _expand(phrase, markers)
        if expanded is None:
            return "agent with an undefined substitution marker"
        return [(p, False) for p in expanded]
    if "{" in phrase:
        if "}" not in phrase:
            return "agent with a missing '}'"
        base, _, rest = phrase.partition("{")
        given = rest.split("}", 1)[0].strip()
        return [(base, False)] + ([(given, True)] if given else [])
    return [(phrase, False), ("", True)]


def _agent_line(text: str, markers: dict[str, list[str]], report: ImportReport) -> list[AgentRow]:
    found = re.fullmatch(r"([^\[\]]*)\[([^\[\]]*)\]\s*", text)
    if found is None:
        report.skip("agent line without a code" if "[" not in text else "malformed agent line")
        return []
    code = found.group(2).replace(" ", "").upper()
    bare = code.replace("~", "")
    if not re.fullmatch(r"[A-Z]{3}[A-Z0-9]*", bare):
        report.skip("malformed agent code")
        return []
    forms = _agent_forms(found.group(1).strip(), markers)
    if isinstance(forms, str):
        report.skip(forms)
        return []
    rows: list[AgentRow] = []
    singular: str | None = None
    for raw, is_plural in forms:
        if is_plural and not raw and singular is None:
            continue
        regular = is_plural and not raw and singular
        phrase = plural(singular) if regular and singular else _agent_text(raw)
        if phrase is None:
            report.skip("agent phrase empty or malformed after conversion")
            continue
        singular = singular or phrase
        person = not is_plural and is_person_noun(phrase)
        rows.append(AgentRow(phrase, bare[:3], person, f"petrarch:{code}"))
    return rows


def read_agent_file(path: Path, report: ImportReport) -> list[AgentRow]:
    """The phrases of a PETRARCH agent dictionary, plurals and substitutions expanded."""
    markers: dict[str, list[str]] = {}
    rows: list[AgentRow] = []
    for _number, line in content_lines(path, report):
        text = line.strip()
        if "!" in text and "=" in text:
            _define_marker(text, markers, report)
        else:
            rows += _agent_line(text, markers, report)
    return rows


def dedupe_agents(rows: Iterable[AgentRow], report: ImportReport) -> list[AgentRow]:
    kept: dict[str, AgentRow] = {}
    for row in rows:
        first = kept.setdefault(row.text, row)
        if first is row:
            continue
        if first.sector != row.sector:
            report.skip("agent phrase repeated with another sector (first kept)")
        else:
            report.merge("repeated agent phrases")
    return sorted(kept.values(), key=lambda a: a.text)

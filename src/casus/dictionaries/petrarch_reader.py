"""Reading PETRARCH-2 / Phoenix dictionary files (the syntax of PETRARCH's
``PETRreader.py``).

:func:`content_lines` gives the lines that carry content, ``#`` and ``<!-- -->`` comments
removed; agent dictionaries are read from them by :mod:`~casus.dictionaries.petrarch_agents`.
:func:`read_actor_file` reads an actor dictionary into :class:`RawEntry` objects: a primary
name, its ``+`` synonyms and its codes (:class:`ActorCode`), dated or not. Turning entries
into casus people and groups is :mod:`~casus.dictionaries.petrarch_actors`' work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .results import ImportReport

__all__ = [
    "ActorCode",
    "RawEntry",
    "content_lines",
    "line_count",
    "parse_date",
    "read_actor_file",
]

# -- reading lines ----------------------------------------------------------------------


def _strip_xml_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """``line`` without ``<!-- ... -->`` parts; whether a comment is still open after it."""
    out: list[str] = []
    rest = line
    while rest:
        if in_comment:
            end = rest.find("-->")
            if end < 0:
                return "".join(out), True
            rest, in_comment = rest[end + 3 :], False
        else:
            start = rest.find("<!--")
            if start < 0:
                out.append(rest)
                break
            out.append(rest[:start])
            rest, in_comment = rest[start + 4 :], True
    return "".join(out), in_comment


def content_lines(path: Path, report: ImportReport) -> Iterator[tuple[int, str]]:
    """(line number, text) of the lines that carry content, comments removed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.skip(f"unreadable file ({exc.strerror})")
        return
    in_comment = False
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r").lstrip("\ufeff")
        except UnicodeDecodeError:
            report.skip("undecodable line (not UTF-8)")
            continue
        if not in_comment and line.lstrip().startswith("#"):
            continue
        line, in_comment = _strip_xml_comments(line, in_comment)
        if line.lstrip().startswith("<!"):
            continue
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            yield number, line


def line_count(path: Path) -> int:
    try:
        return len(path.read_bytes().splitlines())
    except OSError:
        return 0


# -- codes and dates --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorCode:
    raw: str
    code: str
    start: date | None
    end: date | None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


_NULL = "null code ---"
_CODE = re.compile(r"[A-Z][A-Z0-9]{2,}")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")


def parse_date(text: str) -> date | None:
    """``YYMMDD`` (years below 30 are 20xx) or ``YYYYMMDD``; None when invalid."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year < 30 else 1900
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_code(content: str) -> ActorCode | str:
    """One ``[...]`` block: a code, or the reason it is skipped."""
    content = " ".join(content.split())
    found = re.match(r"[^\s<>]+", content)
    code = found.group(0).upper() if found else ""
    spec = content[len(code) :].replace(" ", "")
    if code.startswith("---"):
        return _NULL
    if not _CODE.fullmatch(code):
        return "malformed code"
    if not spec:
        return ActorCode(code, code, None, None)
    single = re.fullmatch(r"([<>])(\d+)", spec)
    span = re.fullmatch(r"(\d+)-(\d+)", spec)
    if single:
        day = parse_date(single.group(2))
        start, end = (None, day) if single.group(1) == "<" else (day, None)
        if day is None:
            return "code with an invalid date"
    elif span:
        start, end = parse_date(span.group(1)), parse_date(span.group(2))
        if start is None or end is None:
            return "code with an invalid date"
        if end < start:
            return "code whose end date is before its start"
    else:
        return "code with an invalid date"
    return ActorCode(f"{code} {spec}", code, start, end)


# -- actor dictionaries -----------------------------------------------------------------


@dataclass
class RawEntry:
    names: list[str]
    where: str
    codes: list[ActorCode] = field(default_factory=list)
    null: bool = False
    """A ``---`` code was seen (the entry is deliberately not coded, at least sometimes)."""
    seen: bool = False
    """Some ``[...]`` was given, usable or not."""


def _split_brackets(text: str) -> tuple[str, list[str], bool]:
    """(text before the first ``[``, contents of each ``[...]``, well formed?)."""
    first = text.find("[")
    if first < 0:
        return text, [], "]" not in text
    tail = text[first:]
    return text[:first], _BRACKET.findall(tail), not _BRACKET.sub("", tail).strip()


def _add_codes(entry: RawEntry, contents: Iterable[str], report: ImportReport) -> None:
    for content in contents:
        entry.seen = True
        parsed = _parse_code(content)
        if isinstance(parsed, ActorCode):
            entry.codes.append(parsed)
        elif parsed == _NULL:
            entry.null = True
        else:
            report.skip(parsed)


def read_actor_file(path: Path, report: ImportReport) -> list[RawEntry]:
    """The entries of a PETRARCH actor dictionary, codes parsed, names still raw."""
    entries: list[RawEntry] = []
    current: RawEntry | None = None
    for number, line in content_lines(path, report):
        text = line.strip()
        if "---STOP---" in text:
            break
        head, contents, ok = _split_brackets(text)
        if not ok:
            report.skip("malformed line (unbalanced brackets)")
            continue
        if text[0] not in "+[":
            current = RawEntry([head], f"{path.name}:{number}")
            entries.append(current)
        elif current is None:
            report.skip("synonym or code line before any name")
            continue
        elif text[0] == "+":
            current.names.append(head[1:])
        _add_codes(current, contents, report)
    return _share_codes(entries, report)


def _share_codes(entries: list[RawEntry], report: ImportReport) -> list[RawEntry]:
    """A primary name without codes takes those of the next entry that has some."""
    waiting: list[RawEntry] = []
    for entry in entries:
        if not entry.seen:
            waiting.append(entry)
            continue
        for early in waiting:
            early.codes, early.null, early.seen = list(entry.codes), entry.null, True
        report.merge("names without codes given the next entry's codes", len(waiting))
        waiting = []
    if waiting:
        report.skip("entry without any code", len(waiting))
    return [e for e in entries if e.seen]

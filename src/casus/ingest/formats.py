"""Readers for the input formats: plain text with headers, HTML, JSON and JSON Lines.

Each reader turns decoded text into :class:`~casus.model.Article` records. A record
that cannot be read raises an :class:`~casus.errors.InputError`; readers of several
records (JSON arrays, JSON Lines) yield a :class:`~casus.model.SetAside` for a bad
record, a :class:`~casus.model.Skipped` for a blank line, and go on.

Metadata (title, author, source, URL) is normalised like the text and kept on one line:
no control characters, no bidirectional overrides, no line breaks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from ..errors import (
    DateFormatError,
    EmptyInputError,
    InputError,
    InvalidTextError,
    NestingError,
    RecordError,
)
from ..model import Article, Origin, SetAside, Skipped
from ..text import normalize_line, normalize_text

__all__ = [
    "parse_date",
    "read_html",
    "read_json",
    "read_jsonl",
    "read_jsonl_lines",
    "read_plain",
    "set_aside",
]

_HEADER_RE = re.compile(
    r"(?i)^(title|headline|author|authors|by|byline|date|published|source|outlet|url|link)"
    r"\s*:\s*(.*)$"
)
_BY_RE = re.compile(r"^By\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$")
_HEADER_FIELD = {
    "title": "title",
    "headline": "title",
    "author": "author",
    "authors": "author",
    "by": "author",
    "byline": "author",
    "date": "date",
    "published": "date",
    "source": "source",
    "outlet": "source",
    "url": "url",
    "link": "url",
}
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_RECORD_FIELDS = ("title", "author", "url", "source", "date")


def set_aside(origin: Origin, error: InputError) -> SetAside:
    """The set-aside record of an input error (its message without the location)."""
    return SetAside(origin, error.message, error.code)


def _meta(value: str | None) -> str | None:
    """A metadata value on one clean line, or None when nothing is left."""
    if value is None:
        return None
    cleaned = normalize_line(value)
    return cleaned or None


def parse_date(value: str, *, where: str) -> date:
    """A publication date from metadata: ISO first, then common written forms."""
    cleaned = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", cleaned)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        for fmt in ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%d.%m.%Y"):
            try:
                return datetime.strptime(cleaned, fmt).date()
            except ValueError:
                continue
    except ValueError as exc:
        raise DateFormatError(f"invalid date {value!r}: {exc}", where=where) from None
    raise DateFormatError(f"unreadable date {value!r} (expected YYYY-MM-DD)", where=where)


def read_plain(raw: str, *, origin: Origin, fmt: str = "text") -> Article:
    """Plain text, optionally opening with ``Key: value`` header lines."""
    where = str(origin)
    text = normalize_text(raw)
    if not text:
        raise EmptyInputError("input has no text", where=where)
    fields: dict[str, str] = {}
    header_end = 0
    pos = 0
    for line in text.split("\n"):
        match = _HEADER_RE.match(line)
        by = _BY_RE.match(line) if not match else None
        if match and match[2].strip():
            fields.setdefault(_HEADER_FIELD[match[1].lower()], match[2].strip())
        elif by:
            fields.setdefault("author", by[1])
        elif line or not fields:
            break
        pos += len(line) + 1
        if match or by:
            header_end = pos - 1
    published = parse_date(fields["date"], where=where) if "date" in fields else None
    return Article(
        text=text,
        title=_meta(fields.get("title")),
        author=_meta(fields.get("author")),
        published=published,
        url=_meta(fields.get("url")),
        source=_meta(fields.get("source")),
        origin=origin,
        fmt=fmt,
        header_end=header_end,
    )


def _compose(title: str | None, body: str) -> str:
    """Body text with the title as its first line (unless it already starts with it)."""
    body = normalize_text(body)
    if title and not body.startswith(title):
        return f"{title}\n\n{body}"
    return body


def _strings(data: dict[str, Any], where: str) -> dict[str, str | None]:
    """The record's text and metadata strings, checked: strings, and real Unicode."""
    strings: dict[str, str | None] = {}
    for key in ("text", *_RECORD_FIELDS):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise RecordError(f"field {key!r} must be a string", where=where)
        if value is not None and _SURROGATE_RE.search(value):
            raise InvalidTextError(
                f"field {key!r} holds a lone surrogate (a broken \\u escape), not Unicode text",
                where=where,
            )
        strings[key] = value
    return strings


def _record(data: Any, *, origin: Origin, fmt: str) -> Article:
    where = str(origin)
    if not isinstance(data, dict):
        raise RecordError(f"expected a JSON object, got {type(data).__name__}", where=where)
    strings = _strings(data, where)
    text = strings["text"]
    if text is None or not text.strip():
        raise RecordError("record has no non-empty 'text' field", where=where)
    date_value = (strings["date"] or "").strip()
    published = parse_date(date_value, where=where) if date_value else None
    title = _meta(strings["title"])
    return Article(
        text=_compose(title, text),
        title=title,
        author=_meta(strings["author"]),
        published=published,
        url=_meta(strings["url"]),
        source=_meta(strings["source"]),
        origin=origin,
        fmt=fmt,
    )


def _loads(raw: str, where: str) -> Any:
    """``json.loads`` with its failures as input errors (malformed, or nested too deep)."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RecordError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", where=where
        ) from None
    except RecursionError:
        raise NestingError("JSON nested too deeply to be an article record", where=where) from None


def read_json(raw: str, *, origin: Origin) -> Iterator[Article | SetAside]:
    """One JSON object, or an array of them (each bad element is set aside)."""
    data = _loads(raw, str(origin))
    if isinstance(data, list):
        for index, item in enumerate(data):
            item_origin = Origin(origin.path, record=index)
            try:
                yield _record(item, origin=item_origin, fmt="json")
            except InputError as exc:
                yield set_aside(item_origin, exc)
        return
    yield _record(data, origin=origin, fmt="json")


def read_jsonl_lines(
    lines: Iterable[tuple[int, str | InputError]], *, path: str
) -> Iterator[Article | SetAside | Skipped]:
    """JSON Lines from (line number, decoded line or the error that line raised) pairs:
    a bad line is set aside, a blank one skipped, and the rest goes on."""
    for number, line in lines:
        origin = Origin(path, line=number)
        if isinstance(line, InputError):
            yield set_aside(origin, line)
            continue
        if not line.strip():
            yield Skipped(origin, "blank line")
            continue
        try:
            yield _record(_loads(line, str(origin)), origin=origin, fmt="jsonl")
        except InputError as exc:
            yield set_aside(origin, exc)


def read_jsonl(raw: str, *, origin: Origin) -> Iterator[Article | SetAside | Skipped]:
    """JSON Lines already in memory (one record a line)."""
    yield from read_jsonl_lines(enumerate(raw.splitlines(), start=1), path=origin.path)


def read_html(raw: str, *, origin: Origin) -> Article:
    """An HTML page: main text and metadata through trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=False
    )
    if isinstance(extracted, dict):
        doc: dict[str, Any] = extracted
    else:
        doc = extracted.as_dict() if extracted is not None else {}
    if not (doc.get("text") or "").strip():
        raise EmptyInputError("no article text found in the HTML page", where=str(origin))
    body = "\n\n".join(line for line in str(doc["text"]).split("\n") if line.strip())
    title = _meta(doc.get("title"))
    published = None
    if doc.get("date"):
        try:
            published = parse_date(str(doc["date"]), where=str(origin))
        except DateFormatError:
            published = None
    return Article(
        text=_compose(title, body),
        title=title,
        author=_meta(doc.get("author")),
        published=published,
        url=_meta(doc.get("url")),
        source=_meta(doc.get("sitename") or doc.get("hostname")),
        origin=origin,
        fmt="html",
    )

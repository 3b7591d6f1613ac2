"""Readers for the input formats: plain text with headers, HTML, JSON and JSON Lines.

Each reader turns decoded text into :class:`~casus.model.Article` records. A record
that cannot be read raises an :class:`~casus.errors.InputError`; readers of several
records (JSON arrays, JSON Lines) yield a :class:`Rejected` for a bad record and go on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..errors import DateFormatError, EmptyInputError, InputError, RecordError
from ..model import Article, Origin
from ..text import normalize_text

__all__ = ["Rejected", "parse_date", "read_html", "read_json", "read_jsonl", "read_plain"]


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input item set aside, with the reason."""

    where: str
    error: InputError

    @property
    def reason(self) -> str:
        return str(self.error)


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


def read_plain(raw: str, *, where: str, fmt: str = "text") -> Article:
    """Plain text, optionally opening with ``Key: value`` header lines."""
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
        title=fields.get("title"),
        author=fields.get("author"),
        published=published,
        url=fields.get("url"),
        source=fields.get("source"),
        origin=Origin(where),
        fmt=fmt,
        header_end=header_end,
    )


def _compose(title: str | None, body: str) -> str:
    """Body text with the title as its first line (unless it already starts with it)."""
    body = normalize_text(body)
    if title:
        title = normalize_text(title)
        if title and not body.startswith(title):
            return f"{title}\n\n{body}"
    return body


def _record(data: dict[str, Any], *, where: str, fmt: str) -> Article:
    if not isinstance(data, dict):
        raise RecordError(f"expected a JSON object, got {type(data).__name__}", where=where)
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError("record has no non-empty 'text' field", where=where)
    strings: dict[str, str | None] = {}
    for key in ("title", "author", "url", "source", "date"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise RecordError(f"field {key!r} must be a string", where=where)
        strings[key] = value.strip() if isinstance(value, str) and value.strip() else None
    published = parse_date(strings["date"], where=where) if strings["date"] else None
    return Article(
        text=_compose(strings["title"], text),
        title=strings["title"],
        author=strings["author"],
        published=published,
        url=strings["url"],
        source=strings["source"],
        origin=Origin(where),
        fmt=fmt,
    )


def read_json(raw: str, *, where: str) -> Iterator[Article | Rejected]:
    """One JSON object, or an array of them (each bad element is set aside)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RecordError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", where=where
        ) from None
    if isinstance(data, list):
        for index, item in enumerate(data):
            item_where = f"{where}[{index}]"
            try:
                yield _record(item, where=item_where, fmt="json")
            except InputError as exc:
                yield Rejected(item_where, exc)
        return
    yield _record(data, where=where, fmt="json")


def read_jsonl(raw: str, *, where: str) -> Iterator[Article | Rejected]:
    """JSON Lines: one record a line; a bad line is set aside and the rest goes on."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        line_where = f"{where}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(line_where, RecordError(f"malformed JSON: {exc.msg}", where=line_where))
            continue
        try:
            yield _record(data, where=line_where, fmt="jsonl")
        except InputError as exc:
            yield Rejected(line_where, exc)


def read_html(raw: str, *, where: str) -> Article:
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
        raise EmptyInputError("no article text found in the HTML page", where=where)
    body = "\n\n".join(line for line in str(doc["text"]).split("\n") if line.strip())
    title = doc.get("title") or None
    published = None
    if doc.get("date"):
        try:
            published = parse_date(str(doc["date"]), where=where)
        except DateFormatError:
            published = None
    return Article(
        text=_compose(title, body),
        title=title,
        author=doc.get("author") or None,
        published=published,
        url=doc.get("url") or None,
        source=doc.get("sitename") or doc.get("hostname") or None,
        origin=Origin(where),
        fmt="html",
    )

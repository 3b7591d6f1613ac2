"""Reading inputs lazily: files, directories and streams, one item at a time.

:class:`Reader` turns the inputs a user named into a stream of
:class:`~casus.model.Article`, :class:`~casus.model.SetAside` and
:class:`~casus.model.Skipped` records, in input order, holding at most one file (or one
JSON Lines record) in memory. JSON Lines files (``.jsonl``, ``.ndjson``, or a stream
whose first line is a JSON object) are read line by line, each line bounded by the size
limit, so a feed of any length streams. The same article twice (same text and URL) is
skipped as a duplicate, with the origin of the first. RSS and Atom feeds (``.rss``,
``.atom``, or any file or stream whose root element is ``<rss>`` or an Atom ``<feed>``)
give one article per item.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, TooLargeError, UnreadableError
from ..model import Article, Origin, SetAside, Skipped
from .decode import Decoder
from .feeds import is_feed, read_feed
from .formats import read_html, read_json, read_jsonl, read_jsonl_lines, read_plain, set_aside
from .sources import ReadOptions, Source, open_bounded, read_bounded, walk

__all__ = ["Item", "Reader", "Stream", "detect_format", "read_text"]

Item = Article | SetAside | Skipped
"""What reading yields."""

_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".rss": "feed",
    ".atom": "feed",
}


@dataclass(frozen=True, slots=True)
class Stream:
    """An input that is a byte stream (standard input), named for messages."""

    handle: BinaryIO
    name: str = "<stdin>"


def detect_format(text: str, suffix: str = "") -> str:
    """``text``, ``html``, ``json``, ``jsonl`` or ``feed``: by extension, else by
    content (so a ``.xml`` file is a feed when its root element is one)."""
    if suffix.lower() in _EXTENSIONS:
        return _EXTENSIONS[suffix.lower()]
    if is_feed(text):
        return "feed"
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        lines = [line for line in text.strip().splitlines() if line.strip()]
        if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines[:5]):
            return "jsonl"
        return "json"
    return "text"


def read_text(text: str, *, origin: Origin, fmt: str = "text") -> Iterator[Item]:
    """Articles from already-decoded text in format ``fmt``."""
    if fmt == "html":
        yield read_html(text, origin=origin)
    elif fmt == "json":
        yield from read_json(text, origin=origin)
    elif fmt == "jsonl":
        yield from read_jsonl(text, origin=origin)
    elif fmt == "feed":
        yield from read_feed(text, origin=origin)
    else:
        yield read_plain(text, origin=origin)


def _is_record_line(raw: bytes) -> bool:
    """Does this first line hold a whole JSON object (so the stream is JSON Lines)?"""
    stripped = raw.strip()
    if not stripped.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except (ValueError, RecursionError):
        return False


class Reader:
    """Items from the inputs, in order; ``bytes_read`` grows as files are consumed."""

    def __init__(self, options: ReadOptions | None = None, *, dedupe: bool = True) -> None:
        self.options = options or ReadOptions()
        self.dedupe = dedupe
        self.bytes_read = 0
        self._seen: dict[str, str] = {}
        self._decoder = Decoder()

    def read(self, inputs: Iterable[str | Path | Stream | Article]) -> Iterator[Item]:
        for item in inputs:
            for found in self._one(item):
                yield self._checked(found)

    def _checked(self, item: Item) -> Item:
        if not self.dedupe or not isinstance(item, Article):
            return item
        first = self._seen.setdefault(item.id, str(item.origin))
        if first != str(item.origin):
            return Skipped(item.origin, "duplicate", f"same text and URL as {first}")
        return item

    def _one(self, item: str | Path | Stream | Article) -> Iterator[Item]:
        if isinstance(item, Article):
            yield item
        elif isinstance(item, Stream):
            yield from self._stream(item)
        else:
            for found in walk(item, self.options):
                if isinstance(found, Source):
                    yield from self._source(found)
                else:
                    yield found

    def _source(self, source: Source) -> Iterator[Item]:
        origin = source.origin
        try:
            with open_bounded(source) as handle:
                if _EXTENSIONS.get(source.suffix.lower()) == "jsonl":
                    yield from self._jsonl(handle, origin.path, first=None)
                    return
                data = read_bounded(handle, where=origin.path, max_bytes=self.options.max_bytes)
            self.bytes_read += len(data)
            yield from self._parse(data, origin, source.suffix)
        except InputError as exc:
            yield set_aside(origin, exc)

    def _stream(self, stream: Stream) -> Iterator[Item]:
        origin = Origin(stream.name)
        limit = self.options.max_bytes
        try:
            first = _head(stream.handle, limit)
            if _is_record_line(first.splitlines()[-1] if first.strip() else b""):
                yield from self._jsonl(stream.handle, origin.path, first=first)
                return
            if len(first) > limit:
                raise TooLargeError(f"input is larger than the limit of {limit:,} bytes")
            rest = read_bounded(stream.handle, where=origin.path, max_bytes=limit - len(first))
            data = first + rest
            self.bytes_read += len(data)
            yield from self._parse(data, origin, "")
        except InputError as exc:
            yield set_aside(origin, exc)

    def _decode_line(self, raw: bytes, where: str) -> str:
        """One JSON Lines line: UTF-8 as the format requires (a BOM tolerated), else
        the legacy-encoding detection used for whole files."""
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return self._decoder.decode(raw, where=where, max_bytes=self.options.max_bytes)

    def _parse(self, data: bytes, origin: Origin, suffix: str) -> Iterator[Item]:
        text = self._decoder.decode(data, where=origin.path, max_bytes=self.options.max_bytes)
        yield from read_text(text, origin=origin, fmt=detect_format(text, suffix))

    def _jsonl(self, handle: BinaryIO, path: str, *, first: bytes | None) -> Iterator[Item]:
        yield from read_jsonl_lines(self._lines(handle, path, first), path=path)

    def _lines(
        self, handle: BinaryIO, path: str, first: bytes | None
    ) -> Iterator[tuple[int, str | InputError]]:
        """(number, decoded line or its error) for every line, each read bounded."""
        limit = self.options.max_bytes
        pending = first.splitlines(keepends=True) if first is not None else []
        number = 0
        while True:
            raw = pending.pop(0) if pending else _readline(handle, limit + 1, path)
            if not raw:
                return
            number += 1
            self.bytes_read += len(raw)
            where = f"{path}:{number}"
            if len(raw) > limit and not raw.endswith(b"\n"):
                self.bytes_read += _skip_rest_of_line(handle)
                yield (
                    number,
                    TooLargeError(
                        f"record is larger than the limit of {limit:,} bytes", where=where
                    ),
                )
                continue
            try:
                yield number, self._decode_line(raw.rstrip(b"\r\n"), where)
            except InputError as exc:
                yield number, exc


def _readline(handle: BinaryIO, size: int, where: str) -> bytes:
    try:
        return handle.readline(size)
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror or exc}", where=where) from None


def _head(handle: BinaryIO, limit: int) -> bytes:
    """The stream's opening lines up to the first one that is not blank (bounded)."""
    head = b""
    while len(head) <= limit:
        line = _readline(handle, limit + 1 - len(head), "<stream>")
        head += line
        if not line or line.strip():
            break
    return head


def _skip_rest_of_line(handle: BinaryIO, chunk: int = 1 << 20) -> int:
    skipped = 0
    while True:
        part = _readline(handle, chunk, "<stream>")
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped

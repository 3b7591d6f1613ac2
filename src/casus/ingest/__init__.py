"""Reading articles: files, directories, streams, in any supported format.

:class:`Reader` is the one entry point for batch work: it yields, in input order, an
:class:`~casus.model.Article` for every readable item, a :class:`~casus.model.SetAside`
(with a one-line reason and a stable code) for every item that cannot be read, and a
:class:`~casus.model.Skipped` for hidden files, blank JSON Lines lines and duplicates,
so nothing is lost silently. Reads are bounded and never leave the named input through
a symbolic link unless asked to (:class:`ReadOptions`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Article, Origin
from .decode import DEFAULT_MAX_BYTES, decode_bytes
from .formats import parse_date
from .formats import read_plain as _read_plain
from .reader import Item, Reader, Stream, detect_format, read_text
from .sources import ReadOptions, Source, walk

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Item",
    "ReadOptions",
    "Reader",
    "Source",
    "Stream",
    "detect_format",
    "parse_date",
    "read_bytes",
    "read_path",
    "read_plain",
    "read_text",
    "walk",
]


def read_bytes(
    data: bytes, *, where: str, suffix: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Decode and read one input already in memory (raises its :class:`InputError`)."""
    text = decode_bytes(data, where=where, max_bytes=max_bytes)
    yield from read_text(text, origin=Origin(where), fmt=detect_format(text, suffix))


def read_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_links: bool = False,
    dedupe: bool = True,
) -> Iterator[Item]:
    """Every item in a file or (recursively) a directory; bad items are set aside."""
    reader = Reader(ReadOptions(max_bytes=max_bytes, follow_links=follow_links), dedupe=dedupe)
    yield from reader.read([path])


def read_plain(text: str, *, where: str = "<text>") -> Article:
    """Plain text (with optional ``Key: value`` headers) as an article."""
    return _read_plain(text, origin=Origin(where))

"""Reading articles: files, directories, standard input, in any supported format.

:func:`read_path` is the one entry point for batch work: it yields an
:class:`~casus.model.Article` for every readable item and a :class:`Rejected` (with a
one-line reason) for every item set aside, so nothing is lost silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, NotFoundError, TooLargeError
from ..model import Article
from .decode import DEFAULT_MAX_BYTES, decode_bytes
from .formats import Rejected, parse_date, read_html, read_json, read_jsonl, read_plain

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Rejected",
    "detect_format",
    "parse_date",
    "read_bytes",
    "read_path",
    "read_plain",
    "read_text",
]

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
}


def detect_format(text: str, suffix: str = "") -> str:
    """``text``, ``html``, ``json`` or ``jsonl``: by extension, else by content."""
    if suffix.lower() in _EXTENSIONS:
        return _EXTENSIONS[suffix.lower()]
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


def read_text(text: str, *, where: str, fmt: str = "text") -> Iterator[Article | Rejected]:
    """Articles from already-decoded text in format ``fmt``."""
    if fmt == "html":
        yield read_html(text, where=where)
    elif fmt == "json":
        yield from read_json(text, where=where)
    elif fmt == "jsonl":
        yield from read_jsonl(text, where=where)
    else:
        yield read_plain(text, where=where)


def read_bytes(
    data: bytes, *, where: str, suffix: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Rejected]:
    """Decode and read one input (a file's or standard input's bytes)."""
    text = decode_bytes(data, where=where, max_bytes=max_bytes)
    yield from read_text(text, where=where, fmt=detect_format(text, suffix))


def _files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def read_path(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Rejected]:
    """Every article in a file or (recursively) a directory; bad items are set aside."""
    root = Path(path)
    if not root.exists():
        raise NotFoundError("no such file or directory", where=str(root))
    files = _files(root) if root.is_dir() else [root]
    for file in files:
        where = str(file)
        try:
            size = file.stat().st_size
            if size > max_bytes:  # refuse before reading a huge file into memory
                raise TooLargeError(
                    f"input is {size:,} bytes, more than the limit of {max_bytes:,}", where=where
                )
            yield from read_bytes(
                file.read_bytes(), where=where, suffix=file.suffix, max_bytes=max_bytes
            )
        except InputError as exc:
            yield Rejected(where, exc)
        except OSError as exc:
            yield Rejected(where, InputError(f"cannot read: {exc.strerror}", where=where))

"""Output formats as plug-ins: a registry of named formats, each opening a streaming
report writer.

A caller (the CLI, a batch runner) opens a writer on a text stream, gives it each
analysis as it comes and each item that was set aside, and closes it with the batch
summary::

    writer = open_writer("md", stream)
    for analysis in analyses:
        writer.write(analysis)      # RenderError: this item only; nothing of it written
    writer.close(summary)           # flushes; the stream stays open

Built-in formats: ``text``, ``json`` and ``md``. Another package can add its own with
:func:`register_format`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, TextIO

from ..errors import UsageError
from ..model import Analysis, BatchSummary, SetAside
from .common import Piece
from .jsonfmt import JsonWriter
from .mdreport import MarkdownWriter
from .terminal import TextWriter

__all__ = [
    "OutputFormat",
    "Preparer",
    "ReportWriter",
    "WriterFactory",
    "format_names",
    "get_format",
    "open_writer",
    "register_format",
]


class Preparer(Protocol):
    """Renders one analysis into a :class:`Piece` its writer can write. Picklable, so
    that it can run in the worker process that made the analysis; a failure is that
    item's :class:`~casus.errors.RenderError`."""

    def __call__(self, analysis: Analysis) -> Piece: ...


class ReportWriter(Protocol):
    """A report written one analysis at a time. ``write(a)`` is
    ``write_prepared(preparer()(a))``: a batch runner may run the preparer in its
    workers and give the writer the pieces, in order."""

    def preparer(self) -> Preparer:
        """The function that renders an analysis for this writer."""

    def write_prepared(self, piece: Piece) -> None:
        """Write one prepared analysis (in input order)."""

    def write(self, analysis: Analysis) -> None:
        """Render one analysis and write it to the stream. If rendering fails, raise
        :class:`~casus.errors.RenderError` and write nothing of this item (it is
        rendered to a string first). A failing stream raises
        :class:`~casus.errors.OutputError`."""

    def set_aside(self, item: SetAside) -> None:
        """Note an item that was set aside (for the report's overview); writes nothing now."""

    def close(self, summary: BatchSummary) -> None:
        """Finish the report (e.g. write the overview); flush; do not close the stream."""


class WriterFactory(Protocol):
    """Opens a format's writer on ``stream``. ``color``: the stream is a terminal that
    may be styled; ``width``: columns to lay out for (None: the format's choice)."""

    def __call__(self, stream: TextIO, *, color: bool, width: int | None) -> ReportWriter: ...


@dataclass(frozen=True, slots=True)
class OutputFormat:
    """A named output format: what ``--format NAME`` gives."""

    name: str
    description: str
    suffix: str
    """The usual file name ending, with its dot (``.md``)."""
    open: WriterFactory


_NAME_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_SUFFIX_RE = re.compile(r"\.[A-Za-z0-9][A-Za-z0-9._-]{0,15}")
_FORMATS: dict[str, OutputFormat] = {}


def register_format(fmt: OutputFormat, *, replace: bool = False) -> OutputFormat:
    """Add ``fmt`` to the registry (``replace=True`` to replace a format of that name).

    Names are lower-case words (``[a-z][a-z0-9_-]*``), suffixes start with a dot."""
    if not _NAME_RE.fullmatch(fmt.name):
        raise UsageError(f"output format name {fmt.name!r} is not a lower-case word")
    if not _SUFFIX_RE.fullmatch(fmt.suffix):
        raise UsageError(f"output format {fmt.name!r}: suffix {fmt.suffix!r} is not like '.md'")
    if fmt.name in _FORMATS and not replace:
        raise UsageError(f"output format {fmt.name!r} is already registered")
    _FORMATS[fmt.name] = fmt
    return fmt


def format_names() -> tuple[str, ...]:
    """The registered formats' names, in registration order."""
    return tuple(_FORMATS)


def get_format(name: str) -> OutputFormat:
    """The format called ``name``; an unknown name is a :class:`UsageError`."""
    fmt = _FORMATS.get(name)
    if fmt is None:
        known = ", ".join(_FORMATS)
        raise UsageError(f"unknown output format {name!r}; choose one of: {known}")
    return fmt


def open_writer(
    name: str, stream: TextIO, *, color: bool = False, width: int | None = None
) -> ReportWriter:
    """Open the writer of format ``name`` on ``stream``."""
    if width is not None and width < 20:
        raise UsageError(f"a report width of {width} columns is too narrow (at least 20)")
    return get_format(name).open(stream, color=color, width=width)


def _open_text(stream: TextIO, *, color: bool, width: int | None) -> ReportWriter:
    return TextWriter(stream, color=color, width=width)


def _open_json(stream: TextIO, *, color: bool, width: int | None) -> ReportWriter:
    return JsonWriter(stream)


def _open_md(stream: TextIO, *, color: bool, width: int | None) -> ReportWriter:
    return MarkdownWriter(stream)


register_format(
    OutputFormat(
        "text",
        "A readable summary of each article (coloured on a terminal).",
        ".txt",
        _open_text,
    )
)
register_format(
    OutputFormat(
        "json",
        "The casus.analysis/1 contract: one object for one article, JSON Lines for several.",
        ".json",
        _open_json,
    )
)
register_format(
    OutputFormat(
        "md",
        "A Markdown report: an overview of the batch, then each article in detail.",
        ".md",
        _open_md,
    )
)

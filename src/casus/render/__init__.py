"""Output views of an analysis: JSON (the contract), Markdown (a report to read or paste
into a document) and a Rich summary for the terminal, each behind a registered output
format with a streaming writer (:func:`open_writer`).

Article text and metadata are untrusted: every view escapes them with the function of
its format in :mod:`casus.render.escape`.
"""

from __future__ import annotations

from .common import Piece
from .formats import (
    OutputFormat,
    Preparer,
    ReportWriter,
    WriterFactory,
    format_names,
    get_format,
    open_writer,
    register_format,
)
from .jsonfmt import JsonWriter, to_json
from .markdown import article_section, to_markdown
from .mdreport import MarkdownWriter
from .terminal import TextWriter, to_rich

__all__ = [
    "JsonWriter",
    "MarkdownWriter",
    "OutputFormat",
    "Piece",
    "Preparer",
    "ReportWriter",
    "TextWriter",
    "WriterFactory",
    "article_section",
    "format_names",
    "get_format",
    "open_writer",
    "register_format",
    "to_json",
    "to_markdown",
    "to_rich",
]

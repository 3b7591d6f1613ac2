"""``casus analyze``: a thin layer over :func:`casus.analyze_many` and the report writers."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..ingest import Stream
from ..model import BatchSummary, SetAside, Skipped
from .common import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, guarded, path_option, say
from .inputs import InputRun, build, input_options, jobs_of, published_of, read_options
from .output import Feedback, Target

if TYPE_CHECKING:
    from ..render import Piece, ReportWriter

__all__ = ["analyze"]


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-f",
    "--format",
    "fmt",
    default="text",
    show_default=True,
    metavar="FORMAT",
    help="Report format: text, json (JSON Lines for several articles) or md.",
)
@path_option(
    "-o", "--out", metavar="FILE", help="Write the report to FILE (checked before any work)."
)
@input_options
@guarded
def analyze(**options: object) -> None:
    """Analyse articles: structure, untranslated fragments, actors, places, dates,
    events, claims.

    PATH is a file (text, HTML, JSON, JSON Lines), a directory (read recursively) or -
    for standard input. One article gives one JSON object; several give JSON Lines.
    Every input is accounted for: what cannot be read is set aside with a one-line
    reason, hidden files, blank lines and duplicates are skipped, and the closing line
    counts them. Exit code 0 when everything was analysed, 2 when something was set
    aside or nothing was found, 70 when an item hit a bug.
    """
    from ..render import get_format

    run = _Options(**options)  # type: ignore[arg-type]
    get_format(run.fmt)  # an unknown format is a usage error, before any work
    published = published_of(run.date_)
    target = Target(run.out)
    try:
        code = _run(run, published, target)
        target.commit()
    except BaseException:
        target.discard()
        raise
    raise click.exceptions.Exit(code)


@dataclass(frozen=True)
class _Options(InputRun):
    fmt: str
    out: Path | None


def _run(run: _Options, published: date | None, target: Target) -> int:
    from ..render import open_writer
    from ..runners import analyze_many, input_size

    options = read_options(run.max_bytes, run.follow_links)
    inputs = [Stream(sys.stdin.buffer) if path == "-" else path for path in run.paths]
    pipeline = build(run.lexicon, run.events, run.no_parser)
    writer = open_writer(run.fmt, target.stream, color=target.is_terminal, width=None)
    batch = analyze_many(
        inputs,
        published=published,
        pipeline=pipeline,
        jobs=jobs_of(run.jobs),
        options=options,
        then=writer.preparer(),  # rendering happens where the analysis is made
    )
    show_bar = not run.quiet and sys.stderr.isatty()
    total = input_size(inputs, options) if show_bar else None
    with Feedback(total_bytes=total, quiet=run.quiet) as feedback:
        for item in batch:
            _report(item, writer, feedback)
            if target.path is None:
                target.stream.flush()
            feedback.advance(
                articles=int(not isinstance(item, SetAside | Skipped)),
                set_aside=int(isinstance(item, SetAside)),
                bytes_read=batch.bytes_read,
            )
        writer.close(batch.summary)
    return _conclude(batch.summary, run.paths)


def _report(item: Piece | SetAside | Skipped, writer: ReportWriter, feedback: Feedback) -> None:
    """Write or announce one result."""
    if isinstance(item, SetAside):
        writer.set_aside(item)
        feedback.message(f"set aside: {item}")
    elif isinstance(item, Skipped):
        feedback.message(f"skipped: {item}", always=False)
    else:
        writer.write_prepared(item)


def _conclude(summary: BatchSummary, paths: tuple[str, ...]) -> int:
    if summary.seen > 1 or summary.skipped:
        say(str(summary))
    if summary.internal:
        return EXIT_INTERNAL
    if summary.analysed == 0 and summary.set_aside == 0:
        say(f"nothing to analyse in {', '.join(paths)}")
        return EXIT_INPUT
    return EXIT_INPUT if summary.set_aside else EXIT_OK

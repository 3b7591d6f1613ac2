"""The options of the commands that read articles (``analyze``, ``ingest``): dates,
processes, reading limits, the data files of the pipeline."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from ..errors import DateFormatError, UsageError
from ..ingest import DEFAULT_MAX_BYTES, ReadOptions, parse_date
from .common import number_option, path_option

if TYPE_CHECKING:
    from ..pipeline import Pipeline

__all__ = ["InputRun", "build", "input_options", "jobs_of", "published_of", "read_options"]

F = TypeVar("F", bound=Callable[..., object])


def input_options(command: F) -> F:
    """``--date``, ``--jobs``, ``--quiet``, ``--follow-links``, ``--max-bytes``,
    ``--lexicon``, ``--events``, ``--no-parser``."""
    decorators = [
        click.option(
            "--date", "date_", metavar="YYYY-MM-DD", help="Publication date of every article."
        ),
        number_option(
            "-j", "--jobs", default=1, minimum=0, help="Analyse in N processes (0: one per core)."
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            help="No progress bar and no 'skipped' lines (set-asides are always shown).",
        ),
        click.option(
            "--follow-links",
            is_flag=True,
            help="Follow symbolic links that lead outside the named inputs.",
        ),
        number_option(
            "--max-bytes",
            default=DEFAULT_MAX_BYTES,
            minimum=1,
            help="Refuse a file (or a JSON Lines record) larger than N bytes.",
        ),
        path_option(
            "--lexicon", metavar="DIR", help="Extra actor lexicon directory (repeatable).",
            multiple=True,
        ),
        path_option(
            "--events", metavar="FILE", help="Event pattern file to use instead of the bundled one."
        ),
        click.option(
            "--no-parser",
            is_flag=True,
            help="Read event roles from word order only (faster; no dependency parse).",
        ),
    ]  # fmt: skip
    for decorate in reversed(decorators):
        command = decorate(command)
    return command


@dataclass(frozen=True)
class InputRun:
    """The arguments of a command that reads articles: PATH... and :func:`input_options`
    (a command's own options extend it)."""

    paths: tuple[str, ...]
    date_: str | None
    jobs: int
    quiet: bool
    follow_links: bool
    max_bytes: int
    lexicon: tuple[Path, ...]
    events: Path | None
    no_parser: bool


def published_of(value: str | None) -> date | None:
    """``--date`` as a date (a usage error when it is not YYYY-MM-DD)."""
    if value is None:
        return None
    try:
        return parse_date(value, where="--date")
    except DateFormatError as exc:
        raise UsageError(exc.message, where="--date") from None


def jobs_of(value: int) -> int:
    """``--jobs``: 0 means one process per core this process may use."""
    if value > 0:
        return value
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_options(max_bytes: int, follow_links: bool) -> ReadOptions:
    return ReadOptions(max_bytes=max_bytes, follow_links=follow_links)


def build(lexicon: tuple[Path, ...], events: Path | None, no_parser: bool) -> Pipeline:
    """The pipeline the options describe, settled for a long run."""
    from ..api import PipelineSpec, build_pipeline
    from ..runners import settle

    spec = PipelineSpec.of(lexicon_dirs=lexicon, events=events, parser=not no_parser)
    pipeline = build_pipeline(spec)
    settle(pipeline)
    return pipeline

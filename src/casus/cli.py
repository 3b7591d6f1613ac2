"""The ``casus`` command line: a thin layer over :mod:`casus.api` and friends.

Errors the user can fix (bad input, bad data files, missed floors) are one line on
stderr and exit code 2 (1 for a missed evaluation floor); nothing prints a traceback
unless ``CASUS_DEBUG=1`` is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from .errors import CasusError, FloorError
from .ingest import DEFAULT_MAX_BYTES, Rejected, parse_date, read_bytes, read_path
from .model import Analysis, Article

__all__ = ["app", "main"]

app = typer.Typer(
    name="casus",
    help="Auditable, structured intelligence from conflict news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score casus against annotated data; check pinned floors.")
dict_app = typer.Typer(help="Bring your own dictionaries.")
app.add_typer(eval_app, name="eval")
app.add_typer(dict_app, name="dictionaries")

err = Console(stderr=True, highlight=False, soft_wrap=True)
T = TypeVar("T")


class Format(StrEnum):
    text = "text"
    json = "json"
    md = "md"


_EventsOption = Annotated[
    Path | None,
    typer.Option(
        "--events",
        help="Event pattern file to use instead of the bundled one "
        "(see dictionaries import-petrarch-verbs).",
    ),
]


def _floors_need_bundled(check: bool, events: Path | None) -> None:
    if check and events is not None:
        raise _fail("--check measures the bundled event patterns; drop --events or --check")


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"casus: {message}", markup=False)
    return typer.Exit(code)


def _guard(action: Callable[[], T]) -> T:
    """Run ``action``; turn casus errors into one line and an exit code."""
    try:
        return action()
    except FloorError as exc:
        raise _fail(str(exc), 1) from None
    except CasusError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail("interrupted", 130) from None


def _items(path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        yield from read_bytes(data, where="<stdin>", max_bytes=max_bytes)
    else:
        yield from read_path(path, max_bytes=max_bytes)


def _write(analyses: list[Analysis], fmt: Format, out: Path | None, several: bool) -> None:
    from . import render

    if fmt is Format.text and out is None:
        console = Console(highlight=False, soft_wrap=True)
        for analysis in analyses:
            render.to_rich(analysis, console)
        return
    if fmt is Format.json:
        if several:
            body = "".join(render.to_json(a, indent=None) + "\n" for a in analyses)
        else:
            body = render.to_json(analyses[0]) + "\n" if analyses else ""
    elif fmt is Format.md:
        body = "\n---\n\n".join(render.to_markdown(a) for a in analyses)
    else:
        console = Console(file=open(os.devnull, "w"), record=True, width=120)  # noqa: SIM115
        for analysis in analyses:
            render.to_rich(analysis, console)
        body = console.export_text()
    if out is None:
        sys.stdout.write(body)
    else:
        out.write_text(body, encoding="utf-8")


@app.command()
def analyze(
    path: Annotated[str, typer.Argument(help="A file, a directory, or - for standard input.")],
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date, YYYY-MM-DD.")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    lexicon: Annotated[
        list[Path] | None,
        typer.Option("--lexicon", help="Extra lexicon directory (repeatable)."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse inputs larger than this many bytes.")
    ] = DEFAULT_MAX_BYTES,
    events: _EventsOption = None,
) -> None:
    """Analyse articles: structure, untranslated fragments, actors, places, dates, events, claims.

    One article gives one JSON object; several (a directory, JSON Lines) give JSON Lines.
    Inputs that cannot be read are set aside with a one-line reason on stderr, the rest
    is analysed, and the exit code is 2.
    """
    from .api import analyze_doc, build_pipeline

    published = _guard(lambda: parse_date(date, where="--date")) if date else None
    pipeline = _guard(lambda: build_pipeline(lexicon_dirs=lexicon or (), events=events))
    analyses: list[Analysis] = []
    rejected = 0
    items = _guard(lambda: list(_items(path, max_bytes)))
    for item in items:
        if isinstance(item, Rejected):
            rejected += 1
            err.print(f"casus: set aside: {item.reason}", markup=False)
            continue
        try:
            doc = analyze_doc(item, published=published, pipeline=pipeline)
            analyses.append(doc.to_analysis())
        except CasusError as exc:
            rejected += 1
            err.print(f"casus: set aside: {exc}", markup=False)
        except Exception as exc:  # a bug must not lose the rest of a batch
            if os.environ.get("CASUS_DEBUG"):
                raise
            rejected += 1
            err.print(
                f"casus: set aside: {item.origin}: internal error ({type(exc).__name__}: {exc}); "
                "please report it",
                markup=False,
            )
    several = len(items) > 1 or Path(path).is_dir() if path != "-" else len(items) > 1
    _write(analyses, fmt, out, several)
    if len(items) > 1:
        err.print(f"casus: analysed {len(analyses)}, set aside {rejected}", markup=False)
    if rejected:
        raise typer.Exit(2)


@eval_app.command("geoparse")
def eval_geoparse(
    file: Annotated[Path, typer.Argument(help="GeoWebNews (GWN.xml) or LGL (lgl.xml) file.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
    errors: Annotated[int, typer.Option(help="Also list up to N resolution errors.")] = 0,
    check: Annotated[bool, typer.Option(help="Fail (exit 1) below the pinned floors.")] = False,
) -> None:
    """Score place recognition and resolution on GeoWebNews / LGL XML."""
    from .evaluation import floors, geoparse

    scores = _guard(lambda: geoparse.evaluate_file(file, limit=limit))
    console = Console(highlight=False, soft_wrap=True)
    console.print(geoparse.format_scores(scores))
    for line in scores.errors[:errors]:
        console.print(f"  error: {line}", markup=False)
    if check:
        _guard(lambda: floors.check(f"geoparse:{scores.dataset}", scores.as_dict()))


@eval_app.command("plover")
def eval_plover(
    file: Annotated[Path, typer.Argument(help="PLOVER gold records (PLOVER_GSR_CAMEO.txt).")],
    misses: Annotated[int, typer.Option(help="Also list up to N misses.")] = 0,
    check: Annotated[bool, typer.Option(help="Fail (exit 1) below the pinned floors.")] = False,
    events: _EventsOption = None,
) -> None:
    """Score event coding on PLOVER gold records: type, source, target, triples."""
    from .evaluation import floors, plover

    _floors_need_bundled(check, events)
    scores = _guard(lambda: plover.evaluate_file(file, events=events))
    console = Console(highlight=False, soft_wrap=True)
    console.print(plover.format_scores(scores, misses=misses), markup=False)
    if check:
        _guard(lambda: floors.check("plover:gsr", scores.as_dict()))


@eval_app.command("gold")
def eval_gold(
    directory: Annotated[
        Path, typer.Argument(help="A directory with articles/ and gold/ (samples/).")
    ] = Path("samples"),
    split: Annotated[str, typer.Option(help="all, dev (01-11) or test (12-22).")] = "all",
    misses: Annotated[int, typer.Option(help="Also list up to N misses and extras.")] = 0,
    check: Annotated[bool, typer.Option(help="Fail (exit 1) below the pinned floors.")] = False,
    events: _EventsOption = None,
) -> None:
    """Score events against the gold annotations: precision, recall, factuality."""
    from .evaluation import floors, gold

    _floors_need_bundled(check, events)
    scores = _guard(lambda: gold.evaluate_gold(directory, split, events=events))
    Console(highlight=False, soft_wrap=True).print(
        gold.format_scores(scores, misses=misses), markup=False
    )
    if check:
        _guard(lambda: floors.check(f"gold:{split}", scores.as_dict()))


@eval_app.command("samples")
def eval_samples(
    directory: Annotated[
        Path, typer.Argument(help="A directory with articles/ and expected/ (samples/).")
    ] = Path("samples"),
    misses: Annotated[int, typer.Option(help="Also list up to N misses.")] = 0,
    check: Annotated[bool, typer.Option(help="Fail (exit 1) below the pinned floors.")] = False,
) -> None:
    """Score structure, genre, actors, places, dates against annotated articles."""
    from .evaluation import floors, samples

    scores = _guard(lambda: samples.evaluate_samples(directory))
    Console(highlight=False, soft_wrap=True).print(
        samples.format_scores(scores, misses=misses), markup=False
    )
    if check:
        _guard(lambda: floors.check("samples:bundled", scores.as_dict()))


@eval_app.command("floors")
def eval_floors(
    shared: Annotated[Path, typer.Option(help="The shared data directory (../shared).")] = Path(
        "../shared"
    ),
    repo: Annotated[Path, typer.Option(help="The casus repository (for samples/).")] = Path(),
) -> None:
    """Run every evaluation whose data is present and check it against pinned floors."""
    from .evaluation import floors

    console = Console(highlight=False, soft_wrap=True)
    _guard(lambda: floors.run_all(shared, repo, console))


@app.command()
def bench(
    articles: Annotated[int, typer.Option(help="Articles in the generated corpus.")] = 300,
    words: Annotated[int, typer.Option(help="Words per generated article.")] = 600,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write JSON.")] = None,
) -> None:
    """Measure start-up, throughput (one core) and peak memory on a generated corpus."""
    from . import bench as bench_module

    result = _guard(lambda: bench_module.run(articles=articles, words=words))
    Console(highlight=False, soft_wrap=True).print(bench_module.format_result(result))
    if json_out is not None:
        json_out.write_text(bench_module.to_json(result), encoding="utf-8")


@dict_app.command("import-petrarch")
def import_petrarch(
    directory: Annotated[Path, typer.Argument(help="Directory of PETRARCH/Phoenix files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write casus files.")],
) -> None:
    """Convert PETRARCH/Phoenix actor and agent dictionaries into casus lexicon files.

    Use the result with ``casus analyze --lexicon OUT``.
    """
    from .dictionaries import petrarch

    report = _guard(lambda: petrarch.convert_directory(directory, out))
    Console(highlight=False, soft_wrap=True).print(report.summary())


@dict_app.command("import-petrarch-verbs")
def import_petrarch_verbs(
    file: Annotated[Path, typer.Argument(help="PETRARCH's CAMEO verb dictionary.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for events.yaml.")],
) -> None:
    """Convert PETRARCH's CAMEO verb dictionary into a casus event pattern file.

    Use the result with ``casus analyze --events OUT/events.yaml`` (or ``eval gold``,
    ``eval plover``); casus's own patterns stay the default.
    """
    from .dictionaries import petrarch_verbs

    report = _guard(lambda: petrarch_verbs.convert_verbs(file, out))
    Console(highlight=False, soft_wrap=True).print(report.summary())


INTERNAL_ERROR = 70


def main() -> None:
    """Entry point: no traceback reaches the user unless CASUS_DEBUG is set."""
    try:
        app()
    except CasusError as exc:
        err.print(f"casus: {exc}", markup=False)
        sys.exit(2)
    except Exception as exc:
        if os.environ.get("CASUS_DEBUG"):
            raise
        err.print(
            f"casus: internal error ({type(exc).__name__}: {exc}); "
            "set CASUS_DEBUG=1 for details and please report it",
            markup=False,
        )
        sys.exit(INTERNAL_ERROR)

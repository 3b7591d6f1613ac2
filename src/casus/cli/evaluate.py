"""``casus eval``: score casus against annotated data; check the pinned floors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..errors import UsageError
from .common import F, guarded, number_option, path_option, printable, say

__all__ = ["evaluate"]


def _echo(text: str) -> None:
    """A report, line by line, with control and bidi characters from the data shown as
    escapes (record ids and texts come from files the user named)."""
    click.echo("\n".join(printable(line) for line in text.split("\n")))


def _bundled_only(check: bool, events: Path | None) -> None:
    if check and events is not None:
        raise UsageError("--check measures the bundled event patterns; drop --events or --check")


_check = click.option("--check", is_flag=True, help="Fail (exit 1) below the pinned floors.")
_events = path_option(
    "--events", metavar="FILE", help="Event pattern file to use instead of the bundled one."
)


@click.group("eval")
def evaluate() -> None:
    """Score casus against annotated data; check pinned floors."""


@evaluate.command("geoparse")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
@number_option("--limit", minimum=1, help="Only the first N articles.")
@number_option("--errors", default=0, help="Also list up to N resolution errors.")
@_check
@guarded
def eval_geoparse(file: Path, limit: int | None, errors: int, check: bool) -> None:
    """Score place recognition and resolution on GeoWebNews / LGL XML (FILE)."""
    from ..evaluation import floors, geoparse

    scores = geoparse.evaluate_file(file, limit=limit)
    _echo(geoparse.format_scores(scores))
    for line in scores.errors[:errors]:
        _echo(f"  error: {line}")
    if check:
        floors.check(f"geoparse:{scores.dataset}", scores.as_dict())


@evaluate.command("plover")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
@number_option("--misses", default=0, help="Also list up to N misses.")
@_check
@_events
@guarded
def eval_plover(file: Path, misses: int, check: bool, events: Path | None) -> None:
    """Score event coding on PLOVER gold records (FILE): type, source, target, triples."""
    from ..evaluation import floors, plover

    _bundled_only(check, events)
    scores = plover.evaluate_file(file, events=events)
    _echo(plover.format_scores(scores, misses=misses))
    if check:
        floors.check("plover:gsr", scores.as_dict())


@evaluate.command("petrarch")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
@path_option(
    "--dictionaries",
    metavar="DIR",
    help="Where the actor and agent files the records name are [default: FILE's dictionaries/].",
)
@number_option("--misses", default=0, help="Also list up to N misses and extras.")
@_check
@_events
@guarded
def eval_petrarch(
    file: Path, dictionaries: Path | None, misses: int, check: bool, events: Path | None
) -> None:
    """Score event coding with actors on PETRARCH's unit-test records (FILE), with the
    dictionaries they were written against: (root, source, target) triples."""
    from ..evaluation import floors, petrarch

    _bundled_only(check, events)
    scores = petrarch.evaluate_file(file, dictionaries=dictionaries, events=events)
    _echo(petrarch.format_scores(scores, misses=misses))
    if check:
        floors.check("petrarch:unittest", scores.as_dict())


@evaluate.command("gold")
@click.argument(
    "directory", type=click.Path(path_type=Path), default=Path("samples"), metavar="[DIR]"
)
@click.option(
    "--split",
    type=click.Choice(["all", "dev", "test"]),
    default="all",
    show_default=True,
    help="dev (articles 01-11) or test (12-22, held out).",
)
@number_option("--misses", default=0, help="Also list up to N misses and extras.")
@path_option(
    "--from-reviews",
    "reviews_db",
    metavar="DB",
    help="Score on the analysts' reviews in this store instead of DIR (only predictions "
    "that reproduce a reviewed event, or are new in a reviewed span).",
)
@path_option(
    "--write",
    metavar="OUT",
    help="With --from-reviews: also write the reviews as gold (OUT/articles, OUT/gold).",
)
@_check
@_events
@guarded
def eval_gold(
    directory: Path,
    split: str,
    misses: int,
    reviews_db: Path | None,
    write: Path | None,
    check: bool,
    events: Path | None,
) -> None:
    """Score events against the gold annotations in DIR (default samples/), or against
    the reviews of a store (--from-reviews DB)."""
    from ..evaluation import floors, gold

    _bundled_only(check, events)
    if reviews_db is not None:
        _from_reviews(reviews_db, write, misses, check, events)
        return
    if write is not None:
        raise UsageError("--write needs --from-reviews DB")
    scores = gold.evaluate_gold(directory, split, events=events)
    _echo(gold.format_scores(scores, misses=misses))
    if check:
        floors.check(f"gold:{split}", scores.as_dict())


def _from_reviews(
    db: Path, write: Path | None, misses: int, check: bool, events: Path | None
) -> None:
    from ..evaluation.reviewed import evaluate_reviews, format_review_scores, write_gold
    from ..store import Store

    if check:
        raise UsageError("--check measures the bundled gold set; drop --from-reviews or --check")
    from ..store.reviews import review_gold_rows

    with Store.open(db) as store:
        data = review_gold_rows(store)
    scores = evaluate_reviews(data, events=events)
    written = write_gold(data, write) if write is not None else None
    _echo(format_review_scores(scores, misses=misses))
    if write is not None:
        say(f"wrote {written} reviewed articles as gold to {write}")


@evaluate.command("samples")
@click.argument(
    "directory", type=click.Path(path_type=Path), default=Path("samples"), metavar="[DIR]"
)
@number_option("--misses", default=0, help="Also list up to N misses.")
@_check
@guarded
def eval_samples(directory: Path, misses: int, check: bool) -> None:
    """Score structure, genre, actors, places, dates against annotated articles in DIR."""
    from ..evaluation import floors, samples

    scores = samples.evaluate_samples(directory)
    _echo(samples.format_scores(scores, misses=misses))
    if check:
        floors.check("samples:bundled", scores.as_dict())


def _shared_option(help_text: str) -> Callable[[F], F]:
    """``--shared DIR``: where ``../shared`` is (the default)."""
    return click.option(
        "--shared",
        type=click.Path(path_type=Path),
        default=Path("../shared"),
        show_default=True,
        metavar="DIR",
        help=help_text,
    )


@evaluate.command("parser")
@_shared_option("The shared data directory (for the UD English EWT test file).")
@path_option("--model", metavar="DIR", help="A spaCy pipeline instead of the bundled parser.")
@path_option("--conllu", metavar="FILE", help="Score this CoNLL-U file instead of EWT test.")
@click.option("--news", is_flag=True, help="Only the news syntax set (needs no ../shared).")
@number_option("--misses", default=0, help="Also list up to N news-set misses (dev split).")
@_check
@guarded
def eval_parser(
    shared: Path, model: Path | None, conllu: Path | None, news: bool, misses: int, check: bool
) -> None:
    """Score the dependency parser: UAS/LAS/UPOS on UD English EWT (gold tokens), and
    subject/object/agent/oblique accuracy on the news syntax set (dev and test)."""
    from ..evaluation import floors, news_syntax, parser

    if check and conllu is not None:
        raise UsageError("--check measures the EWT test file; drop --conllu or --check")
    results: list[tuple[str, dict[str, float]]] = []
    if not news:
        path = conllu or shared / parser.EWT_TEST
        if conllu is None and not path.exists():
            _echo(f"parser:ewt: {path} not found; skipped (give --shared DIR)")
        else:
            scores = parser.evaluate_conllu(path, model)
            _echo(parser.format_scores(scores))
            results.append(("parser:ewt", scores.as_dict()))
    for split in ("dev", "test"):
        found = news_syntax.evaluate_news(split=split, model=model)
        _echo(news_syntax.format_scores(found, misses=misses if split == "dev" else 0))
        results.append((f"parser:news-{split}", found.as_dict()))
    if check:
        for name, values in results:
            floors.check(name, values)


@evaluate.command("floors")
@_shared_option("The shared data directory.")
@click.option(
    "--repo",
    type=click.Path(path_type=Path),
    default=Path(),
    metavar="DIR",
    help="The casus repository (for samples/).",
)
@guarded
def eval_floors(shared: Path, repo: Path) -> None:
    """Run every evaluation whose data is present; fail below the pinned floors."""
    from rich.console import Console

    from ..evaluation import floors

    floors.run_all(shared, repo, Console(highlight=False, soft_wrap=True))

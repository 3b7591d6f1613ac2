"""``casus bench``, ``casus dictionaries`` and ``casus completion``."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from .common import guarded, number_option, path_option

__all__ = ["bench", "completion", "dictionaries"]


@click.group("bench", invoke_without_command=True)
@click.option("--quick", is_flag=True, help="Fewer articles and runs, no large batch (~20 s).")
@number_option(
    "--articles", default=None, minimum=1, help="News articles in the one-core run [200]."
)
@number_option(
    "--batch",
    "batch_articles",
    default=None,
    minimum=0,
    help="Articles in the --jobs 1 / --jobs 2 batch runs (0: no batch runs) [200].",
)
@number_option(
    "--large",
    "large_batch",
    default=None,
    minimum=0,
    help="Articles in the large batch that checks memory stays flat (0: none) [1000].",
)
@path_option("--json", "json_out", metavar="FILE", help="Also write the figures as JSON.")
@click.pass_context
@guarded
def bench(
    ctx: click.Context,
    quick: bool,
    articles: int | None,
    batch_articles: int | None,
    large_batch: int | None,
    json_out: Path | None,
) -> None:
    """Measure throughput per core, linearity in article length, start-up, CPU and
    wall time and peak memory, on the bundled corpus (about two minutes; --quick:
    about twenty seconds). 'casus bench ingest' measures the store, 'casus bench
    scenarios' the scenario ledger."""
    from dataclasses import replace

    if ctx.invoked_subcommand is not None:
        return

    from .. import bench as bench_module

    options = bench_module.BenchOptions.quick() if quick else bench_module.BenchOptions()
    options = replace(
        options,
        articles=options.articles if articles is None else articles,
        batch=options.batch if batch_articles is None else batch_articles,
        large=options.large if large_batch is None else large_batch,
    )
    result = bench_module.run(options)
    click.echo(bench_module.format_result(result))
    if json_out is not None:
        json_out.write_text(bench_module.to_json(result), encoding="utf-8")


@bench.command("ingest")
@number_option("--articles", default=200, minimum=1, help="News articles ingested and analysed.")
@number_option(
    "--events",
    default=1_000_000,
    minimum=0,
    help="Events in the generated store for the trend and corroboration figures (0: none).",
)
@path_option("--json", "json_out", metavar="FILE", help="Also write the figures as JSON.")
@guarded
def bench_ingest(articles: int, events: int, json_out: Path | None) -> None:
    """Measure the store: ingest rate against analysis rate (--jobs 1 and 2), database
    size, a trend query and corroboration over a generated store of a million events."""
    import json

    from ..bench.store import format_ingest, run_ingest_bench, to_json

    result = run_ingest_bench(articles=articles, events=events)
    click.echo(format_ingest(result))
    if json_out is not None:
        json_out.write_text(json.dumps(to_json(result), indent=2), encoding="utf-8")


@bench.command("scenarios")
@number_option("--events", default=1_000_000, minimum=1, help="Events in the generated store.")
@number_option("--runs", default=3, minimum=1, help="Replays timed (the best is kept).")
@path_option("--json", "json_out", metavar="FILE", help="Also write the figures as JSON.")
@guarded
def bench_scenarios(events: int, runs: int, json_out: Path | None) -> None:
    """Measure ledger replay: a pack of twenty indicators over a generated store of a
    million events (target: under 10 s)."""
    import json

    from ..scenarios.bench import format_scenarios, run_bench, to_json

    result = run_bench(events=events, runs=runs)
    click.echo(format_scenarios(result))
    if json_out is not None:
        json_out.write_text(json.dumps(to_json(result), indent=2), encoding="utf-8")


@bench.command("web")
@number_option(
    "--events", default=1_000_000, minimum=1, help="Events in the generated store (no --db)."
)
@path_option(
    "--db",
    metavar="PATH",
    help="Time this store; if PATH does not exist, the generated store is written there "
    "and kept for the next run.",
)
@number_option("--repeat", default=5, minimum=1, help="Timed requests of each page.")
@path_option("--json", "json_out", metavar="FILE", help="Also write the figures as JSON.")
@guarded
def bench_web(events: int, db: Path | None, repeat: int, json_out: Path | None) -> None:
    """Time the workbench's pages on the server (overview, explorer with and without
    filters, an article, the scenario list, a board, the exports' first byte) over a
    generated store of a million events (target: overview and explorer under 300 ms).

    Needs the web extra (pip install 'casus[web]')."""
    import json

    try:
        from ..web.bench import format_web, run_web_bench, to_json
    except ImportError:
        raise UsageError("casus bench web needs the web extra: pip install 'casus[web]'") from None

    result = run_web_bench(events=events, db=db, repeat=repeat)
    click.echo(format_web(result))
    if json_out is not None:
        json_out.write_text(json.dumps(to_json(result), indent=2), encoding="utf-8")


@click.group("dictionaries")
def dictionaries() -> None:
    """Bring your own dictionaries."""


@dictionaries.command("import-petrarch")
@click.argument("directory", type=click.Path(path_type=Path), metavar="DIR")
@path_option(
    "-o", "--out", metavar="DIR", help="Where to write casus lexicon files.", required=True
)
@guarded
def import_petrarch(directory: Path, out: Path) -> None:
    """Convert PETRARCH/Phoenix actor and agent dictionaries in DIR into casus lexicon
    files; use them with ``casus analyze --lexicon OUT``."""
    from ..dictionaries import petrarch

    click.echo(petrarch.convert_directory(directory, out).summary())


@dictionaries.command("import-petrarch-verbs")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
@path_option("-o", "--out", metavar="DIR", help="Directory for events.yaml.", required=True)
@guarded
def import_petrarch_verbs(file: Path, out: Path) -> None:
    """Convert PETRARCH's CAMEO verb dictionary (FILE) into a casus event pattern file;
    use it with ``casus analyze --events OUT/events.yaml`` (or eval gold, eval plover)."""
    from ..dictionaries import petrarch_verbs

    click.echo(petrarch_verbs.convert_verbs(file, out).summary())


@click.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@guarded
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    bash: eval "$(casus completion bash)" in ~/.bashrc; zsh: the same in ~/.zshrc;
    fish: casus completion fish > ~/.config/fish/completions/casus.fish
    """
    from click.shell_completion import get_completion_class

    from . import app

    cls = get_completion_class(shell)
    if cls is None:  # click knows the three shells offered above
        raise click.UsageError(f"no completion for {shell}")
    click.echo(cls(app, {}, "casus", "_CASUS_COMPLETE").source())

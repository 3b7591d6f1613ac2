"""``casus bench``, ``casus dictionaries`` and ``casus completion``."""

from __future__ import annotations

from pathlib import Path

import click

from .common import guarded, number_option, path_option

__all__ = ["bench", "completion", "dictionaries"]


@click.command("bench")
@number_option("--articles", default=300, minimum=1, help="Articles in the generated corpus.")
@number_option("--words", default=600, minimum=50, help="Words per generated article.")
@number_option(
    "--batch",
    "batch_articles",
    default=500,
    minimum=0,
    help="Articles in the --jobs 1 / --jobs 2 batch runs (0: no batch runs).",
)
@number_option(
    "--large",
    "large_batch",
    default=2000,
    minimum=0,
    help="Articles in the large batch that checks memory stays flat (0: none).",
)
@path_option("--json", "json_out", metavar="FILE", help="Also write the figures as JSON.")
@guarded
def bench(
    articles: int, words: int, batch_articles: int, large_batch: int, json_out: Path | None
) -> None:
    """Measure start-up, throughput (one core, and --jobs 1 against --jobs 2 on whole
    batches), CPU time and peak memory on a generated corpus."""
    from .. import bench as bench_module

    result = bench_module.run(
        articles=articles, words=words, batch_articles=batch_articles, large_batch=large_batch
    )
    click.echo(bench_module.format_result(result))
    if json_out is not None:
        json_out.write_text(bench_module.to_json(result), encoding="utf-8")


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

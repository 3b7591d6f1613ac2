"""``casus scenarios validate PACK...``: check scenario pack files, every problem with
its file and line."""

from __future__ import annotations

from pathlib import Path

import click

from .common import EXIT_INPUT, guarded, path_option, printable, say

__all__ = ["validate"]


@click.command("validate")
@click.argument("packs", nargs=-1, required=True, metavar="PACK...")
@path_option(
    "--lexicon",
    metavar="DIR",
    multiple=True,
    help="Extra actor lexicon directory (repeatable): its actor codes count as known.",
)
@guarded
def validate(packs: tuple[str, ...], lexicon: tuple[Path, ...]) -> None:
    """Check scenario packs: unknown keys, types, codes, actors, countries and places;
    probabilities out of range; priors that do not sum to 1. PACK is a pack file or the
    id of a bundled pack. Prints one 'file:line: error|warning: message' line per
    problem; exit code 0 when every pack is valid (warnings allowed), 2 otherwise."""
    from ..errors import PackError
    from ..scenarios.pack import read_pack

    invalid = 0
    for name in packs:
        try:
            pack, problems = read_pack(name, lexicons=lexicon)
        except PackError as exc:
            say(str(exc))
            invalid += 1
            continue
        for problem in problems:
            click.echo(printable(str(problem)))
        warnings = sum(problem.severity == "warning" for problem in problems)
        if pack is None:
            invalid += 1
            errors = len(problems) - warnings
            say(f"{name}: invalid: {_count(errors, 'error')}, {_count(warnings, 'warning')}")
        else:
            say(
                f"{name}: valid: {_count(len(pack.scenarios), 'scenario')}, "
                f"{_count(len(pack.indicators), 'indicator')}, {_count(warnings, 'warning')}"
            )
    if invalid:
        raise click.exceptions.Exit(EXIT_INPUT)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"

"""``casus scenarios draft ARTICLE``: a scenario pack skeleton from an article that lays
out scenarios (:mod:`casus.scenarios.draft`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from .common import guarded, path_option
from .output import Target

__all__ = ["draft"]


@click.command("draft")
@click.argument("article", type=click.Path(path_type=Path), metavar="ARTICLE")
@path_option("--out", "-o", metavar="FILE", help="Write the draft here (default: standard output).")
@guarded
def draft(article: Path, out: Path | None) -> None:
    """Draft a scenario pack from ARTICLE, an article that lays out scenarios.

    Numbered or headed scenario paragraphs ("First scenario: ...", "Scenario two", "1.")
    become scenarios; the future and hypothetical events casus codes in each become its
    indicators, with the sentence that names them. Priors are an equal split and every
    likelihood is left for you to set (marked "# set me"); the file says "draft: true"
    until you remove it."""
    from ..api import analyze
    from ..scenarios.draft import draft_pack, read_article, to_yaml

    target = Target(out)
    try:
        pack = draft_pack(analyze(read_article(article)))
        if not pack.scenarios:
            raise InputError(
                "no scenarios found (no numbered or headed scenario paragraphs)",
                where=str(article),
            )
        target.stream.write(to_yaml(pack))
        target.commit()
    except BaseException:
        target.discard()
        raise

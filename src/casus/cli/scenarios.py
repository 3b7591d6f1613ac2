"""``casus scenarios ...`` and ``casus alerts``: a thin layer over :mod:`casus.scenarios`.

The subcommands live in their own modules (pack files, the ledger, drafting) and are
added to the group here."""

from __future__ import annotations

import click

from .scenarios_draft import draft
from .scenarios_ledger import explain, history, resolve, run, whatif
from .scenarios_pack import validate

__all__ = ["scenarios"]


@click.group("scenarios")
def scenarios() -> None:
    """Scenario packs: validate them, draft one from an article, update their
    probabilities from the store's evidence, explain, show the history, score them."""


for _command in (validate, draft, run, explain, history, whatif, resolve):
    scenarios.add_command(_command)

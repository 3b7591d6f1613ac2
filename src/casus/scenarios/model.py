"""Scenario packs as records: mutually exclusive scenarios with priors over a horizon,
and indicators (event patterns with likelihoods under each scenario).

A pack is one readable YAML file (``src/casus/scenarios/packs/*.yaml``; see
:mod:`casus.scenarios.pack` for the format and its validation). These records are what
the loader returns and what the updating (:mod:`casus.scenarios.ledger`) reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["STATES_ORDER", "Indicator", "Pack", "Pattern", "Scenario"]

STATES_ORDER = ("single-source", "corroborated")
"""Corroboration states an indicator may require at least (contested and denied
clusters never satisfy a minimum)."""


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    prior: float
    """Probability at the start of the horizon; a pack's priors sum to 1."""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Pattern:
    """Which event clusters an indicator matches; every field given must hold."""

    types: tuple[str, ...] = ()
    """PLOVER types (any of them)."""
    cameo: tuple[str, ...] = ()
    """CAMEO codes or prefixes (``19`` matches 190-196; any of them)."""
    sources: tuple[str, ...] = ()
    """Actor codes of the source (any of them; ``*`` or empty: any)."""
    targets: tuple[str, ...] = ()
    either_way: bool = False
    """Also match with source and target swapped."""
    countries: tuple[str, ...] = ()
    """ISO alpha-2 codes of the event's place (any of them)."""
    places: tuple[str, ...] = ()
    """Place names (any of them, case-insensitive)."""
    factuality: tuple[str, ...] = ("asserted", "reported")
    """Factualities of the mentions that count; hypotheticals and predictions are never
    evidence that an event happened, and a pack cannot ask for them."""
    min_state: str | None = None
    """Least corroboration state: ``single-source`` or ``corroborated``."""


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    title: str
    pattern: Pattern
    likelihoods: dict[str, float]
    """Scenario id to the probability of seeing this indicator fire at least once in one
    ``period`` if that scenario is the true one."""
    period_days: int = 30
    tripwire: bool = False
    """Evidence that matches it raises an alert as soon as it is ingested."""
    line: int = 0
    """Line of the pack file where the indicator starts (for messages)."""
    note: str = ""
    """The analyst's reasoning: why the indicator matters and why these likelihoods."""
    evidence: str = ""
    """Where the indicator comes from: the words of the source that name this sign."""


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    title: str
    scenarios: tuple[Scenario, ...]
    indicators: tuple[Indicator, ...]
    start: date
    horizon: date
    """The date by which one scenario is expected to have come true."""
    description: str = ""
    source: str = ""
    """The file the pack was read from."""
    notes: tuple[str, ...] = field(default=())

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)

"""Scenarios: where a crisis is heading, and which evidence says so.

A pack (:mod:`.pack`) holds mutually exclusive scenarios with priors and indicators;
the ledger (:mod:`.ledger`) replays the store's event clusters in time order and updates
the scenarios' probabilities with each indicator's likelihood ratios, keeping every
update; :mod:`.draft` writes a pack skeleton from an article that lays out scenarios.
"""

from __future__ import annotations

from .model import Indicator, Pack, Pattern, Scenario

__all__ = ["Indicator", "Pack", "Pattern", "Scenario"]

"""Shared test helpers: where ../shared is, and the bundled samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = REPO / "samples" / "articles"
WHOSE_CAUCASUS = SHARED / "samples" / "whose-caucasus.txt"


def need_shared(path: Path) -> Path:
    """Skip the calling test cleanly when a file under ../shared is absent."""
    if not path.exists():
        pytest.skip(f"{path} not found (../shared is not beside the repository)")
    return path


# Property tests run the same examples on every machine: CI is a gate, not a lottery.
# Explore with HYPOTHESIS_PROFILE=explore (new random examples each run).
settings.register_profile("casus", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "casus"))

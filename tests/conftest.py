"""Shared test helpers: where ../shared is, and the bundled samples."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = REPO / "samples" / "articles"
WHOSE_CAUCASUS = SHARED / "samples" / "whose-caucasus.txt"


def need_shared(path: Path) -> Path:
    """Skip the calling test cleanly when a file under ../shared is absent."""
    if not path.exists():
        pytest.skip(f"{path} not found (../shared is not beside the repository)")
    return path

"""Load the bundled sample articles with their expectation sidecars."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casus.ingest import read_path
from casus.model import Article

from .conftest import SAMPLES

EXPECTED = SAMPLES.parent / "expected"


@dataclass(frozen=True)
class Sample:
    name: str
    article: Article
    expect: dict[str, Any]


def samples() -> Iterator[Sample]:
    for sidecar in sorted(EXPECTED.glob("*.expect.yaml")):
        stem = sidecar.name.removesuffix(".expect.yaml")
        source = next(SAMPLES.glob(stem + ".*"))
        expect = yaml.safe_load(sidecar.read_text("utf-8"))
        records = expect.get("records") or [expect]
        articles = [a for a in read_path(source) if isinstance(a, Article)]
        assert len(articles) == len(records), source
        for index, (article, record) in enumerate(zip(articles, records, strict=True)):
            name = stem if len(articles) == 1 else f"{stem}#{index}"
            yield Sample(name, article, record)


def sample_ids() -> list[str]:
    return [s.name for s in samples()]


def article_sources() -> list[Path]:
    return sorted(SAMPLES.iterdir())

"""Whole ``casus analyze DIR -f json -o FILE`` processes over a folder of articles: one
worker against two (the speed-up on two cores), and a small batch against a large one
(memory must stay flat, and CPU time per article constant, as the batch grows)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .measure import Measured, measure

__all__ = ["BatchRun", "run_batch"]


@dataclass(frozen=True)
class BatchRun:
    articles: int
    jobs: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.wall_s

    @property
    def cpu_ms_per_article(self) -> float:
        return 1000 * self.cpu_s / self.articles


def run_batch(
    folder: Path, articles: int, jobs: int, env: dict[str, str], *, repeat: int = 1
) -> BatchRun:
    """The best of ``repeat`` runs (the machine is shared: the fastest run is the one
    least disturbed)."""
    out = folder.parent / f"out-{folder.name}-{jobs}.jsonl"
    command = [
        sys.executable,
        "-m",
        "casus",
        "analyze",
        str(folder),
        "-f",
        "json",
        "-o",
        str(out),
        "-q",
        "--jobs",
        str(jobs),
    ]
    runs: list[Measured] = [measure(command, env=env) for _ in range(repeat)]
    best = min(runs, key=lambda run: run.wall_s)
    return BatchRun(articles, jobs, best.wall_s, best.cpu_s, max(r.peak_rss_mb for r in runs))

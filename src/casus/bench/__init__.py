"""``casus bench``: throughput, memory and start-up, measured, with their targets.

Three parts, each in fresh processes so no figure is flattered by a warm parent:

- one process, one core: articles per second for the whole analysis and per component
  (:mod:`.single`);
- start-up: a whole ``casus analyze`` process on one article, caches cold and warm;
- batches (:mod:`.batch`): whole ``casus analyze DIR`` processes with ``--jobs 1`` and
  ``--jobs 2`` (the speed-up on two cores), and a large batch against a small one
  (peak memory flat, CPU time per article constant).

Wall time and CPU time are both reported: the machines are shared and noisy, and CPU
time shows the work done whatever else the machine was doing.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .batch import BatchRun, run_batch, write_corpus
from .corpus import generate_corpus
from .measure import Measured
from .single import SingleResult, run_single, startup

__all__ = ["BenchResult", "format_result", "generate_corpus", "run", "to_json"]

TARGET_ARTICLES_PER_SECOND = 100.0
"""The whole analysis (events and claims included), one core."""
TARGET_STAGE_PER_SECOND = 150.0
"""Structure, artifacts, language, dates, actors, places and genre alone."""
EVENT_COMPONENTS = frozenset({"syntax", "events", "claims"})
TARGET_STARTUP_SECONDS = 1.0
"""A whole warm ``casus analyze`` process on one article."""
TARGET_SPEEDUP = 1.7
"""--jobs 2 against --jobs 1 on two cores."""
TARGET_BATCH_PEAK_MB = 400.0
"""Peak memory of the largest process of the large batch."""
FLAT_MEMORY_RATIO = 1.15
"""Peak memory of the large batch over the small one: flat means within 15 %."""


@dataclass
class BenchResult:
    words: int
    single: SingleResult
    startup_cold: Measured
    startup_warm: Measured
    batches: list[BatchRun] = field(default_factory=list)
    python: str = sys.version.split()[0]
    cores: int = 0


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(
    *, articles: int = 300, words: int = 600, batch_articles: int = 500, large_batch: int = 2000
) -> BenchResult:
    """Measure everything; ``batch_articles`` 0 skips the batch runs."""
    with tempfile.TemporaryDirectory(prefix="casus-bench-") as tmp:
        workdir = Path(tmp)
        env = {**os.environ, "CASUS_CACHE_DIR": str(workdir / "cache")}
        corpus = generate_corpus(max(articles, batch_articles, large_batch), words)
        sample = workdir / "sample.txt"
        sample.write_text(corpus[0], "utf-8")
        cold = startup(sample, env)
        warm = min((startup(sample, env) for _ in range(3)), key=lambda m: m.wall_s)
        single = run_single(corpus[:articles], workdir, env)
        result = BenchResult(words, single, cold, warm, cores=_cores())
        if batch_articles:
            small = write_corpus(corpus[:batch_articles], workdir / "small")
            result.batches.append(run_batch(small, batch_articles, 1, env, repeat=2))
            result.batches.append(run_batch(small, batch_articles, 2, env, repeat=2))
            if large_batch:
                large = write_corpus(corpus[:large_batch], workdir / "large")
                result.batches.append(run_batch(large, large_batch, 1, env))
    return result


def _mark(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def _single_lines(r: BenchResult) -> list[str]:
    s = r.single
    stage_ms = sum(v for k, v in s.components_ms.items() if k not in EVENT_COMPONENTS)
    other_ms = s.ms_per_article_mean - sum(s.components_ms.values())  # reading, freezing
    stage_rate = 1000.0 / (stage_ms + other_ms) if stage_ms + other_ms > 0 else 0.0
    return [
        f"one process: {s.articles} generated articles of ~{r.words} words "
        f"(Python {r.python}, {r.cores} cores)",
        f"  throughput     {s.articles_per_second:8.1f} articles/s whole analysis   "
        f"(target >= {TARGET_ARTICLES_PER_SECOND:.0f}: "
        f"{_mark(s.articles_per_second >= TARGET_ARTICLES_PER_SECOND)})",
        f"                 {stage_rate:8.1f} articles/s without events and claims "
        f"(target >= {TARGET_STAGE_PER_SECOND:.0f}: "
        f"{_mark(stage_rate >= TARGET_STAGE_PER_SECOND)})",
        f"  per article    {s.ms_per_article_mean:8.2f} ms mean, {s.ms_per_article_p95:.2f} ms p95",
        f"  peak memory    {s.peak_rss_mb:8.1f} MB RSS",
        "  per component (ms/article): "
        + ", ".join(f"{k} {v:.2f}" for k, v in s.components_ms.items()),
        f"start-up (casus analyze, one article): {r.startup_warm.wall_s:.2f} s wall, "
        f"{r.startup_warm.cpu_s:.2f} s CPU warm; {r.startup_cold.wall_s:.2f} s wall cold "
        f"(first run builds the caches) (target < {TARGET_STARTUP_SECONDS:.0f} s warm: "
        f"{_mark(r.startup_warm.wall_s < TARGET_STARTUP_SECONDS)})",
    ]


def _batch_lines(r: BenchResult) -> list[str]:
    if not r.batches:
        return []
    lines = ["batches (whole casus analyze DIR -f json -o FILE processes, best of runs):"]
    for b in r.batches:
        lines.append(
            f"  {b.articles:5d} articles --jobs {b.jobs}: {b.wall_s:6.2f} s wall "
            f"({b.articles_per_second:6.1f} articles/s), {b.cpu_s:6.2f} s CPU "
            f"({b.cpu_ms_per_article:5.2f} ms/article), peak {b.peak_rss_mb:6.1f} MB"
        )
    one, two = r.batches[0], r.batches[1]
    speedup = one.wall_s / two.wall_s
    lines.append(
        f"  speed-up --jobs 2: {speedup:.2f}x (target >= {TARGET_SPEEDUP}: "
        f"{_mark(speedup >= TARGET_SPEEDUP)})"
    )
    if len(r.batches) > 2:
        large = r.batches[2]
        ratio = large.peak_rss_mb / one.peak_rss_mb
        lines.append(
            f"  memory {one.articles} -> {large.articles} articles: "
            f"{one.peak_rss_mb:.0f} -> {large.peak_rss_mb:.0f} MB, x{ratio:.2f} "
            f"(flat: <= x{FLAT_MEMORY_RATIO}: {_mark(ratio <= FLAT_MEMORY_RATIO)}; "
            f"target < {TARGET_BATCH_PEAK_MB:.0f} MB: "
            f"{_mark(large.peak_rss_mb < TARGET_BATCH_PEAK_MB)})"
        )
        growth = large.cpu_ms_per_article / one.cpu_ms_per_article
        lines.append(
            f"  CPU per article {one.articles} -> {large.articles}: "
            f"{one.cpu_ms_per_article:.2f} -> {large.cpu_ms_per_article:.2f} ms, x{growth:.2f} "
            "(linear cost: about x1.0, start-up amortised)"
        )
    return lines


def format_result(r: BenchResult) -> str:
    return "\n".join(["casus bench", *_single_lines(r), *_batch_lines(r)])


def to_json(r: BenchResult) -> str:
    return json.dumps(asdict(r), indent=2)

"""``casus bench ingest``: the store, measured.

- **Ingest rate**: whole ``casus ingest DIR --db FILE`` processes over copies of the
  bench corpus, ``--jobs 1`` and ``--jobs 2``, against whole ``casus analyze DIR -f json
  -o FILE`` processes over the same folder: storing must keep at least
  :data:`TARGET_INGEST_SHARE` of the analysis rate per worker (articles per CPU second).
- **Size**: the database file per 1,000 articles.
- **Trend query** over a generated store of a million events
  (:func:`casus.store.synthetic.fill`): one ``casus trend`` query by week, best of
  several, under :data:`TARGET_TREND_MS`.
- **Corroboration**: clustering every event of that store from scratch
  (:func:`casus.store.corroborate.recluster`), under :data:`TARGET_CLUSTER_S`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .batch import BatchRun, run_batch
from .corpus import load_corpus, write_copies
from .measure import measure

__all__ = [
    "TARGET_CLUSTER_S",
    "TARGET_INGEST_SHARE",
    "TARGET_TREND_MS",
    "IngestBench",
    "format_ingest",
    "run_ingest_bench",
]

TARGET_INGEST_SHARE = 0.8
"""Ingest rate over analysis rate, per worker (CPU time)."""
TARGET_TREND_MS = 200.0
"""A dyad trend by week over a million events."""
TARGET_CLUSTER_S = 60.0
"""Clustering a million events from scratch."""


@dataclass(frozen=True)
class IngestBench:
    articles: int
    analyse: tuple[BatchRun, ...]
    """``casus analyze`` with --jobs 1 and 2."""
    ingest: tuple[BatchRun, ...]
    """``casus ingest`` with --jobs 1 and 2 (each into a new store)."""
    db_mb_per_1000: float
    events: int
    """Events in the generated store (0: not measured)."""
    fill_s: float
    trend_ms: float
    cluster_cpu_s: float
    cluster_wall_s: float

    def share(self, jobs: int) -> float:
        """Ingest rate over analysis rate per worker (CPU), for ``jobs`` processes."""
        analyse = next(run for run in self.analyse if run.jobs == jobs)
        ingest = next(run for run in self.ingest if run.jobs == jobs)
        return analyse.cpu_s / ingest.cpu_s


def _ingest_run(
    folder: Path, articles: int, jobs: int, env: dict[str, str]
) -> tuple[BatchRun, int]:
    db = folder.parent / f"bench-{jobs}.duckdb"
    command = [
        sys.executable, "-m", "casus", "ingest", str(folder), "--db", str(db), "-q",
        "--jobs", str(jobs),
    ]  # fmt: skip
    done = measure(command, env=env)
    run = BatchRun(articles, jobs, done.wall_s, done.cpu_s, done.peak_rss_mb)
    return run, db.stat().st_size


def _generated(events: int) -> tuple[float, float, float, float]:
    """(fill seconds, best trend ms, cluster CPU s, cluster wall s) on a generated store."""
    from ..store import Store
    from ..store.corroborate import recluster
    from ..store.query import Filters
    from ..store.synthetic import fill
    from ..store.trend import trend

    with tempfile.TemporaryDirectory(prefix="casus-bench-") as tmp:
        started = time.perf_counter()
        with Store.open(Path(tmp) / "big.duckdb", write=True) as store:
            fill(store, events=events)
            fill_s = time.perf_counter() - started
            cpu, wall = time.process_time(), time.perf_counter()
            with store.transaction():
                recluster(store)
            cluster_cpu, cluster_wall = time.process_time() - cpu, time.perf_counter() - wall
            best = float("inf")
            for _ in range(5):
                began = time.perf_counter()
                trend(store, Filters(dyad=("RUS", "UKR")), "week")
                best = min(best, time.perf_counter() - began)
    return fill_s, 1000 * best, cluster_cpu, cluster_wall


def run_ingest_bench(articles: int = 200, events: int = 1_000_000) -> IngestBench:
    """Every figure of ``casus bench ingest`` (``events=0``: no generated store)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    corpus = load_corpus()
    with tempfile.TemporaryDirectory(prefix="casus-bench-") as tmp:
        folder = write_copies(corpus.news, articles, Path(tmp) / "news")
        run_batch(folder, articles, 1, env)  # warm the caches
        analyse = tuple(run_batch(folder, articles, jobs, env) for jobs in (1, 2))
        runs = [_ingest_run(folder, articles, jobs, env) for jobs in (1, 2)]
    size = runs[0][1] / (1024 * 1024) * 1000 / articles
    generated = _generated(events) if events else (0.0, 0.0, 0.0, 0.0)
    return IngestBench(
        articles=articles,
        analyse=analyse,
        ingest=tuple(run for run, _ in runs),
        db_mb_per_1000=size,
        events=events,
        fill_s=generated[0],
        trend_ms=generated[1],
        cluster_cpu_s=generated[2],
        cluster_wall_s=generated[3],
    )


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def format_ingest(r: IngestBench) -> str:
    """The figures, with their targets."""
    lines = [f"casus bench ingest: {r.articles} news articles of about 600 words"]
    for jobs in (1, 2):
        analyse = next(run for run in r.analyse if run.jobs == jobs)
        ingest = next(run for run in r.ingest if run.jobs == jobs)
        share = r.share(jobs)
        lines.append(
            f"  --jobs {jobs}: analyze {analyse.cpu_ms_per_article:.1f} ms CPU/article "
            f"({analyse.wall_s:.2f} s wall), ingest {ingest.cpu_ms_per_article:.1f} ms "
            f"({ingest.wall_s:.2f} s wall, peak {ingest.peak_rss_mb:.0f} MB): "
            f"ingest keeps {share:.0%} of the analysis rate "
            f"[target >= {TARGET_INGEST_SHARE:.0%}: {_mark(share >= TARGET_INGEST_SHARE)}]"
        )
    lines.append(f"  database size: {r.db_mb_per_1000:.1f} MB per 1,000 articles")
    if r.events:
        lines.append(f"  generated store: {r.events:,} events in {r.fill_s:.1f} s")
        lines.append(
            f"  trend query (dyad, by week): {r.trend_ms:.0f} ms "
            f"[target < {TARGET_TREND_MS:.0f}: {_mark(r.trend_ms < TARGET_TREND_MS)}]"
        )
        lines.append(
            f"  corroboration from scratch: {r.cluster_cpu_s:.1f} s CPU, "
            f"{r.cluster_wall_s:.1f} s wall [target < {TARGET_CLUSTER_S:.0f} s: "
            f"{_mark(r.cluster_wall_s < TARGET_CLUSTER_S)}]"
        )
    return "\n".join(lines)


def to_json(r: IngestBench) -> dict[str, object]:
    return asdict(r)

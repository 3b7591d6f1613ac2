"""``casus bench``: throughput, linearity, start-up and memory, measured, with targets.

Every figure comes from a fresh process, so none is flattered by a warm parent, and
every process runs the pipeline :func:`casus.api.build_pipeline` builds (the one
``casus analyze`` runs: a component added to it is measured with the rest). The text is
the bundled corpus (:mod:`.corpus`): news reports of about 600 words and a long
feature, with diacritics, curly quotes, em dashes and a Cyrillic quotation.

- news, one core (:mod:`.single`): copies of the reports through the path of
  ``casus analyze DIR -f json`` (read the file, analyse, render JSON), CPU time per
  stage; articles per second per core is articles over CPU seconds;
- the long feature, on its own;
- linearity: one report repeated 1x, 10x and 100x in one article, time per KB at each
  size and the growth from one size to the next (x10 for x10 is linear);
- start-up: a whole ``casus analyze FILE`` process, from its start to its result, with
  the caches built by a first run (cold) and warm;
- batches (:mod:`.batch`): whole ``casus analyze DIR`` processes with ``--jobs 1`` and
  ``--jobs 2``, and a larger batch (memory flat, CPU time per article constant).

CPU time is the figure to trust on a shared machine; wall time is reported beside it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .batch import BatchRun, run_batch
from .corpus import BenchCorpus, load_corpus, repeated, write_copies
from .measure import Measured
from .single import Group, StageRun, run_stages, startup

__all__ = ["BenchOptions", "BenchResult", "format_result", "run", "to_json"]

TARGET_ARTICLES_PER_CORE = 50.0
"""600-word news, read, analysed and rendered as JSON: articles per CPU second."""
TARGET_PEAK_MB = 500.0
"""Peak memory of the largest process measured."""
TARGET_STARTUP_SECONDS = 1.0
"""A whole warm ``casus analyze FILE`` process, from its start to its result."""
TARGET_LINEAR = 1.25
"""Time per KB of the largest size of the sweep over that of the smallest."""
TARGET_SPEEDUP = 1.7
"""--jobs 2 against --jobs 1 on two cores."""
FLAT_MEMORY_RATIO = 1.15
"""Peak memory of the large batch over the small one: flat means within 15 %."""
SWEEP = (1, 10, 100)
"""Sizes of the linearity sweep: one report repeated this many times."""


@dataclass(frozen=True)
class BenchOptions:
    articles: int = 200
    """News articles analysed in the one-core run."""
    batch: int = 200
    """Articles in the --jobs 1 / --jobs 2 batches (0: no batch runs)."""
    large: int = 1000
    """Articles in the large batch (0: none)."""
    repeat: int = 2
    """Runs of each batch and warm start-up (the best is kept)."""
    cold: bool = True
    """Also time a first run that builds the caches."""

    @classmethod
    def quick(cls) -> BenchOptions:
        """Every figure but the large batch and the cold start, from fewer articles and
        one run of each."""
        return cls(articles=50, batch=100, large=0, repeat=1, cold=False)


@dataclass
class BenchResult:
    pipeline: list[str]
    news: StageRun
    long: StageRun
    news_peak_mb: float
    sweep: list[StageRun]
    sweep_peak_mb: float
    startup_warm: Measured
    startup_cold: Measured | None = None
    batches: list[BatchRun] = field(default_factory=list)
    python: str = sys.version.split()[0]
    cores: int = 0

    @property
    def linear_ratio(self) -> float:
        """Time per KB at the largest sweep size over that at the smallest (best passes)."""
        first, last = (_per_kb(run) for run in (self.sweep[0], self.sweep[-1]))
        return last / first if first else 0.0

    @property
    def peak_mb(self) -> float:
        """The largest process measured (the news run, the sweep, the batches)."""
        batches = [b.peak_rss_mb for b in self.batches]
        starts = [self.startup_warm.peak_rss_mb]
        return max([self.news_peak_mb, self.sweep_peak_mb, *batches, *starts])


def _per_kb(run: StageRun) -> float:
    """CPU milliseconds per KB of the best pass."""
    return 1000 * run.best_pass_s / run.pass_kilobytes if run.pass_kilobytes else 0.0


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def _one_core(
    corpus: BenchCorpus, options: BenchOptions, workdir: Path, env: dict[str, str]
) -> tuple[list[str], StageRun, StageRun, float, list[StageRun], float]:
    """(pipeline, news, long, its peak MB, sweep, its peak MB): the news and long runs
    in one process, the sweep in another."""
    bundled = [_write(workdir / "bundled", f"{i}.txt", t) for i, t in enumerate(corpus.all)]
    news = write_copies(corpus.news, options.articles, workdir / "news")
    groups = [
        Group("news", tuple(sorted(news.iterdir()))),
        Group("long", (bundled[-1],), repeat=5),
    ]
    (news_run, long_run), news_peak, pipeline = run_stages(
        groups, bundled, workdir, env, name="news"
    )
    sizes = [_write(workdir / "sweep", f"{n}x.txt", repeated(corpus.news[0], n)) for n in SWEEP]
    sweep_groups = [  # the best of several passes at each size (the machine is shared)
        Group(f"{n}x", (path,), repeat=max(2, 20 // n))
        for n, path in zip(SWEEP, sizes, strict=True)
    ]
    sweep, sweep_peak, _ = run_stages(sweep_groups, [sizes[0]], workdir, env, name="sweep")
    return pipeline, news_run, long_run, news_peak, sweep, sweep_peak


def run(options: BenchOptions | None = None) -> BenchResult:
    """Measure everything (see the module doc)."""
    options = options or BenchOptions()
    corpus = load_corpus()
    with tempfile.TemporaryDirectory(prefix="casus-bench-") as tmp:
        workdir = Path(tmp)
        env = {**os.environ, "CASUS_CACHE_DIR": str(workdir / "cache")}
        sample = _write(workdir / "startup", "sample.txt", corpus.news[0])
        cold = startup(sample, env) if options.cold else None
        warm = startup(sample, env, repeat=options.repeat + 1)
        pipeline, news, long, news_peak, sweep, sweep_peak = _one_core(
            corpus, options, workdir, env
        )
        result = BenchResult(
            pipeline, news, long, news_peak, sweep, sweep_peak, warm, cold, cores=_cores()
        )
        if options.batch:
            small = write_copies(corpus.news, options.batch, workdir / "small")
            for jobs in (1, 2):
                result.batches.append(
                    run_batch(small, options.batch, jobs, env, repeat=options.repeat)
                )
            if options.large:
                large = write_copies(corpus.news, options.large, workdir / "large")
                result.batches.append(run_batch(large, options.large, 1, env))
    return result


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _news_lines(r: BenchResult) -> list[str]:
    n, long = r.news, r.long
    rate = n.articles_per_cpu_second
    return [
        f"600-word news, one process: {n.articles} articles read, analysed and rendered "
        "as JSON (the path of casus analyze DIR -f json)",
        f"  throughput   {rate:7.1f} articles/s per core (CPU time)     "
        f"target >= {TARGET_ARTICLES_PER_CORE:.0f}: {_mark(rate >= TARGET_ARTICLES_PER_CORE)}",
        f"  per article  {n.cpu_ms_per_article:7.2f} ms CPU (p95 {n.cpu_ms_p95:.2f}), "
        f"{1000 * n.wall_s / n.articles:.2f} ms wall",
        "  per stage, ms CPU per article: "
        + ", ".join(f"{k} {v:.2f}" for k, v in n.stages_ms.items()),
        f"  peak memory  {r.news_peak_mb:7.1f} MB (the process's ru_maxrss)",
        f"long feature ({long.kilobytes / long.articles:.1f} KB): "
        f"{long.cpu_ms_per_article:.1f} ms CPU per article, {long.cpu_ms_per_kb:.2f} ms/KB "
        f"(news: {n.cpu_ms_per_kb:.2f} ms/KB)",
    ]


def _sweep_lines(r: BenchResult) -> list[str]:
    lines = [
        "linearity: one report repeated in one article (read, analyse and render, in one",
        "  process; the best of several passes at each size)",
        "  size        KB    CPU s   ms/KB   growth of time",
    ]
    previous: StageRun | None = None
    for run in r.sweep:
        growth = ""
        if previous is not None:
            ratio = run.best_pass_s / previous.best_pass_s
            scale = run.pass_kilobytes / previous.pass_kilobytes
            growth = f"x{ratio:.1f} for x{scale:.0f} the size"
        lines.append(
            f"  {run.label:>5} {run.pass_kilobytes:9.1f} {run.best_pass_s:8.3f} "
            f"{_per_kb(run):7.2f}   {growth}".rstrip()
        )
        previous = run
    ratio = r.linear_ratio
    lines.append(
        f"  time per KB, {r.sweep[-1].label} over {r.sweep[0].label}: x{ratio:.2f} "
        f"(linear: <= x{TARGET_LINEAR}: {_mark(ratio <= TARGET_LINEAR)}); "
        f"peak memory {r.sweep_peak_mb:.0f} MB"
    )
    return lines


def _startup_lines(r: BenchResult) -> list[str]:
    warm = r.startup_warm
    cold = (
        f"; {r.startup_cold.wall_s:.2f} s cold (the first run builds the caches)"
        if r.startup_cold
        else ""
    )
    ok = warm.wall_s < TARGET_STARTUP_SECONDS
    return [
        f"start-up, process start to first result (casus analyze FILE -f json): "
        f"{warm.wall_s:.2f} s wall, {warm.cpu_s:.2f} s CPU warm{cold}",
        f"  target < {TARGET_STARTUP_SECONDS:.0f} s warm: {_mark(ok)}",
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
        f"  speed-up --jobs 2: x{speedup:.2f} (target >= x{TARGET_SPEEDUP} on 2 idle cores: "
        f"{_mark(speedup >= TARGET_SPEEDUP)})"
    )
    if len(r.batches) > 2:
        large = r.batches[2]
        ratio = large.peak_rss_mb / one.peak_rss_mb
        growth = large.cpu_ms_per_article / one.cpu_ms_per_article
        lines.append(
            f"  {one.articles} -> {large.articles} articles: memory {one.peak_rss_mb:.0f} -> "
            f"{large.peak_rss_mb:.0f} MB, x{ratio:.2f} (flat: <= x{FLAT_MEMORY_RATIO}: "
            f"{_mark(ratio <= FLAT_MEMORY_RATIO)}); CPU per article x{growth:.2f}"
        )
    return lines


def format_result(r: BenchResult) -> str:
    peak = r.peak_mb
    return "\n".join(
        [
            f"casus bench (Python {r.python}, {r.cores} cores): {' > '.join(r.pipeline)}",
            *_news_lines(r),
            *_sweep_lines(r),
            *_startup_lines(r),
            *_batch_lines(r),
            f"peak memory, largest process measured: {peak:.0f} MB "
            f"(target < {TARGET_PEAK_MB:.0f} MB: {_mark(peak < TARGET_PEAK_MB)})",
        ]
    )


def to_json(r: BenchResult) -> str:
    data = asdict(r)
    data["linear_ratio"] = r.linear_ratio
    data["peak_mb"] = r.peak_mb
    return json.dumps(data, indent=2)

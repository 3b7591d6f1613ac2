"""One process, one core: throughput per component and start-up of a whole process.

Throughput and memory are measured in a fresh process (``python -m casus.bench
components``), so the figures are not flattered by a warm parent; start-up is the wall
and CPU time of a whole ``casus analyze`` process on one article, with the gazetteer
and lexicon caches cold and warm.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .measure import Measured, measure

__all__ = ["SingleResult", "components_worker", "run_single", "startup"]


@dataclass
class SingleResult:
    articles: int
    articles_per_second: float
    ms_per_article_mean: float
    ms_per_article_p95: float
    peak_rss_mb: float
    components_ms: dict[str, float] = field(default_factory=dict)


def components_worker(path: Path) -> dict[str, object]:
    """Inside the measuring process: analyse the corpus, time each component."""
    from ..api import default_pipeline
    from ..doc import Doc
    from ..ingest import read_plain

    texts = json.loads(path.read_text("utf-8"))
    pipeline = default_pipeline()
    pipeline(read_plain(texts[0], where="warm-up"))
    per_component = dict.fromkeys(pipeline.names, 0.0)
    durations = []
    for i, text in enumerate(texts):
        started = time.perf_counter()
        doc = Doc(read_plain(text, where=f"bench:{i}"))
        for component in pipeline.components:
            t0 = time.perf_counter()
            doc = component(doc)
            per_component[component.name] += time.perf_counter() - t0
        doc.to_analysis()
        durations.append(time.perf_counter() - started)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "durations": durations,
        "components_ms": {k: 1000 * v / len(texts) for k, v in per_component.items()},
        "peak_rss_mb": peak_kb / 1024,
    }


def run_single(corpus: list[str], workdir: Path, env: dict[str, str]) -> SingleResult:
    corpus_file = workdir / "corpus.json"
    corpus_file.write_text(json.dumps(corpus), "utf-8")
    command = [sys.executable, "-m", "casus.bench", "components", str(corpus_file)]
    out = measure(command, env=env, capture=True)
    data = json.loads(out.stdout)
    durations: list[float] = data["durations"]
    return SingleResult(
        articles=len(durations),
        articles_per_second=len(durations) / sum(durations),
        ms_per_article_mean=1000 * statistics.fmean(durations),
        ms_per_article_p95=1000 * sorted(durations)[int(0.95 * (len(durations) - 1))],
        peak_rss_mb=float(data["peak_rss_mb"]),
        components_ms={k: float(v) for k, v in data["components_ms"].items()},
    )


def startup(sample: Path, env: dict[str, str]) -> Measured:
    """A whole ``casus analyze`` process on one article."""
    command = [sys.executable, "-m", "casus", "analyze", str(sample), "--format", "json"]
    return measure(command, env=env)

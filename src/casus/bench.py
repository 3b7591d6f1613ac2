"""``casus bench``: start-up time, throughput on one core, peak memory.

The corpus is generated (deterministic, seeded) from sentence templates in the style of
conflict reporting, so the benchmark needs no data besides casus itself. Throughput and
memory are measured in a fresh worker process (one process = one core), so the figures
are not flattered by a warm parent; start-up is the wall time of a whole
``casus analyze`` process on one article, with the gazetteer cache cold and warm.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

__all__ = ["BenchResult", "format_result", "generate_corpus", "run", "to_json"]

TARGET_ARTICLES_PER_SECOND = 100.0
"""The whole analysis (events and claims included), one core."""
TARGET_STAGE_PER_SECOND = 150.0
"""Structure, artifacts, language, dates, actors, places and genre alone."""
EVENT_COMPONENTS = frozenset({"events", "claims"})
TARGET_STARTUP_SECONDS = 2.0
TARGET_PEAK_MB = 500.0

_ACTORS = [
    "Russia",
    "Azerbaijan",
    "Armenia",
    "Iran",
    "Turkey",
    "the Kremlin",
    "Baku",
    "Moscow",
    "Ankara",
    "Tehran",
    "Yerevan",
    "NATO",
    "the European Union",
    "President Ilham Aliyev",
    "Vladimir Putin",
    "Nikol Pashinyan",
    "the Russian Defence Ministry",
    "Azerbaijan's foreign ministry",
    "Kremlin spokesman Dmitry Peskov",
    "Armenian border guards",
    "the CSTO",
    "Georgian officials",
    "Ukraine",
    "Kyiv",
    "Washington",
]
_PLACES = [
    "Gyumri",
    "Khachmaz",
    "Dagestan",
    "Syunik",
    "Nakhchivan",
    "the Caspian Sea",
    "Aktau",
    "Derbent",
    "Tbilisi",
    "Rostov",
    "Karabakh",
    "Lachin",
    "Ganja",
    "Makhachkala",
    "Astara",
    "the Black Sea",
    "Shusha",
    "Goris",
    "Yekaterinburg",
    "Tabriz",
]
_DATES = [
    "on Monday",
    "on Tuesday",
    "last week",
    "on July 21",
    "in March",
    "yesterday",
    "on 14 June",
    "earlier this month",
    "in 2024",
    "on Friday",
]
_TEMPLATES = [
    "{a} said {d} that talks with {b} on the situation near {p} would continue.",
    "According to officials in {p}, {a} has moved additional units towards {q}.",
    "{a} and {b} held consultations in {p} {d}, a statement said.",
    "Media reported that {a} may restrict transit through {p} in the coming months.",
    "{a} denied reports that troops had been sent to {p}.",
    "If {a} decides to press ahead, {b} could respond near {q}, analysts warned.",
    "The meeting in {p} {d} ended without a joint declaration, diplomats said.",
    "{a} accused {b} of provoking tension along the border with {p}.",
    "Residents of {p} told reporters that the situation had been calm since {d_bare}.",
    "{a} will hold exercises in {p} next month, the ministry announced.",
    "Officials from {a} visited {p} and {q} to inspect the new checkpoints.",
    "There is no official confirmation that {a} plans to open a base in {p}.",
    "{a} welcomed the agreement signed {d} and called on {b} to implement it.",
    "Trade between {a} and {b} through {p} has fallen sharply, figures show.",
    "Experts believe {a} is unlikely to escalate the dispute over {p}.",
]


def generate_corpus(articles: int, words: int, *, seed: int = 7) -> list[str]:
    """``articles`` texts of about ``words`` words, with headers and paragraphs."""
    rng = random.Random(seed)
    corpus = []
    for n in range(articles):
        published = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        lines = [
            f"Title: Tensions around {rng.choice(_PLACES).removeprefix('the ')} (sample {n})",
            f"Date: {published.isoformat()}",
            "Source: casus bench generator",
            "",
        ]
        count = 0
        paragraph: list[str] = []
        while count < words:
            a, b = rng.sample(_ACTORS, 2)
            p, q = rng.sample(_PLACES, 2)
            d = rng.choice(_DATES)
            sentence = rng.choice(_TEMPLATES).format(
                a=a, b=b, p=p, q=q, d=d, d_bare=d.removeprefix("on ").removeprefix("in ")
            )
            sentence = sentence[0].upper() + sentence[1:]
            paragraph.append(sentence)
            count += len(sentence.split())
            if len(paragraph) == 3:
                lines += [" ".join(paragraph), ""]
                paragraph = []
        if paragraph:
            lines.append(" ".join(paragraph))
        corpus.append("\n".join(lines))
    return corpus


@dataclass
class BenchResult:
    articles: int
    words: int
    articles_per_second: float
    ms_per_article_mean: float
    ms_per_article_p95: float
    peak_rss_mb: float
    startup_cold_s: float
    startup_warm_s: float
    components_ms: dict[str, float] = field(default_factory=dict)
    python: str = sys.version.split()[0]


def _worker(path: Path) -> dict[str, object]:
    """Inside the worker process: analyse the corpus, time each component."""
    from .api import default_pipeline
    from .doc import Doc
    from .ingest import read_plain

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


def _startup(sample: Path, cache_dir: Path) -> float:
    env = {**os.environ, "CASUS_CACHE_DIR": str(cache_dir)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "casus", "analyze", str(sample), "--format", "json"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def run(*, articles: int = 300, words: int = 600) -> BenchResult:
    corpus = generate_corpus(articles, words)
    with tempfile.TemporaryDirectory(prefix="casus-bench-") as tmp:
        workdir = Path(tmp)
        corpus_file = workdir / "corpus.json"
        corpus_file.write_text(json.dumps(corpus), "utf-8")
        sample = workdir / "sample.txt"
        sample.write_text(corpus[0], "utf-8")
        cold_cache = workdir / "cache"
        cold = _startup(sample, cold_cache)
        warm = min(_startup(sample, cold_cache) for _ in range(3))
        out = subprocess.run(
            [sys.executable, "-m", "casus.bench", str(corpus_file)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "CASUS_CACHE_DIR": str(cold_cache)},
        )
    data = json.loads(out.stdout)
    durations: list[float] = data["durations"]
    return BenchResult(
        articles=articles,
        words=words,
        articles_per_second=len(durations) / sum(durations),
        ms_per_article_mean=1000 * statistics.fmean(durations),
        ms_per_article_p95=1000 * sorted(durations)[int(0.95 * (len(durations) - 1))],
        peak_rss_mb=float(data["peak_rss_mb"]),
        startup_cold_s=cold,
        startup_warm_s=warm,
        components_ms={k: float(v) for k, v in data["components_ms"].items()},
    )


def _mark(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def format_result(r: BenchResult) -> str:
    stage_ms = sum(v for k, v in r.components_ms.items() if k not in EVENT_COMPONENTS)
    other_ms = r.ms_per_article_mean - sum(r.components_ms.values())  # reading, freezing
    stage_rate = 1000.0 / (stage_ms + other_ms) if stage_ms + other_ms > 0 else 0.0
    lines = [
        f"casus bench: {r.articles} generated articles of ~{r.words} words, one process "
        f"(Python {r.python})",
        f"  throughput     {r.articles_per_second:8.1f} articles/s whole analysis   "
        f"(target >= {TARGET_ARTICLES_PER_SECOND:.0f}: "
        f"{_mark(r.articles_per_second >= TARGET_ARTICLES_PER_SECOND)})",
        f"                 {stage_rate:8.1f} articles/s without events and claims "
        f"(target >= {TARGET_STAGE_PER_SECOND:.0f}: "
        f"{_mark(stage_rate >= TARGET_STAGE_PER_SECOND)})",
        f"  per article    {r.ms_per_article_mean:8.2f} ms mean, {r.ms_per_article_p95:.2f} ms p95",
        f"  peak memory    {r.peak_rss_mb:8.1f} MB RSS  "
        f"(target < {TARGET_PEAK_MB:.0f}: {_mark(r.peak_rss_mb < TARGET_PEAK_MB)})",
        f"  start-up       {r.startup_warm_s:8.2f} s warm cache, {r.startup_cold_s:.2f} s cold "
        f"(first run builds the gazetteer cache; target < {TARGET_STARTUP_SECONDS:.0f} s warm: "
        f"{_mark(r.startup_warm_s < TARGET_STARTUP_SECONDS)})",
        "  per component (ms/article): "
        + ", ".join(f"{k} {v:.2f}" for k, v in r.components_ms.items()),
    ]
    return "\n".join(lines)


def to_json(r: BenchResult) -> str:
    return json.dumps(asdict(r), indent=2)


if __name__ == "__main__":  # the worker process
    print(json.dumps(_worker(Path(sys.argv[1]))))

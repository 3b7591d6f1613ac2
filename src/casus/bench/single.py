"""One process, one core: the path of ``casus analyze DIR -f json`` (read a file,
analyse, render JSON) timed stage by stage, and the start-up of a whole process.

The stages run in a fresh process (``python -m casus.bench stages PLAN``) so that the
figures are not flattered by a warm parent; the process reads every file once before
timing (the lexicons, the gazetteer and the language detectors are loaded then: that
is start-up, measured on its own). The pipeline is whatever :func:`casus.api.
build_pipeline` builds, the one ``casus analyze`` runs: a component added to it is
timed with the others.

CPU time (``time.process_time``) is the figure to trust on a shared machine; wall time
is reported beside it. Peak memory is the process's own ``ru_maxrss``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .measure import Measured, measure

__all__ = ["Group", "StageRun", "run_stages", "stages_worker", "startup"]


@dataclass(frozen=True)
class Group:
    """Files timed together under one label, each read ``repeat`` times."""

    label: str
    paths: tuple[Path, ...]
    repeat: int = 1


@dataclass
class StageRun:
    """One group's figures: totals, and CPU per article by stage."""

    label: str
    articles: int
    kilobytes: float
    cpu_s: float
    wall_s: float
    cpu_ms_p95: float
    passes: list[float] = field(default_factory=list)
    """CPU seconds of each pass over the group's files (``repeat`` passes)."""
    stages_ms: dict[str, float] = field(default_factory=dict)
    """CPU milliseconds per article: read (the file, and the Doc made of each
    article), each component, freeze (the Analysis), render (one JSON line)."""

    @property
    def articles_per_cpu_second(self) -> float:
        return self.articles / self.cpu_s if self.cpu_s else 0.0

    @property
    def cpu_ms_per_article(self) -> float:
        return 1000 * self.cpu_s / self.articles if self.articles else 0.0

    @property
    def cpu_ms_per_kb(self) -> float:
        return 1000 * self.cpu_s / self.kilobytes if self.kilobytes else 0.0

    @property
    def best_pass_s(self) -> float:
        """The least disturbed pass (the machine is shared): its CPU seconds."""
        return min(self.passes) if self.passes else self.cpu_s

    @property
    def pass_kilobytes(self) -> float:
        return self.kilobytes / max(len(self.passes), 1)


class _Clock:
    """CPU and wall time of named stages, summed."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall = 0.0

    def time(self, stage: str, work: Any, *args: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        result = work(*args)
        self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - cpu
        self.wall += time.perf_counter() - wall
        return result


def _analysed(pipeline: Any, article: Any, clock: _Clock) -> Any:
    """One article through every component of the pipeline, each timed."""
    from ..doc import Doc
    from ..render import to_json

    doc = clock.time("read", Doc, article)  # the Doc is part of reading the article
    for component in pipeline.components:
        doc = clock.time(component.name, component, doc)
        doc.done.update(component.assigns)
    analysis = clock.time("freeze", doc.to_analysis)
    return clock.time("render", lambda: to_json(analysis, indent=None))


def _run_group(pipeline: Any, group: dict[str, Any]) -> dict[str, Any]:
    from ..ingest import read_path
    from ..model import Article

    clock = _Clock()
    per_article: list[float] = []
    articles = 0
    size = 0
    passes: list[float] = []
    for _ in range(int(group["repeat"])):
        before_pass = sum(clock.cpu.values())
        for name in group["paths"]:
            path = Path(name)
            size += path.stat().st_size
            items = clock.time("read", lambda p=path: list(read_path(p)))
            for item in items:
                if not isinstance(item, Article):
                    raise RuntimeError(f"{path}: not analysed: {item}")
                before = sum(clock.cpu.values())
                _analysed(pipeline, item, clock)
                per_article.append(sum(clock.cpu.values()) - before)
                articles += 1
        passes.append(sum(clock.cpu.values()) - before_pass)
    return {
        "label": group["label"],
        "articles": articles,
        "kilobytes": size / 1024,
        "cpu_s": sum(clock.cpu.values()),
        "wall_s": clock.wall,
        "cpu_ms_p95": 1000 * _p95(per_article),
        "passes": passes,
        "stages_ms": {k: 1000 * v / max(articles, 1) for k, v in clock.cpu.items()},
    }


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))] if values else 0.0


def stages_worker(plan: dict[str, Any]) -> dict[str, Any]:
    """Inside the measuring process: analyse the plan's ``warm`` files once (loading
    what the pipeline loads on first use), then time each of its ``groups``
    (``{"label", "paths", "repeat"}``)."""
    from ..api import build_pipeline
    from ..ingest import read_path
    from ..model import Article
    from ..runners import settle

    pipeline = build_pipeline()
    settle(pipeline)  # as casus analyze does
    for name in plan["warm"]:
        for item in read_path(Path(name)):
            if isinstance(item, Article):
                _analysed(pipeline, item, _Clock())
    runs = [_run_group(pipeline, group) for group in plan["groups"]]
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"pipeline": list(pipeline.names), "runs": runs, "peak_rss_mb": peak_kb / 1024}


def run_stages(
    groups: list[Group], warm: list[Path], workdir: Path, env: dict[str, str], *, name: str
) -> tuple[list[StageRun], float, list[str]]:
    """(the figures of each group, the process's peak memory in MB, the pipeline's
    component names), measured in a fresh process warmed up on ``warm``."""
    plan = {
        "warm": [str(p) for p in warm],
        "groups": [
            {"label": g.label, "paths": [str(p) for p in g.paths], "repeat": g.repeat}
            for g in groups
        ],
    }
    plan_file = workdir / f"{name}.json"
    plan_file.write_text(json.dumps(plan), "utf-8")
    command = [sys.executable, "-m", "casus.bench", "stages", str(plan_file)]
    out = measure(command, env=env, capture=True)
    data = json.loads(out.stdout)
    runs = [StageRun(**run) for run in data["runs"]]
    return runs, float(data["peak_rss_mb"]), list(data["pipeline"])


def startup(sample: Path, env: dict[str, str], *, repeat: int = 1) -> Measured:
    """A whole ``casus analyze FILE -f json`` process: from its start to its result
    (the best of ``repeat`` runs: the machine is shared)."""
    out = sample.parent / "startup.json"
    command = [sys.executable, "-m", "casus", "analyze", str(sample), "-f", "json"]
    runs = [measure([*command, "-o", str(out)], env=env) for _ in range(repeat)]
    return min(runs, key=lambda run: run.wall_s)

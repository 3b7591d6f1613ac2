"""Pinned accuracy floors (``floors.toml``) and the gate that checks them in CI.

A key ``metric = x`` is a floor (the score must be at least x); ``max_metric = x`` is a
ceiling (at most x, for counts of mistakes such as trap hits)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console

from ..errors import EvaluationError, FloorError

__all__ = ["check", "load_floors", "run_all"]


def load_floors() -> dict[str, dict[str, Any]]:
    text = resources.files("casus.evaluation").joinpath("floors.toml").read_text("utf-8")
    return tomllib.loads(text)


def check(name: str, scores: dict[str, float]) -> list[str]:
    """Compare ``scores`` with the floors pinned for ``name``; raise when one is missed."""
    floors = load_floors().get(name)
    if floors is None:
        raise EvaluationError(f"no floors pinned for {name!r} in floors.toml")
    missed: list[str] = []
    passed: list[str] = []
    for key, bound in floors.items():
        if key == "data":
            continue
        ceiling = key.startswith("max_")  # "max_trap_hits = 0": an upper bound
        metric = key.removeprefix("max_")
        value = scores.get(metric, 0.0)
        ok = value <= float(bound) if ceiling else value >= float(bound)
        line = f"{metric} {value:.4f} {'<=' if ceiling else '>='} {float(bound):.4f}"
        (passed if ok else missed).append(line)
    if missed:
        raise FloorError(f"{name}: outside pinned bounds: " + "; ".join(missed))
    return passed


def _runner(name: str) -> Callable[[Path], tuple[dict[str, float], str]]:
    """The evaluation a floors.toml table names: ``geoparse:…``, ``plover:…``,
    ``gold:dev``/``gold:test``, ``samples:…``, ``petrarch:…``, ``parser:ewt``/``parser:news-dev``/
    ``parser:news-test`` -> (scores, printed report)."""
    kind, _, variant = name.partition(":")
    if kind not in {"geoparse", "plover", "gold", "samples", "parser", "petrarch"}:
        raise EvaluationError(f"unknown evaluation kind {kind!r} in floors.toml")
    from . import geoparse, gold, news_syntax, parser, petrarch, plover, samples

    news = variant.startswith("news-")
    evaluators: dict[str, Callable[[Path], Any]] = {
        "geoparse": geoparse.evaluate_file,
        "plover": plover.evaluate_file,
        "petrarch": petrarch.evaluate_file,
        "gold": lambda path: gold.evaluate_gold(path, variant),
        "samples": samples.evaluate_samples,
        "parser": lambda path: (
            news_syntax.evaluate_news(path, variant.removeprefix("news-"))
            if news
            else parser.evaluate_conllu(path)
        ),
    }
    reports: dict[str, Callable[[Any], str]] = {
        "geoparse": geoparse.format_scores,
        "plover": plover.format_scores,
        "petrarch": petrarch.format_scores,
        "gold": lambda scores: f"[{variant}] " + gold.format_scores(scores),
        "samples": samples.format_scores,
        "parser": news_syntax.format_scores if news else parser.format_scores,
    }
    evaluate, report = evaluators[kind], reports[kind]

    def run(path: Path) -> tuple[dict[str, float], str]:
        scores = evaluate(path)
        return scores.as_dict(), report(scores)

    return run


def _parser_problem() -> str | None:
    """Why the bundled parser model cannot be evaluated here, or None."""
    from . import parser

    return parser.model_problem()


def _data_path(spec: str, roots: dict[str, Path]) -> Path:
    """``shared:data/x.xml`` or ``repo:samples`` -> a path under that root."""
    root, _, relative = spec.partition(":")
    if root not in roots:
        raise EvaluationError(f"data {spec!r} must start with one of {', '.join(roots)}:")
    return roots[root] / relative


def run_all(shared: Path, repo: Path, console: Console) -> None:
    """Run every pinned evaluation whose data exists (under ``shared`` or ``repo``)."""
    failures: list[str] = []
    roots = {"shared": shared, "repo": repo}
    for name, floors in load_floors().items():
        data = _data_path(str(floors["data"]), roots)
        if not data.exists():
            console.print(f"{name}: {data} not found; skipped")
            continue
        if name.startswith("parser:") and (problem := _parser_problem()):
            console.print(f"{name}: {problem}; skipped")
            continue
        scores, report = _runner(name)(data)
        console.print(report, markup=False)
        try:
            for line in check(name, scores):
                console.print(f"  ok  {line}")
        except FloorError as exc:
            failures.append(str(exc))
            console.print(f"  FAIL {exc}")
    if failures:
        raise FloorError(f"{len(failures)} evaluation(s) outside pinned bounds")

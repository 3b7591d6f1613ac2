"""Pinned accuracy floors (``floors.toml``) and the gate that checks them in CI."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console

from ..errors import EvaluationError

__all__ = ["check", "load_floors", "run_all"]


def load_floors() -> dict[str, dict[str, Any]]:
    text = resources.files("casus.evaluation").joinpath("floors.toml").read_text("utf-8")
    return tomllib.loads(text)


def check(name: str, scores: dict[str, float]) -> list[str]:
    """Compare ``scores`` with the floors pinned for ``name``; raise when one is missed."""
    floors = load_floors().get(name)
    if floors is None:
        raise EvaluationError(f"no floors pinned for {name!r} in floors.toml")
    missed = [
        f"{metric} {scores.get(metric, 0.0):.4f} < floor {floor:.4f}"
        for metric, floor in floors.items()
        if metric != "data" and scores.get(metric, 0.0) < float(floor)
    ]
    if missed:
        raise EvaluationError(f"{name}: below pinned floors: " + "; ".join(missed))
    return [
        f"{metric} {scores.get(metric, 0.0):.4f} >= {floor}"
        for metric, floor in floors.items()
        if metric != "data"
    ]


def _runner(name: str) -> Callable[[Path], tuple[dict[str, float], str]]:
    kind = name.split(":", 1)[0]
    if kind == "geoparse":
        from . import geoparse

        def run(path: Path) -> tuple[dict[str, float], str]:
            scores = geoparse.evaluate_file(path)
            return scores.as_dict(), geoparse.format_scores(scores)

        return run
    raise EvaluationError(f"unknown evaluation kind {kind!r} in floors.toml")


def run_all(shared: Path, console: Console) -> None:
    """Run every pinned evaluation whose data exists under ``shared``."""
    if not shared.is_dir():
        console.print(f"eval floors: {shared} not found; evaluations skipped")
        return
    failures: list[str] = []
    for name, floors in load_floors().items():
        data = shared / str(floors["data"])
        if not data.exists():
            console.print(f"{name}: {data} not found; skipped")
            continue
        scores, report = _runner(name)(data)
        console.print(report)
        try:
            for line in check(name, scores):
                console.print(f"  ok  {line}")
        except EvaluationError as exc:
            failures.append(str(exc))
            console.print(f"  FAIL {exc}")
    if failures:
        raise EvaluationError(f"{len(failures)} evaluation(s) below pinned floors")

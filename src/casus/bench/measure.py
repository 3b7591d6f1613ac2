"""Measuring a whole command: wall time, CPU time (its processes and theirs) and the
peak memory of its largest process, as ``/usr/bin/time -v`` reports them.

Each command runs under a small measuring process (``python -m casus.bench measure``)
so that its resource usage is its own, not mixed with earlier runs.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

__all__ = ["Measured", "measure", "measure_here"]


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float
    """User plus system time of the command and every process it waited for."""
    peak_rss_mb: float
    """Peak resident memory of the command's largest process."""
    stdout: str = ""


def measure_here(command: list[str]) -> dict[str, float]:
    """Inside the measuring process: run ``command``, report its usage."""
    started = time.perf_counter()
    done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "returncode": float(done.returncode),
    }


def measure(command: list[str], *, env: dict[str, str], capture: bool = False) -> Measured:
    """Run ``command``; with ``capture`` its standard output is kept (and usage is
    read from this process's children instead of a measuring process)."""
    if capture:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, check=True, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return Measured(wall, cpu, after.ru_maxrss / 1024, done.stdout)
    wrapper = [sys.executable, "-m", "casus.bench", "measure", "--", *command]
    done = subprocess.run(wrapper, check=True, env=env, capture_output=True, text=True)
    data = json.loads(done.stdout)
    if data["returncode"]:
        raise RuntimeError(f"{' '.join(command)} exited with {int(data['returncode'])}")
    return Measured(data["wall_s"], data["cpu_s"], data["peak_rss_mb"])

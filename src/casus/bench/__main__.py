"""The benchmark's measuring processes: ``python -m casus.bench stages PLAN`` and
``python -m casus.bench measure -- COMMAND...`` (each prints one JSON object)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .measure import measure_here
from .single import stages_worker

if sys.argv[1:2] == ["stages"]:
    print(json.dumps(stages_worker(json.loads(Path(sys.argv[2]).read_text("utf-8")))))
elif sys.argv[1:3] == ["measure", "--"]:
    print(json.dumps(measure_here(sys.argv[3:])))
else:
    sys.exit("usage: python -m casus.bench stages PLAN | measure -- COMMAND...")

"""The benchmark's measuring processes: ``python -m casus.bench components CORPUS`` and
``python -m casus.bench measure -- COMMAND...`` (each prints one JSON object)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .measure import measure_here
from .single import components_worker

if sys.argv[1:2] == ["components"]:
    print(json.dumps(components_worker(Path(sys.argv[2]))))
elif sys.argv[1:3] == ["measure", "--"]:
    print(json.dumps(measure_here(sys.argv[3:])))
else:
    sys.exit("usage: python -m casus.bench components CORPUS | measure -- COMMAND...")

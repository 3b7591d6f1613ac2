"""What-if: how one hypothetical event would move a pack's probabilities, storing
nothing.

The event is written ``SOURCE TYPE TARGET [at PLACE]`` (``AZE ASSAULT RUS at Gyumri``):
actor codes, a PLOVER type or a CAMEO code, and optionally a place, resolved by the
gazetteer to its name and country (as the events' places are). It becomes a
one-row cluster that runs through the same matching query and the same weights as the
store's evidence, after the pack has been replayed over the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import UsageError
from ..ontology import Ontology, default_ontology
from ..store.db import Store
from .ledger import Step, replay
from .match import EVIDENCE_COLUMNS, SqlPart, match_sql, to_match
from .model import Pack
from .vocabulary import resolve_place
from .weights import Weights, default_weights

__all__ = ["Hypothesis", "WhatIf", "parse_event", "whatif"]

_EVENT = re.compile(r"^\s*(\S+)\s+(\S+)\s+(\S+)(?:\s+at\s+(.+?))?\s*$", re.IGNORECASE)
_STATES = ("single-source", "corroborated", "contested")


@dataclass(frozen=True, slots=True)
class Hypothesis:
    source: str
    type: str | None
    cameo: str | None
    target: str
    place: str | None = None
    on: date | None = None
    """Its date (default: the last evidence's, else the pack's start)."""
    state: str = "corroborated"
    independent: int = 2
    factuality: str = "asserted"
    country: str | None = None
    """ISO alpha-2 of the place, from the gazetteer."""


@dataclass(frozen=True)
class WhatIf:
    scenarios: tuple[str, ...]
    before: tuple[float, ...]
    after: tuple[float, ...]
    steps: tuple[Step, ...]
    """The updates the event would make (one per indicator it fires)."""


def _kind(word: str, ontology: Ontology) -> tuple[str | None, str | None]:
    """(PLOVER type, CAMEO code) of a type word or a CAMEO code."""
    if word.isdigit():
        code = ontology.cameo(word)  # DataError when unknown
        return code.plover_type, code.code
    name = word.upper()
    if name not in ontology.types:
        raise UsageError(f"{word!r} is neither a PLOVER type nor a CAMEO code")
    codes = [c.code for c in ontology.codes.values() if c.plover_type == name and not c.plover_mode]
    return name, min(codes, key=lambda code: (len(code), code)) if codes else None


def parse_event(
    text: str, *, on: date | None = None, state: str = "corroborated", independent: int = 2
) -> Hypothesis:
    """``SOURCE TYPE TARGET [at PLACE]`` as a hypothesis."""
    found = _EVENT.match(text)
    if not found:
        raise UsageError(f"expected 'SOURCE TYPE TARGET [at PLACE]', not {text!r}")
    if state not in _STATES:
        raise UsageError(f"--state must be one of {', '.join(_STATES)}, not {state!r}")
    if independent < 1:
        raise UsageError("--independent must be at least 1")
    source, word, target, place = found.groups()
    kind, cameo = _kind(word, default_ontology())
    country = None
    if place:
        place, country = resolve_place(place)
    return Hypothesis(
        source.upper(),
        kind,
        cameo,
        target.upper(),
        place,
        on,
        state,
        independent,
        country=country,
    )


def _relation(event: Hypothesis, on: date, weights: Weights) -> SqlPart:
    values: dict[str, Any] = {
        "id": "what-if", "at_date": on, "first_seq": 0, "type": event.type,
        "cameo": event.cameo, "source_code": event.source, "target_code": event.target,
        "symmetric": False, "country": event.country, "place_name": event.place,
        "state": event.state,
        "num_independent": event.independent, "asserted": event.factuality == "asserted",
        "reported": event.factuality == "reported", "reliability": weights.default_reliability,
    }  # fmt: skip
    select = ", ".join(f'?::{kind} AS "{name}"' for name, kind in EVIDENCE_COLUMNS)
    return SqlPart(f"SELECT {select}", [values[name] for name, _ in EVIDENCE_COLUMNS])


def whatif(store: Store, pack: Pack, event: Hypothesis, weights: Weights | None = None) -> WhatIf:
    """The pack's probabilities now and after ``event``, without writing to ``store``
    (the outlet is unknown: it takes the default reliability rating)."""
    weights = weights or default_weights()
    updater = replay(store, pack, weights)
    before = tuple(updater.result().probabilities)
    on = event.on or (updater.steps[-1].at if updater.steps else pack.start)
    query = match_sql(list(enumerate(pack.indicators)), weights, _relation(event, on, weights))
    rows = store.con.execute(query.sql, query.params).fetchall()
    steps = [step for row in rows if (step := updater.apply(to_match(row))) is not None]
    after = steps[-1].probabilities if steps else before
    return WhatIf(updater.ids, before, tuple(after), tuple(steps))

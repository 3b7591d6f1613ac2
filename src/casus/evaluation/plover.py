"""Event coding evaluation on PLOVER gold records (``PLOVER_GSR_CAMEO.txt``).

Each record is one sentence with one gold event: its type, the source and target
actors' CAMEO codes, and inline markup of the event words. casus analyses the sentence
as a one-sentence article (no publication date) and its events are compared:

* **type accuracy**: the event aligned with the gold one (the one whose evidence
  overlaps the marked event words most; else the first) has the gold type;
* **source / target accuracy**: that event's source (target) code is one of the gold
  codes, over the records that have gold sources (targets);
* **triples**: precision and recall of (source, type, target) over all events.

Records were coded against PLOVER 0.5b1: FIGHT, DEMAND, DISAPPROVE and INVESTIGATE are
today's ASSAULT, REQUEST and ACCUSE (investigate). Gold codes are CAMEO's: a few differ
from ISO 3166 (JAP, ITL, VTN), and IGO / NGO / IMG stand for any international,
non-governmental or militarised group, matched by casus's sector for them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import build_pipeline
from ..doc import Doc
from ..errors import EvaluationError
from ..model import Article, Event, Origin

__all__ = ["PloverScores", "evaluate_file", "format_scores", "read_records"]

RENAMED = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# Generic CAMEO codes -> the casus sectors that satisfy them.
GENERIC = {"IGO": {"IGO"}, "NGO": {"NGO"}, "IMG": {"REB"}, "ISM": {"REB"}}
_EVT_RE = re.compile(r"\(EVT:\s*([^)]+)\)")


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    text: str
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    event_words: tuple[str, ...]


@dataclass
class PloverScores:
    records: int = 0
    covered: int = 0
    type_right: int = 0
    with_source: int = 0
    source_right: int = 0
    with_target: int = 0
    target_right: int = 0
    gold_triples: int = 0
    gold_triples_found: int = 0
    predicted_triples: int = 0
    predicted_triples_right: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        return {
            "coverage": _ratio(self.covered, self.records),
            "type_accuracy": _ratio(self.type_right, self.records),
            "source_accuracy": _ratio(self.source_right, self.with_source),
            "target_accuracy": _ratio(self.target_right, self.with_target),
            "triple_precision": _ratio(self.predicted_triples_right, self.predicted_triples),
            "triple_recall": _ratio(self.gold_triples_found, self.gold_triples),
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _codes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    codes = (CAMEO_TO_ISO.get(str(a.get("code")), str(a.get("code"))) for a in value)
    return tuple(c for c in codes if c and c != "None")


def read_records(path: Path) -> list[Record]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"cannot read PLOVER records: {exc}", where=str(path)) from None
    if not isinstance(data, list):
        raise EvaluationError("expected a JSON array of records", where=str(path))
    records = []
    for item in data:
        if not isinstance(item, dict) or not item.get("text") or item.get("event") == "DOCUMENT":
            continue
        info = item.get("textInfo")
        markup = str(info.get("markup", "")) if isinstance(info, dict) else str(info or "")
        records.append(
            Record(
                id=str(item.get("id")),
                text=str(item["text"]),
                type=RENAMED.get(str(item["event"]), str(item["event"])),
                sources=_codes(item.get("source")),
                targets=_codes(item.get("target")),
                event_words=tuple(w.strip() for w in _EVT_RE.findall(markup)),
            )
        )
    if not records:
        raise EvaluationError("no PLOVER records with text", where=str(path))
    return records


def _code_matches(predicted: str | None, sector: str | None, gold: Iterable[str]) -> bool:
    for code in gold:
        if code in GENERIC:
            if sector in GENERIC[code]:
                return True
        elif predicted == code:
            return True
    return False


def _plover_type(event: Event) -> str:
    """The event's type in PLOVER's convention: an announced or conditional act counts
    as its speech act (AGREE / THREATEN / REQUEST), as the PLOVER manual codes it."""
    return event.speech_act.type if event.speech_act is not None else event.type


def _aligned(events: list[Event], record: Record) -> Event | None:
    if not events:
        return None
    spans = []
    for words in record.event_words[:1]:  # the first marked words name the main event
        start = record.text.find(words)
        if start >= 0:
            spans.append((start, start + len(words)))

    def overlap(event: Event) -> int:
        e = event.evidence
        return sum(max(0, min(e.end, b) - max(e.start, a)) for a, b in spans)

    best = max(events, key=overlap)
    return best if overlap(best) > 0 else events[0]


Triple = tuple[str | None, str | None, str, str | None, str | None]
"""(source code, source sector, type, target code, target sector)."""


def _predicted_triples(events: list[Event]) -> set[Triple]:
    found: set[Triple] = set()
    for event in events:
        act = event.speech_act
        source = act.source if act is not None else event.source
        target = act.target if act is not None else event.target
        found.add(
            (
                source.code if source else None,
                source.sector if source else None,
                _plover_type(event),
                target.code if target else None,
                target.sector if target else None,
            )
        )
    return found


def _triple_matches(triple: Triple, gold: tuple[str, str, str]) -> bool:
    source, source_sector, kind, target, target_sector = triple
    g_source, g_type, g_target = gold
    return (
        kind == g_type
        and (not g_source or _code_matches(source, source_sector, [g_source]))
        and (not g_target or _code_matches(target, target_sector, [g_target]))
    )


def _score_triples(events: list[Event], record: Record, scores: PloverScores) -> None:
    gold = [(s, record.type, t) for s in record.sources or ("",) for t in record.targets or ("",)]
    predicted = _predicted_triples(events)
    scores.gold_triples += len(gold)
    scores.predicted_triples += len(predicted)
    scores.predicted_triples_right += sum(
        1 for p in predicted if any(_triple_matches(p, g) for g in gold)
    )
    scores.gold_triples_found += sum(
        1 for g in gold if any(_triple_matches(p, g) for p in predicted)
    )


def _score(record: Record, events: list[Event], scores: PloverScores) -> None:
    scores.records += 1
    tally = scores.by_type.setdefault(record.type, [0, 0])
    tally[1] += 1
    event = _aligned(events, record)
    if event is not None:
        scores.covered += 1
    if event is not None and _plover_type(event) == record.type:
        scores.type_right += 1
        tally[0] += 1
    elif len(scores.misses) < 500:
        got = f"{_plover_type(event)} {event.rule}" if event else "no event"
        scores.misses.append(f"{record.id}: want {record.type}, got {got}: {record.text[:120]}")
    if record.sources:
        scores.with_source += 1
        if event is not None and event.source is not None:
            scores.source_right += _code_matches(
                event.source.code, event.source.sector, record.sources
            )
    if record.targets:
        scores.with_target += 1
        if event is not None and event.target is not None:
            scores.target_right += _code_matches(
                event.target.code, event.target.sector, record.targets
            )
    _score_triples(events, record, scores)


def evaluate_file(path: Path, *, events: Path | None = None) -> PloverScores:
    """Score the records of ``path`` (with another event pattern file: ``events``)."""
    records = read_records(path)
    pipeline = build_pipeline(events=events)
    scores = PloverScores()
    for record in records:
        doc = pipeline.run(Doc(Article(text=record.text, origin=Origin(record.id))))
        _score(record, doc.events, scores)
    return scores


def format_scores(scores: PloverScores, *, misses: int = 0) -> str:
    d = scores.as_dict()
    lines = [
        f"plover: {scores.records} gold records, casus coded an event in {scores.covered}",
        f"  event type accuracy      {d['type_accuracy']:.3f}   (coverage {d['coverage']:.3f})",
        f"  source code accuracy     {d['source_accuracy']:.3f}   ({scores.with_source} records)",
        f"  target code accuracy     {d['target_accuracy']:.3f}   ({scores.with_target} records)",
        f"  (source, type, target)   precision {d['triple_precision']:.3f}  "
        f"recall {d['triple_recall']:.3f}",
        "  by type (right/total): "
        + ", ".join(f"{t} {r}/{n}" for t, (r, n) in sorted(scores.by_type.items())),
    ]
    lines += [f"  miss: {m}" for m in scores.misses[:misses]]
    return "\n".join(lines)

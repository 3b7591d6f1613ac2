"""Event coding evaluation on PLOVER gold records (``PLOVER_GSR_CAMEO.txt``).

Each record is one sentence with one gold event: its type, the source and target
actors' CAMEO codes, and inline markup of the event words. casus analyses the sentence
as a one-sentence article (no publication date) and its events are compared.

**Triples** (the headline). A predicted event matches the record's gold event when

* its evidence overlaps the marked event words (from the first to the last ``EVT``
  marking; the whole sentence when none is found in the text);
* its type in PLOVER's convention (an announced or conditional act counts as its speech
  act, as the PLOVER manual codes it) is the gold type, or its CAMEO root is the root of
  the record's ``cameo`` code where a record gives one (the GSR file gives none today);
* its source and target (the speech act's parties for such a reading) fill one of the
  gold event's dyads (:mod:`casus.evaluation.matching`): every (source, target) pair of
  the gold lists, or, for actors marked ``SRC/TAR`` (CAMEO's reciprocal markup: "Jordan
  and Britain agreed ..."), every unordered pair of them. A gold side with no code
  constrains nothing (the records code only the actors CAMEO's dictionaries knew); a
  ``symmetric`` prediction fills a directed dyad either way round.

Matching is one-to-one at the level of dyads, as in ``casus eval gold``: precision =
matched predictions / all predictions, recall = records whose event was found / records.

**Secondary**: *type accuracy* (the event aligned with the gold one, the one whose
evidence overlaps the first marked event words most, else the first, has the gold type)
and *source / target accuracy* (that event's source / target code is one of the gold
codes, over the records that have gold sources / targets).

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
from ..model import ActorRef, Article, Event, Origin
from .matching import fits, gold_dyads, match

__all__ = ["PloverScores", "evaluate_file", "format_scores", "read_records"]

RENAMED = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# Generic CAMEO codes -> the casus sectors that satisfy them.
GENERIC = {"IGO": {"IGO"}, "NGO": {"NGO"}, "IMG": {"REB"}, "ISM": {"REB"}}
_EVT_RE = re.compile(r"\(EVT:\s*([^)]+)\)")
_RECIPROCAL_RE = re.compile(r"\((?:SRC/TAR|TAR/SRC):")


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    text: str
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    event_words: tuple[str, ...]
    reciprocal: bool = False
    """Actors marked SRC/TAR: each acts with the others."""
    cameo: str | None = None

    def span(self) -> tuple[int, int]:
        """From the first to the last marked event words found in the text."""
        found = [
            (start, start + len(words))
            for words in self.event_words
            if (start := self.text.find(words)) >= 0
        ]
        if not found:
            return 0, len(self.text)
        return min(a for a, _ in found), max(b for _, b in found)


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
    further_dyads: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        """Scores by name: ``triple_*`` (the headline), then the aligned event's
        ``type_accuracy``, ``source_accuracy``, ``target_accuracy`` and ``coverage``."""
        precision = _ratio(self.predicted_triples_right, self.predicted_triples)
        recall = _ratio(self.gold_triples_found, self.gold_triples)
        total = precision + recall
        return {
            "triple_precision": precision,
            "triple_recall": recall,
            "triple_f1": round(2 * precision * recall / total, 4) if total else 0.0,
            "coverage": _ratio(self.covered, self.records),
            "type_accuracy": _ratio(self.type_right, self.records),
            "source_accuracy": _ratio(self.source_right, self.with_source),
            "target_accuracy": _ratio(self.target_right, self.with_target),
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
                reciprocal=bool(_RECIPROCAL_RE.search(markup)),
                cameo=str(item["cameo"]) if item.get("cameo") else None,
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


def _same_party(party: ActorRef | None, code: str) -> bool:
    """A gold side with no code constrains nothing; else casus's code (or, for IGO /
    NGO / IMG, its sector) must agree."""
    if not code:
        return True
    return party is not None and _code_matches(party.code, party.sector, [code])


def _type_agrees(event: Event, record: Record) -> bool:
    if _plover_type(event) == record.type:
        return True
    cameo = event.speech_act.cameo if event.speech_act is not None else event.cameo
    return record.cameo is not None and cameo[:2] == record.cameo[:2]


def _score_triples(events: list[Event], record: Record, scores: PloverScores) -> None:
    dyads = gold_dyads(record.sources, record.targets, record.reciprocal)
    start, end = record.span()
    edges = []
    for p, event in enumerate(events):
        if not (event.evidence.start < end and start < event.evidence.end):
            continue
        if not _type_agrees(event, record):
            continue
        act = event.speech_act
        source = act.source if act is not None else event.source
        target = act.target if act is not None else event.target
        symmetric = event.symmetric and (source, target) == (event.source, event.target)
        edges += [
            (p, 0, d)
            for d, dyad in enumerate(dyads)
            if fits(source, target, symmetric, dyad, _same_party)
        ]
    matching = match(edges)
    scores.gold_triples += 1
    scores.predicted_triples += len(events)
    scores.gold_triples_found += len(matching.found)
    scores.predicted_triples_right += len(matching.pairs)
    scores.further_dyads += matching.further


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
    further = f", {scores.further_dyads} as a further pair" if scores.further_dyads else ""
    lines = [
        f"plover: {scores.records} gold records, casus coded an event in {scores.covered}",
        f"  triples (source, type, target)  precision {d['triple_precision']:.3f} "
        f"({scores.predicted_triples_right}/{scores.predicted_triples}{further})  "
        f"recall {d['triple_recall']:.3f} "
        f"({scores.gold_triples_found}/{scores.gold_triples})  F1 {d['triple_f1']:.3f}",
        f"  event type accuracy      {d['type_accuracy']:.3f}   (coverage {d['coverage']:.3f})",
        f"  source code accuracy     {d['source_accuracy']:.3f}   ({scores.with_source} records)",
        f"  target code accuracy     {d['target_accuracy']:.3f}   ({scores.with_target} records)",
        "  by type (right/total): "
        + ", ".join(f"{t} {r}/{n}" for t, (r, n) in sorted(scores.by_type.items())),
    ]
    lines += [f"  miss: {m}" for m in scores.misses[:misses]]
    return "\n".join(lines)

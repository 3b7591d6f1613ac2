"""Event coding evaluation on casus's own gold set: ``samples/gold/*.events.yaml``.

Every codable event of an annotated article is listed with its evidence (an exact
substring), type, source and target codes, location, date, factuality and attribution;
``not_events`` lists traps (pasted headlines, captions, bare statements) that must not
produce events. See ``samples/gold/README.md`` for the guidelines.

A predicted event *matches* a gold event when their evidence spans overlap and the types
agree (the gold's ``alt_type``, where the annotator found a second reading defensible,
counts too; likewise ``alt_factuality``). Codes of the UN system (UNSC, UNHCR, MONUSCO,
IOM ...) count as UN, the annotation guidelines' convention.

The set is split by article number: **dev** (01-11), which casus's developers may study
when they improve the coder, and **test** (12-22), which they do not; both are reported
and pinned. Scores:

* event precision and recall (matching), and F1;
* (source, type, target) triple precision and recall, with joint/reciprocal events and
  coordinated actors expanded to every pair;
* on matched events: factuality accuracy, attribution accuracy, and location and date
  accuracy where the gold gives them;
* trap hits: predicted events overlapping a ``not_events`` span (should be none).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import analyze_doc, build_pipeline
from ..errors import EvaluationError
from ..model import Article, Event
from .samples import iter_annotated

__all__ = ["GoldScores", "evaluate_gold", "format_scores"]


SPLITS = {"dev": range(1, 12), "test": range(12, 23)}
UN_SYSTEM = frozenset(
    "UNSC UNHCR UNICEF WFP WHO IOM UNIFIL MONUSCO IAEA ICAO UNRWA UNDP UNESCO OCHA "
    "UNHRC UNMISS UNAMA UNFPA FAO ILO".split()
)


def _norm(code: str | None) -> str:
    return "UN" if code in UN_SYSTEM else (code or "")


@dataclass(frozen=True, slots=True)
class GoldEvent:
    start: int
    end: int
    type: str
    alt_type: str | None
    alt_factuality: str | None
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    factuality: str
    attribution: str
    location_country: str | None
    location_name: str | None
    date: str | None
    trigger: str = ""


@dataclass
class GoldScores:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    gold_found: int = 0
    predicted_right: int = 0
    gold_triples: int = 0
    gold_triples_found: int = 0
    predicted_triples: int = 0
    predicted_triples_right: int = 0
    matched: int = 0
    factuality_right: int = 0
    attribution_right: int = 0
    with_location: int = 0
    location_right: int = 0
    with_date: int = 0
    date_right: int = 0
    trap_hits: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        precision = _ratio(self.predicted_right, self.predicted)
        recall = _ratio(self.gold_found, self.gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": precision,
            "recall": recall,
            "f1": round(f1, 4),
            "triple_precision": _ratio(self.predicted_triples_right, self.predicted_triples),
            "triple_recall": _ratio(self.gold_triples_found, self.gold_triples),
            "factuality": _ratio(self.factuality_right, self.matched),
            "attribution": _ratio(self.attribution_right, self.matched),
            "location": _ratio(self.location_right, self.with_location),
            "date": _ratio(self.date_right, self.with_date),
            "trap_hits": float(self.trap_hits),
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _codes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(str(v) for v in value or () if v)


def _gold_event(text: str, item: dict[str, Any], where: str) -> GoldEvent:
    evidence = str(item.get("evidence") or "")
    start = text.find(evidence)
    if not evidence or start < 0:
        raise EvaluationError(f"evidence not found in the article: {evidence[:60]!r}", where=where)
    location = item.get("location") or {}
    date = item.get("date") or {}
    return GoldEvent(
        start=start,
        end=start + len(evidence),
        type=str(item.get("type")),
        alt_type=str(item["alt_type"]) if item.get("alt_type") else None,
        alt_factuality=str(item["alt_factuality"]) if item.get("alt_factuality") else None,
        sources=_codes(item.get("source")),
        targets=_codes(item.get("target")),
        factuality=str(item.get("factuality") or "asserted"),
        attribution=str(item.get("attribution") or "author"),
        location_country=location.get("country") if isinstance(location, dict) else None,
        location_name=location.get("name") if isinstance(location, dict) else None,
        date=str(date.get("value")) if isinstance(date, dict) and date.get("value") else None,
        trigger=str(item.get("trigger") or evidence)[:70],
    )


def _annotated(root: Path, split: str) -> list[tuple[str, Article, dict[str, Any]]]:
    def in_split(stem: str) -> bool:
        number = int(stem[:2]) if stem[:2].isdigit() else 0
        return split == "all" or number in SPLITS[split]

    found = list(iter_annotated(root, "gold", ".events.yaml", in_split))
    if not found:
        raise EvaluationError("no *.events.yaml files", where=str(root / "gold"))
    return found


def _overlap(event: Event, gold: GoldEvent) -> bool:
    return event.evidence.start < gold.end and gold.start < event.evidence.end


def _same(event: Event, gold: GoldEvent) -> bool:
    """Overlapping evidence and the same type: the event's own, or its PLOVER speech-act
    reading (an announced, demanded or refused act), as in ``casus eval plover``."""
    types = {event.type} | ({event.speech_act.type} if event.speech_act else set())
    return _overlap(event, gold) and bool(types & {gold.type, gold.alt_type})


def _triples(gold: GoldEvent) -> set[tuple[str, str, str]]:
    sources = [_norm(s) for s in gold.sources] or [""]
    targets = [_norm(t) for t in gold.targets] or [""]
    return {(s, gold.type, t) for s in sources for t in targets if s != t or not s}


def _score_matches(events: list[Event], golds: list[GoldEvent], scores: GoldScores) -> None:
    for gold in golds:
        matches = [e for e in events if _same(e, gold)]
        if not matches:
            continue
        scores.gold_found += 1
        event = matches[0]
        scores.matched += 1
        scores.factuality_right += event.factuality in (gold.factuality, gold.alt_factuality)
        scores.confusion[(gold.factuality, event.factuality)] += 1
        kind = event.attribution.kind if event.attribution else "author"
        scores.attribution_right += kind == gold.attribution
        if gold.location_country or gold.location_name:
            scores.with_location += 1
            scores.location_right += event.location is not None and (
                event.location.country == gold.location_country
            )
        if gold.date:
            scores.with_date += 1
            scores.date_right += event.date is not None and event.date.value == gold.date
    for event in events:
        if any(_same(event, g) for g in golds):
            scores.predicted_right += 1


def _score_triples(events: list[Event], golds: list[GoldEvent], scores: GoldScores) -> None:
    gold = set().union(*(_triples(g) for g in golds)) if golds else set()
    predicted = {
        (
            _norm(e.source.code if e.source else None),
            e.type,
            _norm(e.target.code if e.target else None),
        )
        for e in events
    }
    scores.gold_triples += len(gold)
    scores.predicted_triples += len(predicted)
    scores.gold_triples_found += len(gold & predicted)
    scores.predicted_triples_right += len(predicted & gold)


def evaluate_gold(root: Path, split: str = "all", *, events: Path | None = None) -> GoldScores:
    """Score the articles of ``split`` ("all", "dev" or "test"), with the bundled event
    patterns or those of the file ``events``."""
    if split != "all" and split not in SPLITS:
        raise EvaluationError(f"unknown split {split!r}: all, dev or test")
    pipeline = build_pipeline(events=events)
    scores = GoldScores()
    for name, article, record in _annotated(root, split):
        doc = analyze_doc(article, pipeline=pipeline)
        golds = [_gold_event(doc.text, item, name) for item in record.get("events") or []]
        scores.articles += 1
        scores.gold += len(golds)
        scores.predicted += len(doc.events)
        _score_matches(doc.events, golds, scores)
        _score_triples(doc.events, golds, scores)
        for trap in record.get("not_events") or []:
            start = doc.text.find(str(trap.get("evidence") or "\0"))
            end = start + len(str(trap.get("evidence") or ""))
            hits = [
                e
                for e in doc.events
                if start >= 0 and e.evidence.start < end and start < e.evidence.end
            ]
            scores.trap_hits += len(hits)
        _record_misses(name, doc.events, golds, scores)
    return scores


def _record_misses(
    name: str, events: list[Event], golds: list[GoldEvent], scores: GoldScores
) -> None:
    for gold in golds:
        if not any(_same(e, gold) for e in events):
            scores.misses.append(
                f"{name}: missed {gold.type} {gold.sources}->{gold.targets} {gold.trigger!r}"
            )
    for event in events:
        if not any(_same(event, g) for g in golds):
            scores.misses.append(
                f"{name}: extra {event.type} {event.evidence.text[:70]!r} ({event.rule})"
            )


def format_scores(scores: GoldScores, *, misses: int = 0) -> str:
    d = scores.as_dict()
    lines = [
        f"gold: {scores.articles} articles, {scores.gold} gold events, "
        f"{scores.predicted} predicted",
        f"  events      precision {d['precision']:.3f}  recall {d['recall']:.3f}  F1 {d['f1']:.3f}",
        f"  triples     precision {d['triple_precision']:.3f}  recall {d['triple_recall']:.3f}",
        f"  on {scores.matched} matched: factuality {d['factuality']:.3f}  "
        f"attribution {d['attribution']:.3f}  location {d['location']:.3f} "
        f"({scores.with_location})  date {d['date']:.3f} ({scores.with_date})",
        f"  trap hits   {scores.trap_hits}",
        "  factuality (gold -> casus): "
        + ", ".join(f"{g}->{p} {n}" for (g, p), n in sorted(scores.confusion.items())),
    ]
    lines += [f"  {m}" for m in scores.misses[:misses]]
    return "\n".join(lines)

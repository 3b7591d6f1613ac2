"""Event coding evaluation on casus's own gold set: ``samples/gold/*.events.yaml``.

Every codable event of an annotated article is listed with its evidence (an exact
substring), type, source and target codes, location, date, factuality and attribution;
``not_events`` lists traps (pasted headlines, captions, bare statements) that must not
produce events. See ``samples/gold/README.md`` for the guidelines.

The set is split by article number: **dev** (01-11), which casus's developers may study
when they improve the coder, and **test** (12-22), which they do not; both are reported
and pinned.

**Triples** (the headline: who did what to whom). A predicted event matches a gold event
when their evidence spans overlap, the types agree (the event's own type or its speech-act
reading; the gold's ``type`` or ``alt_type``) and the source and target codes agree with
one of the dyads the gold event stands for (see :mod:`casus.evaluation.matching`):

* codes are compared after normalisation: the UN system (UNSC, UNHCR, MONUSCO, IOM ...)
  is UN, the annotation guidelines' convention; a missing actor is the empty code, so a
  gold event with no target is matched only by a prediction with no coded target;
* coordinated actors ("X and Z attacked Y", "X accused Y and Z") stand for every
  (source, target) pair of their lists; a ``reciprocal: true`` event (the same parties on
  both sides, "X and Y held talks") for every unordered pair of distinct parties;
* a ``symmetric`` prediction (one two-way event) fills a directed gold dyad either way;
* one-to-one: each prediction fills at most one dyad of one gold event, and each dyad
  takes at most one prediction (so X→Y and Y→X for a reciprocal {X, Y} is one right
  event and one duplicate); a gold event counts as found once, however many of its
  dyads are filled;
* two directed gold events of the same type whose triggers overlap and whose parties are
  mirror images (X→Y and Y→X: one two-way act annotated twice) are scored as one
  reciprocal gold event, so a single symmetric prediction neither counts twice nor
  misses a "second direction".

Triple precision = matched predictions / predictions; recall = gold events found / gold
events (after that merge); F1.

**Actor-blind** (secondary): the same span and type test without codes and without the
one-to-one constraint, as before: a gold event is found when any prediction matches it,
a prediction is right when it matches any gold event. On the gold events found this way:
factuality accuracy (``alt_factuality`` accepted), attribution accuracy, and location and
date accuracy where the gold gives them.

**Trap hits**: predicted events overlapping a ``not_events`` span (should be none).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import analyze_doc, build_pipeline
from ..errors import EvaluationError
from ..model import ActorRef, Article, Event
from .matching import Dyad, Matching, Reading, fits, gold_dyads, match, pair_mirrors, readings
from .samples import iter_annotated

__all__ = ["GoldEvent", "GoldScores", "evaluate_gold", "format_scores", "score_events"]


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
    reciprocal: bool = False
    trigger_start: int = 0
    trigger_end: int = 0


@dataclass(frozen=True, slots=True)
class _Unit:
    """What the triple score counts as one gold event: one annotated event, or two
    mirror-image directed ones merged (see the module docstring)."""

    spans: tuple[tuple[int, int], ...]
    types: frozenset[str]
    dyads: tuple[Dyad, ...]
    label: str


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
    further_dyads: int = 0
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
        """Scores by name: ``triple_*`` (the headline), actor-blind ``precision``,
        ``recall`` and ``f1``, the accuracies on matched events, ``trap_hits``."""
        precision = _ratio(self.predicted_right, self.predicted)
        recall = _ratio(self.gold_found, self.gold)
        triple_precision = _ratio(self.predicted_triples_right, self.predicted_triples)
        triple_recall = _ratio(self.gold_triples_found, self.gold_triples)
        return {
            "triple_precision": triple_precision,
            "triple_recall": triple_recall,
            "triple_f1": _f1(triple_precision, triple_recall),
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "factuality": _ratio(self.factuality_right, self.matched),
            "attribution": _ratio(self.attribution_right, self.matched),
            "location": _ratio(self.location_right, self.with_location),
            "date": _ratio(self.date_right, self.with_date),
            "trap_hits": float(self.trap_hits),
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return round(2 * precision * recall / total, 4) if total else 0.0


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
    trigger = str(item.get("trigger") or evidence)
    offset = max(evidence.find(trigger), 0)
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
        trigger=trigger[:70],
        reciprocal=bool(item.get("reciprocal")),
        trigger_start=start + offset,
        trigger_end=start + offset + len(trigger),
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


# -- triples ------------------------------------------------------------------------
def _mirrors(a: GoldEvent, b: GoldEvent) -> bool:
    """One two-way act annotated as two directed events: X→Y and Y→X, the same type,
    overlapping triggers (overlapping evidence alone may hold two acts: "denied firing
    ..., and accused Israel of carrying out strikes of its own")."""
    return (
        not (a.reciprocal or b.reciprocal)
        and a.type == b.type
        and set(a.sources) == set(b.targets)
        and set(a.targets) == set(b.sources)
        and set(a.sources) != set(a.targets)
        and a.trigger_start < b.trigger_end
        and b.trigger_start < a.trigger_end
    )


def _unit(*golds: GoldEvent) -> _Unit:
    first = golds[0]
    sources = [_norm(c) for g in golds for c in g.sources]
    targets = [_norm(c) for g in golds for c in g.targets]
    reciprocal = first.reciprocal or len(golds) > 1
    arrow = "<->" if reciprocal else "->"
    return _Unit(
        spans=tuple((g.start, g.end) for g in golds),
        types=frozenset(t for g in golds for t in (g.type, g.alt_type) if t),
        dyads=tuple(gold_dyads(sources, targets, reciprocal)),
        label=f"{first.type} {','.join(first.sources)}{arrow}{','.join(first.targets)} "
        f"{first.trigger!r}",
    )


def _units(golds: list[GoldEvent]) -> list[_Unit]:
    """Gold events as the triple score counts them (mirror-image pairs merged)."""
    return [
        _unit(gold, mirror) if mirror else _unit(gold)
        for gold, mirror in pair_mirrors(golds, _mirrors)
    ]


def _code(ref: ActorRef | None) -> str:
    return _norm(ref.code if ref else None)


def _same_code(predicted: str, gold: str) -> bool:
    """Normalised codes agree exactly: no code agrees only with no code."""
    return predicted == gold


def _readings(event: Event) -> list[Reading[str, str]]:
    return readings(event, lambda act: act.type, _code)


def _edges(events: list[Event], units: list[_Unit]) -> list[tuple[int, int, int]]:
    edges: list[tuple[int, int, int]] = []
    for p, event in enumerate(events):
        start, end = event.evidence.start, event.evidence.end
        readings = _readings(event)
        for g, unit in enumerate(units):
            if not any(start < b and a < end for a, b in unit.spans):
                continue
            for reading in readings:
                if reading.kind not in unit.types:
                    continue
                edges += [
                    (p, g, d)
                    for d, dyad in enumerate(unit.dyads)
                    if fits(reading.source, reading.target, reading.symmetric, dyad, _same_code)
                ]
    return edges


def _score_triples(
    name: str, events: list[Event], golds: list[GoldEvent], scores: GoldScores
) -> None:
    units = _units(golds)
    matching = match(_edges(events, units))
    scores.gold_triples += len(units)
    scores.predicted_triples += len(events)
    scores.gold_triples_found += len(matching.found)
    scores.predicted_triples_right += len(matching.pairs)
    scores.further_dyads += matching.further
    _record_misses(scores, name, events=events, golds=golds, units=units, matching=matching)


# -- actor-blind --------------------------------------------------------------------
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


def _trap_hits(doc_text: str, events: list[Event], record: dict[str, Any]) -> int:
    hits = 0
    for trap in record.get("not_events") or []:
        evidence = str(trap.get("evidence") or "")
        start = doc_text.find(evidence) if evidence else -1
        end = start + len(evidence)
        hits += sum(
            1 for e in events if start >= 0 and e.evidence.start < end and start < e.evidence.end
        )
    return hits


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
        _score_triples(name, doc.events, golds, scores)
        scores.trap_hits += _trap_hits(doc.text, doc.events, record)
    return scores


def score_events(
    name: str,
    events: list[Event],
    golds: list[GoldEvent],
    traps: list[tuple[int, int]],
    scores: GoldScores,
) -> None:
    """Add one article's predictions ``events`` against ``golds`` and the trap spans
    ``traps`` to ``scores`` (what :func:`evaluate_gold` does for each article)."""
    scores.articles += 1
    scores.gold += len(golds)
    scores.predicted += len(events)
    _score_matches(events, golds, scores)
    _score_triples(name, events, golds, scores)
    scores.trap_hits += sum(
        1
        for start, end in traps
        for e in events
        if e.evidence.start < end and start < e.evidence.end
    )


def _party(ref: ActorRef | None) -> str:
    return (ref.code or "?") if ref else "-"


def _record_misses(
    scores: GoldScores,
    name: str,
    *,
    events: list[Event],
    golds: list[GoldEvent],
    units: list[_Unit],
    matching: Matching,
) -> None:
    """Gold events not found as triples (with what casus coded there, if the span and
    type agree), and predictions that match no gold triple."""
    for g, unit in enumerate(units):
        if g in matching.found:
            continue
        near = [
            e
            for e in events
            if any(e.evidence.start < b and a < e.evidence.end for a, b in unit.spans)
            and ({e.type} | ({e.speech_act.type} if e.speech_act else set())) & unit.types
        ]
        coded = "; ".join(
            f"{_party(e.source)}{'<->' if e.symmetric else '->'}{_party(e.target)}" for e in near
        )
        scores.misses.append(
            f"{name}: missed {unit.label}" + (f" (casus: {coded})" if coded else "")
        )
    for p, event in enumerate(events):
        if p in matching.pairs:
            continue
        blind = any(_same(event, g) for g in golds)
        arrow = "<->" if event.symmetric else "->"
        scores.misses.append(
            f"{name}: {'wrong actors' if blind else 'extra'} {event.type} "
            f"{_party(event.source)}{arrow}{_party(event.target)} "
            f"{event.evidence.text[:70]!r} ({event.rule})"
        )


def format_scores(scores: GoldScores, *, misses: int = 0) -> str:
    d = scores.as_dict()
    further = f", {scores.further_dyads} as a further pair" if scores.further_dyads else ""
    lines = [
        f"gold: {scores.articles} articles, {scores.gold} gold events, "
        f"{scores.predicted} predicted",
        f"  triples (source, type, target)  precision {d['triple_precision']:.3f} "
        f"({scores.predicted_triples_right}/{scores.predicted_triples}{further})  "
        f"recall {d['triple_recall']:.3f} "
        f"({scores.gold_triples_found}/{scores.gold_triples})  F1 {d['triple_f1']:.3f}",
        f"  actor-blind (span and type)     precision {d['precision']:.3f}  "
        f"recall {d['recall']:.3f}  F1 {d['f1']:.3f}",
        f"  on {scores.matched} matched: factuality {d['factuality']:.3f}  "
        f"attribution {d['attribution']:.3f}  location {d['location']:.3f} "
        f"({scores.with_location})  date {d['date']:.3f} ({scores.with_date})",
        f"  trap hits   {scores.trap_hits}",
        "  factuality (gold -> casus): "
        + ", ".join(f"{g}->{p} {n}" for (g, p), n in sorted(scores.confusion.items())),
    ]
    lines += [f"  {m}" for m in scores.misses[:misses]]
    return "\n".join(lines)

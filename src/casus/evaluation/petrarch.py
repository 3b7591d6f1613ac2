"""Event coding with actors checked, on PETRARCH's unit-test records (held out).

``casus eval petrarch FILE`` reads ``PETR.UnitTest.records.xml``
(:mod:`~casus.evaluation.petrarch_records`), converts the actor and agent dictionaries
the records were written against with ``casus dictionaries import-petrarch`` into a
temporary lexicon, and analyses each record's text as a one-sentence article published
on the record's date (dated codes such as Gollum's depend on it), with casus's own event
vocabulary: PETRARCH's test verb file is not used, casus's coder is what is measured.

**Codes.** A PETRARCH code is an actor (a country, ``BRE``, or an organisation) with
optional agents (``BREGOV``, ``USAGOVELI``). Both sides are compared in casus's terms,
the gold code read by the importer's own code reader
(:func:`casus.dictionaries.cameo.split_code`), so a code means the same whichever
dictionary entry casus used:

* the **actor** is the country or organisation part: the first three letters for a
  country (``BREGOV`` -> ``BRE``), the casus code for a mapped organisation
  (``IGOCOPITP`` -> ``INTERPOL``, ``UNO`` -> ``UN``); casus's is the event party's code;
* the **agent** is the sector the importer would record for the code (its first role:
  ``USAGOVELI`` -> ``GOV``; else an organisation's default, ``IGO`` or ``REB`` for
  ``IMG``; else a religion), or, for a code with only other agents (``GONMOP``), the
  first of them; for a code with no agent, none; casus's is the party's sector;
* ``---`` (PETRARCH found no actor) is the empty actor, ``---GOV`` an agent without one;
  ``###`` (an old TABARI discard code) and quoted names (the text of an actor the
  dictionaries lack) are no code either. The empty actor agrees only with a casus party
  without a code, or none.

**Triples** (the headline). A casus event fills a gold coding when the roots (the first
two digits of the event code) agree, its own or its speech-act reading's, as in ``casus
eval gold``, and its source and target **actors** agree with the coding's; a
``symmetric`` casus event either way round. Two codings of one two-way act (the same
event code, X→Y and Y→X: PETRARCH codes "Gondor and Osgiliath delayed their meeting"
twice) are one unordered gold event, as in ``casus eval gold``. Matching is one to one
(:mod:`casus.evaluation.matching`): precision = events matched / events casus coded in
the scored records (those that code no event included), recall = gold events found /
gold events. The records have no evidence spans: a sentence is the span.

**Secondary**: the same with the **full code** (actor and agent both agree); **actors
only** (source and target actors agree, the root not checked); **actor-blind** (the root
only); and **per field**, on each gold event, the casus event of its sentence that agrees
with it on the most of root, source and target (none: all wrong): root, source and
target accuracy, the source and target with their agents too.

**The event codes are not CAMEO.** They are the *test* verb file's
(``PETR.Validate.verbs.txt``, from the TABARI validation suite): mostly WEIS codes, whose
roots differ from CAMEO's ("restore ties" is WEIS 064 grant relations, CAMEO would say
05 or 06; "welcome" WEIS 041 praise, CAMEO 051; 212 arrest and 223 military engagement
have no CAMEO root 21 or 22), with some CAMEO codes added for PETRARCH (1711, 1721). Root
agreement is therefore mostly agreement by coincidence of numbering, and the triple
figures are a floor on casus's coding, not a measure of its event types: the
**actors-only** line and the source and target accuracies are the informative figures.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..api import analyze_doc, build_pipeline
from ..dictionaries.cameo import sector_of, split_code
from ..dictionaries.results import ImportReport
from ..model import ActorRef, Article, Event, Origin
from .matching import Dyad, Matching, Reading, fits, match, pair_mirrors, readings
from .petrarch_records import Coding, Record, import_dictionaries, read_records

__all__ = [
    "Party",
    "PetrarchScores",
    "Unit",
    "evaluate_file",
    "format_scores",
    "gold_party",
    "gold_units",
    "score_record",
]

_CODE = re.compile(r"[A-Z][A-Z0-9]{2,}")
_FIELD_NAMES = ("root", "source", "target", "source_full", "target_full")


@dataclass(frozen=True, slots=True)
class Party:
    """An actor and its agent in casus's terms ("" for none)."""

    actor: str
    agent: str = ""

    @property
    def full(self) -> str:
        return f"{self.actor}+{self.agent}"

    def __str__(self) -> str:
        return f"{self.actor or '---'}{self.agent}"


def gold_party(code: str) -> Party:
    """A PETRARCH code as casus's importer reads it (see the module docstring)."""
    code = code.strip()
    if code.startswith("---"):
        return Party("", code[3:6])
    if not _CODE.fullmatch(code):
        return Party("")  # "###", a quoted name
    org, chunks = split_code(code)
    return Party(org, sector_of(org, chunks, person=False) or (chunks[0] if chunks else ""))


def _party(ref: ActorRef | None) -> Party:
    return Party(ref.code or "", ref.sector or "") if ref is not None else Party("")


@dataclass(frozen=True, slots=True)
class Unit:
    """What the triple score counts as one gold event: a coding, or two mirror-image
    codings of one two-way act (``ordered`` false)."""

    root: str
    source: Party
    target: Party
    ordered: bool
    label: str

    def dyad(self, full: bool) -> Dyad:
        if full:
            return Dyad(self.source.full, self.target.full, self.ordered)
        return Dyad(self.source.actor, self.target.actor, self.ordered)


def _mirrors(a: Coding, b: Coding) -> bool:
    return (
        a.event == b.event and a.source != a.target and (a.source, a.target) == (b.target, b.source)
    )


def gold_units(codings: Sequence[Coding]) -> list[Unit]:
    """The record's gold events, mirror-image pairs merged (one per two-way act)."""
    units: list[Unit] = []
    for coding, mirror in pair_mirrors(codings, _mirrors):
        arrow = "->" if mirror is None else "<->"
        units.append(
            Unit(
                root=coding.root or "",
                source=gold_party(coding.source),
                target=gold_party(coding.target),
                ordered=mirror is None,
                label=f"{coding.event} {coding.source}{arrow}{coding.target}",
            )
        )
    return units


_Reading = Reading[str, Party]
"""A casus event as (CAMEO root, source, target): its own coding, or its speech act's."""


def _readings(event: Event) -> list[_Reading]:
    return readings(event, lambda act: act.cameo[:2], _party)


def _same(party: str, code: str) -> bool:
    return party == code


def _edges(
    readings: Sequence[Sequence[_Reading]], units: Sequence[Unit], level: str
) -> list[tuple[int, int, int]]:
    """(prediction, gold event, 0) where they agree at ``level``: "triple" (root and
    actors), "full" (root, actors and agents), "dyad" (actors) or "blind" (root)."""
    edges: list[tuple[int, int, int]] = []
    full = level == "full"
    for p, options in enumerate(readings):
        for g, unit in enumerate(units):
            for r in options:
                if level != "dyad" and r.kind != unit.root:
                    continue
                parties = (
                    (r.source.full, r.target.full) if full else (r.source.actor, r.target.actor)
                )
                if level == "blind" or fits(*parties, r.symmetric, unit.dyad(full), _same):
                    edges.append((p, g, 0))
                    break
    return edges


@dataclass
class Tally:
    """One matching's counts, summed over the records."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    right: int = 0

    def add(self, matching: Matching, gold: int, predicted: int) -> None:
        self.gold += gold
        self.predicted += predicted
        self.found += len(matching.found)
        self.right += len(matching.pairs)

    def scores(self) -> tuple[float, float, float]:
        precision, recall = _ratio(self.right, self.predicted), _ratio(self.found, self.gold)
        total = precision + recall
        return precision, recall, round(2 * precision * recall / total, 4) if total else 0.0


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


@dataclass
class PetrarchScores:
    records: int = 0
    scored: int = 0
    set_aside: Counter[str] = field(default_factory=Counter)
    codings: int = 0
    no_event_records: int = 0
    no_event_extras: int = 0
    actor: Tally = field(default_factory=Tally)
    full: Tally = field(default_factory=Tally)
    blind: Tally = field(default_factory=Tally)
    dyad: Tally = field(default_factory=Tally)
    fields: Counter[str] = field(default_factory=Counter)
    """Gold events whose best-agreeing casus event has the field right."""
    lexicon: str = ""
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        """``triple_*`` (the headline: root and actors), ``full_*`` (root, actors and
        agents), ``dyad_*`` (actors only), ``blind_*`` (root only), and per field
        ``root_accuracy``, ``source_accuracy``, ``target_accuracy``,
        ``source_full_accuracy``, ``target_full_accuracy``."""
        found: dict[str, float] = {}
        for name, tally in self.tallies():
            precision, recall, f1 = tally.scores()
            found |= {f"{name}_precision": precision, f"{name}_recall": recall, f"{name}_f1": f1}
        gold = self.actor.gold
        return found | {f"{n}_accuracy": _ratio(self.fields[n], gold) for n in _FIELD_NAMES}

    def tallies(self) -> list[tuple[str, Tally]]:
        return [
            ("triple", self.actor),
            ("full", self.full),
            ("dyad", self.dyad),
            ("blind", self.blind),
        ]


_Fields = tuple[int, int, int, int, int]
"""Agreement on (root, source actor, target actor, source full code, target full code)."""


def _fields(reading: _Reading, unit: Unit) -> _Fields:
    """How a reading agrees with a gold event, either way round when it or the gold event
    is two-way (the better way)."""
    ways = [(reading.source, reading.target)]
    if reading.symmetric or not unit.ordered:
        ways.append((reading.target, reading.source))
    root = int(reading.kind == unit.root)
    return max(
        (
            (
                root,
                int(s.actor == unit.source.actor),
                int(t.actor == unit.target.actor),
                int(s == unit.source),
                int(t == unit.target),
            )
            for s, t in ways
        ),
        key=_agreement,
    )


def _agreement(fields: _Fields) -> tuple[int, int]:
    return sum(fields[:3]), fields[3] + fields[4]


def _score_fields(
    readings: Sequence[Sequence[_Reading]], units: Sequence[Unit], scores: PetrarchScores
) -> None:
    """Per field, on each gold event's best-agreeing casus event (none: all wrong)."""
    for unit in units:
        candidates = [_fields(r, unit) for rs in readings for r in rs]
        best = max(candidates, key=_agreement) if candidates else (0, 0, 0, 0, 0)
        for name, right in zip(_FIELD_NAMES, best, strict=True):
            scores.fields[name] += right


def score_record(record: Record, events: Sequence[Event], scores: PetrarchScores) -> None:
    """Add one scored record's matches to ``scores``."""
    units = gold_units(record.codings)
    readings = [_readings(e) for e in events]
    scores.scored += 1
    scores.codings += len(record.codings)
    if not units:
        scores.no_event_records += 1
        scores.no_event_extras += len(events)
    matchings = {}
    for level, tally in scores.tallies():
        matchings[level] = match(_edges(readings, units, level))
        tally.add(matchings[level], len(units), len(events))
    _score_fields(readings, units, scores)
    _record_misses(record, events, units, matchings, scores)


def _describe(event: Event) -> str:
    arrow = "<->" if event.symmetric else "->"
    return f"{event.cameo} {_party(event.source)}{arrow}{_party(event.target)}"


def _record_misses(
    record: Record,
    events: Sequence[Event],
    units: Sequence[Unit],
    matchings: dict[str, Matching],
    scores: PetrarchScores,
) -> None:
    """Gold events not found with their actors (and what casus coded in the sentence),
    then casus events that fill none (``wrong actors`` when the root matched)."""
    coded = "; ".join(_describe(e) for e in events) or "nothing"
    for g, unit in enumerate(units):
        if g not in matchings["triple"].found:
            scores.misses.append(f"{record.id}: missed {unit.label} (casus: {coded})")
    for p, event in enumerate(events):
        if p in matchings["triple"].pairs:
            continue
        kind = "wrong actors" if p in matchings["blind"].pairs else "extra"
        scores.misses.append(
            f"{record.id}: {kind} {_describe(event)} {event.evidence.text[:60]!r} ({event.rule})"
        )


def _lexicon_line(report: ImportReport) -> str:
    files = ", ".join(name for name, _kind, _lines in report.files)
    written = ", ".join(f"{n} {name}" for name, n in report.written.items())
    skipped = sum(report.skipped.values())
    return f"{files} -> {written}" + (f" ({skipped} entries skipped)" if skipped else "")


def evaluate_file(
    path: Path, *, dictionaries: Path | None = None, events: Path | None = None
) -> PetrarchScores:
    """Score the records of ``path``; the dictionaries they name are looked for in
    ``dictionaries`` (default: ``dictionaries/`` beside ``path``); ``events``: another
    event pattern file instead of casus's bundled one."""
    records = read_records(path)
    scores = PetrarchScores(records=len(records))
    with tempfile.TemporaryDirectory(prefix="casus-petrarch-") as work:
        lexicon, report = import_dictionaries(
            path, dictionaries or path.parent / "dictionaries", Path(work)
        )
        scores.lexicon = _lexicon_line(report)
        pipeline = build_pipeline(lexicon_dirs=[lexicon], events=events)
        for record in records:
            if record.set_aside is not None:
                scores.set_aside[record.set_aside] += 1
                continue
            article = Article(text=record.text, origin=Origin(record.id))
            doc = analyze_doc(article, published=record.published, pipeline=pipeline)
            score_record(record, doc.events, scores)
    return scores


def _line(name: str, tally: Tally) -> str:
    precision, recall, f1 = tally.scores()
    return (
        f"  {name:<42} precision {precision:.3f} ({tally.right}/{tally.predicted})  "
        f"recall {recall:.3f} ({tally.found}/{tally.gold})  F1 {f1:.3f}"
    )


def format_scores(scores: PetrarchScores, *, misses: int = 0) -> str:
    d = scores.as_dict()
    aside = ", ".join(f"{n} {why}" for why, n in sorted(scores.set_aside.items()))
    lines = [
        f"petrarch: {scores.records} records, {scores.scored} scored"
        + (f" (set aside: {aside})" if aside else ""),
        f"  {scores.codings} gold codings as {scores.actor.gold} gold events; "
        f"{scores.no_event_records} records code none (casus coded {scores.no_event_extras} "
        "events there)",
        f"  lexicon: {scores.lexicon}",
        _line("triples (root, source actor, target actor)", scores.actor),
        _line("triples, full codes (actor + agent)", scores.full),
        _line("actors only (root not checked)", scores.dyad),
        _line("actor-blind (root only)", scores.blind),
        f"  per gold event (best-agreeing casus event): root {d['root_accuracy']:.3f}  "
        f"source {d['source_accuracy']:.3f}  target {d['target_accuracy']:.3f}  "
        f"(with agents: source {d['source_full_accuracy']:.3f}  "
        f"target {d['target_full_accuracy']:.3f})",
        "  (the gold event codes are the test verb file's, mostly WEIS, not CAMEO: see "
        "casus.evaluation.petrarch)",
    ]
    lines += [f"  {m}" for m in scores.misses[:misses]]
    return "\n".join(lines)

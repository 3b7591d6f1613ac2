"""Analysts' reviews as gold: ``casus eval gold --from-reviews DB``.

Each reviewed article is analysed again by the *current* coder, from the text the store
keeps (``articles.text`` is the whole analysed text, header lines included, so the
article is rebuilt exactly: the same text and URL give the same article id, which is
checked; the header block's end comes from the stored ``structure:header-*`` segments,
and the publication date counts only when it was given rather than inferred).

The latest review of each mention gives its gold:

* ``right``: a gold event with the coder's values at review time;
* ``corrected``: a gold event with the corrected values over those;
* ``wrong``: a trap for the predictions that repeat that event (see below), written as
  a ``not_events`` entry over its evidence span.

**Scoping.** Reviews cover a few mentions, not whole articles, so a prediction of the
re-analysis is scored only where a review speaks about it. Each prediction is paired with
the *coded* event it reproduces: among the event mentions the store holds for the article
(coded at ingest, with the values a review saw for those reviewed), the one whose evidence
overlaps it most (the largest share of the two spans together, so an identical span wins
over one that merely contains it), ties broken by the same type (or speech-act reading),
then the same source and target codes, then document order. Pairs are one to one, best
first, while coded events last; a prediction left over (the coder now finds two events
where it found one) takes its best overlapping coded event all the same.

* A prediction reproducing an **unreviewed** coded event is out of scope: neither right
  nor wrong, whatever reviewed span it touches (an unreviewed ACCUSE sharing a clause
  with a reviewed ASSAULT was not judged by the ASSAULT's review).
* A prediction reproducing a **reviewed** event is in scope, and so is a new one whose
  best overlapping coded event is reviewed (the clause was looked at). A prediction no
  coded event overlaps lies away from every reviewed span: out of scope.
* A ``wrong`` verdict says *that* coded event (its type, source and target) is wrong, not
  that its clause holds no event. It is a trap only for in-scope predictions that
  repeat it: the same type (or its speech-act reading) and the same source and target
  codes, overlapping its span. Such a repetition is a trap hit and, matching no gold, a
  false positive; any other in-scope prediction there is an ordinary prediction.
* ``right`` and ``corrected`` gold is scored by :func:`casus.evaluation.gold.score_events`
  on the in-scope predictions, as ``casus eval gold`` scores an article: a corrected type
  makes the coder's original a false positive and the corrected event a miss.

Besides the scores, the report counts the reviewed events (right, corrected, wrong), the
predictions in and out of scope, and the wrong events repeated. Gold spans are the stored
offsets, not a text search. Attribution, place and date are not reviewed, so they are
scored against the coder's own values at review time (the ``events`` row), which says
little.

:func:`write_gold` writes the same gold as ``articles/*.txt`` and ``gold/*.events.yaml``
in the format of ``samples/gold`` (see its README), so ``casus eval gold DIR`` scores
them and they can join the gold set.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..api import analyze_doc, build_pipeline
from ..errors import EvaluationError
from ..model import ActorRef, Article, Event, Origin
from .gold import GoldEvent, GoldScores, format_scores, score_events
from .matching import readings

__all__ = [
    "CodedEvent",
    "ReviewRows",
    "ReviewScores",
    "ReviewedArticle",
    "evaluate_reviews",
    "format_review_scores",
    "pair_coded",
    "reviewed_articles",
    "score_reviewed",
    "write_gold",
]


@dataclass(frozen=True, slots=True)
class CodedEvent:
    """An event mention the store holds for a reviewed article, as coded at ingest (for
    a reviewed one, the values its review saw), with its latest verdict (None: nobody
    reviewed it). Codes are ``""`` for no actor."""

    event_id: str
    start: int
    end: int
    type: str
    speech_act: str | None
    source: str
    target: str
    verdict: str | None = None


@dataclass
class ReviewScores(GoldScores):
    """:class:`GoldScores` on the in-scope predictions, with what the scope left out."""

    reviewed_right: int = 0
    reviewed_corrected: int = 0
    reviewed_wrong: int = 0
    in_scope: int = 0
    out_of_scope: int = 0
    wrong_repeated: int = 0
    """Wrong-reviewed events that at least one in-scope prediction repeats."""

    def as_dict(self) -> dict[str, float]:
        """The gold scores, and the review counts by name."""
        counts = {
            name: float(getattr(self, name))
            for name in ("reviewed_right", "reviewed_corrected", "reviewed_wrong",
                         "in_scope", "out_of_scope", "wrong_repeated")
        }  # fmt: skip
        return {**GoldScores.as_dict(self), **counts}


@dataclass(frozen=True, slots=True)
class ReviewedArticle:
    """One reviewed article: rebuilt, with its gold events and trap spans."""

    name: str
    article: Article
    given_published: date | None
    golds: tuple[GoldEvent, ...]
    traps: tuple[tuple[int, int], ...]
    record: dict[str, Any]
    """The gold in ``samples/gold``'s YAML form."""
    coded: tuple[CodedEvent, ...] = ()
    """The article's coded events, reviewed or not, in document order."""


ReviewRows = Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]]
"""What :func:`casus.store.reviews.review_gold_rows` reads from a store: each reviewed
article's row (its ``events``: the coded mentions the store holds for it), with its
reviews in force."""


def _article(row: Mapping[str, Any]) -> tuple[Article, date | None]:
    if row.get("text") is None:
        raise EvaluationError(f"reviewed article {row['id']} is no longer in the store")
    basis, published = row["published_basis"], row["published"]
    article = Article(
        text=row["text"],
        title=row["title"],
        author=row["author"],
        published=published if basis == "metadata" else None,
        url=row["url"],
        source=row["source"],
        origin=Origin(row["origin_path"] or "<store>", row["origin_line"], row["origin_record"]),
        header_end=int(row["header_end"] or 0),
    )
    if article.id != row["id"]:
        raise EvaluationError(f"article {row['id']}: its stored text does not rebuild it")
    return article, published if basis == "given" else None


def _codes(code: str | None) -> list[str]:
    return [code] if code else []


def _gold(row: Mapping[str, Any]) -> tuple[GoldEvent, dict[str, Any]]:
    day = row["date"].isoformat() if row["date"] and row["date_precision"] == "day" else None
    gold = GoldEvent(
        start=row["start"], end=row["end"], type=row["type"], alt_type=None,
        alt_factuality=None, sources=tuple(_codes(row["source"])),
        targets=tuple(_codes(row["target"])), factuality=row["factuality"],
        attribution=row["attribution_kind"] or "author",
        location_country=row["country"], location_name=row["place_name"], date=day,
        trigger=row["evidence"][:70], trigger_start=row["start"], trigger_end=row["end"],
    )  # fmt: skip
    item = {
        "evidence": row["evidence"], "type": row["type"], "source": list(gold.sources),
        "target": list(gold.targets), "reciprocal": False,
        "location": {"name": row["place_name"], "country": row["country"]}
        if row["place_name"] else None,
        "date": {"value": day, "precision": "day"} if day else None,
        "factuality": row["factuality"], "attribution": gold.attribution,
        "attribution_text": row["attribution_text"],
        "note": f"review {row['review_id']} ({row['verdict']})"
        + (f": {row['note']}" if row["note"] else ""),
    }  # fmt: skip
    return gold, item


def _coded(
    events: Sequence[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]]
) -> tuple[CodedEvent, ...]:
    """The article's coded events: the reviewed ones with the values their review saw
    (also when the ``events`` table no longer holds them), the others as stored."""
    found = {
        row["event_id"]: CodedEvent(
            row["event_id"], row["start"], row["end"], row["original_type"],
            row["speech_act_type"], row["original_source"] or "",
            row["original_target"] or "", row["verdict"],
        )
        for row in rows
    }  # fmt: skip
    for row in events:
        found.setdefault(
            row["event_id"],
            CodedEvent(row["event_id"], row["start"], row["end"], row["type"],
                       row["speech_act_type"], row["source"] or "", row["target"] or ""),
        )  # fmt: skip
    return tuple(sorted(found.values(), key=lambda c: (c.start, c.end, c.event_id)))


def reviewed_articles(data: ReviewRows) -> list[ReviewedArticle]:
    """Every article with a review in force, rebuilt, with its gold (see the module)."""
    found = []
    for article_row, rows in data:
        article_id = article_row["id"]
        article, given = _article(article_row)
        golds, items, traps, not_events = [], [], [], []
        for row in rows:
            if row["verdict"] == "wrong":
                traps.append((row["start"], row["end"]))
                why = f"reviewed-wrong: {row['note'] or 'review ' + row['review_id']}"
                not_events.append({"evidence": row["evidence"], "why": why})
                continue
            gold, item = _gold(row)
            golds.append(gold)
            items.append(item)
        published = article.published or given
        record = {
            "article": f"review-{article_id}",
            "published": published.isoformat() if published else None,
            "events": items,
            "not_events": not_events,
        }
        name = f"review-{article_id}"
        coded = _coded(article_row.get("events") or (), rows)
        found.append(
            ReviewedArticle(name, article, given, tuple(golds), tuple(traps), record, coded)
        )
    return found


def _types(event: Event) -> set[str]:
    return {event.type} | ({event.speech_act.type} if event.speech_act else set())


def _party(ref: ActorRef | None) -> str:
    return (ref.code or "") if ref else ""


def _fit(event: Event, coded: CodedEvent) -> tuple[float, bool, bool] | None:
    """How well ``event`` reproduces ``coded``: the share of their spans' union that
    both cover, the same type, the same codes (None: the spans do not overlap)."""
    start, end = event.evidence.start, event.evidence.end
    shared = min(end, coded.end) - max(start, coded.start)
    if shared <= 0:
        return None
    union = max(end, coded.end) - min(start, coded.start)
    same_type = bool(_types(event) & {coded.type, coded.speech_act})
    same_codes = (_party(event.source), _party(event.target)) == (coded.source, coded.target)
    return shared / union, same_type, same_codes


def pair_coded(events: Sequence[Event], coded: Sequence[CodedEvent]) -> list[CodedEvent | None]:
    """The coded event each prediction reproduces, or None when no coded event overlaps
    it: one to one, best fit first, then each prediction left over with its best."""
    candidates = sorted(
        (
            (-fit[0], not fit[1], not fit[2], p, c)
            for p, event in enumerate(events)
            for c, item in enumerate(coded)
            if (fit := _fit(event, item)) is not None
        )
    )
    paired: dict[int, int] = {}
    taken: set[int] = set()
    for *_, p, c in candidates:
        if p not in paired and c not in taken:
            paired[p] = c
            taken.add(c)
    for *_, p, c in candidates:
        paired.setdefault(p, c)
    return [coded[paired[p]] if p in paired else None for p in range(len(events))]


def _repeats(event: Event, wrong: CodedEvent) -> bool:
    """Does ``event`` repeat the wrong-reviewed ``wrong``: overlapping it, with its type
    (its own or its speech act's) and its source and target codes?"""
    if not (event.evidence.start < wrong.end and wrong.start < event.evidence.end):
        return False
    return any(
        (r.kind, r.source, r.target) == (wrong.type, wrong.source, wrong.target)
        for r in readings(event, lambda act: act.type, _party)
    )


def score_reviewed(
    item: ReviewedArticle, predictions: Sequence[Event], scores: ReviewScores
) -> None:
    """Add one reviewed article's ``predictions`` (its re-analysis) to ``scores``,
    scoped as the module says, with :func:`score_events` on the in-scope ones."""
    verdicts = Counter(c.verdict for c in item.coded if c.verdict)
    scores.reviewed_right += verdicts["right"]
    scores.reviewed_corrected += verdicts["corrected"]
    scores.reviewed_wrong += verdicts["wrong"]
    pairs = pair_coded(predictions, item.coded)
    scoped = [e for e, c in zip(predictions, pairs, strict=True) if c and c.verdict]
    scores.in_scope += len(scoped)
    scores.out_of_scope += len(predictions) - len(scoped)
    score_events(item.name, scoped, list(item.golds), [], scores)
    wrongs = [c for c in item.coded if c.verdict == "wrong"]
    repeated: set[str] = set()
    for event in scoped:
        hits = [w for w in wrongs if _repeats(event, w)]
        if hits:
            scores.trap_hits += 1
            repeated.update(w.event_id for w in hits)
            scores.misses.append(
                f"{item.name}: repeats a wrong-reviewed {event.type} "
                f"{_party(event.source) or '-'}->{_party(event.target) or '-'} "
                f"{event.evidence.text[:70]!r}"
            )
    scores.wrong_repeated += len(repeated)


def evaluate_reviews(data: ReviewRows, *, events: Path | None = None) -> ReviewScores:
    """Score the current coder (or the event patterns of ``events``) on the reviews'
    gold, scoped to the predictions the reviews speak about (see the module)."""
    reviewed = reviewed_articles(data)
    if not reviewed:
        raise EvaluationError("no reviews in this store (record some with 'casus review')")
    pipeline = build_pipeline(events=events)
    scores = ReviewScores()
    for item in reviewed:
        doc = analyze_doc(item.article, published=item.given_published, pipeline=pipeline)
        score_reviewed(item, doc.events, scores)
    return scores


def format_review_scores(scores: ReviewScores, *, misses: int = 0) -> str:
    """:func:`format_scores`, with the reviews and the scope counted."""
    reviewed = scores.reviewed_right + scores.reviewed_corrected + scores.reviewed_wrong
    lines = [
        format_scores(scores),
        f"  reviewed    {reviewed} events: {scores.reviewed_right} right, "
        f"{scores.reviewed_corrected} corrected, {scores.reviewed_wrong} wrong",
        f"  scope       {scores.in_scope} predictions in scope, {scores.out_of_scope} out "
        "(reproducing an unreviewed event, or away from every reviewed one)",
        f"  wrong events repeated {scores.wrong_repeated} of {scores.reviewed_wrong} "
        f"(trap hits: the predictions repeating them)",
    ]
    lines += [f"  {m}" for m in scores.misses[:misses]]
    return "\n".join(lines)


def write_gold(data: ReviewRows, directory: Path) -> int:
    """Write the reviews' gold under ``directory``: ``articles/<name>.txt`` (the stored
    text) and ``gold/<name>.events.yaml``; the number of articles written."""
    reviewed = reviewed_articles(data)
    (directory / "articles").mkdir(parents=True, exist_ok=True)
    (directory / "gold").mkdir(parents=True, exist_ok=True)
    for item in reviewed:
        (directory / "articles" / f"{item.name}.txt").write_text(
            item.article.text, encoding="utf-8", newline=""
        )
        text = yaml.safe_dump(item.record, sort_keys=False, allow_unicode=True, width=100)
        (directory / "gold" / f"{item.name}.events.yaml").write_text(text, encoding="utf-8")
    return len(reviewed)

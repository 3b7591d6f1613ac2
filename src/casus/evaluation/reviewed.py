"""Analysts' reviews as gold: ``casus eval gold --from-reviews DB``.

Each reviewed article is analysed again by the *current* coder, from the text the store
keeps (``articles.text`` is the whole analysed text, header lines included, so the
article is rebuilt exactly: the same text and URL give the same article id, which is
checked; the header block's end comes from the stored ``structure:header-*`` segments,
and the publication date counts only when it was given rather than inferred).

The latest review of each mention gives its gold:

* ``right``: a gold event with the coder's values at review time;
* ``corrected``: a gold event with the corrected values over those;
* ``wrong``: a trap (``not_events``) over its evidence span.

**Scoping.** Reviews cover a few mentions, not whole articles, so only predictions
whose evidence overlaps a reviewed evidence span are scored: an event nobody reviewed
is neither a false positive nor a miss. Gold spans are the stored offsets, not a text
search. Attribution, place and date are not reviewed, so they are scored against the
coder's own values at review time (the ``events`` row), which says little.

:func:`write_gold` writes the same gold as ``articles/*.txt`` and ``gold/*.events.yaml``
in the format of ``samples/gold`` (see its README), so ``casus eval gold DIR`` scores
them and they can join the gold set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..api import analyze_doc, build_pipeline
from ..errors import EvaluationError
from ..model import Article, Origin
from .gold import GoldEvent, GoldScores, score_events

__all__ = ["ReviewRows", "ReviewedArticle", "evaluate_reviews", "reviewed_articles", "write_gold"]


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


ReviewRows = Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]]
"""What :func:`casus.store.reviews.review_gold_rows` reads from a store: each reviewed
article's row, with its reviews in force."""


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
        found.append(ReviewedArticle(name, article, given, tuple(golds), tuple(traps), record))
    return found


def evaluate_reviews(data: ReviewRows, *, events: Path | None = None) -> GoldScores:
    """Score the current coder (or the event patterns of ``events``) on the reviews'
    gold, scoped to the reviewed evidence spans."""
    reviewed = reviewed_articles(data)
    if not reviewed:
        raise EvaluationError("no reviews in this store (record some with 'casus review')")
    pipeline = build_pipeline(events=events)
    scores = GoldScores()
    for item in reviewed:
        doc = analyze_doc(item.article, published=item.given_published, pipeline=pipeline)
        spans = [(g.start, g.end) for g in item.golds] + list(item.traps)
        scoped = [
            e for e in doc.events
            if any(e.evidence.start < end and start < e.evidence.end for start, end in spans)
        ]  # fmt: skip
        score_events(item.name, scoped, list(item.golds), list(item.traps), scores)
    return scores


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

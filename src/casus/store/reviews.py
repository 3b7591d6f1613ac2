"""Analysts' reviews of event mentions: a verdict (right, wrong, corrected) on one
``events`` row, with the corrected type, actors or factuality.

Reviews are history: a review is never updated nor deleted, and the latest one of an
event wins (by ``reviewed_at``, then id). The ``events`` table stays the coder's record;
:func:`reviewed_events_sql` overlays the latest reviews on it, which is what ``casus
events --reviewed`` and the workbench's reviewed view read:

* ``wrong``: the mention is left out;
* ``corrected``: each corrected value replaces the coder's. A corrected actor code of
  ``''`` (given as ``-``) means "no such actor". When the type changes, what belonged to
  the coder's type (mode, CAMEO code, Goldstein, speech act) becomes NULL and the
  QuadClass is the new PLOVER type's quad; a changed actor loses the coder's sector;
* ``right``: the coder's values stand, marked reviewed.

A review also moves the clusters, in its transaction (:func:`casus.store.corroborate.
rereview`): a mention reviewed wrong leaves its cluster, a corrected one joins the
cluster its reviewed values fit (or starts one, or none for a future or hypothetical
one), as if the coder had given them; the clusters are what a recluster would make.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, get_args

from ..errors import QueryError
from ..model import Factuality
from .corroborate import rereview
from .db import Store
from .query import LATEST_REVIEWS_SQL as LATEST_SQL
from .query import parse_type, plover_types, reviewed_events_sql

__all__ = [
    "FACTUALITIES",
    "LATEST_SQL",
    "VERDICTS",
    "Corrections",
    "add_review",
    "latest_reviews",
    "plover_types",
    "review_gold_rows",
    "review_history",
    "reviewed_events_sql",
    "reviews",
]

VERDICTS = ("right", "wrong", "corrected")
FACTUALITIES: tuple[str, ...] = get_args(Factuality)
_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
_MAX_REVIEWER = 100
_MAX_NOTE = 2000


@dataclass(frozen=True, slots=True)
class Corrections:
    """The values a ``corrected`` verdict replaces (None: not corrected). An actor code
    of ``-`` or ``''`` says the event has no such actor."""

    type: str | None = None
    source_code: str | None = None
    target_code: str | None = None
    factuality: str | None = None

    def given(self) -> bool:
        return any(v is not None for v in (self.type, self.source_code, self.target_code,
                                           self.factuality))  # fmt: skip


def _clean_type(value: str) -> str:
    return parse_type(value, "type", QueryError)


def _clean_code(value: str, what: str) -> str:
    code = value.strip().upper()
    if code in ("", "-"):
        return ""
    if not _CODE.match(code):
        raise QueryError(f"{what}: {value!r} is not an actor code such as RUS or UN (or -)")
    return code


def _clean_factuality(value: str) -> str:
    text = value.strip().lower()
    if text not in FACTUALITIES:
        raise QueryError(f"factuality: {value!r} is not one of {', '.join(FACTUALITIES)}")
    return text


def _clean(verdict: str, corrections: Corrections) -> Corrections:
    if verdict not in VERDICTS:
        raise QueryError(f"verdict: {verdict!r} is not one of {', '.join(VERDICTS)}")
    if verdict != "corrected":
        if corrections.given():
            raise QueryError(f"a {verdict!r} verdict takes no corrected values")
        return corrections
    if not corrections.given():
        raise QueryError("a correction needs a type, source, target or factuality")
    c = corrections
    return Corrections(
        type=_clean_type(c.type) if c.type is not None else None,
        source_code=_clean_code(c.source_code, "source") if c.source_code is not None else None,
        target_code=_clean_code(c.target_code, "target") if c.target_code is not None else None,
        factuality=_clean_factuality(c.factuality) if c.factuality is not None else None,
    )


def _clean_reviewer(reviewer: str) -> str:
    name = " ".join(reviewer.split())
    if not name:
        raise QueryError("reviewer: give a name (--reviewer, $CASUS_REVIEWER or $USER)")
    if len(name) > _MAX_REVIEWER or not name.isprintable():
        raise QueryError(f"reviewer: at most {_MAX_REVIEWER} printable characters")
    return name


_ORIGINAL = (
    "article_id, type, cameo, source_code, target_code, factuality, evidence_start, "
    "evidence_end, evidence_text, rule"
)


def _review_id(parts: tuple[Any, ...]) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def add_review(
    store: Store,
    event_id: str,
    reviewer: str,
    verdict: str,
    corrections: Corrections | None = None,
    *,
    note: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Record one review of the event mention ``event_id`` (an ``events.id``) and
    return it as a dict. ``at``: when (default now, UTC). A :class:`QueryError` for an
    unknown event or an invalid value; nothing is written then."""
    fixed = _clean(verdict.strip().lower(), corrections or Corrections())
    name = _clean_reviewer(reviewer)
    text = (note or "").strip() or None
    if text is not None and (
        len(text) > _MAX_NOTE or not all(c.isprintable() or c in "\n\t" for c in text)
    ):
        raise QueryError(f"note: at most {_MAX_NOTE} printable characters (lines and tabs allowed)")
    found = store.query(f"SELECT {_ORIGINAL} FROM events WHERE id = ? LIMIT 1", [event_id])
    if not found:
        raise QueryError(f"no event mention {event_id!r} in this store")
    when = at or datetime.now(UTC).replace(tzinfo=None)
    values = (fixed.type, fixed.source_code, fixed.target_code, fixed.factuality)
    article_id, *original = found[0]
    parts = (event_id, name, when.isoformat(), verdict.strip().lower(), *values, text)
    review_id = _review_id(parts)
    row = (review_id, event_id, article_id, name, when, parts[3], *values, *original, text)
    with store.transaction():
        was = _in_force(store, event_id)
        store.insert("reviews", [row])
        if _in_force(store, event_id) != was:
            rereview(store, event_id)
    return reviews(store, review_id=review_id)[0]


def _in_force(store: Store, event_id: str) -> tuple[Any, ...] | None:
    """What clustering reads of the mention with its latest review applied (None when
    it is reviewed wrong)."""
    found = store.query(
        "SELECT type, source_code, target_code, factuality FROM"
        f" ({reviewed_events_sql()}) e WHERE e.id = ?",
        [event_id],
    )
    return found[0] if found else None


_LISTED = (
    "r.*, a.title, a.outlet, "
    "EXISTS (SELECT 1 FROM reviews r2 WHERE r2.event_id = r.event_id AND "
    "(r2.reviewed_at, r2.id) > (r.reviewed_at, r.id)) AS superseded"
)


def _dicts(store: Store, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = store.con.execute(sql, params)
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def reviews(
    store: Store,
    *,
    latest: bool = False,
    event_id: str | None = None,
    review_id: str | None = None,
    limit: int = 0,
) -> list[dict[str, Any]]:
    """Reviews, newest first (``latest``: only each event's latest), with their
    article's title and outlet and whether a later review superseded them."""
    clauses: list[str] = []
    params: list[Any] = []
    if latest:
        clauses.append(f"r.id IN (SELECT id FROM ({LATEST_SQL}))")
    if event_id is not None:
        clauses.append("r.event_id = ?")
        params.append(event_id)
    if review_id is not None:
        clauses.append("r.id = ?")
        params.append(review_id)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    limited = ""
    if limit > 0:
        limited = " LIMIT ?"
        params.append(limit)
    sql = (
        f"SELECT {_LISTED} FROM reviews r LEFT JOIN articles a ON a.id = r.article_id "
        f"{where} ORDER BY r.reviewed_at DESC, r.id DESC{limited}"
    )
    return _dicts(store, sql, params)


def latest_reviews(store: Store, limit: int = 0) -> list[dict[str, Any]]:
    """The latest review of every reviewed event, newest first."""
    return reviews(store, latest=True, limit=limit)


def review_history(store: Store, event_id: str) -> list[dict[str, Any]]:
    """Every review of one event, newest first (the first one is in force)."""
    return reviews(store, event_id=event_id)


_GOLD_REVIEWS = f"""
SELECT r.article_id, r.verdict,
  coalesce(r.type, r.original_type) AS type,
  CASE WHEN r.source_code IS NULL THEN r.original_source_code ELSE r.source_code END AS source,
  CASE WHEN r.target_code IS NULL THEN r.original_target_code ELSE r.target_code END AS target,
  coalesce(r.factuality, r.original_factuality) AS factuality,
  r.original_evidence_start AS start, r.original_evidence_end AS "end",
  r.original_evidence_text AS evidence, r.note, r.id AS review_id, r.event_id,
  r.original_type, r.original_source_code AS original_source,
  r.original_target_code AS original_target, e.speech_act_type,
  e.attribution_kind, e.attribution_text, e.place_name, e.country, e.date, e.date_precision
FROM ({LATEST_SQL}) r LEFT JOIN events e ON e.id = r.event_id
ORDER BY r.article_id, r.original_evidence_start, r.id
"""

_GOLD_ARTICLES = """
SELECT id, title, author, published, published_basis, url, source, origin_path,
  origin_line, origin_record, text,
  (SELECT max("end") FROM segments s WHERE s.article_id = a.id
     AND s.rule LIKE 'structure:header-%') AS header_end
FROM articles a WHERE id IN (SELECT unnest(?))
"""

_GOLD_EVENTS = """
SELECT article_id, id AS event_id, type, speech_act_type, source_code AS source,
  target_code AS target, evidence_start AS start, evidence_end AS "end"
FROM events WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, idx
"""


def review_gold_rows(
    store: Store,
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """For ``casus eval gold --from-reviews``: each article with a review in force (its
    stored text and what rebuilds it, None when it is gone from the store; its
    ``events``: every mention coded in it, reviewed or not), with its reviews in force,
    each with the values it makes gold (the corrected ones over the coded ones), the
    coded ones, and the coder's attribution, place and date."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in _dicts(store, _GOLD_REVIEWS, []):
        by_article.setdefault(row["article_id"], []).append(row)
    ids = sorted(by_article)
    articles = {row["id"]: row for row in _dicts(store, _GOLD_ARTICLES, [ids])}
    for row in _dicts(store, _GOLD_EVENTS, [ids]):
        if row["article_id"] in articles:
            articles[row["article_id"]].setdefault("events", []).append(row)
    return [(articles.get(aid) or {"id": aid}, rows) for aid, rows in sorted(by_article.items())]

"""One event mention, everything about it, for the event page and the facts partial
(``templates/_event_facts.html``): batched, so a page of many events costs two queries.

Every value is still untrusted text; the templates escape it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs, unquote

from ..store import Store
from ..store.reviews import (
    FACTUALITIES,
    LATEST_SQL,
    VERDICTS,
    Corrections,
    plover_types,
    review_history,
)

__all__ = [
    "LISTED_FACTS",
    "REVIEWER_COOKIE",
    "event_facts",
    "event_page",
    "listed_facts",
    "parse_review",
    "review_form",
    "reviewer_of",
]

Row = dict[str, Any]

REVIEWER_COOKIE = "casus_reviewer"
_CONTEXT = 320
"""Characters read either side of the evidence to find its sentence."""

_FACTS = f"""
WITH k AS MATERIALIZED ({{picked}})
SELECT e.id, e.article_id, e.idx, e.type, e.mode, e.cameo, e.goldstein, e.quad_class,
  e.source_code, e.source_sector, e.source_text, e.target_code, e.target_sector,
  e.target_text, e.symmetric, e.place_name, e.country, e.place_kind, e.date,
  e.date_precision, e.factuality, e.attribution_kind, e.attribution_text, e.confidence,
  e.evidence_start, e.evidence_end, e.evidence_text, e.rule, e.speech_act_type,
  e.speech_act_kind, e.cluster_id,
  c.state, c.num_independent, c.num_outlets, c.num_articles, c.num_mentions,
  a.title, a.outlet, a.url, a.published,
  substr(a.text, greatest(e.evidence_start - {_CONTEXT}, 0) + 1,
         e.evidence_start - greatest(e.evidence_start - {_CONTEXT}, 0)) AS before_text,
  substr(a.text, e.evidence_end + 1, {_CONTEXT}) AS after_text,
  r.verdict AS review_verdict, r.type AS review_type, r.source_code AS review_source,
  r.target_code AS review_target, r.factuality AS review_factuality,
  r.reviewer AS review_reviewer, r.reviewed_at AS review_at
FROM k JOIN events e ON e.{{key}} = k.k
JOIN articles a ON a.id = e.article_id
LEFT JOIN clusters c ON c.id = e.cluster_id
LEFT JOIN ({LATEST_SQL}) r ON r.event_id = e.id
"""

_OTHERS = """
WITH k AS MATERIALIZED ({picked})
SELECT e.cluster_id, e.id AS event_id, a.id AS article_id, a.outlet, a.title, e.factuality,
  e.evidence_text
FROM k JOIN events e ON e.{key} = k.k JOIN articles a ON a.id = e.article_id
ORDER BY a.outlet, a.title, e.idx
"""
_PICK = "SELECT {key} AS k FROM events WHERE {column} IN (SELECT unnest(?))"
"""The events wanted, found from one narrow column first: reading every column of the
events table while filtering costs about five times more (at a million events), and a
DuckDB file joins back on ``rowid`` (a directory of Parquet tables, on ``id``)."""


def _query(store: Store, template: str, column: str) -> str:
    key = "id" if store.path.is_dir() else "rowid"
    picked = _PICK.format(key=key, column=column)
    return template.format(picked=picked, key=key)


LISTED_FACTS: tuple[tuple[str, str], ...] = (
    ("idx", "e.idx"),
    ("attribution_kind", "e.attribution_kind"),
    ("speech_act_type", "e.speech_act_type"),
    ("speech_act_kind", "e.speech_act_kind"),
    (
        "before_text",
        f"substr(a.text, greatest(e.evidence_start - {_CONTEXT}, 0) + 1, "
        f"e.evidence_start - greatest(e.evidence_start - {_CONTEXT}, 0))",
    ),
    ("after_text", f"substr(a.text, e.evidence_end + 1, {_CONTEXT})"),
)
"""What the explorer's list reads besides its own columns (the ``extra`` of
:func:`casus.store.query.mentions`) so that each row can open its facts panel."""
_RENAMED = {
    "event_id": "id",
    "source": "source_code",
    "target": "target_code",
    "evidence": "evidence_text",
    "place": "place_name",
    "attribution": "attribution_text",
}
"""A mention row's name → the facts panel's name for the same value."""
_REVIEWS = f"""
SELECT event_id, verdict, type, source_code, target_code, factuality, reviewer, reviewed_at
FROM ({LATEST_SQL}) WHERE event_id IN (SELECT unnest(?))
"""

_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s|\n")


def _dicts(store: Store, sql: str, params: list[Any]) -> list[Row]:
    cursor = store.con.execute(sql, params)
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _sentence(before: str, after: str) -> tuple[str, str]:
    """The parts of the evidence's sentence before and after it: back to the previous
    sentence end (or line break), on to the next."""
    ends = list(_SENTENCE_END.finditer(before))
    head = before[ends[-1].end() :] if ends else before
    found = _SENTENCE_END.search(after)
    tail = after[: found.start() + 1] if found else after
    return head.lstrip(), tail.rstrip()


def _review_of(row: Row) -> Row | None:
    verdict = row.pop("review_verdict")
    values = {
        key: row.pop(f"review_{key}")
        for key in ("type", "source", "target", "factuality", "reviewer", "at")
    }
    if verdict is None:
        return None
    return {"verdict": verdict, **values}


def event_facts(store: Store, event_ids: Sequence[str], *, others: bool = True) -> dict[str, Row]:
    """Everything about each mention of ``event_ids`` (unknown ones are left out), by
    id: its values, its sentence (``before``, ``evidence_text``, ``after``), its
    article, its cluster with the other mentions reporting it (``others``), and its
    latest review (``review``, None when unreviewed). One query for the facts and one
    for the clusters' other mentions (``others=False`` skips it: ``others`` stays None,
    and the page links to the event page instead)."""
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    facts: dict[str, Row] = {}
    for row in _dicts(store, _query(store, _FACTS, "id"), [ids]):
        row["before"], row["after"] = _sentence(row.pop("before_text") or "",
                                                row.pop("after_text") or "")  # fmt: skip
        row["review"] = _review_of(row)
        row["others"] = [] if others else None
        facts[row["id"]] = row
    clusters = sorted({row["cluster_id"] for row in facts.values() if row["cluster_id"]})
    if clusters and others:
        reports: dict[str, list[Row]] = {}
        for other in _dicts(store, _query(store, _OTHERS, "cluster_id"), [clusters]):
            reports.setdefault(other["cluster_id"], []).append(other)
        for row in facts.values():
            row["others"] = [
                o for o in reports.get(row["cluster_id"] or "", []) if o["event_id"] != row["id"]
            ]
    return facts


def listed_facts(store: Store, rows: Sequence[Row]) -> dict[str, Row]:
    """The facts panel of each mention row (read with :data:`LISTED_FACTS`), by event
    id, without another pass over the events: only the latest reviews are read. The
    panel's values are the row's (the reviewed ones when the list prefers them);
    ``others`` is None, and the panel links to the event page for them."""
    reviews = {
        event: {"verdict": verdict, "type": kind, "source": source, "target": target,
                "factuality": factuality, "reviewer": reviewer, "at": at}
        for event, verdict, kind, source, target, factuality, reviewer, at in store.query(
            _REVIEWS, [sorted({str(row["event_id"]) for row in rows})]
        )
    }  # fmt: skip
    facts: dict[str, Row] = {}
    for row in rows:
        fact = {_RENAMED.get(name, name): value for name, value in row.items()}
        fact["before"], fact["after"] = _sentence(fact.pop("before_text") or "",
                                                  fact.pop("after_text") or "")  # fmt: skip
        fact["review"] = reviews.get(fact["id"])
        fact["others"] = None
        facts[fact["id"]] = fact
    return facts


def review_form(reviewer: str = "", values: Mapping[str, str] | None = None) -> Mapping[str, Any]:
    """What the review form offers and what it holds."""
    return {
        "verdicts": VERDICTS,
        "types": tuple(plover_types()),
        "factualities": FACTUALITIES,
        "reviewer": reviewer,
        "values": dict(values or {}),
    }


def event_page(store: Store, event_id: str, reviewer: str = "") -> Mapping[str, Any] | None:
    """The event page: the facts, the review history and the form; None if unknown."""
    facts = event_facts(store, [event_id]).get(event_id)
    if facts is None:
        return None
    return {
        "event": facts,
        "history": review_history(store, event_id),
        "form": review_form(reviewer),
    }


def reviewer_of(cookie: str | None, default: str = "") -> str:
    """The reviewer name a cookie remembers (URL-quoted), else ``default``."""
    return unquote(cookie)[:100] if cookie else default


def parse_review(body: bytes) -> tuple[str, str, Corrections, str]:
    """(verdict, reviewer, corrections, note) of a submitted review form: blank
    correction fields are not corrections."""
    fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=50)

    def field(name: str) -> str:
        return fields.get(name, [""])[0].strip()

    def given(name: str) -> str | None:
        return field(name) or None

    corrections = Corrections(
        type=given("type"),
        source_code=given("source"),
        target_code=given("target"),
        factuality=given("factuality"),
    )
    return field("verdict"), field("reviewer"), corrections, field("note")

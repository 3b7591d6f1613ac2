"""What the pages show, read from the store: one function per page, returning plain
dicts and lists for the templates (every value still untrusted text)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from ..store import Store
from ..store.overview import overview
from .highlight import Span, article_html

__all__ = ["article_page", "overview_page", "safe_url"]

Row = dict[str, Any]

_EVENT_COLUMNS = (
    "e.id, e.idx, e.type, e.mode, e.cameo, e.goldstein, e.quad_class, e.source_code, "
    "e.source_text, e.target_code, e.target_text, e.symmetric, e.place_name, e.country, "
    "e.date, e.date_precision, e.factuality, e.attribution_kind, e.attribution_text, "
    "e.confidence, e.evidence_start, e.evidence_end, e.evidence_text, e.rule, "
    "e.cluster_id, c.state, c.num_independent, c.num_articles"
)


def _dicts(store: Store, sql: str, params: list[Any]) -> list[Row]:
    cursor = store.con.execute(sql, params)
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def safe_url(url: str | None) -> str | None:
    """``url`` if it may be a link (http or https), else None: it is then shown as text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def overview_page(store: Store, limit: int = 8) -> Mapping[str, Any]:
    """The overview: counts, dyads, corroborated and contested events, articles by
    outlet and genre, the latest tripwire alerts and set-aside inputs."""
    return {
        "overview": overview(store, limit=limit),
        "outlets": _dicts(
            store,
            "SELECT outlet, genre, count(*) AS articles, min(published) AS first, "
            "max(published) AS last FROM articles GROUP BY ALL "
            "ORDER BY articles DESC, outlet, genre LIMIT ?",
            [limit * 2],
        ),
        "alerts": _dicts(
            store,
            "SELECT pack_id, indicator_id, article_id, evidence_text, raised_at FROM alerts "
            "ORDER BY seq DESC, raised_at DESC LIMIT ?",
            [limit],
        ),
        "rejected": _dicts(
            store,
            "SELECT origin, reason, code, kind, times, last_seen FROM rejected "
            "ORDER BY last_seen DESC, origin LIMIT ?",
            [limit],
        ),
    }


def _marks(store: Store, article_id: str, events: list[Row]) -> list[Span]:
    marks: list[Span] = []
    for table, label in (("actors", "code"), ("places", "name"), ("dates", "value")):
        rows = store.query(
            f'SELECT start, "end", {label} FROM {table} WHERE article_id = ?', [article_id]
        )
        kind = table[:-1]
        marks += [
            Span(s, e, kind, f"{kind}: {v if v is not None else 'unresolved'}")
            for s, e, v in rows
            if s is not None
        ]
    artifacts = store.query(
        'SELECT start, "end", language, kind FROM artifacts WHERE article_id = ?', [article_id]
    )
    marks += [
        Span(s, e, "artifact", f"untranslated {kind or 'fragment'} ({lang or '?'})")
        for s, e, lang, kind in artifacts
        if s is not None
    ]
    for event in events:
        if event["evidence_start"] is not None and event["evidence_end"] is not None:
            title = f"event {event['idx']}: {event['type']} {event['cameo'] or ''}".strip()
            start, end = event["evidence_start"], event["evidence_end"]
            marks.append(Span(start, end, "evidence", title, int(event["idx"])))
    return marks


def _cluster_reports(store: Store, article_id: str, events: list[Row]) -> None:
    """Give each event the other articles that report its cluster."""
    ids = sorted({e["cluster_id"] for e in events if e["cluster_id"]})
    others: dict[str, list[Row]] = {cluster: [] for cluster in ids}
    if ids:
        rows = _dicts(
            store,
            "SELECT DISTINCT e.cluster_id, a.id AS article_id, a.outlet, a.title, "
            "e.factuality FROM events e JOIN articles a ON a.id = e.article_id "
            "WHERE e.cluster_id IN (SELECT unnest(?)) AND a.id <> ? "
            "ORDER BY a.outlet, a.title",
            [ids, article_id],
        )
        for row in rows:
            others[row["cluster_id"]].append(row)
    for event in events:
        event["others"] = others.get(event["cluster_id"] or "", [])


def article_page(store: Store, article_id: str) -> Mapping[str, Any] | None:
    """An article with its marked-up text and its events, or None if unknown."""
    found = _dicts(
        store,
        "SELECT id, title, author, published, url, source, outlet, language, genre, text, "
        "notes FROM articles WHERE id = ?",
        [article_id],
    )
    if not found:
        return None
    article = found[0]
    events = _dicts(
        store,
        f"SELECT {_EVENT_COLUMNS} FROM events e LEFT JOIN clusters c ON c.id = e.cluster_id "
        "WHERE e.article_id = ? ORDER BY e.idx",
        [article_id],
    )
    _cluster_reports(store, article_id, events)
    segments = [
        Span(s, e, kind)
        for s, e, kind in store.query(
            'SELECT start, "end", kind FROM segments WHERE article_id = ? ORDER BY start',
            [article_id],
        )
        if s is not None
    ]
    html: Markup = article_html(article["text"] or "", segments, _marks(store, article_id, events))
    kinds = sorted({segment.kind for segment in segments})
    return {
        "article": article,
        "link": safe_url(article["url"]),
        "html": html,
        "events": events,
        "kinds": kinds,
    }

"""What the pages show, read from the store: one function per page, returning plain
dicts and lists for the templates (every value still untrusted text)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from ..store import Store
from ..store.overview import overview
from .events import event_facts
from .highlight import Span, article_html

__all__ = ["article_page", "overview_page", "safe_url"]

Row = dict[str, Any]


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
    ids = [
        row[0] for row in store.query("SELECT id FROM events WHERE article_id = ?", [article_id])
    ]
    events = sorted(event_facts(store, ids).values(), key=lambda event: int(event["idx"]))
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

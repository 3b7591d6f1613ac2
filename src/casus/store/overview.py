"""What an analyst looks at first in a store: its size, the busiest dyads, the latest
corroborated events with their outlets, and what is contested."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .db import Store

__all__ = ["ClusterLine", "DyadLine", "Overview", "overview"]


@dataclass(frozen=True, slots=True)
class DyadLine:
    source: str
    target: str
    clusters: int
    """Real-world events (clusters) between them, in either direction."""
    corroborated: int
    contested: int
    mentions: int


@dataclass(frozen=True, slots=True)
class ClusterLine:
    id: str
    date: date | None
    type: str
    cameo: str
    source: str | None
    target: str | None
    place: str | None
    state: str
    num_independent: int
    num_articles: int
    outlets: tuple[str, ...]
    """Outlets of its reports, but for republished copies."""
    copies: tuple[str, ...]
    """Outlets of its reports that republish an earlier article (near-duplicates), each
    with the outlet of the original: ``black sea herald (from caspian wire service)``."""
    evidence: str
    """The first report's evidence text."""


@dataclass(frozen=True, slots=True)
class Overview:
    articles: int
    outlets: int
    events: int
    clusters: dict[str, int]
    """Clusters by state."""
    rejected: int
    dyads: tuple[DyadLine, ...]
    corroborated: tuple[ClusterLine, ...]
    contested: tuple[ClusterLine, ...]


def overview(store: Store, *, limit: int = 8) -> Overview:
    """The store's overview: ``limit`` lines per list."""
    articles, outlets = store.query("SELECT count(*), count(DISTINCT outlet) FROM articles")[0]
    events = store.query("SELECT count(*) FROM events")[0][0]
    states = dict(store.query("SELECT state, count(*) FROM clusters GROUP BY state ORDER BY 1"))
    rejected = store.query("SELECT count(*) FROM rejected")[0][0]
    return Overview(
        articles=int(articles),
        outlets=int(outlets),
        events=int(events),
        clusters={str(k): int(v) for k, v in states.items()},
        rejected=int(rejected),
        dyads=_dyads(store, limit),
        **_clusters(store, ("corroborated", "contested"), limit),
    )


def _dyads(store: Store, limit: int) -> tuple[DyadLine, ...]:
    """Dyads by the number of real-world events between them, either way round."""
    rows = store.query(
        """
        SELECT least(source_code, target_code) AS a, greatest(source_code, target_code) AS b,
               count(*) AS clusters,
               count(*) FILTER (WHERE state = 'corroborated'),
               count(*) FILTER (WHERE state = 'contested'),
               sum(num_mentions)
        FROM clusters
        WHERE source_code IS NOT NULL AND target_code IS NOT NULL
          AND source_code <> target_code
        GROUP BY a, b ORDER BY clusters DESC, sum(num_mentions) DESC, a, b LIMIT ?
        """,
        [limit],
    )
    return tuple(
        DyadLine(str(a), str(b), int(n), int(c), int(d), int(m or 0)) for a, b, n, c, d, m in rows
    )


def _clusters(
    store: Store, states: tuple[str, ...], limit: int
) -> dict[str, tuple[ClusterLine, ...]]:
    """The latest ``limit`` clusters in each of ``states`` (by event date, then
    arrival): chosen first, then joined to their reports in one pass over the events
    (every cluster has at least one report)."""
    latest = " UNION ALL ".join(
        "(SELECT * FROM clusters WHERE state = ? "
        "ORDER BY date DESC NULLS LAST, last_seq DESC, id LIMIT ?)"
        for _ in states
    )
    rows = store.query(
        f"""
        WITH c AS MATERIALIZED ({latest})
        SELECT c.id, c.date, c.type, c.cameo, c.source_code, c.target_code, c.place_name,
               c.state, c.num_independent, c.num_articles,
               list(DISTINCT a.outlet ORDER BY a.outlet) FILTER (WHERE n.article_id IS NULL),
               list(DISTINCT a.outlet || ' (from ' || o.outlet || ')'
                    ORDER BY a.outlet || ' (from ' || o.outlet || ')')
                    FILTER (WHERE n.article_id IS NOT NULL),
               arg_min(e.evidence_text, a.seq * 100000 + e.idx), c.last_seq
        FROM c
        JOIN events e ON e.cluster_id = c.id
        JOIN articles a ON a.id = e.article_id
        LEFT JOIN near_duplicates n ON n.article_id = a.id
        LEFT JOIN articles o ON o.id = n.original_id
        GROUP BY ALL
        ORDER BY c.date DESC NULLS LAST, c.last_seq DESC, c.id
        """,
        [value for state in states for value in (state, limit)],
    )
    lines = [
        ClusterLine(
            id=row[0], date=row[1], type=row[2], cameo=row[3], source=row[4], target=row[5],
            place=row[6], state=row[7], num_independent=int(row[8]), num_articles=int(row[9]),
            outlets=tuple(row[10] or ()), copies=tuple(row[11] or ()), evidence=str(row[12]),
        )
        for row in rows
    ]  # fmt: skip
    return {state: tuple(line for line in lines if line.state == state) for state in states}

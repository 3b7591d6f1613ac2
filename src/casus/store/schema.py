"""The store's tables, their columns in order, and the migrations that build them.

Every table is declared once here, as (column, DuckDB type) pairs: the DDL, the row
tuples of :mod:`casus.store.rows`, the Parquet files of the Spark engine and the
README's schema section all follow this order. A migration is a numbered list of
statements; ``schema_version`` records each one applied, and opening a store of an
older version applies the ones it lacks (:func:`casus.store.db.migrate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ANALYSIS_TABLES",
    "COLUMNS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "TABLE_DOCS",
    "create_table",
]

Columns = tuple[tuple[str, str], ...]

_SPAN = (("start", "INTEGER"), ("end", "INTEGER"))
_ACTOR_REF = ("code", "sector", "text")

ARTICLES: Columns = (
    ("id", "VARCHAR"),  # content hash of text and URL (casus.model.article_id)
    ("key", "VARCHAR"),  # what identifies the article across versions: its URL, or origin
    ("seq", "BIGINT"),  # arrival order in the store, from 1
    ("title", "VARCHAR"),
    ("author", "VARCHAR"),
    ("published", "DATE"),
    ("published_basis", "VARCHAR"),
    ("url", "VARCHAR"),
    ("source", "VARCHAR"),
    ("outlet", "VARCHAR"),  # the source name, or the URL's host, normalised; or 'unknown'
    ("language", "VARCHAR"),
    ("genre", "VARCHAR"),
    ("genre_rule", "VARCHAR"),
    ("origin_path", "VARCHAR"),
    ("origin_line", "INTEGER"),
    ("origin_record", "INTEGER"),
    ("text", "VARCHAR"),
    ("notes", "VARCHAR"),  # the analysis's notes, one per line
)
SEGMENTS: Columns = (
    ("article_id", "VARCHAR"), ("idx", "INTEGER"), ("kind", "VARCHAR"), *_SPAN,
    ("rule", "VARCHAR"),
)  # fmt: skip
ARTIFACTS: Columns = (
    ("article_id", "VARCHAR"), ("idx", "INTEGER"), ("kind", "VARCHAR"), *_SPAN,
    ("text", "VARCHAR"), ("language", "VARCHAR"), ("script", "VARCHAR"), ("rule", "VARCHAR"),
)  # fmt: skip
ACTORS: Columns = (
    ("article_id", "VARCHAR"), ("idx", "INTEGER"), *_SPAN, ("text", "VARCHAR"),
    ("code", "VARCHAR"), ("sector", "VARCHAR"), ("name", "VARCHAR"), ("kind", "VARCHAR"),
    ("rule", "VARCHAR"),
)  # fmt: skip
PLACES: Columns = (
    ("article_id", "VARCHAR"), ("idx", "INTEGER"), *_SPAN, ("text", "VARCHAR"),
    ("name", "VARCHAR"), ("country", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
    ("kind", "VARCHAR"), ("geonameid", "BIGINT"), ("rule", "VARCHAR"),
)  # fmt: skip
DATES: Columns = (
    ("article_id", "VARCHAR"), ("idx", "INTEGER"), *_SPAN, ("text", "VARCHAR"),
    ("value", "VARCHAR"), ("precision", "VARCHAR"), ("rule", "VARCHAR"),
)  # fmt: skip
EVENTS: Columns = (
    ("id", "VARCHAR"), ("article_id", "VARCHAR"), ("idx", "INTEGER"),
    ("type", "VARCHAR"), ("mode", "VARCHAR"), ("cameo", "VARCHAR"),
    ("goldstein", "DOUBLE"), ("quad_class", "INTEGER"),
    *((f"source_{part}", "VARCHAR") for part in _ACTOR_REF),
    *((f"target_{part}", "VARCHAR") for part in _ACTOR_REF),
    ("symmetric", "BOOLEAN"),
    ("place_name", "VARCHAR"), ("country", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
    ("place_kind", "VARCHAR"),  # city, region, sea, country or feature; NULL when unplaced
    ("date", "DATE"),  # the first day of the event's date
    ("date_precision", "VARCHAR"),  # day, month or year
    ("factuality", "VARCHAR"),
    ("attribution_kind", "VARCHAR"), ("attribution_text", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("evidence_text", "VARCHAR"),
    ("rule", "VARCHAR"),
    ("speech_act_type", "VARCHAR"), ("speech_act_kind", "VARCHAR"),
    ("speech_act_cameo", "VARCHAR"),
    ("cluster_id", "VARCHAR"),  # set by corroboration; NULL for future and hypothetical
)  # fmt: skip
CLAIMS: Columns = (
    ("id", "VARCHAR"), ("article_id", "VARCHAR"), ("idx", "INTEGER"), ("text", "VARCHAR"),
    *((f"speaker_{part}", "VARCHAR") for part in _ACTOR_REF),
    ("sourcing", "VARCHAR"),
    ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("rule", "VARCHAR"),
)  # fmt: skip
MINHASHES: Columns = (("article_id", "VARCHAR"), ("signature", "BLOB"))
NEAR_DUPLICATES: Columns = (
    ("article_id", "VARCHAR"),  # the republished copy
    ("original_id", "VARCHAR"),  # the earliest article it copies
    ("similarity", "DOUBLE"),  # estimated Jaccard similarity of their shingles
)
CLUSTERS: Columns = (
    ("id", "VARCHAR"), ("type", "VARCHAR"), ("cameo", "VARCHAR"), ("quad_class", "INTEGER"),
    ("goldstein", "DOUBLE"),
    ("source_code", "VARCHAR"), ("target_code", "VARCHAR"), ("symmetric", "BOOLEAN"),
    ("place_name", "VARCHAR"), ("country", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
    ("place_kind", "VARCHAR"),
    ("date", "DATE"), ("date_precision", "VARCHAR"),
    ("num_mentions", "INTEGER"),  # asserted and reported mentions
    ("num_articles", "INTEGER"),
    ("num_outlets", "INTEGER"),
    ("num_independent", "INTEGER"),  # outlets, counting near-duplicates once
    ("num_denials", "INTEGER"),  # negated mentions
    ("state", "VARCHAR"),  # single-source, corroborated, contested or denied
    ("first_seq", "BIGINT"), ("last_seq", "BIGINT"),  # arrivals of its first and last report
)  # fmt: skip
CLUSTER_HISTORY: Columns = (
    ("cluster_id", "VARCHAR"),
    ("seq", "BIGINT"),  # the arrival of the article that changed the state
    ("article_id", "VARCHAR"),
    ("state", "VARCHAR"),  # the new state ('withdrawn' when its last report is replaced)
    ("num_independent", "INTEGER"),
    ("changed_at", "TIMESTAMP"),
    ("reason", "VARCHAR"),  # arrival, replaced (an article replaced) or review
)
REJECTED: Columns = (
    ("origin", "VARCHAR"),  # the input as the user named it, with :line or [record]
    ("reason", "VARCHAR"), ("code", "VARCHAR"), ("kind", "VARCHAR"),
    ("first_seen", "TIMESTAMP"), ("last_seen", "TIMESTAMP"), ("times", "INTEGER"),
)  # fmt: skip
RUNS: Columns = (
    ("id", "INTEGER"), ("started", "TIMESTAMP"), ("finished", "TIMESTAMP"),
    ("engine", "VARCHAR"), ("inputs", "VARCHAR"),
    ("ingested", "INTEGER"), ("unchanged", "INTEGER"), ("updated", "INTEGER"),
    ("near_duplicates", "INTEGER"), ("set_aside", "INTEGER"), ("skipped", "INTEGER"),
)  # fmt: skip

SCENARIO_PACKS: Columns = (
    ("pack_id", "VARCHAR"), ("title", "VARCHAR"), ("source", "VARCHAR"),
    ("digest", "VARCHAR"),  # sha256 of the pack file: a changed pack is replayed afresh
    ("start", "DATE"), ("horizon", "DATE"), ("registered_at", "TIMESTAMP"),
)  # fmt: skip
LEDGER: Columns = (
    ("pack_id", "VARCHAR"),
    ("step", "INTEGER"),  # order of the updates, from 1 (step 0: the priors)
    ("at", "DATE"),  # the evidence's date
    ("cluster_id", "VARCHAR"), ("indicator_id", "VARCHAR"),
    ("weight", "DOUBLE"),  # how much of the indicator's likelihood ratio applied (0 to 1)
    ("scenario_id", "VARCHAR"),
    ("delta_logodds", "DOUBLE"),  # change of the scenario's log-odds at this step
    ("probability", "DOUBLE"),  # the scenario's probability after it
)  # fmt: skip
ALERTS: Columns = (
    ("pack_id", "VARCHAR"), ("indicator_id", "VARCHAR"), ("cluster_id", "VARCHAR"),
    ("article_id", "VARCHAR"), ("seq", "BIGINT"), ("evidence_text", "VARCHAR"),
    ("raised_at", "TIMESTAMP"),
)  # fmt: skip
RESOLUTIONS: Columns = (
    ("pack_id", "VARCHAR"), ("scenario_id", "VARCHAR"), ("resolved_on", "DATE"),
    ("brier", "DOUBLE"), ("log_score", "DOUBLE"), ("recorded_at", "TIMESTAMP"),
)  # fmt: skip
REVIEWS: Columns = (
    ("id", "VARCHAR"),  # content hash of the review (event, reviewer, time, verdict, values)
    ("event_id", "VARCHAR"), ("article_id", "VARCHAR"),
    ("reviewer", "VARCHAR"), ("reviewed_at", "TIMESTAMP"),
    ("verdict", "VARCHAR"),  # right, wrong or corrected
    ("type", "VARCHAR"), ("source_code", "VARCHAR"), ("target_code", "VARCHAR"),
    ("factuality", "VARCHAR"),  # the corrected values; NULL where not corrected
    ("original_type", "VARCHAR"), ("original_cameo", "VARCHAR"),
    ("original_source_code", "VARCHAR"), ("original_target_code", "VARCHAR"),
    ("original_factuality", "VARCHAR"),
    ("original_evidence_start", "INTEGER"), ("original_evidence_end", "INTEGER"),
    ("original_evidence_text", "VARCHAR"), ("original_rule", "VARCHAR"),
    ("note", "VARCHAR"),
)  # fmt: skip

COLUMNS: Mapping[str, Columns] = MappingProxyType(
    {
        "articles": ARTICLES,
        "segments": SEGMENTS,
        "artifacts": ARTIFACTS,
        "actors": ACTORS,
        "places": PLACES,
        "dates": DATES,
        "events": EVENTS,
        "claims": CLAIMS,
        "minhashes": MINHASHES,
        "near_duplicates": NEAR_DUPLICATES,
        "clusters": CLUSTERS,
        "cluster_history": CLUSTER_HISTORY,
        "rejected": REJECTED,
        "runs": RUNS,
        "scenario_packs": SCENARIO_PACKS,
        "ledger": LEDGER,
        "alerts": ALERTS,
        "resolutions": RESOLUTIONS,
        "reviews": REVIEWS,
    }
)
"""Every table of the store, with its columns in order."""

ANALYSIS_TABLES = (
    "articles", "segments", "artifacts", "actors", "places", "dates", "events", "claims",
    "minhashes",
)  # fmt: skip
"""The tables one article's analysis fills (:class:`casus.store.rows.ArticleRows`)."""

TABLE_DOCS: Mapping[str, str] = MappingProxyType(
    {
        "articles": "one row per stored article version (its id is the content hash)",
        "segments": "the article's parts: body, title, caption, quote, related headline...",
        "artifacts": "untranslated fragments",
        "actors": "actor mentions, coded",
        "places": "place mentions, resolved to coordinates",
        "dates": "date mentions, resolved",
        "events": "event mentions, one per coded act, with their cluster",
        "claims": "claims and their speakers",
        "minhashes": "each article's MinHash signature, for near-duplicate search",
        "near_duplicates": "republished copies, linked to the article they copy",
        "clusters": "one real-world event as reported across articles, with corroboration",
        "cluster_history": "each change of a cluster's state, in arrival order",
        "rejected": "inputs set aside, with reason and code",
        "runs": "one row per ingest run, with its counts",
        "scenario_packs": "the scenario packs run over this store",
        "ledger": "every update of a pack's probabilities: evidence, indicator, change",
        "alerts": "tripwire indicators matched by ingested evidence",
        "resolutions": "scenarios recorded as resolved, with the pack's scores",
        "reviews": "analysts' verdicts on event mentions (right, wrong, corrected), "
        "append-only: the latest per event wins",
        "schema_version": "the migrations applied",
    }
)


_ADDED: Mapping[tuple[str, str], int] = MappingProxyType(
    {("events", "cluster_id"): 2, ("cluster_history", "reason"): 5}
)
"""Columns added to a table after the version that created it: (table, column) to the
version whose migration adds it."""


def create_table(name: str, version: int | None = None) -> str:
    """The ``CREATE TABLE`` statement of table ``name`` as schema ``version`` (by default
    the current one) has it."""
    columns = ", ".join(
        f'"{column}" {kind}'
        for column, kind in COLUMNS[name]
        if version is None or _ADDED.get((name, column), 0) <= version
    )
    return f"CREATE TABLE IF NOT EXISTS {name} ({columns})"


def _v1() -> tuple[str, ...]:
    """Version 1: the analysis tables, set-asides and runs."""
    tables = (*ANALYSIS_TABLES, "rejected", "runs")
    return (
        *(create_table(name, 1) for name in tables if name != "minhashes"),
        "CREATE UNIQUE INDEX IF NOT EXISTS articles_id ON articles (id)",
        "CREATE INDEX IF NOT EXISTS articles_key ON articles (key)",
        "CREATE UNIQUE INDEX IF NOT EXISTS rejected_origin ON rejected (origin, code)",
    )


def _v2() -> tuple[str, ...]:
    """Version 2: corroboration (signatures, near-duplicates, clusters and their
    history). Existing events are clustered when a version 1 store is opened."""
    return (
        *(
            create_table(name, 2)
            for name in ("minhashes", "near_duplicates", "clusters", "cluster_history")
        ),
        'ALTER TABLE events ADD COLUMN IF NOT EXISTS "cluster_id" VARCHAR',
    )


def _v3() -> tuple[str, ...]:
    """Version 3: scenario packs, their ledgers, alerts and resolutions."""
    return tuple(
        create_table(name, 3) for name in ("scenario_packs", "ledger", "alerts", "resolutions")
    )


def _v4() -> tuple[str, ...]:
    """Version 4: analysts' reviews of event mentions (the events stay as coded)."""
    return (
        create_table("reviews", 4),
        "CREATE INDEX IF NOT EXISTS reviews_event ON reviews (event_id)",
    )


def _v5() -> tuple[str, ...]:
    """Version 5: why a cluster's state changed (reviews now move clusters)."""
    return ('ALTER TABLE cluster_history ADD COLUMN IF NOT EXISTS "reason" VARCHAR',)


MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "analysis tables, set-asides, runs", _v1()),
    (2, "near-duplicates, event clusters and their history", _v2()),
    (3, "scenario packs, ledgers, alerts, resolutions", _v3()),
    (4, "analysts' reviews of event mentions", _v4()),
    (5, "the reason of each cluster state change", _v5()),
)
"""(version, description, statements), in order. Never edit one that has shipped: add
the next."""

SCHEMA_VERSION = MIGRATIONS[-1][0]

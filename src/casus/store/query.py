"""Reading the store: filters become one parameterised ``WHERE`` clause, and the event
mentions or clusters that pass it come back as dicts.

No value a user gives is ever written into SQL text: every filter adds a clause with
``?`` placeholders and its values to a parameter list. The event's date is its own date
when the text gives one, else the article's publication date.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

import duckdb

from ..datafiles import bundled, read_tsv, read_yaml
from ..errors import CasusError, QueryError, UsageError
from .db import Store
from .rows import outlet_of
from .schema import COLUMNS, SCHEMA_VERSION, TABLE_DOCS

__all__ = [
    "BASE",
    "CLUSTER_COLUMNS",
    "COUNTED",
    "EVENT_DATE",
    "LATEST_REVIEWS_SQL",
    "MENTION_COLUMNS",
    "QUADS",
    "REVIEWED_COLUMN",
    "STATES",
    "Filters",
    "base",
    "clusters",
    "iter_mentions",
    "mention_sql",
    "mentions",
    "parse_country",
    "parse_dyad",
    "parse_quad",
    "parse_type",
    "plover_types",
    "read_only_sql",
    "reviewed_events_sql",
    "schema_markdown",
    "where",
]

QUADS: Mapping[str, int] = {
    "verbal-cooperation": 1,
    "material-cooperation": 2,
    "verbal-conflict": 3,
    "material-conflict": 4,
}
"""GDELT's QuadClass names (CAMEO's four quad classes), accepted by ``--quad``."""

STATES = ("single-source", "corroborated", "contested", "denied")
COUNTED = ("asserted", "reported")
"""The factualities that corroborate, and that ``casus trend`` counts by default."""

EVENT_DATE = "coalesce(e.date, a.published)"
_ARTICLE = "JOIN articles a ON a.id = e.article_id"
_CLUSTER = "LEFT JOIN clusters c ON c.id = e.cluster_id"
BASE = f"FROM events e {_ARTICLE} {_CLUSTER}"

MENTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", EVENT_DATE),
    ("date_precision", "CASE WHEN e.date IS NULL THEN 'published' ELSE e.date_precision END"),
    ("type", "e.type"), ("mode", "e.mode"), ("cameo", "e.cameo"),
    ("quad_class", "e.quad_class"), ("goldstein", "e.goldstein"),
    ("source", "e.source_code"), ("source_sector", "e.source_sector"),
    ("source_text", "e.source_text"),
    ("target", "e.target_code"), ("target_sector", "e.target_sector"),
    ("target_text", "e.target_text"), ("symmetric", "e.symmetric"),
    ("factuality", "e.factuality"), ("attribution", "e.attribution_text"),
    ("place", "e.place_name"), ("country", "e.country"), ("lat", "e.lat"), ("lon", "e.lon"),
    ("place_kind", "e.place_kind"),
    ("outlet", "a.outlet"), ("genre", "a.genre"), ("evidence", "e.evidence_text"),
    ("rule", "e.rule"), ("cluster_id", "e.cluster_id"), ("state", "c.state"),
    ("num_independent", "c.num_independent"), ("num_mentions", "c.num_mentions"),
    ("num_articles", "c.num_articles"), ("num_outlets", "c.num_outlets"),
    ("title", "a.title"), ("url", "a.url"), ("published", "a.published"),
    ("article_id", "e.article_id"), ("event_id", "e.id"), ("confidence", "e.confidence"),
)  # fmt: skip
"""What one mention row holds: (name, SQL expression), in output order."""

CLUSTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("cluster_id", "c.id"), ("date", "c.date"), ("date_precision", "c.date_precision"),
    ("type", "c.type"), ("cameo", "c.cameo"), ("quad_class", "c.quad_class"),
    ("goldstein", "c.goldstein"), ("source", "c.source_code"), ("target", "c.target_code"),
    ("symmetric", "c.symmetric"), ("place", "c.place_name"), ("country", "c.country"),
    ("lat", "c.lat"), ("lon", "c.lon"), ("num_mentions", "c.num_mentions"),
    ("num_articles", "c.num_articles"), ("num_outlets", "c.num_outlets"),
    ("num_independent", "c.num_independent"), ("num_denials", "c.num_denials"),
    ("state", "c.state"),
    ("outlets", "(SELECT list_sort(list(DISTINCT a2.outlet)) FROM events e2 JOIN articles a2"
                " ON a2.id = e2.article_id WHERE e2.cluster_id = c.id)"),
)  # fmt: skip
"""What one cluster row holds: its counts and state, its most precise place and date,
and the outlets that reported it."""

_CODE = re.compile(r"^[A-Za-z0-9]{2,12}$")


@dataclass(frozen=True, slots=True)
class Filters:
    """What ``casus events``, ``trend`` and ``export`` select (every field optional)."""

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    type: str | None = None
    quad: int | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    country: str | None = None
    """ISO 3166-1 alpha-2, as places carry it (:func:`parse_country` takes alpha-3 too)."""
    factuality: tuple[str, ...] = ()
    min_independent: int | None = None
    state: str | None = None
    outlet: str | None = None
    genre: str | None = None
    reviewed: bool = False
    """Analysts' reviews applied: corrected values preferred, mentions reviewed wrong
    left out, and a ``reviewed`` column (:mod:`casus.store.reviews`)."""
    located: bool = False
    """Only mentions whose place has coordinates (the workbench's map)."""


def _code(value: str, what: str) -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise UsageError(f"{what}: {value!r} is not an actor code such as RUS or UN")
    return code


def parse_dyad(value: str) -> tuple[str, str]:
    """``RUS:AZE`` as (source, target)."""
    source, colon, target = value.partition(":")
    if not colon:
        raise UsageError(f"--dyad: {value!r} is not SOURCE:TARGET (such as RUS:AZE)")
    return _code(source, "--dyad"), _code(target, "--dyad")


def parse_type(value: str, what: str = "--type", error: type[CasusError] = UsageError) -> str:
    """A PLOVER event type (``assault`` → ``ASSAULT``); an unknown one is an ``error``
    (a usage error for a filter, the caller's class otherwise) naming the closest type,
    not an empty answer."""
    kind = value.strip().upper()
    known = plover_types()
    if kind not in known:
        close = difflib.get_close_matches(kind, list(known), n=1)
        hint = f"did you mean {close[0]}?" if close else ", ".join(known)
        raise error(f"{what}: {value!r} is not a PLOVER type ({hint})")
    return kind


def parse_quad(value: str) -> int:
    """A QuadClass: 1 to 4, or its name (``material-conflict``)."""
    text = value.strip().lower().replace("_", "-").replace(" ", "-")
    if text in {"1", "2", "3", "4"}:
        return int(text)
    if text in QUADS:
        return QUADS[text]
    names = ", ".join(QUADS)
    raise UsageError(f"--quad: {value!r} is not 1-4 or one of {names}")


@cache
def _alpha3() -> Mapping[str, str]:
    rows = read_tsv(bundled("casus.lexicons", "countries.tsv"), ("iso3", "iso2"))
    return {row["iso3"]: row["iso2"] for row in rows}


def parse_country(value: str) -> str:
    """A country code as the store keeps it (ISO alpha-2), from alpha-3 or alpha-2."""
    code = value.strip().upper()
    if len(code) == 3 and code in _alpha3():
        return _alpha3()[code]
    if len(code) == 2 and code in _alpha3().values():
        return code
    raise UsageError(f"--country: {value!r} is not an ISO 3166 country code (RUS or RU)")


def _actor_clauses(filters: Filters) -> Iterator[tuple[str, list[Any]]]:
    if filters.actor:
        code = _code(filters.actor, "--actor")
        yield "(e.source_code = ? OR e.target_code = ?)", [code, code]
    if filters.dyad:
        source, target = filters.dyad
        yield (
            "((e.source_code = ? AND e.target_code = ?) OR "
            "(e.symmetric AND e.source_code = ? AND e.target_code = ?))",
            [source, target, target, source],
        )


def _event_clauses(filters: Filters) -> Iterator[tuple[str, list[Any]]]:
    if filters.type:
        yield "e.type = ?", [filters.type.strip().upper()]
    if filters.quad is not None:
        yield "e.quad_class = ?", [filters.quad]
    if filters.since:
        yield f"{EVENT_DATE} >= ?", [filters.since]
    if filters.until:
        yield f"{EVENT_DATE} <= ?", [filters.until]
    if filters.place:
        yield "lower(e.place_name) = lower(?)", [filters.place.strip()]
    if filters.country:
        yield "e.country = ?", [filters.country]
    if filters.factuality:
        marks = ", ".join("?" for _ in filters.factuality)
        yield f"e.factuality IN ({marks})", [f.strip().lower() for f in filters.factuality]
    if filters.located:
        yield "e.lat IS NOT NULL AND e.lon IS NOT NULL", []


def _report_clauses(filters: Filters) -> Iterator[tuple[str, list[Any]]]:
    if filters.min_independent is not None:
        yield "c.num_independent >= ?", [filters.min_independent]
    if filters.state:
        yield "c.state = ?", [filters.state]
    if filters.outlet:
        yield "a.outlet = ?", [outlet_of(filters.outlet, None)]
    if filters.genre:
        yield "a.genre = ?", [filters.genre.strip().lower()]


LATEST_REVIEWS_SQL = (
    "SELECT * FROM reviews QUALIFY row_number() OVER "
    "(PARTITION BY event_id ORDER BY reviewed_at DESC, id DESC) = 1"
)
"""The latest review of each reviewed event."""


@cache
def plover_types() -> Mapping[str, int]:
    """The PLOVER types of the bundled ontology (``casus/ontology/plover.yaml``, read
    as data: the store does not import the ontology module), each with its QuadClass."""
    data = read_yaml(bundled("casus.ontology", "plover.yaml")) or {}
    types = data.get("types") or {}
    return {
        str(name): QUADS[str(spec["quad"]).replace(" ", "-")]
        for name, spec in sorted(types.items())
    }


def _quad_case() -> str:
    """``CASE r.type WHEN 'AGREE' THEN 1 ... END``: type names are checked words of
    the bundled ontology, never user text."""
    arms = []
    for name, quad in plover_types().items():
        if not re.fullmatch(r"[A-Z_]+", name):
            raise QueryError(f"the ontology's type {name!r} is not a plain name")
        arms.append(f"WHEN '{name}' THEN {quad}")
    return f"CASE r.type {' '.join(arms)} END"


@cache
def reviewed_events_sql(events: str = "events") -> str:
    """A query with the columns of ``events`` (plus ``review_verdict`` and
    ``review_id``) where each mention's latest review is applied (see
    :mod:`casus.store.reviews`): use it as ``(...) e`` in place of ``events e``.
    ``events``: the relation of events rows to read (a subquery selecting some)."""
    same_type = "(r.type IS NULL OR r.type = e.type)"

    def keep(column: str, condition: str = same_type) -> str:
        return f'CASE WHEN {condition} THEN e."{column}" END AS "{column}"'

    def actor(side: str) -> str:
        return (
            f"CASE WHEN r.{side}_code IS NULL THEN e.{side}_code "
            f"ELSE nullif(r.{side}_code, '') END AS {side}_code"
        )

    def same(side: str) -> str:
        return f"(r.{side}_code IS NULL OR r.{side}_code = e.{side}_code)"

    replaced = [
        "coalesce(r.type, e.type) AS type",
        *(keep(c) for c in ("mode", "cameo", "goldstein")),
        f"CASE WHEN {same_type} THEN e.quad_class ELSE {_quad_case()} END AS quad_class",
        actor("source"),
        keep("source_sector", same("source")),
        actor("target"),
        keep("target_sector", same("target")),
        "coalesce(r.factuality, e.factuality) AS factuality",
        *(keep(c) for c in ("speech_act_type", "speech_act_kind", "speech_act_cameo")),
    ]
    return (
        f"SELECT e.* REPLACE ({', '.join(replaced)}), r.verdict AS review_verdict, "
        f"r.id AS review_id FROM {events} e "
        f"LEFT JOIN ({LATEST_REVIEWS_SQL}) r ON r.event_id = e.id "
        "WHERE r.verdict IS DISTINCT FROM 'wrong'"
    )


def base(filters: Filters, *, lean: bool = False) -> str:
    """:data:`BASE`, or with ``filters.reviewed`` the same joins over the events with
    their latest reviews applied (:func:`reviewed_events_sql`). ``lean``: without the
    clusters unless a filter reads them (for a query whose columns do not)."""
    joins = BASE if not lean or _clustered(filters) else f"FROM events e {_ARTICLE}"
    if not filters.reviewed:
        return joins
    return joins.replace("FROM events e ", f"FROM ({reviewed_events_sql()}) e ", 1)


REVIEWED_COLUMN = ("reviewed", "e.review_verdict")
"""The column ``filters.reviewed`` adds: the latest verdict (right or corrected), or
NULL for a mention nobody reviewed."""


def where(filters: Filters) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (``''`` when nothing is filtered) over :data:`BASE`'s
    aliases ``e`` (events), ``a`` (articles) and ``c`` (clusters), and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for making in (_actor_clauses, _event_clauses, _report_clauses):
        for clause, values in making(filters):
            clauses.append(clause)
            params.extend(values)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _select(columns: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f'{expression} AS "{name}"' for name, expression in columns)


def _limit(limit: int, params: list[Any]) -> str:
    """`` LIMIT ?`` with its value added to ``params`` (nothing for 0: no limit)."""
    if limit <= 0:
        return ""
    params.append(limit)
    return " LIMIT ?"


_POOL = 8
"""With a cluster filter, the newest ``limit`` times this many mentions are tried first."""
_NEWEST = f"ORDER BY {EVENT_DATE} DESC NULLS LAST, a.seq DESC, e.idx"
"""Newest first; (a.seq, e.idx) is unique, so the order is total."""


def mention_sql(
    filters: Filters,
    limit: int = 0,
    extra: Sequence[tuple[str, str]] = (),
    *,
    key: str = "id",
    pool: int = 0,
) -> tuple[str, list[Any]]:
    """The query of the mentions ``filters`` select, newest first (with the ``extra``
    (name, expression) columns after :data:`MENTION_COLUMNS`).

    With a ``limit``, the newest are found first from the few columns the filters and
    the order need, and only those rows are then read whole (joined back on the events'
    ``key``: ``id``, or ``rowid`` in a DuckDB file); the clusters are joined to the
    events only when a filter reads them. With a ``pool`` as well, the cluster filters
    (state, min. independent) are applied to the newest ``pool`` mentions the other
    filters select, not to all: the answer is the whole one only if it has ``limit``
    rows (:func:`mentions` checks)."""
    if key not in ("id", "rowid"):
        raise ValueError(f"key: {key!r} is not id or rowid")
    if filters.reviewed or limit <= 0:
        added = (REVIEWED_COLUMN,) if filters.reviewed else ()
        clause, params = where(filters)
        columns = _select((*MENTION_COLUMNS, *added, *extra))
        return f"SELECT {columns} {base(filters)} {clause} {_NEWEST}{_limit(limit, params)}", params
    columns = _select((*MENTION_COLUMNS, *extra))
    picked = f"SELECT e.{key} AS k, {EVENT_DATE} AS d, a.seq AS s, e.idx AS i"
    if _clustered(filters) and pool > 0:
        clause, params = where(replace(filters, state=None, min_independent=None))
        near = f"{picked}, e.cluster_id AS cid FROM events e {_ARTICLE} {clause} {_NEWEST}"
        near += _limit(pool, params)
        kept: list[str] = []
        for kept_clause, values in _report_clauses(_cluster_only(filters)):
            kept.append(kept_clause)
            params.extend(values)
        newest = (
            f"SELECT p.k, p.d, p.s, p.i FROM ({near}) p LEFT JOIN clusters c ON c.id = p.cid "
            f"WHERE {' AND '.join(kept)} ORDER BY p.d DESC NULLS LAST, p.s DESC, p.i"
        )
    else:
        clause, params = where(filters)
        joined = BASE if _clustered(filters) else f"FROM events e {_ARTICLE}"
        newest = f"{picked} {joined} {clause} {_NEWEST}"
    sql = (
        f"WITH top AS MATERIALIZED ({newest}{_limit(limit, params)}) SELECT {columns} "
        f"FROM top t JOIN events e ON e.{key} = t.k {_ARTICLE} {_CLUSTER} "
        "ORDER BY t.d DESC NULLS LAST, t.s DESC, t.i"
    )
    return sql, params


def _share(store: Store, filters: Filters) -> float:
    """About what share of the mentions the cluster filters of ``filters`` keep."""
    clause, params = where(_cluster_only(filters))
    kept, total = store.query(
        f"SELECT (SELECT sum(c.num_mentions) FROM clusters c {clause}), "
        "(SELECT count(*) FROM events)",
        params,
    )[0]
    return float(kept or 0) / total if total else 0.0


def _clustered(filters: Filters) -> bool:
    """Whether a filter reads the clusters."""
    return filters.state is not None or filters.min_independent is not None


def _cluster_only(filters: Filters) -> Filters:
    return Filters(state=filters.state, min_independent=filters.min_independent)


def _dicts(store: Store, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = store.con.execute(sql, params)
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def mentions(
    store: Store, filters: Filters, limit: int = 0, extra: Sequence[tuple[str, str]] = ()
) -> list[dict[str, Any]]:
    """The event mentions ``filters`` select (``limit`` 0: all), newest first, each
    with its article and its cluster's state (and the ``extra`` (name, expression)
    columns, read only for the rows returned)."""
    key = "id" if store.path.is_dir() else "rowid"  # Parquet views have no rowid
    if limit > 0 and _clustered(filters) and _share(store, filters) * _POOL >= 2:
        # a common state: the answer is most likely among the newest mentions
        pooled = mention_sql(filters, limit, extra, key=key, pool=limit * _POOL)
        found = _dicts(store, *pooled)
        if len(found) == limit:
            return found
    return _dicts(store, *mention_sql(filters, limit, extra, key=key))


def iter_mentions(
    store: Store,
    filters: Filters,
    extra: Sequence[tuple[str, str]] = (),
    batch: int = 2048,
) -> Iterator[dict[str, Any]]:
    """Every mention ``filters`` select, fetched ``batch`` rows at a time (exports)."""
    cursor = store.con.execute(*mention_sql(filters, 0, extra))
    names = [column[0] for column in cursor.description or ()]
    while rows := cursor.fetchmany(batch):
        for row in rows:
            yield dict(zip(names, row, strict=True))


def clusters(store: Store, filters: Filters, limit: int = 0) -> list[dict[str, Any]]:
    """The clusters with at least one mention that ``filters`` select, newest first,
    with their counts, state, best place and date, and outlets."""
    clause, params = where(filters)
    sql = (
        f"SELECT {_select(CLUSTER_COLUMNS)} FROM clusters c WHERE c.id IN "
        f"(SELECT e.cluster_id {base(filters)} {clause}) "
        f"ORDER BY c.date DESC NULLS LAST, c.last_seq DESC, c.id{_limit(limit, params)}"
    )
    return _dicts(store, sql, params)


_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


def _sandbox(store: Store) -> None:
    """Cut the connection off from the file system: no file read or written but the
    store's own Parquet directory, no extension installed, and no setting changed back
    (DuckDB's ``enable_external_access``, ``allowed_directories``, ``lock_configuration``)."""
    con = store.con
    locked = con.execute("SELECT current_setting('lock_configuration')").fetchone()
    if locked and locked[0]:
        return
    if store.path.is_dir():
        con.execute("SET allowed_directories = ?", [[str(store.path.resolve()) + os.sep]])
    con.execute("SET enable_external_access = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET lock_configuration = true")


def read_only_sql(store: Store, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one ad-hoc query (``SELECT``, ``WITH``, ``DESCRIBE``, ``SHOW``, ``SUMMARIZE``,
    ``EXPLAIN``); its column names and rows. Anything else (``INSERT``, ``COPY``,
    ``ATTACH``, ``SET``, ``PRAGMA``, several statements) is refused, and the connection
    can neither read nor write files outside the store (:func:`_sandbox`): a
    :class:`QueryError` either way."""
    _sandbox(store)
    try:
        statements = store.con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(_first_line(exc)) from None
    if len(statements) != 1:
        raise QueryError(f"one statement, please (found {len(statements)})")
    kind = statements[0].type
    if kind not in _STATEMENTS:
        raise QueryError(f"only read-only queries run here, not {kind.name}")
    try:
        cursor = store.con.execute(sql)
        names = [column[0] for column in cursor.description or ()]
        return names, cursor.fetchall()
    except duckdb.Error as exc:
        raise QueryError(_first_line(exc)) from None


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


def schema_markdown() -> str:
    """The store's tables and their columns, in order, as a Markdown list (the README's
    schema section is this text: ``casus sql --schema``)."""
    lines = [f"Schema version {SCHEMA_VERSION}. Each table, what it holds, its columns:", ""]
    for table, columns in COLUMNS.items():
        names = ", ".join(f"`{name}`" for name, _ in columns)
        lines.append(f"- **{table}**: {_sentence(TABLE_DOCS[table])} {names}")
    lines.append(
        f"- **schema_version**: {TABLE_DOCS['schema_version']}. `version`, `description`, `applied`"
    )
    return "\n".join(lines) + "\n"

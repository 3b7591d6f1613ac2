"""Indicator patterns as SQL over the store's event clusters, set-wise.

:func:`evidence_relation` is the relation of clusters that can be evidence: not
denied, with at least one counted (asserted or reported) mention, their date (the
cluster's, else its first report's publication date), which factualities their mentions
have (with the analysts' reviews applied) and the reliability weight of their best
independent outlet. :func:`match_sql` is
one ``UNION ALL`` query with one branch per indicator: every (cluster, indicator) match,
in time order. The same query runs over a one-row table for a what-if.

Actor codes match by prefix (``RUS`` matches ``RUS`` and ``RUSMIL``); ``*`` is any actor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..store.query import reviewed_events_sql
from .model import Indicator, Pattern
from .weights import Weights

__all__ = [
    "EVIDENCE_COLUMNS",
    "Match",
    "SqlPart",
    "candidates",
    "evidence_relation",
    "match_sql",
    "to_match",
]

COUNTED = ("asserted", "reported")
"""The factualities that can be evidence that an event happened."""

EVIDENCE_COLUMNS = (
    ("id", "VARCHAR"), ("at_date", "DATE"), ("first_seq", "BIGINT"), ("type", "VARCHAR"),
    ("cameo", "VARCHAR"), ("source_code", "VARCHAR"), ("target_code", "VARCHAR"),
    ("symmetric", "BOOLEAN"), ("country", "VARCHAR"), ("place_name", "VARCHAR"),
    ("state", "VARCHAR"), ("num_independent", "INTEGER"), ("asserted", "BOOLEAN"),
    ("reported", "BOOLEAN"), ("reliability", "DOUBLE"),
)  # fmt: skip
"""The columns of the evidence relation (what a what-if's hypothetical cluster has)."""


@dataclass(frozen=True, slots=True)
class SqlPart:
    sql: str
    params: list[Any]


@dataclass(frozen=True, slots=True)
class Match:
    """One indicator matched by one cluster, with the factors of its weight (before
    damping)."""

    cluster_id: str
    indicator: int
    """Position of the indicator in the pack."""
    at: date
    state: str
    independent: int
    factuality: float
    reliability: float


def evidence_relation(
    weights: Weights,
    clusters: Sequence[str] | None = None,
    candidates: SqlPart | None = None,
) -> SqlPart:
    """The evidence relation over the store (of the given clusters only, if any; of
    the ``candidates`` query's cluster ids only, if given: see :func:`candidates`)."""
    outlets, values = weights.outlet_weights()
    only = "" if clusters is None else " AND e.cluster_id IN (SELECT unnest(?::VARCHAR[]))"
    if candidates is not None:
        only += f" AND e.cluster_id IN ({candidates.sql})"
    sql = f"""
        SELECT cl.id, coalesce(cl.date, fa.published) AS at_date, cl.first_seq, cl.type,
            cl.cameo, cl.source_code, cl.target_code, coalesce(cl.symmetric, false)
            AS symmetric, cl.country, cl.place_name, cl.state, cl.num_independent,
            ev.asserted, ev.reported, ev.reliability
        FROM clusters cl
        JOIN (
            SELECT e.cluster_id AS id, bool_or(e.factuality = 'asserted') AS asserted,
                bool_or(e.factuality = 'reported') AS reported,
                max(coalesce(r.weight, ?)) AS reliability
            FROM ({reviewed_events_sql()}) e JOIN articles a ON a.id = e.article_id
            LEFT JOIN (
                SELECT article_id, min(original_id) AS original_id FROM near_duplicates
                GROUP BY article_id
            ) n ON n.article_id = e.article_id
            LEFT JOIN articles o ON o.id = n.original_id
            LEFT JOIN (
                SELECT unnest(?::VARCHAR[]) AS outlet, unnest(?::DOUBLE[]) AS weight
            ) r ON r.outlet = coalesce(o.outlet, a.outlet, 'unknown')
            WHERE e.cluster_id IS NOT NULL AND e.factuality IN ('asserted', 'reported'){only}
            GROUP BY e.cluster_id
        ) ev ON ev.id = cl.id
        LEFT JOIN articles fa ON fa.seq = cl.first_seq
        WHERE cl.state <> 'denied'"""
    params: list[Any] = [weights.default_reliability, outlets, values]
    if clusters is not None:
        params.append(list(clusters))
    if candidates is not None:
        params += candidates.params
    return SqlPart(sql, params)


def candidates(indicators: Sequence[Indicator]) -> SqlPart:
    """The ids of the clusters that could match one of ``indicators`` by their own
    columns (type, CAMEO code, dyad, place, state): the evidence relation need then
    gather the mentions of these alone, not of every cluster in the store. The mention
    factualities are still checked on the full relation."""
    params: list[Any] = []
    tests = [" AND ".join(_conditions(i.pattern, params)) for i in indicators]
    either = " OR ".join(f"({test})" for test in tests) if tests else "false"
    sql = (
        "SELECT c.id FROM (SELECT id, type, cameo, source_code, target_code, "
        'coalesce("symmetric", false) AS "symmetric", country, place_name, state '
        f"FROM clusters WHERE state <> 'denied') c WHERE {either}"
    )
    return SqlPart(sql, params)


def _any(column: str, values: Sequence[str], params: list[Any]) -> str:
    params.append(list(values))
    return f"list_contains(?::VARCHAR[], {column})"


def _actor(column: str, codes: Sequence[str], params: list[Any]) -> str:
    wanted = [code for code in codes if code != "*"]
    if not wanted or len(wanted) < len(codes):
        return "true"
    params.append(wanted)
    found = f"len(list_filter(?::VARCHAR[], lambda p: starts_with({column}, p))) > 0"
    return f"coalesce({found}, false)"


def _dyad(pattern: Pattern, params: list[Any]) -> str:
    if not pattern.sources and not pattern.targets:
        return "true"
    straight = (
        f"({_actor('c.source_code', pattern.sources, params)}"
        f" AND {_actor('c.target_code', pattern.targets, params)})"
    )
    swapped = (
        f"({_actor('c.target_code', pattern.sources, params)}"
        f" AND {_actor('c.source_code', pattern.targets, params)})"
    )
    turn = "true" if pattern.either_way else "c.symmetric"
    return f"({straight} OR ({turn} AND {swapped}))"


def _conditions(pattern: Pattern, params: list[Any]) -> list[str]:
    found = []
    if pattern.types:
        found.append(_any("c.type", pattern.types, params))
    if pattern.cameo:
        params.append(list(pattern.cameo))
        found.append("len(list_filter(?::VARCHAR[], lambda p: starts_with(c.cameo, p))) > 0")
    found.append(_dyad(pattern, params))
    if pattern.countries:
        found.append(_any("c.country", [c.upper() for c in pattern.countries], params))
    if pattern.places:
        found.append(_any("lower(c.place_name)", [p.lower() for p in pattern.places], params))
    if pattern.min_state == "corroborated":
        found.append("c.state = 'corroborated'")
    elif pattern.min_state == "single-source":
        found.append("c.state IN ('single-source', 'corroborated')")
    return found


def _factuality(pattern: Pattern, weights: Weights) -> str:
    """The weight of the best counted mention the indicator allows (0: none)."""
    parts = [
        f"CASE WHEN c.{name} THEN {float(weights.factuality.get(name, 0.0))!r}::DOUBLE"
        " ELSE 0.0::DOUBLE END"
        for name in COUNTED
        if name in pattern.factuality
    ]
    return f"greatest({', '.join(parts)})" if parts else "0.0::DOUBLE"


def match_sql(
    indicators: Sequence[tuple[int, Indicator]],
    weights: Weights,
    relation: SqlPart,
    between: tuple[date, date] | None = None,
) -> SqlPart:
    """Every (cluster, indicator) match of ``relation`` for the given (position,
    indicator) pairs, in time order (date, first report, cluster id, indicator), each
    with its factuality and reliability weights; ``between``: dates inclusive."""
    params: list[Any] = list(relation.params)
    branches = []
    for position, indicator in indicators:
        fact = _factuality(indicator.pattern, weights)
        where = " AND ".join([*_conditions(indicator.pattern, params), f"{fact} > 0"])
        branches.append(
            f"SELECT c.id, {position} AS k, c.at_date, c.first_seq, c.state, c.num_independent,"
            f" {fact} AS fw, c.reliability FROM c WHERE {where}"
        )
    if not branches:
        branches.append(
            "SELECT NULL::VARCHAR, 0, NULL::DATE, 0::BIGINT, NULL, 0, 0.0, 0.0 WHERE false"
        )
    window = ""
    if between is not None:
        window = " AND at_date BETWEEN ? AND ?"
        params += list(between)
    sql = (
        f"WITH c AS ({relation.sql}) SELECT * FROM ({' UNION ALL '.join(branches)}) m"
        f" WHERE at_date IS NOT NULL{window} ORDER BY at_date, first_seq, id, k"
    )
    return SqlPart(sql, params)


def to_match(row: Sequence[Any]) -> Match:
    cluster_id, k, at, _, state, independent, fw, reliability = row
    count = int(independent or 0)
    return Match(str(cluster_id), int(k), at, str(state), count, float(fw), float(reliability))

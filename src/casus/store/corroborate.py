"""Corroboration: the event mentions of all articles, clustered into real-world events,
each with how many independent outlets report it and whether anyone denies it.

A *mention* is one ``events`` row with its article (outlet, seq, publication date).
:class:`~casus.store.clustering.Engine` decides which cluster each mention joins
(the rules and their tolerances: ``corroboration.yaml``); this module reads the
mentions from the store, writes ``events.cluster_id``, the ``clusters`` rows and the
``cluster_history`` rows, and keeps the engine in step as articles arrive
(:class:`Corroborator`) or all at once (:func:`recluster`).

Only the engine decides membership; a cluster's row is always computed in SQL from its
members, by the same query whether it was formed incrementally or by a recluster.
The caller holds the transaction. Writes go through :meth:`Store.insert_select` and
``UPDATE``/``DELETE`` statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .clustering import (
    Assignment,
    Cluster,
    Engine,
    Mention,
    StateChange,
    Tolerances,
    load_tolerances,
)
from .db import Store
from .query import reviewed_events_sql

__all__ = ["Corroborator", "StateChange", "recluster", "rereview"]

_FETCH = 65_536
"""Mentions read per round trip: the whole store is never in memory as rows."""
_EPOCH = "DATE '1970-01-01'"
_MENTION = (
    "event_id, article_id, seq, idx, factuality, type, source, target, two_way, lat, lon,"
    " country, place_kind, place_rank, lo, hi, date_rank, independent"
)
_ANY_ARTICLE = "e.article_id IN (SELECT unnest($1::VARCHAR[]))"
_ANY_CLUSTER = "e.cluster_id IN (SELECT unnest($1::VARCHAR[]))"
_IN_CLUSTERS = "(SELECT * FROM events WHERE cluster_id IN (SELECT unnest($1::VARCHAR[])))"
"""The events rows of the given clusters (a filter DuckDB applies before the reviews)."""
_GIVEN = "id IN (SELECT unnest($1::VARCHAR[]))"
_ELIGIBLE = (
    "(counted OR denial) AND coalesce(type, '') <> ''"
    " AND (source IS NOT NULL OR target IS NOT NULL)"
)
"""Which rows of the mention relation may join a cluster (as ``Engine.eligible``)."""


def _case(column: str, table: dict[str, int], default: int) -> str:
    """A SQL CASE mapping ``column``'s values by ``table`` (names checked when the
    tolerances were read: lower-case letters and hyphens)."""
    whens = " ".join(f"WHEN '{name}' THEN {table[name]}" for name in sorted(table))
    return f"CASE {column} {whens} ELSE {default} END"


def _names(names: frozenset[str]) -> str:
    return ", ".join(f"'{name}'" for name in sorted(names)) or "NULL"


def _mentions(tolerances: Tolerances, where: str, events: str = "events") -> str:
    """The mention relation: events with their latest reviews applied (a mention
    reviewed wrong is not one; corrected values replace the coder's), with their
    article, their date as an interval of days and its rank, their place's rank, the
    outlet they count under (their original's, for a copy), and whether they count or
    deny. ``events``: the events rows to read (all by default), ``where`` filters them
    after the reviews are applied."""
    t = tolerances
    rank = _case("e.place_kind", dict(t.place_rank), t.place_rank["unknown"])
    day = f"(e.date - {_EPOCH})"
    published = f"(a.published - {_EPOCH})"
    coarse = "WHEN 'month' THEN 2 WHEN 'year' THEN 1"
    return f"""
        SELECT e.id AS event_id, e.article_id, a.seq, e.idx, e.factuality, e.type,
            e.source_code AS source, e.target_code AS target,
            coalesce(e.symmetric, false) AS two_way, e.lat, e.lon, e.country, e.place_kind,
            CASE WHEN e.lat IS NULL OR e.lon IS NULL THEN 0 ELSE {rank} END AS place_rank,
            CASE WHEN e.date IS NULL THEN {published} - {t.undated_before}
                WHEN e.date_precision = 'month'
                    THEN date_trunc('month', e.date)::DATE - {_EPOCH}
                WHEN e.date_precision = 'year'
                    THEN date_trunc('year', e.date)::DATE - {_EPOCH}
                ELSE {day} - {t.day_tolerance} END AS lo,
            CASE WHEN e.date IS NULL THEN {published} + {t.undated_after}
                WHEN e.date_precision = 'month' THEN last_day(e.date) - {_EPOCH}
                WHEN e.date_precision = 'year'
                    THEN make_date(year(e.date), 12, 31) - {_EPOCH}
                ELSE {day} + {t.day_tolerance} END AS hi,
            CASE WHEN e.date IS NOT NULL THEN (CASE e.date_precision {coarse} ELSE 4 END)
                WHEN a.published IS NOT NULL THEN 3 ELSE 0 END AS date_rank,
            coalesce(o.outlet, a.outlet, 'unknown') AS independent,
            coalesce(a.outlet, 'unknown') AS outlet,
            coalesce(e.factuality IN ({_names(t.counts)}), false) AS counted,
            coalesce(e.factuality IN ({_names(t.denies)}), false) AS denial,
            CASE WHEN e.date IS NULL THEN 0 ELSE (CASE e.date_precision {coarse} ELSE 3 END)
                END AS explicit_rank,
            e.cluster_id, e.cameo, e.quad_class, e.goldstein, e.place_name, e.date,
            e.date_precision
        FROM ({reviewed_events_sql(events)}) e JOIN articles a ON a.id = e.article_id
        LEFT JOIN (
            SELECT article_id, min(original_id) AS original_id FROM near_duplicates
            GROUP BY article_id
        ) n ON n.article_id = e.article_id
        LEFT JOIN articles o ON o.id = n.original_id
        WHERE {where}"""


def _key(kind: str, source: str, target: str) -> str:
    """SQL for a blocking key: the type and the dyad's two codes in sorted order, as
    :class:`~casus.store.clustering.Engine` blocks (only clusters of one key compete)."""
    one, two = f"coalesce({source}, '')", f"coalesce({target}, '')"
    return f"concat_ws(chr(31), {kind}, least({one}, {two}), greatest({one}, {two}))"


def _stream(
    store: Store, tolerances: Tolerances, article_ids: Sequence[str] | None
) -> Iterator[Mention]:
    """The unclustered mentions that may join a cluster, of the given articles (of
    all when None), in arrival order, read a block at a time."""
    where = "e.cluster_id IS NULL" + ("" if article_ids is None else f" AND {_ANY_ARTICLE}")
    return _read(store, tolerances, where, [] if article_ids is None else [list(article_ids)])


def _read(
    store: Store, tolerances: Tolerances, where: str, params: list[Any], events: str = "events"
) -> Iterator[Mention]:
    """The mentions ``where`` selects (of ``events``) that may join a cluster, in arrival
    order."""
    sql = (
        f"SELECT {_MENTION} FROM ({_mentions(tolerances, where, events)}) m"
        f" WHERE {_ELIGIBLE} ORDER BY seq, idx, event_id"
    )
    result = store.con.execute(sql, params)
    while rows := result.fetchmany(_FETCH):
        yield from map(Mention._make, rows)


def _cluster_rows(tolerances: Tolerances, where: str, events: str = "events") -> str:
    """The ``clusters`` rows of the clusters whose members ``where`` selects (of
    ``events``)."""
    return f"""
        WITH m AS ({_mentions(tolerances, where, events)}),
        cameos AS (
            SELECT cluster_id, cameo, count(*) AS n, min((seq, idx)) AS first,
                arg_min({{'q': quad_class, 'g': goldstein}}, (seq, idx)) AS score
            FROM m GROUP BY cluster_id, cameo),
        cameo AS (
            SELECT cluster_id,
                arg_min({{'c': cameo, 'q': score.q, 'g': score.g}}, (-n, first)) AS best
            FROM cameos GROUP BY cluster_id),
        agg AS (
            SELECT cluster_id,
                arg_min({{'type': type, 's': source, 't': target, 'sym': two_way}},
                    (seq, idx)) AS head,
                arg_min({{'name': place_name, 'country': country, 'lat': lat, 'lon': lon,
                    'kind': place_kind}}, (-place_rank, seq, idx))
                    FILTER (WHERE place_rank > 0) AS place,
                arg_min({{'date': date, 'precision': date_precision}},
                    (-explicit_rank, seq, idx)) FILTER (WHERE explicit_rank > 0) AS day,
                count(*) FILTER (WHERE counted) AS mentions,
                count(DISTINCT article_id) FILTER (WHERE counted) AS articles,
                count(DISTINCT outlet) FILTER (WHERE counted) AS outlets,
                count(DISTINCT independent) FILTER (WHERE counted) AS independent,
                count(*) FILTER (WHERE denial) AS denials,
                min(seq) AS first_seq, max(seq) AS last_seq
            FROM m GROUP BY cluster_id)
        SELECT agg.cluster_id, head.type, best.c, best.q, best.g, head.s, head.t, head.sym,
            place.name, place.country, place.lat, place.lon, place.kind,
            day.date, day.precision, mentions, articles, outlets, independent, denials,
            CASE WHEN denials > 0 AND mentions > 0 THEN 'contested'
                WHEN denials > 0 THEN 'denied'
                WHEN independent >= {tolerances.corroborated_from} THEN 'corroborated'
                ELSE 'single-source' END,
            first_seq, last_seq
        FROM agg JOIN cameo USING (cluster_id)
        ORDER BY agg.cluster_id"""


def _anchors(tolerances: Tolerances, where: str) -> str:
    """What the engine keeps of the clusters whose members ``where`` selects, flat."""
    return f"""
        WITH m AS ({_mentions(tolerances, where)}),
        a AS (
            SELECT cluster_id,
                arg_min({{'type': type, 's': source, 't': target, 'sym': two_way,
                    'seq': seq, 'idx': idx}}, (seq, idx)) AS head,
                arg_min({{'rank': place_rank, 'lat': lat, 'lon': lon, 'country': country,
                    'kind': place_kind}}, (-place_rank, seq, idx))
                    FILTER (WHERE place_rank > 0) AS place,
                arg_min({{'rank': date_rank, 'lo': lo, 'hi': hi}}, (-date_rank, seq, idx))
                    FILTER (WHERE date_rank > 0) AS day,
                count(*) FILTER (WHERE denial) AS denials,
                list(DISTINCT independent) FILTER (WHERE counted) AS outlets
            FROM m GROUP BY cluster_id)
        SELECT cluster_id, head.type, head.s, head.t, head.sym, head.seq, head.idx,
            denials, outlets, place.rank, place.lat, place.lon, place.country, place.kind,
            day.rank, day.lo, day.hi
        FROM a ORDER BY cluster_id"""


def _restore(store: Store, engine: Engine, cluster_ids: Sequence[str] | None) -> None:
    """Load the given clusters (all when None) from their members into ``engine``."""
    where = "e.cluster_id IS NOT NULL" if cluster_ids is None else _ANY_CLUSTER
    params: list[Any] = [] if cluster_ids is None else [list(cluster_ids)]
    result = store.con.execute(_anchors(engine.tolerances, where), params)
    while rows := result.fetchmany(_FETCH):
        for row in rows:
            identifier, kind, source, target, symmetric, seq, idx, denials, outlets = row[:9]
            cluster = Cluster(
                identifier, kind, source, target, bool(symmetric), (seq, idx),
                denials=denials, outlets=set(outlets or ()),
            )  # fmt: skip
            rank, lat, lon, country, place_kind, date_rank, lo, hi = row[9:]
            if rank is not None:
                cluster.place = engine.place(rank, lat, lon, country, place_kind)
            if date_rank is not None:
                cluster.date = (date_rank, lo, hi)
            engine.restore(cluster)


class Corroborator:
    """Keeps a store's clusters in step as articles arrive and are replaced.

    :meth:`load` reads what the engine needs of every cluster; :meth:`update` clusters
    the events of newly stored articles (after their near-duplicate links are made);
    :meth:`forget` detaches a replaced article's events before its rows are deleted.
    Each runs inside the caller's transaction. The engine lives in memory: after a
    transaction rolls back, load it again.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def load(cls, store: Store, tolerances: Tolerances | None = None) -> Corroborator:
        engine = Engine(tolerances or load_tolerances())
        _restore(store, engine, None)
        return cls(engine)

    def update(self, store: Store, article_ids: Sequence[str]) -> list[StateChange]:
        """Cluster the events of ``article_ids`` (stored, not yet clustered), in arrival
        order; recompute the clusters they join; note and return the state changes."""
        tolerances = self.engine.tolerances
        assignment = self.engine.assign(_stream(store, tolerances, list(article_ids)))
        _write(store, tolerances, assignment, everything=False)
        return assignment.changes

    def forget(self, store: Store, article_ids: Sequence[str]) -> list[StateChange]:
        """Detach the events of replaced articles (before their rows are deleted) and
        recompute the clusters they were in; a cluster left without a report is deleted
        and withdrawn. The history rows name the replaced article and its seq."""
        rows = store.query(
            "SELECT id, seq FROM articles WHERE id IN (SELECT unnest($1::VARCHAR[]))"
            " ORDER BY seq, id",
            [list(article_ids)],
        )
        changes: list[StateChange] = []
        for article_id, seq in rows:
            changes += self._forget(store, str(article_id), int(seq))
        _history(store, changes, "replaced")
        return changes

    def _forget(self, store: Store, article_id: str, seq: int) -> list[StateChange]:
        found = store.query(
            "SELECT DISTINCT cluster_id FROM events WHERE article_id = ?"
            " AND cluster_id IS NOT NULL ORDER BY cluster_id",
            [article_id],
        )
        affected = [str(row[0]) for row in found]
        if not affected:
            return []
        engine = self.engine
        before = {
            identifier: engine.snapshot(cluster)
            for identifier in affected
            if (cluster := engine.get(identifier)) is not None
        }
        store.con.execute("UPDATE events SET cluster_id = NULL WHERE article_id = ?", [article_id])
        alive = _refresh(store, engine.tolerances, affected)
        for identifier in affected:
            engine.drop(identifier)
        _restore(store, engine, sorted(alive))
        after = {
            identifier: engine.snapshot(cluster)
            for identifier in affected
            if (cluster := engine.get(identifier)) is not None
        }
        return _state_changes(affected, before, after, seq, article_id)


def recluster(store: Store, tolerances: Tolerances | None = None) -> int:
    """Drop every cluster and its history and cluster all events from scratch, in
    arrival order: the clusters, states, ids and history rows incremental updates in
    that order give. How many clusters there are."""
    store.con.execute("DELETE FROM cluster_history")
    store.con.execute("DELETE FROM clusters")
    store.con.execute("UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
    engine = Engine(tolerances or load_tolerances())
    assignment = engine.assign(_stream(store, engine.tolerances, None))
    _write(store, engine.tolerances, assignment, everything=True)
    return len(engine)


def rereview(
    store: Store, event_id: str, tolerances: Tolerances | None = None
) -> list[StateChange]:
    """Bring the clusters in step with the latest review of ``event_id`` (already
    stored), inside the caller's transaction; the state changes, also appended to
    ``cluster_history`` with the reason ``review``.

    Only clusters of one blocking key (type and unordered dyad) ever compete for a
    mention, so the blocks the mention was in and now falls in are clustered afresh
    from their mentions in arrival order: exactly what :func:`recluster` gives for
    them, ids included, while every other cluster stays as it is. Those mentions are
    the members of the blocks' clusters and the reviewed one. A cluster left without a
    mention is deleted (``withdrawn`` in the history)."""
    tolerances = tolerances or load_tolerances()
    blocks = _blocks_of(store, tolerances, event_id)
    if not blocks:
        return []
    keyed = f"{_key('type', 'source_code', 'target_code')} IN (SELECT unnest($1::VARCHAR[]))"
    before = {
        str(row[0]): (str(row[1]), int(row[2]))
        for row in store.query(f"SELECT id, state, num_independent FROM clusters WHERE {keyed}",
                               [blocks])
    }  # fmt: skip
    params: list[Any] = [sorted(before)]
    chosen = "(SELECT * FROM events WHERE cluster_id IN (SELECT unnest($1::VARCHAR[])) OR id = $2)"
    members = list(_read(store, tolerances, "true", [*params, event_id], chosen))
    store.con.execute(f"UPDATE events SET cluster_id = NULL WHERE cluster_{_GIVEN}", params)
    store.con.execute(f"DELETE FROM clusters WHERE {_GIVEN}", params)
    engine = Engine(tolerances)
    assignment = engine.assign(members)
    _assign(store, assignment)
    _refresh(store, tolerances, list(assignment.touched))
    after = {
        identifier: engine.snapshot(cluster)
        for identifier in assignment.touched
        if (cluster := engine.get(identifier)) is not None
    }
    found = store.query(
        "SELECT (SELECT coalesce(max(seq), 0) FROM articles), article_id FROM events WHERE id = ?",
        [event_id],
    )
    seq, article_id = int(found[0][0]), str(found[0][1])
    changes = _state_changes(sorted(before.keys() | after.keys()), before, after, seq, article_id)
    _history(store, changes, "review")
    return changes


def _blocks_of(store: Store, tolerances: Tolerances, event_id: str) -> list[str]:
    """The blocking keys of the cluster ``event_id`` is in and of the cluster its
    reviewed values may join (none: reviewed wrong, or not a clusterable mention)."""
    held = store.query(
        f"SELECT {_key('c.type', 'c.source_code', 'c.target_code')} FROM events e"
        " JOIN clusters c ON c.id = e.cluster_id WHERE e.id = ?",
        [event_id],
    )
    wanted = store.query(
        f"SELECT {_key('type', 'source', 'target')}"
        f" FROM ({_mentions(tolerances, 'e.id = $1')}) m WHERE {_ELIGIBLE}",
        [event_id],
    )
    return sorted({str(row[0]) for row in held + wanted})


def _write(
    store: Store, tolerances: Tolerances, assignment: Assignment, *, everything: bool
) -> None:
    """Set the events' clusters, recompute the touched clusters' rows, append the
    history."""
    _assign(store, assignment)
    _refresh(store, tolerances, None if everything else list(assignment.touched))
    _history(store, assignment.changes, "arrival")


def _assign(store: Store, assignment: Assignment) -> None:
    """Set the events' clusters as ``assignment`` says."""
    if assignment.event_ids:
        assigned = {
            "event_id": np.array(assignment.event_ids, dtype=object),
            "cluster_id": np.array(assignment.cluster_ids, dtype=object),
        }
        with _registered(store, "casus_assigned", assigned):
            store.con.execute(
                "UPDATE events SET cluster_id = a.cluster_id FROM casus_assigned a"
                " WHERE events.id = a.event_id"
            )


def _refresh(store: Store, tolerances: Tolerances, cluster_ids: Sequence[str] | None) -> set[str]:
    """Recompute the ``clusters`` rows of the given clusters (all when None) from their
    members; the ids that still have members."""
    if cluster_ids is None:
        store.con.execute("DELETE FROM clusters")
        store.insert_select("clusters", _cluster_rows(tolerances, "e.cluster_id IS NOT NULL"))
        return set()
    if not cluster_ids:
        return set()
    params = [list(cluster_ids)]
    store.con.execute(f"DELETE FROM clusters WHERE {_GIVEN}", params)
    rows = _cluster_rows(tolerances, "e.cluster_id IS NOT NULL", _IN_CLUSTERS)
    store.insert_select("clusters", rows, params)
    found = store.query(f"SELECT id FROM clusters WHERE {_GIVEN}", params)
    return {str(row[0]) for row in found}


def _history(store: Store, changes: Sequence[StateChange], reason: str) -> None:
    """Append the history rows of ``changes``, with why they happened: ``arrival``
    (an article stored), ``replaced`` (an article replaced) or ``review``."""
    if not changes:
        return
    columns = {
        "cluster_id": np.array([c.cluster_id for c in changes], dtype=object),
        "seq": np.array([c.seq for c in changes], dtype=np.int64),
        "article_id": np.array([c.article_id for c in changes], dtype=object),
        "state": np.array([c.state for c in changes], dtype=object),
        "num_independent": np.array([c.num_independent for c in changes], dtype=np.int64),
    }
    with _registered(store, "casus_changes", columns):
        store.insert_select(
            "cluster_history",
            "SELECT cluster_id, seq, article_id, state, num_independent,"
            " current_timestamp::TIMESTAMP, ? FROM casus_changes",
            [reason],
        )


@contextmanager
def _registered(store: Store, name: str, columns: dict[str, NDArray[Any]]) -> Iterator[None]:
    """``columns`` readable by SQL as the relation ``name`` while the block runs (DuckDB
    scans the arrays in place: far cheaper than binding long lists as parameters)."""
    store.con.register(name, columns)
    try:
        yield
    finally:
        store.con.unregister(name)


def _state_changes(
    identifiers: Iterable[str],
    before: Mapping[str, tuple[str, int]],
    after: Mapping[str, tuple[str, int]],
    seq: int,
    article_id: str,
) -> list[StateChange]:
    """A change for each cluster whose (state, independent outlets) differs between
    ``before`` and ``after``; one missing from ``after`` is withdrawn."""
    changes = []
    for identifier in identifiers:
        previous = before.get(identifier)
        now = after.get(identifier, ("withdrawn", 0))
        if now != previous:
            previous_state = previous[0] if previous else None
            changes.append(StateChange(identifier, seq, article_id, now[0], now[1], previous_state))
    return changes

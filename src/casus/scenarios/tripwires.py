"""Tripwires: indicators marked ``tripwire: true`` raise an alert as soon as evidence
that matches them is ingested.

:func:`check_tripwires` runs inside the ingest's batch transaction (the command line
passes it to :func:`casus.store.ingest.ingest` as ``on_batch``): it looks at the
clusters the batch's articles touched, matches them against the tripwire indicators of
every registered pack (``scenario_packs``), records one alert per (pack, indicator,
cluster) and returns the new ones.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import CasusError
from ..store.db import Store
from .match import evidence_relation, match_sql, to_match
from .model import Pack
from .weights import Weights, default_weights

__all__ = ["Alert", "alerts", "check_tripwires", "read_pack", "registered_packs"]


@dataclass(frozen=True, slots=True)
class Alert:
    pack_id: str
    indicator_id: str
    cluster_id: str
    article_id: str
    seq: int
    evidence_text: str
    raised_at: datetime


def read_pack(name_or_path: str) -> Pack:
    """A pack by its id or file (:func:`casus.scenarios.pack.load_pack`)."""
    module = importlib.import_module(".pack", __package__)
    pack: Pack = module.load_pack(name_or_path)
    return pack


def registered_packs(store: Store) -> tuple[list[Pack], list[str]]:
    """The packs registered in the store, read again from their files; and a message
    for each that cannot be read."""
    packs, problems = [], []
    for pack_id, source in store.query(
        "SELECT pack_id, source FROM scenario_packs ORDER BY pack_id"
    ):
        try:
            packs.append(read_pack(source if source and Path(source).is_file() else pack_id))
        except CasusError as exc:
            problems.append(f"pack {pack_id}: {exc}")
    return packs, problems


def _first_reports(
    store: Store, clusters: list[str], article_ids: Sequence[str]
) -> dict[str, tuple[str, int, str]]:
    """Per cluster, the first of the articles that reports it: (id, seq, evidence)."""
    rows = store.query(
        """SELECT e.cluster_id, arg_min(a.id, a.seq * 100000 + e.idx),
            min(a.seq), arg_min(coalesce(e.evidence_text, ''), a.seq * 100000 + e.idx)
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE e.cluster_id IN (SELECT unnest(?::VARCHAR[]))
            AND e.article_id IN (SELECT unnest(?::VARCHAR[]))
            AND e.factuality IN ('asserted', 'reported')
        GROUP BY e.cluster_id""",
        [clusters, list(article_ids)],
    )
    return {r[0]: (r[1], int(r[2]), r[3]) for r in rows}


def _pack_alerts(
    store: Store, pack: Pack, touched: list[str], article_ids: Sequence[str], weights: Weights
) -> list[Alert]:
    wires = [(k, i) for k, i in enumerate(pack.indicators) if i.tripwire]
    if not wires:
        return []
    query = match_sql(wires, weights, evidence_relation(weights, touched))
    found = [to_match(row) for row in store.con.execute(query.sql, query.params).fetchall()]
    done = {
        (r[0], r[1])
        for r in store.query(
            "SELECT indicator_id, cluster_id FROM alerts WHERE pack_id = ?", [pack.id]
        )
    }
    fresh = [m for m in found if (pack.indicators[m.indicator].id, m.cluster_id) not in done]
    if not fresh:
        return []
    first = _first_reports(store, sorted({m.cluster_id for m in fresh}), article_ids)
    now = datetime.now().replace(microsecond=0)
    new: list[Alert] = []
    for m in fresh:
        key = (pack.indicators[m.indicator].id, m.cluster_id)
        if key in done or m.cluster_id not in first:
            continue
        done.add(key)
        article_id, seq, text = first[m.cluster_id]
        new.append(Alert(pack.id, key[0], m.cluster_id, article_id, seq, text, now))
    return new


def check_tripwires(
    store: Store,
    article_ids: Sequence[str],
    packs: Sequence[Pack] | None = None,
    weights: Weights | None = None,
) -> list[Alert]:
    """Record and return the alerts the given articles raise: clusters their events
    belong to that match a tripwire indicator of ``packs`` (default: the registered
    packs), once per (pack, indicator, cluster). The caller holds the transaction."""
    if not article_ids:
        return []
    weights = weights or default_weights()
    if packs is None:
        packs = registered_packs(store)[0]
    touched = [
        r[0]
        for r in store.query(
            "SELECT DISTINCT cluster_id FROM events WHERE cluster_id IS NOT NULL"
            " AND article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
            [list(article_ids)],
        )
    ]
    if not touched:
        return []
    raised: list[Alert] = []
    for pack in packs:
        raised += _pack_alerts(store, pack, touched, article_ids, weights)
    store.insert(
        "alerts",
        [(a.pack_id, a.indicator_id, a.cluster_id, a.article_id, a.seq, a.evidence_text,
          a.raised_at) for a in raised],
    )  # fmt: skip
    return raised


def alerts(store: Store, pack_id: str | None = None) -> list[Alert]:
    """The recorded alerts (of one pack), in the order they were raised."""
    where, params = ("WHERE pack_id = ?", [pack_id]) if pack_id else ("", [])
    rows = store.query(
        "SELECT pack_id, indicator_id, cluster_id, article_id, seq, evidence_text, raised_at"
        f" FROM alerts {where} ORDER BY seq, pack_id, indicator_id, cluster_id",
        params,
    )
    return [Alert(r[0], r[1], r[2], r[3], int(r[4]), r[5] or "", r[6]) for r in rows]

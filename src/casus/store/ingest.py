"""Ingesting: analyse articles and store them, idempotently and kill-safely.

:func:`ingest` runs the batch API (:func:`casus.runners.analyze_many`) with
:func:`~casus.store.rows.article_rows` as its ``then``, so each article's rows and
signature are made where it was analysed (a ``--jobs`` worker). Articles already stored
(same content hash) are not analysed again. The parent writes the rows in batches, one
transaction per batch: a replaced version's rows go, the new rows come, near-duplicates
are linked, events are clustered, set-asides are recorded. A batch is committed whole or
not at all, so a run killed at any moment leaves a consistent store, and running the
same command again finishes the job: what was committed is skipped as ``stored``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..model import Article, SetAside, Skipped
from .corroborate import Corroborator, recluster
from .neardup import NearDuplicateIndex
from .rows import ArticleRows, article_rows
from .schema import ANALYSIS_TABLES

if TYPE_CHECKING:
    from ..ingest import ReadOptions
    from ..pipeline import Pipeline
    from ..runners import Input
    from .db import Store

__all__ = ["BATCH", "IngestSummary", "KnownIds", "ingest", "upgrade"]

BATCH = 128
"""Articles per transaction: each statement has a fixed cost of a few milliseconds,
so larger batches write faster; smaller ones lose less work to a kill."""

Item = ArticleRows | SetAside | Skipped


@dataclass
class IngestSummary:
    """Every input of an ingest run accounted for."""

    ingested: int = 0
    """New articles stored (including new versions of stored ones)."""
    updated: int = 0
    """Of those, new versions that replaced a stored article with the same key."""
    unchanged: int = 0
    """Articles already in the store, not analysed again."""
    near_duplicates: int = 0
    """Of the ingested, those linked to an earlier article they copy."""
    set_aside: int = 0
    internal: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    """Why other inputs were left out: hidden, blank line, duplicate."""

    @property
    def seen(self) -> int:
        return self.ingested + self.unchanged + self.set_aside + sum(self.skipped.values())

    def __str__(self) -> str:
        inputs = "input" if self.seen == 1 else "inputs"
        text = (
            f"{self.seen} {inputs}: ingested {self.ingested} (updated {self.updated}, "
            f"near-duplicate {self.near_duplicates}), unchanged {self.unchanged}, "
            f"set aside {self.set_aside}"
        )
        if self.skipped:
            parts = ", ".join(f"{why} {n}" for why, n in sorted(self.skipped.items()))
            text += f", skipped {sum(self.skipped.values())} ({parts})"
        return text


def ingest(
    inputs: Iterable[Input] | Input,
    store: Store,
    *,
    jobs: int = 1,
    options: ReadOptions | None = None,
    published: date | None = None,
    pipeline: Pipeline | None = None,
    batch: int = BATCH,
    on_item: Callable[[Item, int], None] | None = None,
    on_batch: Callable[[Store, list[str]], None] | None = None,
) -> IngestSummary:
    """Analyse ``inputs`` and store them in ``store`` (opened for writing).

    ``on_item(item, bytes_read)`` is called for every result once its batch is
    committed (an :class:`ArticleRows`, a :class:`SetAside` or a :class:`Skipped`),
    for progress and messages. ``on_batch(store, article_ids)`` is called inside each
    batch's transaction once its articles are stored and clustered (tripwires)."""
    from ..ingest import Stream
    from ..runners import analyze_many

    named = [inputs] if isinstance(inputs, str | Path | Stream | Article) else list(inputs)
    shown = [_named(one) for one in named]
    writer = _Writer(store, on_item, json.dumps(shown if len(shown) < 100 else shown[:100]))
    writer.on_batch = on_batch
    known = writer.known_ids()
    results = analyze_many(
        named,
        published=published,
        pipeline=pipeline,
        jobs=jobs,
        options=options,
        then=article_rows,
        keep=lambda article: _fresh(article, known),
    )
    pending: list[Item] = []
    articles = 0
    for item in results:
        pending.append(item)
        articles += isinstance(item, ArticleRows)
        if articles >= batch or len(pending) >= 8 * batch:  # not only set-asides held
            writer.write(pending, results.bytes_read)
            pending, articles = [], 0
    writer.write(pending, results.bytes_read)
    writer.finish()
    return writer.summary


def _named(one: Input) -> str:
    """An input as the run log names it."""
    from ..ingest import Stream

    if isinstance(one, Stream):
        return one.name
    return str(one.origin) if isinstance(one, Article) else str(one)


class KnownIds:
    """The ids of the articles already stored, for skipping them before analysis: as a
    sorted array of 64-bit numbers (an id is 16 hexadecimal digits), 8 bytes an
    article, where a set of strings takes about a hundred. Ids of another form, if a
    store holds any, are kept in a set beside it."""

    def __init__(self, store: Store) -> None:
        hexadecimal = "regexp_full_match(id, '[0-9a-f]{16}')"
        numbers = store.con.execute(
            f"SELECT ('0x' || id)::UBIGINT AS n FROM articles WHERE {hexadecimal} ORDER BY n"
        ).fetchnumpy()["n"]
        self.numbers: NDArray[np.uint64] = np.asarray(numbers, dtype=np.uint64)
        self.others = {
            str(row[0]) for row in store.query(f"SELECT id FROM articles WHERE NOT {hexadecimal}")
        }

    def __contains__(self, article_id: str) -> bool:
        if len(article_id) != 16 or article_id in self.others:
            return article_id in self.others
        try:
            number = np.uint64(int(article_id, 16))
        except ValueError:
            return False
        at = int(np.searchsorted(self.numbers, number))
        return at < len(self.numbers) and self.numbers[at] == number


def _fresh(article: Article, known: KnownIds) -> bool:
    return article.id not in known


def upgrade(store: Store) -> int:
    """Finish an upgrade from schema version 1: link near-duplicates and cluster the
    stored events (what version 2 added); the number of clusters made."""
    from .neardup import relink

    with store.transaction():
        relink(store)
        return recluster(store)


class _Writer:
    """Writes results to the store a batch at a time and keeps the summary."""

    def __init__(
        self, store: Store, on_item: Callable[[Item, int], None] | None, inputs: str
    ) -> None:
        self.store = store
        self.on_item = on_item
        self.on_batch: Callable[[Store, list[str]], None] | None = None
        self.summary = IngestSummary()
        row = store.query("SELECT coalesce(max(seq), 0) FROM articles")
        self.next_seq = int(row[0][0]) + 1
        self.index = NearDuplicateIndex.load(store)
        self.clusters = Corroborator.load(store)
        self.run_id = self._start_run(inputs)

    def known_ids(self) -> KnownIds:
        return KnownIds(self.store)

    def _start_run(self, inputs: str) -> int:
        row = self.store.query("SELECT coalesce(max(id), 0) + 1 FROM runs")
        run_id = int(row[0][0])
        with self.store.transaction():
            self.store.insert("runs", [(run_id, _now(), None, "local", inputs, 0, 0, 0, 0, 0, 0)])
        return run_id

    def write(self, items: list[Item], bytes_read: int) -> None:
        """One transaction: every article, set-aside and count of ``items``."""
        articles = [item for item in items if isinstance(item, ArticleRows)]
        rejected = [item for item in items if isinstance(item, SetAside)]
        with self.store.transaction():
            linked = self._store_articles(articles)
            if self.on_batch is not None and articles:
                self.on_batch(self.store, [rows.article_id for rows in articles])
            self._reject(rejected)
            self._record(articles, items, linked)
        if self.on_item is not None:
            for item in items:
                self.on_item(item, bytes_read)

    def _store_articles(self, articles: list[ArticleRows]) -> int:
        if not articles:
            return 0
        replaced = self._replaced(articles)
        if replaced:
            self.clusters.forget(self.store, replaced)
            self.index.forget(replaced)
            self._delete(replaced)
        tables: dict[str, list[Any]] = {name: [] for name in ANALYSIS_TABLES}
        for rows in articles:
            first = rows.tables["articles"][0]
            tables["articles"].append((*first[:2], self.next_seq, *first[3:]))
            self.next_seq += 1
            for name in ANALYSIS_TABLES[1:]:
                tables[name].extend(rows.tables[name])
        for name, rows_of in tables.items():
            self.store.insert(name, rows_of)
        ids = [rows.article_id for rows in articles]
        self.store.execute(
            "DELETE FROM rejected WHERE origin IN (SELECT unnest($1::VARCHAR[]))",
            [[rows.origin for rows in articles]],
        )
        linked = self.index.link(self.store, ids)
        self.clusters.update(self.store, ids)
        self.summary.updated += len(replaced)
        return linked

    def _replaced(self, articles: list[ArticleRows]) -> list[str]:
        """Stored articles with the key of a new one (its earlier versions)."""
        keys = [rows.key for rows in articles]
        ids = [rows.article_id for rows in articles]
        found = self.store.query(
            "SELECT id FROM articles WHERE key IN (SELECT unnest($1::VARCHAR[])) "
            "AND id NOT IN (SELECT unnest($2::VARCHAR[])) ORDER BY seq",
            [keys, ids],
        )
        return [row[0] for row in found]

    def _delete(self, ids: list[str]) -> None:
        for name in ANALYSIS_TABLES:
            column = "id" if name == "articles" else "article_id"
            self.store.execute(
                f"DELETE FROM {name} WHERE {column} IN (SELECT unnest($1::VARCHAR[]))", [ids]
            )
        self.store.execute(
            "DELETE FROM near_duplicates WHERE article_id IN (SELECT unnest($1::VARCHAR[])) "
            "OR original_id IN (SELECT unnest($1::VARCHAR[]))",
            [ids],
        )

    def _reject(self, rejected: list[SetAside]) -> None:
        if not rejected:
            return
        now = _now()
        rows = [(str(i.origin), i.reason, i.code, i.kind, now, now, 1) for i in rejected]
        self.store.insert(
            "rejected",
            rows,
            on_conflict="(origin, code) DO UPDATE SET reason = excluded.reason, "
            "kind = excluded.kind, last_seen = excluded.last_seen, times = rejected.times + 1",
        )

    def _record(self, articles: list[ArticleRows], items: list[Item], linked: int) -> None:
        summary = self.summary
        summary.ingested += len(articles)
        summary.near_duplicates += linked
        for item in items:
            if isinstance(item, SetAside):
                summary.set_aside += 1
                summary.internal += item.kind == "internal"
            elif isinstance(item, Skipped):
                if item.why == "stored":
                    summary.unchanged += 1
                else:
                    summary.skipped[item.why] += 1
        self._update_run(finished=None)

    def _update_run(self, finished: datetime | None) -> None:
        s = self.summary
        self.store.execute(
            "UPDATE runs SET finished = $1, ingested = $2, unchanged = $3, updated = $4, "
            "near_duplicates = $5, set_aside = $6, skipped = $7 WHERE id = $8",
            [finished, s.ingested, s.unchanged, s.updated, s.near_duplicates, s.set_aside,
             sum(s.skipped.values()), self.run_id],
        )  # fmt: skip

    def finish(self) -> None:
        with self.store.transaction():
            self._update_run(finished=_now())


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)

"""The store: a corpus that remembers, in an embedded DuckDB database.

``casus ingest`` analyses articles and writes them here (:mod:`.ingest`); near-duplicate
articles are linked (:mod:`.neardup`) and the events reported across articles are
clustered and their corroboration kept (:mod:`.corroborate`); ``casus events``,
``trend``, ``export`` and ``sql`` read it (:mod:`.query`, :mod:`.export`).
"""

from __future__ import annotations

from .corroborate import Corroborator, StateChange, recluster
from .db import DEFAULT_DB, Store, default_path, migrate
from .neardup import NearDuplicateIndex, relink
from .rows import ArticleRows, article_key, article_rows, outlet_of
from .schema import COLUMNS, SCHEMA_VERSION

__all__ = [
    "COLUMNS",
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "ArticleRows",
    "Corroborator",
    "NearDuplicateIndex",
    "StateChange",
    "Store",
    "article_key",
    "article_rows",
    "default_path",
    "migrate",
    "outlet_of",
    "recluster",
    "relink",
]

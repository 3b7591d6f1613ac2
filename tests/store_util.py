"""Stores for the query tests: the real pipeline on bundled samples (with clusters set
by hand, as corroboration would), one hostile article, and a generated store of N
events for the trend benchmark."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from casus.api import analyze
from casus.ingest import read_path
from casus.model import Article
from casus.store import Store, article_rows
from casus.store.schema import ANALYSIS_TABLES, COLUMNS

from .conftest import SAMPLES

SAMPLE_FILES = (
    "01-aktau-crash.txt",
    "02-kremlin-apology.txt",
    "04-aliyev-demands.txt",
    "05-goma-m23.txt",
    "07-operation-sindoor.jsonl",
)
HOSTILE_TITLE = '=HYPERLINK("http://x") <script>alert(1)</script> \x1b[31mred\u202eevil'
HOSTILE_URL = "https://hostile.example.net/story"

_E = {name: i for i, (name, _) in enumerate(COLUMNS["events"])}


def _articles() -> list[Article]:
    found: list[Article] = []
    for name in SAMPLE_FILES:
        found += [a for a in read_path(SAMPLES / name) if isinstance(a, Article)]
    hostile = Article(
        text="Russian forces shelled the Azerbaijani border village of Kapan on Monday, "
        "the Azerbaijani Defence Ministry said.\n\nRussia denied the claim.",
        title="placeholder",
        url=HOSTILE_URL,
        source="@Hostile Wire",
    )
    return [*found, hostile]


def _tables(seq: int, article: Article) -> dict[str, list[tuple[Any, ...]]]:
    rows = article_rows(analyze(article))
    tables = {name: list(rows.tables[name]) for name in ANALYSIS_TABLES}
    first = list(tables["articles"][0])
    first[2] = seq
    if article.url == HOSTILE_URL:
        first[3] = HOSTILE_TITLE
    tables["articles"] = [tuple(first)]
    return tables


def _cluster_rows(events: list[tuple[Any, ...]], outlets: Mapping[str, str]) -> list[Any]:
    """One cluster per (type, source, target) among asserted and reported mentions."""
    groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for event in events:
        if event[_E["factuality"]] in ("asserted", "reported"):
            key = (event[_E["type"]], event[_E["source_code"]], event[_E["target_code"]])
            groups[key].append(event)
    clusters = []
    for number, (key, members) in enumerate(sorted(groups.items(), key=str)):
        first = members[0]
        names = {outlets[m[_E["article_id"]]] for m in members}
        articles = {m[_E["article_id"]] for m in members}
        state = "corroborated" if len(names) >= 2 else "single-source"
        cid = f"c{number:04d}"
        clusters.append((cid, [m[_E["id"]] for m in members], (
            cid, key[0], first[_E["cameo"]], first[_E["quad_class"]], first[_E["goldstein"]],
            key[1], key[2], first[_E["symmetric"]], first[_E["place_name"]],
            first[_E["country"]], first[_E["lat"]], first[_E["lon"]], first[_E["place_kind"]],
            first[_E["date"]], first[_E["date_precision"]], len(members), len(articles),
            len(names), len(names), 0, state, 1, 1,
        )))  # fmt: skip
    return clusters


def build_sample_store(path: Path) -> Path:
    """A DuckDB store of the samples and the hostile article, clustered by hand."""
    with Store.open(path, write=True) as store:
        events: list[tuple[Any, ...]] = []
        outlets: dict[str, str] = {}
        for seq, article in enumerate(_articles(), start=1):
            tables = _tables(seq, article)
            for name, rows in tables.items():
                store.insert(name, rows)
            events += tables["events"]
            outlets[tables["articles"][0][0]] = tables["articles"][0][9]
        clusters = _cluster_rows(events, outlets)
        store.insert("clusters", [row for _, _, row in clusters])
        for cid, members, _ in clusters:
            store.con.execute(
                "UPDATE events SET cluster_id = ? WHERE list_contains(?, id)", [cid, members]
            )
    return path


def set_state(path: Path, cluster_id: str, state: str, independent: int) -> None:
    with Store.open(path, write=True) as store:
        store.con.execute(
            "UPDATE clusters SET state = ?, num_independent = ? WHERE id = ?",
            [state, independent, cluster_id],
        )


@cache
def sample_store() -> Path:
    """The sample store, built once per test session (read-only use: copy it to change
    it)."""
    directory = Path(tempfile.mkdtemp(prefix="casus-query-"))
    atexit.register(shutil.rmtree, directory, True)
    return build_sample_store(directory / "samples.duckdb")


def store_of_texts(folder: Path, texts: Mapping[str, str]) -> Path:
    """A store at ``folder/store.duckdb`` holding each text (name → article text, written
    to ``folder/name`` and ingested); every text must be stored."""
    from casus.store.ingest import ingest

    files = []
    for name, text in texts.items():
        files.append(folder / name)
        files[-1].write_text(text, encoding="utf-8")
    path = folder / "store.duckdb"
    with Store.open(path, write=True) as store:
        assert ingest(files, store).ingested == len(files)
    return path


def copy_store(path: Path, folder: Path) -> Path:
    """A copy of the store at ``path`` in ``folder``, for a test that writes to it."""
    copy = folder / path.name
    shutil.copy(path, copy)
    return copy

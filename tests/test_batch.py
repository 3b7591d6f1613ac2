"""The batch API: streaming, in input order, every input accounted for, workers."""

from __future__ import annotations

import gc
import io
import json
import os
from pathlib import Path

import pytest

from casus import analyze_many
from casus.api import default_pipeline
from casus.components.genre import GenreClassifier
from casus.doc import Doc
from casus.errors import InternalError, UsageError
from casus.ingest import read_plain
from casus.model import Analysis, Article, Origin, SetAside, Skipped
from casus.pipeline import Pipeline
from casus.runners.batch import CHUNK, analyze_chunk, settle

from .conftest import SAMPLES

ARTICLES = SAMPLES
BODY = "Azerbaijan's foreign ministry said on Monday that it had summoned the Russian ambassador."


def _tree(root: Path) -> None:
    (root / "a.txt").write_text(BODY, "utf-8")
    (root / "b.bin").write_bytes(b"\x00\x01\x02")
    (root / "c.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"text": f"{BODY} One."}),
                "",
                "{oops",
                json.dumps({"text": f"{BODY} Two.", "title": "Two"}),
            ]
        ),
        "utf-8",
    )
    (root / "d.txt").write_text(BODY, "utf-8")  # a duplicate of a.txt
    (root / ".e.txt").write_text(BODY, "utf-8")


def test_every_input_is_accounted_for_in_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    batch = analyze_many([tmp_path])
    items = list(batch)
    assert [(type(i).__name__, str(i.origin)) for i in items] == [
        ("Skipped", f"{tmp_path}/.e.txt"),
        ("Analysis", f"{tmp_path}/a.txt"),
        ("SetAside", f"{tmp_path}/b.bin"),
        ("Analysis", f"{tmp_path}/c.jsonl:1"),
        ("Skipped", f"{tmp_path}/c.jsonl:2"),
        ("SetAside", f"{tmp_path}/c.jsonl:3"),
        ("Analysis", f"{tmp_path}/c.jsonl:4"),
        ("Skipped", f"{tmp_path}/d.txt"),
    ]
    summary = batch.summary
    assert (summary.analysed, summary.set_aside, summary.seen) == (3, 2, 8)
    assert dict(summary.skipped) == {"blank line": 1, "duplicate": 1, "hidden": 1}
    assert str(summary) == (
        "8 inputs: analysed 3, set aside 2, skipped 3 (blank line 1, duplicate 1, hidden 1)"
    )


def test_results_carry_their_origin_into_the_json_contract(tmp_path: Path) -> None:
    _tree(tmp_path)
    analyses = [i for i in analyze_many(tmp_path) if isinstance(i, Analysis)]
    assert analyses[1].to_dict()["origin"] == {
        "path": f"{tmp_path}/c.jsonl",
        "line": 1,
        "record": None,
    }


def test_batch_is_lazy() -> None:
    """Nothing is read before the first result is asked for, and the first result
    needs one chunk of articles read (they are analysed together), not the folder."""
    batch = analyze_many([ARTICLES])
    assert batch.bytes_read == 0
    first = next(iter(batch))
    assert isinstance(first, Analysis)
    sizes = sorted((p.stat().st_size for p in ARTICLES.iterdir()), reverse=True)
    assert len(sizes) > 2 * CHUNK
    assert 0 < batch.bytes_read <= sum(sizes[:CHUNK])


def test_a_bug_in_one_item_sets_it_aside_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = GenreClassifier.__call__

    def broken(self: GenreClassifier, doc: Doc) -> Doc:
        if "Item 2" in doc.text:
            raise ZeroDivisionError("a bug")
        return original(self, doc)

    monkeypatch.setattr(GenreClassifier, "__call__", broken)
    articles = [Article(f"{BODY} Item {i}.", origin=Origin("mem", record=i)) for i in range(4)]
    items = list(analyze_many(articles))
    assert [type(i).__name__ for i in items] == ["Analysis", "Analysis", "SetAside", "Analysis"]
    aside = items[2]
    assert isinstance(aside, SetAside) and aside.kind == "internal"
    assert aside.code == InternalError.code and "ZeroDivisionError: a bug" in aside.reason
    with pytest.raises(ZeroDivisionError):
        list(analyze_many(articles, strict=True))


def test_two_workers_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    inputs = [ARTICLES, tmp_path]
    one = [i.to_dict() for i in analyze_many(inputs)]
    batch = analyze_many(inputs, jobs=2)
    two = [i.to_dict() for i in batch]
    assert one == two
    assert batch.summary.analysed == sum(1 for i in one if "schema" in i) >= 26


def test_a_dying_worker_costs_only_its_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    original = GenreClassifier.__call__

    def fatal(self: GenreClassifier, doc: Doc) -> Doc:
        if "Item 5." in doc.text:
            os._exit(9)  # the worker process dies, as if killed
        return original(self, doc)

    monkeypatch.setattr(GenreClassifier, "__call__", fatal)
    default_pipeline()  # built (and the patch in place) before the workers fork
    articles = [Article(f"{BODY} Item {i}.", origin=Origin("mem", record=i)) for i in range(20)]
    items = list(analyze_many(articles, jobs=2))
    assert [i.origin.record for i in items] == list(range(20))
    lost = [i for i in items if isinstance(i, SetAside)]
    assert 1 <= len(lost) <= 4 and all(i.kind == "internal" for i in lost)
    assert any(i.origin.record == 5 for i in lost)
    assert sum(isinstance(i, Analysis) for i in items) == 20 - len(lost)


def test_jobs_must_be_positive() -> None:
    with pytest.raises(UsageError):
        analyze_many([ARTICLES], jobs=0)


def test_published_overrides_every_article(tmp_path: Path) -> None:
    from datetime import date

    (tmp_path / "a.txt").write_text("Date: 2020-01-01\n\n" + BODY, "utf-8")
    (result,) = [i for i in analyze_many(tmp_path, published=date(2025, 7, 1))]
    assert isinstance(result, Analysis) and result.article.published == "2025-07-01"


def test_skipped_items_say_why() -> None:
    item = Skipped(Origin("f.jsonl", line=2), "blank line")
    assert str(item) == "f.jsonl:2: blank line"


def test_workers_also_run_where_processes_cannot_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the spawn start method (macOS, Windows) the job travels pickled: the
    pipeline as its spec, the report preparer as its settings."""
    import multiprocessing

    from casus.render import open_writer
    from casus.runners import workers

    monkeypatch.setattr(workers, "_context", lambda: multiprocessing.get_context("spawn"))
    articles = [Article(f"{BODY} Item {i}.", origin=Origin("mem", record=i)) for i in range(6)]
    for name in ("json", "md", "text"):
        preparer = open_writer(name, io.StringIO()).preparer()
        spawned = list(analyze_many(articles, jobs=2, then=preparer))
        here = list(analyze_many(articles, then=preparer))
        assert spawned == here, name


def test_articles_run_together_give_what_each_gives_alone() -> None:
    from casus.api import analyze_docs

    paths = sorted(SAMPLES.glob("*.txt"))[:9]
    articles = [read_plain(p.read_text("utf-8"), where=p.name) for p in paths]
    together = [d.to_analysis().to_dict() for d in analyze_docs(articles)]
    alone = [default_pipeline()(article).to_dict() for article in articles]
    assert together == alone
    assert sum(len(a["events"]) for a in alone) > 20  # real work was compared


def test_an_article_that_fails_in_a_chunk_costs_only_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = GenreClassifier.__call__

    def failing(self: GenreClassifier, doc: Doc) -> Doc:
        if "Item 3." in doc.text:
            raise ZeroDivisionError("a bug")
        return original(self, doc)

    monkeypatch.setattr(GenreClassifier, "__call__", failing)
    articles = [Article(f"{BODY} Item {i}.", origin=Origin("mem", record=i)) for i in range(10)]
    items = analyze_chunk(articles, default_pipeline())
    lost = [i for i in items if isinstance(i, SetAside)]
    assert [i.origin.record for i in lost] == [3]
    assert sum(isinstance(i, Analysis) for i in items) == 9


def test_settle_loads_first_use_tables_and_freezes_them() -> None:
    class Lazy:
        name = "lazy"
        requires: tuple[str, ...] = ()
        assigns: tuple[str, ...] = ()
        loaded = False

        def prepare(self) -> None:
            self.loaded = True

        def __call__(self, doc: Doc) -> Doc:
            return doc

    component = Lazy()
    pipeline = Pipeline([component])
    try:
        settle(pipeline)
        assert component.loaded
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

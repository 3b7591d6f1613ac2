"""``casus bench``: its corpus, its measuring process and its report (the figures
themselves are measured by running it, never asserted in a test)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casus.api import build_pipeline
from casus.bench import BenchResult, format_result
from casus.bench.batch import BatchRun
from casus.bench.corpus import load_corpus, repeated, write_copies
from casus.bench.measure import Measured
from casus.bench.single import StageRun, stages_worker
from casus.ingest import read_path, read_plain
from casus.model import Article


def test_the_corpus_is_real_length_wire_copy_with_non_ascii_text() -> None:
    corpus = load_corpus()
    assert len(corpus.news) >= 4
    for text in corpus.news:
        article = read_plain(text, where="<bench>")
        assert article.title and article.published is not None
        assert 550 <= len(article.text.split()) <= 750
    assert len(read_plain(corpus.long, where="<bench>").text.split()) >= 1400
    joined = "".join(corpus.all)
    for mark in ("“", "”", "’", "—", "č", "ğ", "ó"):
        assert mark in joined
    assert re.search("[а-я]{4}", joined)  # a quotation in Cyrillic


def test_copies_are_distinct_articles(tmp_path: Path) -> None:
    corpus = load_corpus()
    folder = write_copies(corpus.news, 9, tmp_path / "copies")
    items = list(read_path(folder))
    assert len(items) == 9
    assert all(isinstance(item, Article) for item in items)  # none skipped as a duplicate


def test_a_repeated_article_keeps_one_header_and_repeats_its_body() -> None:
    text = load_corpus().news[0]
    body = text.split("\n\n", 1)[1].strip()
    article = read_plain(repeated(text, 10), where="<10x>")
    assert article.title == read_plain(text, where="<1x>").title
    assert article.text.count(body) == 10


def test_the_measuring_process_times_every_stage_of_the_pipeline(tmp_path: Path) -> None:
    corpus = load_corpus()
    folder = write_copies(corpus.news, 3, tmp_path / "news")
    paths = [str(p) for p in sorted(folder.iterdir())]
    plan = {"warm": paths[:1], "groups": [{"label": "news", "paths": paths, "repeat": 2}]}
    data = stages_worker(plan)
    names = list(build_pipeline().names)
    assert data["pipeline"] == names
    (run,) = data["runs"]
    assert run["articles"] == 6
    assert len(run["passes"]) == 2 and sum(run["passes"]) == pytest.approx(run["cpu_s"])
    assert run["kilobytes"] == 2 * sum(Path(p).stat().st_size for p in paths) / 1024
    assert list(run["stages_ms"]) == ["read", *names, "freeze", "render"]
    assert run["cpu_s"] > 0 and data["peak_rss_mb"] > 0


def _stage(label: str, articles: int, kb: float, cpu: float) -> StageRun:
    return StageRun(
        label, articles, kb, cpu, cpu, 1000 * cpu / articles, passes=[cpu], stages_ms={"read": 0.5}
    )


def _result(rate: float, peak: float, start: float, sweep_cpu: tuple[float, ...]) -> BenchResult:
    sweep = [
        _stage(f"{n}x", 1, 4.0 * n, cpu) for n, cpu in zip((1, 10, 100), sweep_cpu, strict=True)
    ]
    return BenchResult(
        pipeline=["structure", "events"],
        news=_stage("news", 100, 400.0, 100 / rate),
        long=_stage("long", 1, 10.0, 0.02),
        news_peak_mb=peak,
        sweep=sweep,
        sweep_peak_mb=150.0,
        startup_warm=Measured(start, start, 120.0),
        batches=[BatchRun(100, 1, 2.0, 2.0, 130.0), BatchRun(100, 2, 1.1, 2.1, 131.0)],
        cores=2,
    )


def test_the_report_shows_each_figure_beside_its_target() -> None:
    report = format_result(_result(80.0, 140.0, 0.6, (0.01, 0.1, 1.0)))
    assert "80.0 articles/s per core (CPU time)     target >= 50: ok" in report
    assert "x10.0 for x10 the size" in report
    assert "time per KB, 100x over 1x: x1.00 (linear: <= x1.25: ok)" in report
    assert "target < 1 s warm: ok" in report
    assert "peak memory, largest process measured: 150 MB (target < 500 MB: ok)" in report
    assert "speed-up --jobs 2: x1.82" in report
    assert "MISSED" not in report


def test_the_report_says_when_a_target_is_missed() -> None:
    report = format_result(_result(30.0, 700.0, 1.4, (0.01, 0.2, 4.0)))
    assert "target >= 50: MISSED" in report
    assert "(linear: <= x1.25: MISSED)" in report
    assert "target < 1 s warm: MISSED" in report
    assert "(target < 500 MB: MISSED)" in report

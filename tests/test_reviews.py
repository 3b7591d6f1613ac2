"""Analysts' reviews: the v4 migration, add_review's checks, the reviewed overlay of
casus events and export, the review/reviews commands, and gold made from reviews."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.errors import QueryError
from casus.evaluation.gold import evaluate_gold
from casus.evaluation.reviewed import evaluate_reviews, reviewed_articles, write_gold
from casus.store import Store
from casus.store.query import Filters, mentions
from casus.store.reviews import (
    Corrections,
    add_review,
    latest_reviews,
    review_gold_rows,
    review_history,
)
from casus.store.schema import MIGRATIONS, SCHEMA_VERSION

from .store_util import copy_store, store_of_texts

STRIKE = """Title: Drones hit a depot outside Kherson
Date: 2025-03-04
Source: Dnipro Evening Post

KHERSON, March 4 — Russian drones struck a fuel depot outside Kherson on Tuesday, the \
regional governor said. Ukraine accused Russia of targeting civilian infrastructure.
"""
TALKS = """Title: Baku and Yerevan envoys meet in Tbilisi
Date: 2025-05-12
Source: Kura Valley Monitor

TBILISI, May 12 — Azerbaijan and Armenia held talks in Tbilisi on Monday on the \
border commission. Armenia rejected Azerbaijan's demand to amend its constitution.
"""


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reviews")
    return store_of_texts(folder, {"strike.txt": STRIKE, "talks.txt": TALKS})


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> Path:
    return copy_store(base_db, tmp_path)


def _events(store: Store) -> dict[str, dict[str, Any]]:
    """The coded mentions, by their evidence's first words and type."""
    rows = mentions(store, Filters())
    return {f"{r['type']} {r['evidence']}": r for r in rows}


def _find(rows: dict[str, dict[str, Any]], start: str) -> dict[str, Any]:
    found = [row for key, row in rows.items() if key.startswith(start)]
    assert len(found) == 1, (start, list(rows))
    return found[0]


def test_a_v3_store_is_upgraded_to_v4_with_an_empty_reviews_table(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER, description VARCHAR, applied TIMESTAMP)"
    )
    for version, description, statements in MIGRATIONS[:3]:
        for statement in statements:
            con.execute(statement)
        con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, description])
    tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
    con.close()
    assert "reviews" not in tables
    with Store.open(path, write=True) as store:
        assert store.upgraded_from == 3 and SCHEMA_VERSION >= 4
        assert store.query("SELECT count(*) FROM reviews") == [(0,)]
    with Store.open(path) as store:  # now readable read-only
        assert store.query("SELECT max(version) FROM schema_version") == [(SCHEMA_VERSION,)]


def test_add_review_checks_everything_and_writes_nothing_on_error(db: Path) -> None:
    with Store.open(db, write=True) as store:
        event = next(iter(_events(store).values()))
        bad: list[tuple[str, str, str, Corrections | None, str]] = [
            ("no-such-event", "ana", "right", None, "no event mention"),
            (event["event_id"], "ana", "maybe", None, "verdict"),
            (event["event_id"], "", "right", None, "reviewer"),
            (event["event_id"], "x" * 101, "right", None, "reviewer"),
            (event["event_id"], "ana", "corrected", Corrections(type="BOMBING"), "PLOVER"),
            (event["event_id"], "ana", "corrected", Corrections(source_code="R;S"), "actor code"),
            (event["event_id"], "ana", "corrected", Corrections(factuality="likely"), "factual"),
            (event["event_id"], "ana", "corrected", None, "needs a type"),
            (event["event_id"], "ana", "right", Corrections(type="AGREE"), "takes no corrected"),
        ]
        for event_id, reviewer, verdict, corrections, message in bad:
            with pytest.raises(QueryError, match=message) as caught:
                add_review(store, event_id, reviewer, verdict, corrections)
            assert "\n" not in str(caught.value)
        for note in ("\x1b[31mred\x1b[0m", "turned \u202e around", "x" * 2001):
            with pytest.raises(QueryError, match="note"):
                add_review(store, event["event_id"], "ana", "wrong", note=note)
        assert store.query("SELECT count(*) FROM reviews") == [(0,)]


def test_the_latest_review_wins_and_history_keeps_the_coded_values(db: Path) -> None:
    with Store.open(db, write=True) as store:
        event = _find(_events(store), "ASSAULT")
        first = datetime(2025, 6, 1, 9, 0)
        add_review(store, event["event_id"], "ana", "wrong", note="no", at=first)
        made = add_review(
            store, event["event_id"], " Ana  Petrova ", "corrected",
            Corrections(type="coerce", target_code="-"), at=datetime(2025, 6, 2, 9, 0),
        )  # fmt: skip
        history = review_history(store, event["event_id"])
        latest = latest_reviews(store)
    assert made["reviewer"] == "Ana Petrova" and made["type"] == "COERCE"
    assert made["target_code"] == "" and made["source_code"] is None
    assert [r["verdict"] for r in history] == ["corrected", "wrong"]
    assert [r["superseded"] for r in history] == [False, True]
    assert history[1]["original_type"] == "ASSAULT"
    assert history[1]["original_evidence_text"] == event["evidence"]
    assert [r["id"] for r in latest] == [made["id"]]


def test_reviewed_mentions_prefer_reviewed_values_and_drop_wrong_ones(db: Path) -> None:
    with Store.open(db, write=True) as store:
        coded = _events(store)
        strike, accuse = _find(coded, "ASSAULT"), _find(coded, "ACCUSE")
        talks = _find(coded, "CONSULT")
        add_review(store, accuse["event_id"], "ana", "wrong")
        add_review(store, strike["event_id"], "ana", "corrected",
                   Corrections(type="COERCE", factuality="reported"))  # fmt: skip
        add_review(store, talks["event_id"], "ana", "right")
        plain = {r["event_id"]: r for r in mentions(store, Filters())}
        reviewed = {r["event_id"]: r for r in mentions(store, Filters(reviewed=True))}
        by_type = mentions(store, Filters(type="COERCE", reviewed=True))
    assert accuse["event_id"] in plain and accuse["event_id"] not in reviewed
    assert plain[strike["event_id"]]["type"] == "ASSAULT"  # the events table is untouched
    fixed = reviewed[strike["event_id"]]
    assert (fixed["type"], fixed["factuality"], fixed["reviewed"]) == ("COERCE", "reported",
                                                                      "corrected")  # fmt: skip
    assert fixed["cameo"] is None and fixed["quad_class"] == 4  # COERCE: material conflict
    assert fixed["source"] == strike["source"]
    assert reviewed[talks["event_id"]]["reviewed"] == "right"
    assert reviewed[talks["event_id"]]["cameo"] == talks["cameo"]
    assert [r["event_id"] for r in by_type] == [strike["event_id"]]
    assert len(reviewed) == len(plain) - 1
    assert sum(r["reviewed"] is None for r in reviewed.values()) == len(plain) - 3


def _cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env=env or {"CASUS_REVIEWER": "cli-analyst"})


def test_the_review_and_reviews_commands(db: Path) -> None:
    with Store.open(db) as store:
        coded = _events(store)
    strike, talks = _find(coded, "ASSAULT"), _find(coded, "CONSULT")
    done = _cli("review", strike["event_id"], "--db", str(db), "--type", "COERCE",
                "--source", "rus", "--note", "a warning strike")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert _cli("review", talks["event_id"], "--db", str(db), "--right").exit_code == 0
    for args, code, message in (
        (("--right", "--wrong"), 64, "one verdict"),
        (("--right", "--type", "AGREE"), 64, "one verdict"),
        (("--type", "NOPE"), 2, "not a PLOVER type"),
    ):
        failed = _cli("review", strike["event_id"], "--db", str(db), *args)
        assert failed.exit_code == code and message in failed.output
        assert failed.output.count("\n") == 1
    unknown = _cli("review", "0000", "--db", str(db), "--wrong")
    assert unknown.exit_code == 2 and "no event mention '0000'" in unknown.output
    listed = json.loads(_cli("reviews", "--db", str(db), "-f", "json").stdout)
    assert [(r["verdict"], r["reviewer"]) for r in listed] == [
        ("right", "cli-analyst"), ("corrected", "cli-analyst")]  # fmt: skip
    assert listed[1]["source_code"] == "RUS" and listed[1]["note"] == "a warning strike"
    csv_out = _cli("reviews", "--db", str(db), "-f", "csv", "--latest").stdout.splitlines()
    assert csv_out[0].startswith("id,event_id,reviewed_at,reviewer,verdict") and len(csv_out) == 3
    events = json.loads(_cli("events", "--db", str(db), "--reviewed", "-f", "json").stdout)
    marked = {r["event_id"]: r["reviewed"] for r in events}
    assert marked[strike["event_id"]] == "corrected" and marked[talks["event_id"]] == "right"
    exported = _cli("export", "--db", str(db), "--reviewed", "-f", "csv", "-o", "-").stdout
    assert exported.splitlines()[0].endswith(",reviewed") and "COERCE" in exported
    assert "COERCE" not in _cli("export", "--db", str(db), "-f", "csv", "-o", "-").stdout


def test_gold_from_reviews_scores_the_coder_in_the_expected_direction(
    db: Path, tmp_path: Path
) -> None:
    with Store.open(db, write=True) as store:
        coded = _events(store)
        strike, accuse = _find(coded, "ASSAULT"), _find(coded, "ACCUSE")
        talks = _find(coded, "CONSULT")
        add_review(store, talks["event_id"], "ana", "right")
        right_only = evaluate_reviews(review_gold_rows(store))
        add_review(store, accuse["event_id"], "ana", "wrong")
        add_review(store, strike["event_id"], "ana", "corrected", Corrections(type="COERCE"))
        data = review_gold_rows(store)
    scores = evaluate_reviews(data)
    articles = {a.name: a for a in reviewed_articles(data)}
    assert write_gold(data, tmp_path / "out") == 2
    assert right_only.as_dict()["triple_precision"] == 1.0
    assert right_only.gold_triples_found == right_only.gold_triples == 1
    # the wrong-reviewed ACCUSE is a trap hit; the corrected type makes the ASSAULT a miss
    assert scores.trap_hits == 1 and scores.gold_triples == 2
    assert scores.gold_triples_found == 1 and scores.predicted_triples_right == 1
    assert any("missed COERCE" in m for m in scores.misses)
    strike_gold = articles[f"review-{strike['article_id']}"]
    assert [g.type for g in strike_gold.golds] == ["COERCE"]
    assert strike_gold.record["not_events"][0]["evidence"] == accuse["evidence"]
    assert strike_gold.article.text == STRIKE.strip() and strike_gold.article.title
    written = evaluate_gold(tmp_path / "out")  # the written gold is valid casus gold
    assert written.articles == 2 and written.gold == 2 and written.trap_hits == 1

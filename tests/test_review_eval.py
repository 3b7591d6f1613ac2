"""Scoring the coder on analysts' reviews (``casus eval gold --from-reviews``) and the
reviewed trend (``casus trend --reviewed``), on short articles with hand-counted figures.

The coder's output on these texts (checked by ``_coded`` in every test that relies on it):

* BORDER: ACCUSE KGZ->TJK "Kyrgyzstan accused Tajikistan" and ASSAULT TJK->- "Tajikistan
  of shelling" share a clause; REJECT TJK->- and REQUEST KAZ->TJK follow;
* ENVOY: CONSULT KGZ->TJK "... met the Tajik ambassador" lies inside ACCUSE KGZ->- "...
  met the Tajik ambassador on Friday and handed him a note of protest"; ACCUSE KGZ->TJK
  "Kyrgyzstan summoned ..." and ASSAULT TJK->KGZ "Tajik troops shelled" follow;
* MATCH: ASSAULT KGZ->TJK "Kyrgyzstan beat Tajikistan" (a football score).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.evaluation.reviewed import ReviewScores, evaluate_reviews, format_review_scores
from casus.store import Store
from casus.store.query import Filters, mentions
from casus.store.reviews import Corrections, add_review, review_gold_rows
from casus.store.trend import trend

from .store_util import copy_store, store_of_texts

BORDER = """Title: Tashkent talks end without a deal
Date: 2025-10-02
Source: Steppe Wire

TASHKENT, Oct 2 — Kyrgyzstan accused Tajikistan of shelling border villages, and Tajik \
officials rejected the charge on Thursday. Kazakhstan urged both sides to return to talks.
"""
ENVOY = """Title: Bishkek summons Tajik envoy over shelling
Date: 2025-10-10
Source: Steppe Wire

BISHKEK, Oct 10 — Kyrgyz Foreign Minister Jeenbek Kulubaev met the Tajik ambassador on \
Friday and handed him a note of protest over the shelling of Kok-Tash. Kyrgyzstan \
summoned the Tajik ambassador. Tajik troops shelled the village of Kok-Tash on Thursday, \
the Kyrgyz border service said.
"""
MATCH = """Title: Kyrgyzstan edge Tajikistan in Bishkek qualifier
Date: 2025-10-11
Source: Alatoo Sport Daily

BISHKEK, Oct 11 — Kyrgyzstan beat Tajikistan 2-1 in a World Cup qualifier on Saturday.
"""


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review-eval")
    return store_of_texts(folder, {"border.txt": BORDER, "envoy.txt": ENVOY, "match.txt": MATCH})


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> Path:
    return copy_store(base_db, tmp_path)


def _coded(store: Store) -> dict[str, dict[str, Any]]:
    """The coded mentions by "TYPE SOURCE->TARGET evidence", checked against the module's
    description so that a change of the coder fails here, not in the figures."""
    rows = mentions(store, Filters())
    found = {f"{r['type']} {r['source'] or '-'}->{r['target'] or '-'} {r['evidence']}": r
             for r in rows}  # fmt: skip
    assert len(found) == len(rows) == 9, sorted(found)
    return found


def _event(coded: dict[str, dict[str, Any]], start: str) -> dict[str, Any]:
    hits = [row for key, row in coded.items() if key.startswith(start)]
    assert len(hits) == 1, (start, sorted(coded))
    return hits[0]


def _overlap(a: dict[str, Any], b: dict[str, Any], store: Store) -> bool:
    spans = dict(
        store.query(
            "SELECT id, [evidence_start, evidence_end] FROM events WHERE id IN (?, ?)",
            [a["event_id"], b["event_id"]],
        )
    )
    (a0, a1), (b0, b1) = spans[a["event_id"]], spans[b["event_id"]]
    return bool(a0 < b1 and b0 < a1)


def _figures(scores: ReviewScores) -> dict[str, int]:
    names = ("predicted_triples", "predicted_triples_right", "gold_triples",
             "gold_triples_found", "trap_hits", "in_scope", "out_of_scope", "wrong_repeated",
             "reviewed_right", "reviewed_corrected", "reviewed_wrong")  # fmt: skip
    return {name: getattr(scores, name) for name in names}


def test_an_unreviewed_event_sharing_a_clause_does_not_lower_precision(db: Path) -> None:
    with Store.open(db, write=True) as store:
        coded = _coded(store)
        accuse = _event(coded, "ACCUSE KGZ->TJK Kyrgyzstan accused")
        assault = _event(coded, "ASSAULT TJK->- Tajikistan of shelling")
        assert _overlap(accuse, assault, store)  # one clause
        add_review(store, accuse["event_id"], "ana", "right")
        scores = evaluate_reviews(review_gold_rows(store))
    # BORDER re-analysed: 4 predictions; only the ACCUSE reproduces a reviewed event
    assert _figures(scores) == {
        "predicted_triples": 1, "predicted_triples_right": 1, "gold_triples": 1,
        "gold_triples_found": 1, "trap_hits": 0, "in_scope": 1, "out_of_scope": 3,
        "wrong_repeated": 0, "reviewed_right": 1, "reviewed_corrected": 0, "reviewed_wrong": 0,
    }  # fmt: skip
    assert scores.as_dict()["triple_precision"] == 1.0


def test_a_repeated_wrong_event_is_a_trap_hit_and_its_clause_mate_is_not(db: Path) -> None:
    with Store.open(db, write=True) as store:
        coded = _coded(store)
        accuse = _event(coded, "ACCUSE KGZ->TJK Kyrgyzstan accused")
        assault = _event(coded, "ASSAULT TJK->- Tajikistan of shelling")
        add_review(store, accuse["event_id"], "ana", "right")
        add_review(store, assault["event_id"], "ana", "wrong", note="an allegation only")
        scores = evaluate_reviews(review_gold_rows(store))
    # the ACCUSE overlaps the wrong span but is another event: right, not a trap hit;
    # the ASSAULT repeats the wrong one: a trap hit and a false positive
    assert _figures(scores) == {
        "predicted_triples": 2, "predicted_triples_right": 1, "gold_triples": 1,
        "gold_triples_found": 1, "trap_hits": 1, "in_scope": 2, "out_of_scope": 2,
        "wrong_repeated": 1, "reviewed_right": 1, "reviewed_corrected": 0, "reviewed_wrong": 1,
    }  # fmt: skip
    d = scores.as_dict()
    assert (d["triple_precision"], d["triple_recall"]) == (0.5, 1.0)
    report = format_review_scores(scores, misses=10)
    assert "wrong events repeated 1 of 1" in report
    assert "repeats a wrong-reviewed ASSAULT TJK->- 'Tajikistan of shelling'" in report


def test_another_event_over_a_wrong_span_is_an_ordinary_prediction(db: Path) -> None:
    with Store.open(db, write=True) as store:
        coded = _coded(store)
        match = _event(coded, "ASSAULT KGZ->TJK Kyrgyzstan beat")
        # as if the coder at ingest had coded COERCE there: the current one codes ASSAULT
        store.con.execute("UPDATE events SET type = 'COERCE' WHERE id = ?", [match["event_id"]])
        add_review(store, match["event_id"], "ana", "wrong", note="a football score")
        scores = evaluate_reviews(review_gold_rows(store))
    # MATCH re-analysed: the ASSAULT is in scope (it pairs with the reviewed mention) and
    # matches no gold, but does not repeat the wrong COERCE: no trap hit
    assert _figures(scores) == {
        "predicted_triples": 1, "predicted_triples_right": 0, "gold_triples": 0,
        "gold_triples_found": 0, "trap_hits": 0, "in_scope": 1, "out_of_scope": 0,
        "wrong_repeated": 0, "reviewed_right": 0, "reviewed_corrected": 0, "reviewed_wrong": 1,
    }  # fmt: skip


def test_a_corrected_type_makes_the_original_a_miss_and_a_false_positive(db: Path) -> None:
    with Store.open(db, write=True) as store:
        coded = _coded(store)
        consult = _event(coded, "CONSULT KGZ->TJK Kyrgyz Foreign Minister")
        add_review(store, consult["event_id"], "ana", "corrected", Corrections(type="ACCUSE"))
        scores = evaluate_reviews(review_gold_rows(store))
    # ENVOY: the coder's CONSULT is in scope and wrong, the gold ACCUSE KGZ->TJK is missed
    # (the ACCUSE KGZ->- around it reproduces an unreviewed mention: out of scope)
    assert _figures(scores) == {
        "predicted_triples": 1, "predicted_triples_right": 0, "gold_triples": 1,
        "gold_triples_found": 0, "trap_hits": 0, "in_scope": 1, "out_of_scope": 3,
        "wrong_repeated": 0, "reviewed_right": 0, "reviewed_corrected": 1, "reviewed_wrong": 0,
    }  # fmt: skip
    assert any("missed ACCUSE KGZ->TJK" in m for m in scores.misses)
    assert any("extra CONSULT KGZ->TJK" in m for m in scores.misses)


def test_a_new_prediction_over_a_reviewed_span_counts(db: Path) -> None:
    with Store.open(db, write=True) as store:
        coded = _coded(store)
        consult = _event(coded, "CONSULT KGZ->TJK Kyrgyz Foreign Minister")
        protest = _event(coded, "ACCUSE KGZ->- Kyrgyz Foreign Minister")
        add_review(store, consult["event_id"], "ana", "right")
        before = evaluate_reviews(review_gold_rows(store))
        # as if the coder at ingest had not found the protest: now it is a new prediction
        store.con.execute("DELETE FROM events WHERE id = ?", [protest["event_id"]])
        after = evaluate_reviews(review_gold_rows(store))
    assert (before.in_scope, before.out_of_scope, before.predicted_triples_right) == (1, 3, 1)
    assert before.as_dict()["triple_precision"] == 1.0
    # the new ACCUSE KGZ->- overlaps only the reviewed CONSULT: in scope, a false positive
    assert (after.in_scope, after.out_of_scope, after.predicted_triples) == (2, 2, 2)
    assert (after.predicted_triples_right, after.gold_triples_found) == (1, 1)
    assert after.as_dict()["triple_precision"] == 0.5


def test_trend_with_reviews_drops_wrong_events_and_moves_corrected_types(db: Path) -> None:
    with Store.open(db, write=True) as store:
        coded = _coded(store)
        consult = _event(coded, "CONSULT KGZ->TJK Kyrgyz Foreign Minister")
        match = _event(coded, "ASSAULT KGZ->TJK Kyrgyzstan beat")
        plain = trend(store, Filters(), "month")
        coder = "SELECT id, type, source_code, target_code, factuality FROM events ORDER BY id"
        recorded = store.query(coder)
        add_review(store, consult["event_id"], "ana", "corrected", Corrections(type="ACCUSE"))
        add_review(store, match["event_id"], "ana", "wrong", note="a football score")
        untouched = store.query(coder)
        reviewed = trend(store, Filters(reviewed=True), "month")
        by_mention = trend(store, Filters(reviewed=True), "month", mentions=True)
    # October 2025, asserted and reported mentions, each cluster once: ENVOY's CONSULT
    # (quad 1, +1), its two ACCUSEs (quad 3, -2 each), the shelling (quad 4, -10) and the
    # football score (quad 4, -9.5); BORDER's events are in the same month:
    # ACCUSE (3, -2), ASSAULT (4, -10, reported), REJECT (3, -4, reported), REQUEST (3, -5)
    assert [(p.start.isoformat(), p.counts) for p in plain] == [("2025-10-01", [1, 0, 5, 3])]
    assert plain[0].goldstein == pytest.approx(1 - 2 - 2 - 10 - 9.5 - 2 - 10 - 4 - 5)
    assert untouched == recorded  # the coder's values stay (the clusters follow reviews)
    # reviewed: the CONSULT is an ACCUSE (quad 3, no Goldstein) and joins the cluster of
    # the ACCUSE KGZ->TJK it repeats, so that event counts once; the match is gone
    assert [p.counts for p in reviewed] == [[0, 0, 5, 2]]
    assert reviewed[0].goldstein == pytest.approx(-2 - 10 - 2 - 10 - 4 - 5)
    assert [p.counts for p in by_mention] == [[0, 0, 6, 2]]
    out = CliRunner().invoke(
        app, ["trend", "--db", str(db), "--by", "month", "--reviewed", "-f", "csv"]
    )
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[1].split(",")[:6] == ["2025-10-01", "0", "0", "5", "2", "7"]

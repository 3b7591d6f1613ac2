"""Reviews move the clusters: a mention reviewed wrong leaves its cluster, a corrected
one is clustered with its reviewed values, a right one changes nothing; the result is
what a recluster gives, and the scenario ledger follows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from casus.cli import app
from casus.scenarios.ledger import run
from casus.store.clustering import cluster_id
from casus.store.corroborate import recluster
from casus.store.db import Store
from casus.store.reviews import Corrections, add_review

from .corr_util import KYIV, Article, Ingest, cluster_of, clusters, event, open_store
from .store_util import store_of_texts
from .test_scenario_ledger import _assault, _pack, _reported_by


def _three_reports(store: Store) -> Ingest:
    """The Kharkiv strike as three outlets report it (own0..own2), and a Kyiv strike."""
    ingest = Ingest(store)
    for n in range(3):
        ingest.batch(Article(f"own{n}", f"paper{n}", [event()]))
    ingest.batch(Article("kyiv", "paper0", [event(place=KYIV, day="2024-03-20")]))
    return ingest


def _history(store: Store) -> list[tuple[Any, ...]]:
    return store.query(
        "SELECT cluster_id, article_id, state, num_independent, reason FROM cluster_history"
        " WHERE reason = 'review' ORDER BY changed_at, cluster_id, state"
    )


def _review(store: Store, event_id: str, verdict: str, **fixed: str) -> None:
    add_review(store, event_id, "ana", verdict, Corrections(**fixed) if fixed else None)


def _built(store: Store) -> tuple[list[Any], list[Any]]:
    """The clusters and each event's cluster."""
    return (
        store.query("SELECT * EXCLUDE (first_seq, last_seq) FROM clusters ORDER BY id"),
        store.query("SELECT id, cluster_id FROM events ORDER BY id"),
    )


def test_a_mention_reviewed_wrong_leaves_its_cluster(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        _three_reports(store)
        kharkiv = cluster_id("own0-e0")
        assert [(c["id"], c["num_independent"], c["state"]) for c in clusters(store)] == [
            (kharkiv, 3, "corroborated"), (cluster_id("kyiv-e0"), 1, "single-source"),
        ]  # fmt: skip
        _review(store, "own2-e0", "wrong")
        assert cluster_of(store, "own2-e0") is None
        first = clusters(store)[0]
        assert (first["num_mentions"], first["num_articles"], first["num_independent"]) == (
            2, 2, 2,
        )  # fmt: skip
        assert first["last_seq"] == 2 and first["state"] == "corroborated"
        _review(store, "own1-e0", "wrong")
        assert clusters(store)[0]["state"] == "single-source"
        _review(store, "own0-e0", "wrong")  # its last report: the cluster is gone
        assert [c["id"] for c in clusters(store)] == [cluster_id("kyiv-e0")]
        assert _history(store) == [
            (kharkiv, "own2", "corroborated", 2, "review"),
            (kharkiv, "own1", "single-source", 1, "review"),
            (kharkiv, "own0", "withdrawn", 0, "review"),
        ]
        _review(store, "own1-e0", "right")  # latest wins: the mention is back
        [back, _] = clusters(store)
        assert back["id"] == cluster_id("own1-e0") and back["num_mentions"] == 1


def test_the_first_report_reviewed_wrong_hands_the_cluster_to_the_next(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path) as store:
        _three_reports(store)
        _review(store, "own0-e0", "wrong")
        assert cluster_of(store, "own1-e0") == cluster_of(store, "own2-e0") == cluster_id("own1-e0")
        assert store.query(
            "SELECT count(*) FROM clusters WHERE id = ?", [cluster_id("own0-e0")]
        ) == [(0,)]


def test_a_right_review_changes_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        _three_reports(store)
        before = _built(store)
        _review(store, "own1-e0", "right")
        assert _built(store) == before and _history(store) == []


def test_a_corrected_mention_joins_the_cluster_its_values_fit(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = _three_reports(store)
        ingest.batch(Article("talk", "paper1", [event(type="CONSULT", cameo="040")]))
        _review(store, "own2-e0", "corrected", type="CONSULT")
        consult = cluster_id("own2-e0")  # it came first: the talk joins it, as in a recluster
        assert cluster_of(store, "own2-e0") == cluster_of(store, "talk-e0") == consult
        joined = {c["id"]: c for c in clusters(store)}[consult]
        assert (joined["num_independent"], joined["state"]) == (2, "corroborated")
        assert {c["id"]: c for c in clusters(store)}[cluster_id("own0-e0")]["num_independent"] == 2
        _review(store, "own1-e0", "corrected", target_code="BLR")  # a dyad of its own
        assert cluster_of(store, "own1-e0") == cluster_id("own1-e0")
        row = {c["id"]: c for c in clusters(store)}[cluster_id("own1-e0")]
        assert (row["target_code"], row["num_mentions"]) == ("BLR", 1)
        _review(store, "own1-e0", "corrected", factuality="hypothetical")
        assert cluster_of(store, "own1-e0") is None
        assert cluster_id("own1-e0") not in {c["id"] for c in clusters(store)}
        _review(store, "own0-e0", "corrected", factuality="negated")
        state = {c["id"]: c for c in clusters(store)}[cluster_id("own0-e0")]
        assert (state["num_denials"], state["num_mentions"], state["state"]) == (1, 0, "denied")


def test_incremental_reviews_give_what_a_recluster_gives(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        days = ("2024-03-04", "2024-03-05", "2024-03-06", "2024-03-09", "2024-03-10")
        for n, day in enumerate(days * 2):
            kind = "CONSULT" if n % 3 == 0 else "ASSAULT"
            events = [event(type=kind, day=day), event(day=day, place=KYIV, source="BLR")]
            ingest.batch(Article(f"a{n}", f"paper{n % 4}", events))
        reviews: list[tuple[str, str, dict[str, str]]] = [
            ("a1-e0", "wrong", {}), ("a0-e0", "corrected", {"type": "ASSAULT"}),
            ("a4-e1", "corrected", {"source": "RUS"}), ("a2-e0", "right", {}),
            ("a5-e0", "corrected", {"factuality": "negated"}), ("a3-e1", "wrong", {}),
            ("a1-e0", "corrected", {"type": "CONSULT"}),
            ("a7-e1", "corrected", {"factuality": "future"}), ("a8-e0", "wrong", {}),
        ]  # fmt: skip
        for done, (event_id, verdict, fixed) in enumerate(reviews, 1):
            names = {"source": "source_code", "target": "target_code"}
            _review(store, event_id, verdict, **{names.get(k, k): v for k, v in fixed.items()})
            if done % 3:
                continue
            incremental = _built(store)
            with store.transaction():
                recluster(store)
            assert _built(store) == incremental, f"after {done} reviews"
        assert cluster_of(store, "a8-e0") is None and cluster_of(store, "a7-e1") is None


def _evidence_store(tmp_path: Path, name: str) -> Store:
    store = open_store(tmp_path, name)
    ingest = Ingest(store)
    ingest.batch(Article("lone", "outlet0.example", [_assault("2024-02-03")]))
    return store


def test_a_mention_reviewed_wrong_no_longer_moves_the_board(tmp_path: Path) -> None:
    with _evidence_store(tmp_path, "board.duckdb") as store:
        moved = run(store, _pack())
        assert moved.clusters == 1 and moved.probabilities != moved.priors
        _review(store, "lone-e0", "wrong")
        after = run(store, _pack())
        assert after.steps == () and after.probabilities == after.priors


def test_a_denial_reviewed_wrong_turns_contested_into_corroborated(tmp_path: Path) -> None:
    with open_store(tmp_path, "denial.duckdb") as store:
        ingest = Ingest(store)
        ingest.batch(*_reported_by("c", _assault("2024-02-03"), outlets=2))
        denial = _assault("2024-02-03", factuality="negated")
        ingest.batch(Article("d", "northern telegraph agency", [denial]))
        contested = run(store, _pack())
        assert [c["state"] for c in clusters(store)] == ["contested"]
        _review(store, "d-e0", "wrong")
        assert [c["state"] for c in clusters(store)] == ["corroborated"]
        corroborated = run(store, _pack())
        assert [s.cluster_id for s in corroborated.steps] == [s.cluster_id for s in contested.steps]
        assert abs(corroborated.steps[0].deltas[0]) > abs(contested.steps[0].deltas[0])


def test_a_review_from_the_command_line_moves_the_clusters(tmp_path: Path) -> None:
    text = (
        "Title: Shelling in Kharkiv\nDate: 2024-03-05\nSource: Slobozhanshchyna Daily\n\n"
        "KHARKIV, March 5 — Russian forces shelled Kharkiv on Tuesday, the regional "
        "governor said.\n"
    )
    path = store_of_texts(tmp_path, {"shelling.txt": text})
    with Store.open(path) as store:
        found = store.query("SELECT id FROM events WHERE cluster_id IS NOT NULL LIMIT 1")
    assert found, "the coder clusters the shelling"
    result = CliRunner().invoke(
        app, ["review", found[0][0], "--wrong", "--reviewer", "ana", "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    with Store.open(path) as store:
        assert store.query("SELECT cluster_id FROM events WHERE id = ?", [found[0][0]]) == [(None,)]
        assert store.query("SELECT reason FROM cluster_history WHERE reason = 'review'") != []

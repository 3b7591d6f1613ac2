"""Actor-aware event scoring: the one-to-one matcher, gold and PLOVER triples."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from casus.evaluation import gold, plover
from casus.evaluation.matching import Dyad, fits, gold_dyads, match


def _eq(party: str, code: str) -> bool:
    return party == code


# -- the matcher on small synthetic cases --------------------------------------------


def test_one_prediction_per_gold_dyad() -> None:
    # two predictions of the same single-dyad gold event: one right, one duplicate
    result = match([(0, 0, 0), (1, 0, 0)])
    assert result.pairs == {0: 0} and result.found == {0} and result.further == 0


def test_matching_is_maximum_not_greedy() -> None:
    # p0 fits g0 and g1, p1 fits only g0: greedy in order would seat p0 on g0 and leave
    # p1 out; the maximum matching finds both gold events
    result = match([(0, 0, 0), (0, 1, 0), (1, 0, 0)])
    assert result.pairs == {0: 1, 1: 0} and result.found == {0, 1}


def test_matching_is_deterministic_whatever_the_edge_order() -> None:
    edges = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (2, 1, 0), (2, 2, 0)]
    assert match(edges) == match(list(reversed(edges)))


def _best(edges: list[tuple[int, int, int]], key: int) -> int:
    """Brute force: the most predictions that can be seated, each on one of its edges,
    no two on the same (gold) or (gold, dyad), as ``key`` is 1 or 2."""
    options = [[None, *(e for e in edges if e[0] == p)] for p in {e[0] for e in edges}]
    best = 0
    for choice in itertools.product(*options):
        seats = [c[1:][:key] for c in choice if c is not None]
        if len(seats) == len(set(seats)):
            best = max(best, len(seats))
    return best


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2), st.integers(0, 1)), max_size=8))
def test_matching_finds_the_most_gold_events_and_the_most_right_predictions(
    edges: list[tuple[int, int, int]],
) -> None:
    edges = sorted(set(edges))
    result = match(edges)
    assert all((p, g) in {(e[0], e[1]) for e in edges} for p, g in result.pairs.items())
    assert result.found == set(result.pairs.values())
    assert len(result.found) == _best(edges, 1)  # step 1: a maximum one-to-one matching
    assert len(result.pairs) == _best(edges, 2)  # step 2: then one per dyad


def test_coordinated_actors_take_one_prediction_per_pair() -> None:
    dyads = gold_dyads(["ARM", "AZE"], ["IRN"], reciprocal=False)  # "X and Z ... Y"
    assert dyads == [Dyad("ARM", "IRN"), Dyad("AZE", "IRN")]
    result = match([(0, 0, 0), (1, 0, 1), (2, 0, 1)])  # the third repeats AZE→IRN
    assert set(result.pairs) == {0, 1} and result.found == {0} and result.further == 1


def test_reciprocal_gold_is_unordered_pairs() -> None:
    assert gold_dyads(["RUS", "AZE"], ["RUS", "AZE"], reciprocal=True) == [
        Dyad("AZE", "RUS", ordered=False)
    ]
    three = gold_dyads(["RUS", "AZE", "KAZ"], ["RUS", "AZE", "KAZ"], reciprocal=True)
    assert len(three) == 3 and not any(d.ordered for d in three)
    # Sudan's army and the RSF share a code: still a pair
    assert gold_dyads(["SDN", "SDN"], ["SDN", "SDN"], reciprocal=True) == [
        Dyad("SDN", "SDN", ordered=False)
    ]


def test_symmetric_prediction_fills_a_directed_dyad_either_way() -> None:
    directed = Dyad("ARM", "AZE")
    assert fits("ARM", "AZE", False, directed, _eq)
    assert fits("AZE", "ARM", True, directed, _eq)  # symmetric: either way round
    assert not fits("AZE", "ARM", False, directed, _eq)  # directed: wrong way round
    both = Dyad("ARM", "AZE", ordered=False)
    assert fits("AZE", "ARM", False, both, _eq) and fits("ARM", "AZE", True, both, _eq)


def test_codes_must_agree() -> None:
    assert not fits("ARM", "TUR", True, Dyad("ARM", "AZE"), _eq)
    assert not fits("ARM", "", False, Dyad("ARM", "AZE"), _eq)  # no target is not AZE
    assert fits("ARM", "", False, gold_dyads(["ARM"], [], reciprocal=False)[0], _eq)


# -- casus eval gold on a synthetic article ------------------------------------------

ARTICLE = """Title: Talks in Abu Dhabi
Date: 2025-07-23
Source: Test Wire

Armenia and Azerbaijan held talks in Abu Dhabi on Monday.

Russia accused Ukraine of sabotage.
"""


def _gold_dir(tmp_path: Path, events: list[dict[str, object]]) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "01-talks.txt").write_text(ARTICLE, "utf-8")
    record = {"article": "01-talks", "published": "2025-07-23", "events": events}
    (tmp_path / "gold" / "01-talks.events.yaml").write_text(json.dumps(record), "utf-8")
    return tmp_path


def _event(
    evidence: str, trigger: str, kind: str, source: list[str], target: list[str], **extra: object
) -> dict[str, object]:
    return {
        "evidence": evidence,
        "trigger": trigger,
        "type": kind,
        "source": source,
        "target": target,
        "factuality": "asserted",
        "attribution": "author",
        **extra,
    }


TALKS = "Armenia and Azerbaijan held talks"
ACCUSED = "Russia accused Ukraine"


def test_gold_triples_reciprocal_event_found_once(tmp_path: Path) -> None:
    root = _gold_dir(
        tmp_path,
        [
            _event(TALKS, "held talks", "CONSULT", ["ARM", "AZE"], ["ARM", "AZE"], reciprocal=True),
            _event(ACCUSED, "accused", "ACCUSE", ["RUS"], ["UKR"]),
        ],
    )
    scores = gold.evaluate_gold(root)
    assert scores.predicted == 2  # the talks are one symmetric event, not two
    d = scores.as_dict()
    assert (d["triple_precision"], d["triple_recall"], d["triple_f1"]) == (1.0, 1.0, 1.0)


def test_gold_mirror_pair_is_one_two_way_act(tmp_path: Path) -> None:
    # the talks annotated as two directed events on the same trigger: one symmetric
    # prediction finds the act once, with no missed "second direction"
    root = _gold_dir(
        tmp_path,
        [
            _event(TALKS, "held talks", "CONSULT", ["ARM"], ["AZE"]),
            _event(TALKS, "held talks", "CONSULT", ["AZE"], ["ARM"]),
        ],
    )
    scores = gold.evaluate_gold(root)
    assert scores.gold == 2 and scores.gold_triples == 1
    assert scores.gold_triples_found == 1
    assert scores.as_dict()["triple_recall"] == 1.0


def test_gold_triples_need_agreeing_codes_and_overlap(tmp_path: Path) -> None:
    root = _gold_dir(
        tmp_path,
        [
            _event(ACCUSED, "accused", "ACCUSE", ["RUS"], ["GEO"]),  # wrong target
            _event(TALKS, "held talks", "CONSULT", ["RUS"], ["UKR"]),  # wrong everything
            # right type and codes, but the evidence is the other sentence
            _event("Armenia and Azerbaijan", "Armenia", "ACCUSE", ["RUS"], ["UKR"]),
        ],
    )
    scores = gold.evaluate_gold(root)
    assert scores.gold_triples_found == 0 and scores.predicted_triples_right == 0
    d = scores.as_dict()
    assert d["triple_recall"] == 0.0 and d["triple_f1"] == 0.0
    assert d["recall"] > 0  # actor-blind: the accusation's span and type agree
    assert any("wrong actors ACCUSE RUS->UKR" in m for m in scores.misses)
    report = gold.format_scores(scores)
    assert report.index("triples") < report.index("actor-blind")


# -- casus eval plover on synthetic records ------------------------------------------


def _record(
    text: str, markup: str, kind: str, source: list[str], target: list[str], **extra: object
) -> dict[str, object]:
    return {
        "id": f"T-{kind}",
        "event": kind,
        "text": text,
        "textInfo": {"markup": markup},
        "source": [{"code": c} for c in source],
        "target": [{"code": c} for c in target],
        **extra,
    }


def test_plover_reciprocal_and_symmetric_records(tmp_path: Path) -> None:
    records = [
        _record(
            "Jordan and Britain held talks in Amman on Monday.",
            "(SRC/TAR: Jordan) and (SRC/TAR: Britain) (EVT: held talks) in Amman on Monday.",
            "CONSULT",
            ["JOR", "GBR"],
            [],
        ),
        _record(  # directed in the gold, the other way round: a symmetric event fits
            "Egypt and Israel held talks in Cairo on Monday.",
            "(TAR: Egypt) and (SRC: Israel) (EVT: held talks) in Cairo on Monday.",
            "CONSULT",
            ["ISR"],
            ["EGY"],
        ),
        _record(  # the wrong target
            "Egypt accused Israel of violating the deal.",
            "(SRC: Egypt) (EVT: accused) Israel of violating the deal.",
            "ACCUSE",
            ["EGY"],
            ["TUR"],
        ),
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), "utf-8")
    assert [r.reciprocal for r in plover.read_records(path)] == [True, False, False]
    scores = plover.evaluate_file(path)
    assert scores.predicted_triples == 3  # one event per sentence, the talks once
    assert scores.gold_triples_found == 2 and scores.gold_triples == 3
    d = scores.as_dict()
    assert d["triple_precision"] == d["triple_recall"] == round(2 / 3, 4)


def test_plover_cameo_root_counts_where_the_record_gives_one(tmp_path: Path) -> None:
    text = "Jordan and Britain held talks in Amman on Monday."
    markup = "(SRC/TAR: Jordan) and (SRC/TAR: Britain) (EVT: held talks) in Amman."
    path = tmp_path / "gsr.json"
    path.write_text(
        json.dumps(
            [
                _record(text, markup, "AGREE", ["JOR", "GBR"], [], cameo="043"),
                _record(text, markup, "AGREE", ["JOR", "GBR"], []),
            ]
        ),
        "utf-8",
    )
    scores = plover.evaluate_file(path)
    assert scores.gold_triples_found == 1  # CONSULT 040: the root 04 of "043" agrees

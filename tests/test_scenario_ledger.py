"""The scenario ledger on hand-built stores where the right answer is known: which way
evidence moves the probabilities, how much it weighs, that it counts once, and that the
replay, tripwires, what-if and scores behave."""

from __future__ import annotations

import hashlib
import itertools
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.scenarios import tripwires
from casus.scenarios.ledger import run
from casus.scenarios.model import Indicator, Pack, Pattern, Scenario
from casus.scenarios.scoring import resolve
from casus.scenarios.tripwires import alerts, check_tripwires
from casus.scenarios.views import explain, history
from casus.scenarios.whatif import parse_event, whatif
from casus.store.db import Store

from .corr_util import KHARKIV, KYIV, STEPANAKERT, WIRE, Article, Ingest, event, open_store

GYUMRI = ("Gyumri", "AM", 40.7894, 43.8475, "city")
BAKU = ("Baku", "AZ", 40.4093, 49.8671, "city")
IDS = ("war", "border", "talks")


def _pack(tripwire: bool = False) -> Pack:
    assault = Pattern(types=("ASSAULT",), sources=("RUS",), targets=("AZE",), either_way=True)
    talks = Pattern(types=("AGREE", "CONSULT"), sources=("RUS",), targets=("AZE",))
    gyumri = Pattern(types=("ASSAULT",), places=("Gyumri",))
    return Pack(
        id="toy",
        title="Russia and Azerbaijan, a toy",
        scenarios=(
            Scenario("war", "Full-scale war", 0.2),
            Scenario("border", "Border conflict", 0.3),
            Scenario("talks", "Diplomatic management", 0.5),
        ),
        indicators=(
            Indicator("assault", "Armed attacks", assault,
                      {"war": 0.9, "border": 0.6, "talks": 0.1}),
            Indicator("talks", "Talks and agreements", talks,
                      {"war": 0.1, "border": 0.4, "talks": 0.9}),
            Indicator("gyumri", "Attack at Gyumri", gyumri,
                      {"war": 0.7, "border": 0.1, "talks": 0.02}, tripwire=tripwire),
        ),
        start=date(2024, 1, 1),
        horizon=date(2025, 12, 31),
    )  # fmt: skip


def _assault(day: str, place: Any = STEPANAKERT, **more: Any) -> dict[str, Any]:
    return event(source="AZEMIL", target="RUSMIL", day=day, place=place, **more)


def _talk(day: str) -> dict[str, Any]:
    return event(type="CONSULT", cameo="040", source="RUS", target="AZE", day=day,
                 place=BAKU, goldstein=1.0, quad_class=1)  # fmt: skip


def _reported_by(name: str, values: dict[str, Any], outlets: int = 3) -> list[Article]:
    """One event as reported by ``outlets`` independent outlets."""
    return [Article(f"{name}-{n}", f"outlet{n}.example", [values]) for n in range(outlets)]


def _store(tmp_path: Path, name: str, *batches: list[Article]) -> Store:
    store = open_store(tmp_path, name)
    ingest = Ingest(store)
    for articles in batches:
        ingest.batch(*articles)
    return store


def _probabilities(store: Store) -> list[dict[str, float]]:
    return [row.probabilities for row in history(store, _pack())]


def _ledger(store: Store) -> list[tuple[Any, ...]]:
    return store.query("SELECT * FROM ledger ORDER BY pack_id, step, scenario_id")


MONTHS = ("2024-02-03", "2024-03-10", "2024-04-15", "2024-05-20", "2024-06-25")


def test_a_stream_of_assaults_moves_towards_war(tmp_path: Path) -> None:
    batches = [_reported_by(f"a{i}", _assault(day)) for i, day in enumerate(MONTHS)]
    with _store(tmp_path, "war.duckdb", *batches) as store:
        result = run(store, _pack())
        steps = _probabilities(store)
    assert len(result.steps) == 5 and result.clusters == 5
    wars = [p["war"] for p in steps]
    assert all(b > a for a, b in itertools.pairwise(wars))
    assert steps[-1]["war"] > 0.6 > 0.2 == pytest.approx(steps[0]["war"])
    assert max(steps[-1], key=steps[-1].__getitem__) == "war"
    assert steps[-1]["talks"] < 0.05 < steps[0]["talks"]


def test_a_stream_of_talks_moves_towards_de_escalation(tmp_path: Path) -> None:
    batches = [_reported_by(f"t{i}", _talk(day)) for i, day in enumerate(MONTHS)]
    with _store(tmp_path, "talks.duckdb", *batches) as store:
        result = run(store, _pack())
    final = dict(zip(result.scenarios, result.probabilities, strict=True))
    assert final["talks"] > 0.9
    assert final["war"] < 0.01


def test_the_same_wire_story_fifty_times_counts_once(tmp_path: Path) -> None:
    one = [Article("w0", "caspian wire service", [_assault("2024-02-03")], text=WIRE)]
    copies = [
        Article(f"w{n}", f"outlet{n}.example", [_assault("2024-02-03")], text=WIRE)
        for n in range(1, 50)
    ]
    with _store(tmp_path, "one.duckdb", one) as store:
        alone = [row[1:3] + row[4:] for row in (run(store, _pack()), _ledger(store))[1]]
    with _store(tmp_path, "fifty.duckdb", one, copies) as store:
        found = store.query(
            "SELECT count(*), max(num_mentions), max(num_independent) FROM clusters"
        )
        assert found == [(1, 50, 1)]
        run(store, _pack())
        fifty = [row[1:3] + row[4:] for row in _ledger(store)]
    assert fifty == alone
    assert len(alone) == 2 * len(IDS)  # the priors, then one update


def test_hypothetical_and_future_mentions_move_nothing(tmp_path: Path) -> None:
    maybe = [
        Article(f"h{n}", f"outlet{n}.example",
                [_assault(MONTHS[n], factuality="hypothetical"),
                 _assault(MONTHS[n], place=GYUMRI, factuality="future")])
        for n in range(3)
    ]  # fmt: skip
    with _store(tmp_path, "maybe.duckdb", maybe) as store:
        result = run(store, _pack())
    assert result.steps == ()
    assert result.probabilities == pytest.approx((0.2, 0.3, 0.5))


def _first_change(tmp_path: Path, name: str, articles: list[Article]) -> float:
    with _store(tmp_path, name, articles) as store:
        result = run(store, _pack())
        state = store.query("SELECT state FROM clusters")[0][0]
    assert len(result.steps) == 1, state
    return result.steps[0].deltas[0]


def test_a_contested_cluster_moves_less_than_a_corroborated_one(tmp_path: Path) -> None:
    two = _reported_by("c", _assault("2024-02-03"), outlets=2)
    denial = _assault("2024-02-03", factuality="negated")
    denied = Article("d", "northern telegraph agency", [denial])
    corroborated = _first_change(tmp_path, "corroborated.duckdb", two)
    contested = _first_change(tmp_path, "contested.duckdb", [*two, denied])
    assert 0 < contested < corroborated
    single = _first_change(tmp_path, "single.duckdb", two[:1])
    assert single < corroborated


def test_a_second_firing_within_the_period_is_damped(tmp_path: Path) -> None:
    days = (("2024-02-03", STEPANAKERT), ("2024-02-20", KYIV), ("2024-04-01", KHARKIV))
    batches = [_reported_by(f"p{i}", _assault(day, place)) for i, (day, place) in enumerate(days)]
    with _store(tmp_path, "damped.duckdb", *batches) as store:
        result = run(store, _pack())
    weights = [step.weight for step in result.steps]
    assert weights == pytest.approx([weights[0], weights[0] / 2, weights[0]])


def test_replay_is_deterministic_byte_for_byte(tmp_path: Path) -> None:
    batches = [_reported_by(f"a{i}", _assault(day)) for i, day in enumerate(MONTHS)]
    batches += [_reported_by(f"t{i}", _talk(day), 2) for i, day in enumerate(MONTHS[1:])]
    with _store(tmp_path, "replay.duckdb", *batches) as store:
        run(store, _pack())
        first = repr(_ledger(store)).encode()
        run(store, _pack())
        second = repr(_ledger(store)).encode()
    with Store.open(tmp_path / "replay.duckdb", write=True) as store:
        assert repr(_ledger(store)).encode() == first
        run(store, _pack())
        third = repr(_ledger(store)).encode()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    assert third == first and len(first) > 1000


def test_explain_names_the_evidence_that_moved_most(tmp_path: Path) -> None:
    stories = [
        Article("x1", "caspian wire service",
                [{**_assault("2024-02-03"), "evidence_text": "Azerbaijani troops shelled"}]),
        Article("x2", "outlet9.example", [_talk("2024-03-10")]),
    ]  # fmt: skip
    with _store(tmp_path, "explain.duckdb", stories) as store:
        run(store, _pack())
        found = explain(store, _pack(), 5)
    assert found[0].indicator_id == "assault"  # a B-rated wire outweighs an unrated outlet
    assert found[1].indicator_id == "talks"
    assert found[0].text == "Azerbaijani troops shelled"
    assert found[0].outlets == ("caspian wire service",)
    assert found[0].deltas["war"] > 0 > found[0].deltas["talks"]
    assert found[0].state == "single-source"


def test_tripwires_raise_one_alert_per_cluster(tmp_path: Path) -> None:
    with _store(tmp_path, "trip.duckdb") as store:
        ingest = Ingest(store)
        pack = _pack(tripwire=True)
        first = ingest.batch(Article("g1", "outlet1.example", [_assault("2024-02-03", GYUMRI)]))
        assert first
        with store.transaction():
            raised = check_tripwires(store, ["g1"], [pack])
        ingest.batch(Article("g2", "outlet2.example", [_assault("2024-02-03", GYUMRI)]))
        with store.transaction():
            again = check_tripwires(store, ["g2"], [pack])
        assert [(a.indicator_id, a.article_id) for a in raised] == [("gyumri", "g1")]
        assert again == []
        assert len(alerts(store)) == 1


def test_a_tripwire_alert_is_raised_once_during_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ingest.duckdb"
    pack = _pack(tripwire=False)
    shelling = Pattern(types=("ASSAULT",), sources=("RUS",))
    wire = Indicator("shelling", "Shelling", shelling,
                     {"war": 0.8, "border": 0.5, "talks": 0.2}, tripwire=True)  # fmt: skip
    pack = Pack(pack.id, pack.title, pack.scenarios, (*pack.indicators, wire), pack.start,
                pack.horizon)  # fmt: skip
    monkeypatch.setattr(tripwires, "read_pack", lambda name: pack)
    with Store.open(db, write=True) as store:
        run(store, pack)
    runner = CliRunner()
    texts = (
        "Russian forces shelled Kharkiv on Tuesday, March 5, 2024, killing four civilians,"
        " the regional governor said.",
        "Russian artillery shelled Kharkiv on Tuesday, March 5, 2024, and four people died,"
        " officials said.",
    )
    outputs = []
    for n, text in enumerate(texts):
        folder = tmp_path / f"in{n}"
        folder.mkdir()
        (folder / "story.txt").write_text(f"Source: Outlet {n}\n\n{text}\n", encoding="utf-8")
        done = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
        assert done.exit_code == 0, done.output
        outputs.append(done.output)
    assert "casus: alert: toy shelling" in outputs[0]
    assert "casus: alert:" not in outputs[1]
    listed = runner.invoke(app, ["alerts", "--db", str(db)])
    assert listed.exit_code == 0 and listed.output.count("toy shelling") == 1


def test_whatif_stores_nothing_and_shows_the_change(tmp_path: Path) -> None:
    batches = [_reported_by(f"t{i}", _talk(day)) for i, day in enumerate(MONTHS[:2])]
    with _store(tmp_path, "whatif.duckdb", *batches) as store:
        run(store, _pack())
    path = tmp_path / "whatif.duckdb"
    before = path.read_bytes()
    with Store.open(path) as store:
        found = whatif(store, _pack(), parse_event("AZE ASSAULT RUS at Gyumri"))
    assert path.read_bytes() == before
    assert [s.indicator_id for s in found.steps] == ["assault", "gyumri"]
    assert found.after[0] > found.before[0] and found.after[2] < found.before[2]
    with Store.open(path) as store:
        assert store.query("SELECT count(*) FROM ledger WHERE cluster_id = 'what-if'") == [(0,)]
    nothing = parse_event("ARM CONSULT GEO")
    with Store.open(path) as store:
        assert whatif(store, _pack(), nothing).steps == ()


def test_resolve_scores_a_two_scenario_toy_by_hand(tmp_path: Path) -> None:
    pack = Pack(
        "duo", "Two outcomes",
        (Scenario("a", "A", 0.5), Scenario("b", "B", 0.5)),
        (Indicator("hit", "Hit", Pattern(types=("ASSAULT",)), {"a": 0.8, "b": 0.2}),),
        date(2024, 3, 2), date(2024, 12, 31),
    )  # fmt: skip
    one = [Article("r1", "unrated.example", [_assault("2024-03-04")])]
    with _store(tmp_path, "duo.duckdb", one) as store:
        run(store, pack)
        r = resolve(store, pack, "a", date(2024, 3, 5))
        recorded = store.query("SELECT scenario_id, resolved_on, brier, log_score FROM resolutions")
    w = 1.0 * 0.6 * 0.6  # asserted, one outlet, rating F
    p = 0.8**w / (0.8**w + 0.2**w)
    assert r.days == 4  # March 2 to 5: two days at the priors, two after the update
    assert r.brier_mean == pytest.approx((2 * 0.5 + 2 * 2 * (1 - p) ** 2) / 4)
    assert r.brier_final == pytest.approx(2 * (1 - p) ** 2)
    assert r.log_mean == pytest.approx((2 * math.log(2) - 2 * math.log(p)) / 4)
    assert r.log_final == pytest.approx(-math.log(p))
    assert recorded == [("a", date(2024, 3, 5), r.brier_mean, r.log_mean)]
    assert [(e.indicator_id, e.at) for e in r.right] == [("hit", date(2024, 3, 4))]
    assert r.right[0].deltas["a"] == pytest.approx(math.log(p / (1 - p)))
    assert r.wrong == ()


def test_the_commands_print_the_board_history_and_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches = [_reported_by(f"a{i}", _assault(day)) for i, day in enumerate(MONTHS)]
    with _store(tmp_path, "cli.duckdb", *batches):
        pass
    db = str(tmp_path / "cli.duckdb")
    monkeypatch.setattr(tripwires, "read_pack", lambda name: _pack())
    runner = CliRunner()
    board = runner.invoke(app, ["scenarios", "run", "toy", "--db", db])
    assert board.exit_code == 0, board.output
    assert "5 updates from 5 event clusters" in board.output
    assert "moved most by 2024-" in board.output and "war" in board.output
    table = runner.invoke(app, ["scenarios", "history", "toy", "--db", db, "-f", "csv"])
    assert table.output.splitlines()[0] == "step,date,cluster,indicator,war,border,talks"
    assert len(table.output.splitlines()) == 7
    what = runner.invoke(app, ["scenarios", "whatif", "toy", "--db", db,
                               "--event", "RUS CONSULT AZE"])  # fmt: skip
    assert what.exit_code == 0 and "fires talks" in what.output
    scored = runner.invoke(app, ["scenarios", "resolve", "toy", "war", "--date", "2024-07-01",
                                 "--db", db])  # fmt: skip
    assert scored.exit_code == 0 and "Brier" in scored.output, scored.output
    wrong = runner.invoke(app, ["scenarios", "resolve", "toy", "peace", "--date", "2024-07-01",
                                "--db", db])  # fmt: skip
    assert wrong.exit_code == 64 and "no scenario 'peace'" in wrong.output


def test_whatif_places_resolve_to_their_country() -> None:
    event = parse_event("RUS 195 AZE at Baku")
    assert (event.place, event.country, event.cameo) == ("Baku", "AZ", "195")
    assert parse_event("AZE ASSAULT RUS at Gyumri").country == "AM"
    assert parse_event("AZE ASSAULT RUS at Nowhereville").country is None


def test_the_candidate_clusters_change_no_match(tmp_path: Path) -> None:
    from casus.scenarios.ledger import matches
    from casus.scenarios.match import candidates, evidence_relation
    from casus.scenarios.weights import default_weights

    batches = [_reported_by(f"a{i}", _assault(day)) for i, day in enumerate(MONTHS)]
    batches.append(_reported_by("t", _talk(MONTHS[0])))
    weights = default_weights()
    with _store(tmp_path, "mixed.duckdb", *batches) as store:
        pack = _pack()
        every = matches(store, pack, weights, evidence_relation(weights))
        kept = evidence_relation(weights, candidates=candidates(pack.indicators))
        assert matches(store, pack, weights, kept) == every and len(every) >= 6
        ids = store.query(f"SELECT id FROM ({candidates(pack.indicators[:1]).sql})",
                          candidates(pack.indicators[:1]).params)  # fmt: skip
        total = store.query("SELECT count(*) FROM clusters")[0][0]
    assert 0 < len(ids) < total  # one indicator's candidates: not every cluster

"""Corroboration: reports of one real-world event across articles form one cluster,
counted by independent outlets, contested by denials, kept in step as articles arrive
and are replaced, and rebuilt identically from scratch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casus.errors import DataError
from casus.store.clustering import cluster_id, load_tolerances
from casus.store.corroborate import Corroborator, recluster

from .corr_util import (
    CHUHUIV,
    COPIES,
    INDEPENDENT,
    IZIUM,
    KHARKIV,
    KHARKIV_OBLAST,
    KYIV,
    RUSSIA,
    STEPANAKERT,
    UKRAINE,
    WIRE,
    Article,
    Ingest,
    cluster_of,
    clusters,
    event,
    open_store,
    snapshot,
)


def test_a_republished_wire_story_counts_once(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("wire", "wire service", [event()], text=WIRE))
        ingest.batch(
            *(Article(f"copy{i}", f"outlet{i}", [event()], text=t) for i, t in enumerate(COPIES))
        )
        assert ingest.linked == 3
        [cluster] = clusters(store)
        assert (cluster["num_mentions"], cluster["num_articles"], cluster["num_outlets"]) == (
            4, 4, 4,
        )  # fmt: skip
        assert cluster["num_independent"] == 1
        assert cluster["state"] == "single-source"


def test_three_independent_reports_corroborate(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        changes = []
        for i, text in enumerate(INDEPENDENT):
            changes += ingest.batch(Article(f"own{i}", f"paper{i}", [event()], text=text))
        assert ingest.linked == 0
        [cluster] = clusters(store)
        assert cluster["num_independent"] == cluster["num_outlets"] == 3
        assert cluster["state"] == "corroborated"
        assert cluster["id"] == cluster_id("own0-e0")
        assert [(c.seq, c.state, c.num_independent, c.previous) for c in changes] == [
            (1, "single-source", 1, None),
            (2, "corroborated", 2, "single-source"),
            (3, "corroborated", 3, "corroborated"),
        ]
        history = store.query("SELECT seq, article_id, state FROM cluster_history ORDER BY seq")
        assert history == [
            (1, "own0", "single-source"), (2, "own1", "corroborated"), (3, "own2", "corroborated"),
        ]  # fmt: skip


def test_the_wire_and_an_independent_report_corroborate(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("wire", "wire service", [event()], text=WIRE))
        ingest.batch(Article("copy", "outlet", [event()], text=COPIES[0]))
        ingest.batch(Article("own", "paper", [event()], text=INDEPENDENT[0]))
        [cluster] = clusters(store)
        assert (cluster["num_outlets"], cluster["num_independent"]) == (3, 2)
        assert cluster["state"] == "corroborated"


def test_a_denial_contests(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("claim", "paper", [event()]))
        changes = ingest.batch(Article("denial", "tass", [event(factuality="negated")]))
        [cluster] = clusters(store)
        assert cluster["state"] == "contested"
        assert (cluster["num_denials"], cluster["num_mentions"], cluster["num_independent"]) == (
            1, 1, 1,
        )  # fmt: skip
        assert [(c.state, c.previous) for c in changes] == [("contested", "single-source")]


def test_a_denial_of_nothing_reported_is_denied_until_a_report_contests_it(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("denial", "tass", [event(factuality="negated")]))
        [cluster] = clusters(store)
        assert cluster["state"] == "denied"
        assert (cluster["num_mentions"], cluster["num_articles"], cluster["num_independent"]) == (
            0, 0, 0,
        )  # fmt: skip
        ingest.batch(Article("later", "paper", [event()]))
        [cluster] = clusters(store)
        assert (cluster["state"], cluster["num_mentions"]) == ("contested", 1)


@pytest.mark.parametrize("factuality", ["future", "hypothetical"])
def test_future_and_hypothetical_never_corroborate(tmp_path: Path, factuality: str) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("real", "paper", [event()]))
        ingest.batch(
            *(Article(f"talk{i}", f"outlet{i}", [event(factuality=factuality)]) for i in range(3))
        )
        assert all(cluster_of(store, f"talk{i}-e0") is None for i in range(3))
        [cluster] = clusters(store)
        assert (cluster["num_mentions"], cluster["state"]) == (1, "single-source")


def test_events_without_type_or_actors_get_no_cluster(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("a", "paper", [event(type=None), event(source=None, target=None)]))
        assert clusters(store) == []
        ingest.batch(Article("b", "paper", [event(source=None)], text="b"))
        ingest.batch(Article("c", "other", [event(source=None)], text="c"))
        ingest.batch(Article("d", "third", [event()], text="d"))
        assert [c["num_independent"] for c in clusters(store)] == [2, 1]


def test_a_symmetric_event_matches_in_reverse_order(tmp_path: Path) -> None:
    clash = {"type": "FIGHT", "cameo": "190", "place": STEPANAKERT}
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        both = event(source="ARM", target="AZE", symmetric=True, **clash)
        ingest.batch(Article("one", "paper", [both]))
        ingest.batch(Article("two", "other", [event(source="AZE", target="ARM", **clash)]))
        reverse = event(source="AZE", target="ARM", symmetric=True, **clash)
        ingest.batch(Article("three", "third", [reverse]))
        [cluster] = clusters(store)
        assert (cluster["source_code"], cluster["target_code"], cluster["symmetric"]) == (
            "ARM", "AZE", True,
        )  # fmt: skip
        assert cluster["num_independent"] == 3


def test_a_one_way_act_in_reverse_is_another_event(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("one", "paper", [event(source="RUS", target="UKR")]))
        ingest.batch(Article("two", "other", [event(source="UKR", target="RUS")]))
        ingest.batch(Article("three", "third", [event(type="PROTEST")]))
        assert len(clusters(store)) == 3


@pytest.mark.parametrize(
    ("second", "same"),
    [
        (CHUHUIV, True),  # 37 km away
        (KHARKIV_OBLAST, True),  # the region around it
        (UKRAINE, True),  # only the country is known
        (None, True),  # unplaced
        (IZIUM, False),  # 115 km away
        (KYIV, False),
        (RUSSIA, False),
    ],
)
def test_places_within_tolerance(tmp_path: Path, second: object, same: bool) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("one", "paper", [event(place=KHARKIV)]))
        ingest.batch(Article("two", "other", [event(place=second)]))  # type: ignore[arg-type]
        assert (cluster_of(store, "one-e0") == cluster_of(store, "two-e0")) is same


@pytest.mark.parametrize(
    ("day", "precision", "published", "same"),
    [
        ("2024-03-07", "day", None, True),  # two days apart
        ("2024-03-08", "day", None, False),  # three
        ("2024-03", "month", None, True),
        ("2024-04", "month", None, False),
        ("2024", "year", None, True),
        (None, "day", date(2024, 3, 8), True),  # undated, published three days later
        (None, "day", date(2024, 3, 10), False),
        (None, "day", None, True),  # no date at all
    ],
)
def test_dates_within_tolerance(
    tmp_path: Path, day: str | None, precision: str, published: date | None, same: bool
) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("one", "paper", [event(day="2024-03-05")]))
        ingest.batch(
            Article("two", "other", [event(day=day, precision=precision)], published=published)
        )
        assert (cluster_of(store, "one-e0") == cluster_of(store, "two-e0")) is same


def test_a_mention_joins_the_nearest_cluster_in_time(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("fifth", "paper", [event(day="2024-03-05")]))
        ingest.batch(Article("first", "paper", [event(day="2024-03-01")]))
        assert cluster_of(store, "fifth-e0") != cluster_of(store, "first-e0")
        ingest.batch(Article("fourth", "other", [event(day="2024-03-04")]))
        ingest.batch(Article("second", "other", [event(day="2024-03-02")]))
        ingest.batch(Article("third", "third", [event(day="2024-03-03")]))
        assert cluster_of(store, "fourth-e0") == cluster_of(store, "fifth-e0")
        assert cluster_of(store, "second-e0") == cluster_of(store, "first-e0")
        # as near to both: the cluster formed first
        assert cluster_of(store, "third-e0") == cluster_of(store, "fifth-e0")


def test_the_cluster_takes_the_most_precise_place_and_date(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        vague = event(place=UKRAINE, day="2024-03", precision="month")
        ingest.batch(Article("a", "paper", [vague]))
        ingest.batch(Article("b", "other", [event(place=KHARKIV_OBLAST, day=None, cameo="195")]))
        ingest.batch(Article("c", "third", [event(place=KHARKIV, day="2024-03-05", cameo="195")]))
        ingest.batch(Article("d", "fourth", [event(place=CHUHUIV, day="2024-03-04", cameo="195")]))
        [cluster] = clusters(store)
        assert (cluster["place_name"], cluster["place_kind"]) == ("Kharkiv", "city")
        assert (cluster["date"], cluster["date_precision"]) == (date(2024, 3, 5), "day")
        assert cluster["cameo"] == "195"  # the most common
        assert (cluster["first_seq"], cluster["last_seq"]) == (1, 4)


def test_replacing_an_article_recomputes_and_withdraws(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        ingest.batch(Article("a", "paper", [event(), event(type="PROTEST", target="RUS")]))
        ingest.batch(Article("b", "other", [event()]))
        strike = cluster_of(store, "a-e0")
        protest = cluster_of(store, "a-e1")
        changes = ingest.replace("a", Article("a2", "paper", [event(day="2024-04-20")]))
        states = {(c.cluster_id, c.state, c.seq, c.article_id) for c in changes[:2]}
        assert states == {(strike, "single-source", 1, "a"), (protest, "withdrawn", 1, "a")}
        assert [c["id"] for c in clusters(store)] == [strike, cluster_of(store, "a2-e0")]
        [kept, _] = clusters(store)
        assert (kept["num_independent"], kept["first_seq"]) == (1, 2)
        history = store.query(
            "SELECT state FROM cluster_history WHERE cluster_id = ? ORDER BY seq, state", [protest]
        )
        assert history == [("single-source",), ("withdrawn",)]


def test_recluster_equals_incremental_updates(tmp_path: Path) -> None:
    articles = _corpus()
    with open_store(tmp_path) as store:
        ingest = Ingest(store)
        for start in range(0, len(articles), 3):
            ingest.batch(*articles[start : start + 3])
        incremental = snapshot(store)
        assert len(incremental[0]) >= 5
        with store.transaction():
            assert recluster(store) == len(incremental[0])
        assert snapshot(store) == incremental


def test_batches_and_restarts_give_the_same_clusters(tmp_path: Path) -> None:
    articles = _corpus()
    with open_store(tmp_path, "one.duckdb") as one, open_store(tmp_path, "two.duckdb") as two:
        Ingest(one).batch(*articles)
        for article in _corpus():
            Ingest(two).batch(article)  # a new run (loaded from the store) for each
        assert snapshot(one) == snapshot(two)
        assert len(Corroborator.load(two).engine) == len(snapshot(two)[0])


def test_bad_tolerances_are_a_data_error(tmp_path: Path) -> None:
    bad = tmp_path / "corroboration.yaml"
    bad.write_text("factuality: {counts: [asserted], denies: [negated]}\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing or malformed"):
        load_tolerances(bad)


def _corpus() -> list[Article]:
    """Reports of a few events from several outlets, a wire story and its copies,
    denials, vague dates and places, and an unrelated act."""
    strike = event()
    return [
        Article("wire", "wire service", [strike, event(type="PROTEST", target="RUS")], text=WIRE),
        Article("c0", "outlet0", [strike], text=COPIES[0]),
        Article("own0", "paper0", [event(place=CHUHUIV, day="2024-03-06")], text=INDEPENDENT[0]),
        Article("deny", "tass", [event(factuality="negated", place=UKRAINE)]),
        Article("c1", "outlet1", [strike, event(factuality="future")], text=COPIES[1]),
        Article("kyiv", "paper1", [event(place=KYIV), event(day="2024-03", precision="month")]),
        Article("own1", "paper2", [event(place=None, day=None)], published=date(2024, 3, 7)),
        Article(
            "talks",
            "paper3",
            [event(type="CONSULT", source="ARM", target="AZE", symmetric=True, place=STEPANAKERT)],
        ),
        Article(
            "talks2",
            "paper4",
            [event(type="CONSULT", source="AZE", target="ARM", place=STEPANAKERT)],
        ),
        Article("c2", "outlet2", [strike], text=COPIES[2]),
        Article("april", "paper5", [event(day="2024-04-02")]),
        Article("own2", "paper6", [event(place=IZIUM)], text=INDEPENDENT[2]),
    ]

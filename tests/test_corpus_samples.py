"""The demo corpus (samples/corpus) still shows what it was written to show.

The articles are analysed by the real pipeline; these tests fail when a change to the
analysis (or to the store's near-duplicate signature) silently breaks the corroboration
demo: a wire story and its three republications, three independent reports of the
13 February 2024 Nerkin Hand clash, a denial, a hypothetical, and the RUS-AZE row.
"""

from __future__ import annotations

import itertools
from functools import cache
from urllib.parse import urlsplit

import pytest

from casus.api import analyze
from casus.ingest import read_path
from casus.model import Analysis, Article, Event
from casus.store.neardup import unpack
from casus.store.rows import article_rows

from .conftest import REPO

CORPUS = REPO / "samples" / "corpus" / "articles"
WIRE = "01-wire-baku-summons-envoy"
COPIES = (
    "02-herald-baku-calls-in-envoy",
    "03-eurasiadesk-azerbaijan-protest",
    "04-steppepost-russia-azerbaijan-row",
)
CLASH = (
    "05-clash-yerevan-four-killed",
    "06-clash-continental-dispatch",
    "07-clash-baku-revenge-operation",
)
DENIAL = "08-denial-yerevan-rejects-claims"
OUTLOOK = "11-analysis-border-risk"
SUMMONS = ("09-moscow-summons-mustafayev", "10-tbilisi-moscow-baku-envoys")
COUNTING = {"asserted", "reported"}


@cache
def _analysis(stem: str) -> Analysis:
    (article,) = [a for a in read_path(CORPUS / f"{stem}.txt") if isinstance(a, Article)]
    return analyze(article)


def _similarity(first: str, second: str) -> float:
    """The estimated Jaccard similarity of two articles' stored MinHash signatures."""
    signatures = [
        unpack(article_rows(_analysis(stem)).tables["minhashes"][0][1]) for stem in (first, second)
    ]
    return float(signatures[0].jaccard(signatures[1]))


def _events(stem: str, kind: str, source: str, target: str) -> list[Event]:
    return [
        e
        for e in _analysis(stem).events
        if e.type == kind
        and e.source is not None
        and e.source.code == source
        and e.target is not None
        and e.target.code == target
    ]


def test_corpus_files_are_the_documented_set() -> None:
    stems = {path.stem for path in CORPUS.glob("*.txt")}
    assert stems == {WIRE, *COPIES, *CLASH, DENIAL, OUTLOOK, *SUMMONS}


def test_every_article_comes_from_its_own_invented_outlet() -> None:
    stems = sorted(path.stem for path in CORPUS.glob("*.txt"))
    infos = [_analysis(stem).article for stem in stems]
    urls = [info.url or "" for info in infos]
    assert len(set(urls)) == len(urls)
    for url in urls:
        host = urlsplit(url).hostname or ""
        assert host.endswith((".example.org", ".example.com")), url
    wire_group = [_analysis(stem).article.source for stem in (WIRE, *COPIES)]
    assert len(set(wire_group)) == len(wire_group)
    clash_group = [_analysis(stem).article.source for stem in (*CLASH, DENIAL)]
    assert len(set(clash_group)) == len(clash_group)


@pytest.mark.parametrize("copy", COPIES)
def test_republished_copies_are_near_duplicates_of_the_wire(copy: str) -> None:
    assert _similarity(WIRE, copy) >= 0.7


def test_independent_reports_are_not_near_duplicates() -> None:
    for first, second in itertools.combinations((*CLASH, DENIAL), 2):
        assert _similarity(first, second) < 0.3, (first, second)
    for report in CLASH:
        assert _similarity(WIRE, report) < 0.3


@pytest.mark.parametrize("stem", [*CLASH, DENIAL])
def test_each_report_codes_the_clash_the_same_way(stem: str) -> None:
    clash = [
        e
        for e in _events(stem, "ASSAULT", "AZE", "ARM")
        if e.factuality in COUNTING and e.date is not None and e.date.value == "2024-02-13"
    ]
    assert clash, stem
    for event in clash:
        assert event.date is not None and event.date.precision == "day"
        # the place, when there is one, is Armenia's Syunik province (never another area)
        assert event.location is None or event.location.name == "Syunik", event.location


def test_the_accused_fire_is_reported_by_one_outlet_and_denied_by_another() -> None:
    def on_12_february(stem: str, factuality: set[str]) -> list[Event]:
        return [
            e
            for e in _events(stem, "ASSAULT", "ARM", "AZE")
            if e.factuality in factuality and e.date is not None and e.date.value == "2024-02-12"
        ]

    assert on_12_february(DENIAL, {"negated"})
    assert all(on_12_february(stem, COUNTING) for stem in CLASH[1:])
    assert not any(on_12_february(stem, {"negated"}) for stem in CLASH)


def test_the_outlook_codes_a_hypothetical_strike() -> None:
    events = _events(OUTLOOK, "ASSAULT", "AZE", "ARM")
    assert any(e.factuality == "hypothetical" for e in events)


def test_the_russia_azerbaijan_row_is_coded_in_both_directions() -> None:
    for stem in (WIRE, *COPIES):
        summons = _events(stem, "ACCUSE", "AZE", "RUS")
        assert any(e.date is not None and e.date.value == "2025-07-02" for e in summons), stem
    for stem in SUMMONS:
        summons = _events(stem, "ACCUSE", "RUS", "AZE")
        assert any(e.date is not None and e.date.value == "2025-07-01" for e in summons), stem

"""Whole-analysis behaviour: robustness on arbitrary text, and what an analyst expects
of actors and places on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casus import analyze
from casus.api import analyze_doc
from casus.ingest import read_path
from casus.model import Analysis, Article

from .conftest import WHOSE_CAUCASUS, need_shared

ALPHABET = st.sampled_from(
    [
        *list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?'\"-—()/\n"),
        "Baku",
        "Moscow",
        "Russia",
        "July 21",
        "President",
        "the Kremlin",
        "试探",
        "Москва",
        "//",
        "Photo:",
        "Original: https://x.org",
        "’s",
        "\t",
        "\xa0",
        "NATO",
        "Gyumri",
        " attacked ",
        " will meet ",
        " said that ",
        " did not ",
        "If ",
        " could strike ",
        "according to sources, ",
        " accused ",
        " and Iran ",
        " launched joint exercises ",
    ]
)


def _check_offsets(analysis: Analysis) -> None:
    text = analysis.text
    previous_end = 0
    for segment in analysis.segments:
        assert previous_end <= segment.start < segment.end <= len(text)
        previous_end = segment.end
    for layer in (analysis.artifacts, analysis.actors, analysis.places, analysis.dates):
        for item in layer:
            assert 0 <= item.start < item.end <= len(text)
            assert text[item.start : item.end] == item.text
    evidences = [e.evidence for e in analysis.events] + [c.evidence for c in analysis.claims]
    for evidence in evidences:
        assert 0 <= evidence.start < evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.text
    for event in analysis.events:
        assert event.factuality in {"asserted", "reported", "future", "hypothetical", "negated"}
        assert 0.0 <= event.confidence <= 1.0
    for evidence in [e.evidence for e in analysis.events] + [c.evidence for c in analysis.claims]:
        assert 0 <= evidence.start < evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.text
    for event in analysis.events:
        assert event.factuality in {"asserted", "reported", "future", "hypothetical", "negated"}
        assert 0.0 <= event.confidence <= 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_analysis_never_crashes_and_offsets_are_valid(raw: str) -> None:
    _check_offsets(analyze(Article(text=raw)))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_analysis_on_any_unicode(raw: str) -> None:
    _check_offsets(analyze(Article(text=raw), published=date(2025, 7, 1)))


def _actors(text: str, published: date = date(2025, 7, 1)) -> dict[str, tuple[str | None, ...]]:
    doc = analyze_doc(Article(text=text), published=published)
    return {a.text: (a.code, a.sector) for a in doc.actors}


def _places(text: str) -> dict[str, tuple[str | None, str]]:
    doc = analyze_doc(Article(text=text), published=date(2025, 7, 1))
    return {p.text: (p.country, p.kind) for p in doc.places}


def test_people_are_coded_by_their_post_on_the_date() -> None:
    actors = _actors("Kremlin spokesman Dmitry Peskov said Moscow valued its ties with Baku.")
    assert actors["Kremlin spokesman Dmitry Peskov"] == ("RUS", "GOV")
    assert actors["Moscow"] == ("RUS", "GOV") and actors["Baku"] == ("AZE", "GOV")
    assert _actors("Joe Biden spoke.", date(2022, 5, 1))["Joe Biden"] == ("USA", "GOV")
    assert _actors("Joe Biden spoke.", date(2025, 6, 1))["Joe Biden"][1] is None


def test_agent_phrases_take_the_country_before_them() -> None:
    actors = _actors(
        "The Russian Defence Ministry and Azerbaijan's foreign ministry traded statements, "
        "while Armenian border guards stayed put."
    )
    assert actors["Russian Defence Ministry"] == ("RUS", "MOD")
    assert actors["Azerbaijan's foreign ministry"] == ("AZE", "MFA")
    assert actors["Armenian border guards"] == ("ARM", "BRD")


def test_locations_and_names_are_not_actors() -> None:
    text = (
        "Talks were held in Azerbaijan. Oil flows through the Baku-Novorossiysk pipeline, "
        "and flights land at Heydar Aliyev International Airport. Moscow-Baku relations "
        "are tense. Turkey accused Rwanda of sending troops."
    )
    doc = analyze_doc(Article(text=text), published=date(2025, 7, 1))
    found = {(a.start, a.text): (a.code, a.sector) for a in doc.actors}
    assert (text.index("Azerbaijan"), "Azerbaijan") not in found
    assert (text.index("Baku-"), "Baku") not in found
    assert (text.index("Novorossiysk"), "Novorossiysk") not in found
    assert not any("Aliyev" in t for _, t in found)
    assert found[(text.index("Moscow-Baku"), "Moscow")] == ("RUS", "GOV")
    assert found[(text.index("Baku relations"), "Baku")] == ("AZE", "GOV")
    assert ("RWA", "MIL") not in found.values()


def test_unknown_people_by_role_and_their_surname_later() -> None:
    doc = analyze_doc(
        Article(
            text="Kazakhstan named Deputy Prime Minister Kanat Bozumbayev to lead it. "
            "Bozumbayev said the recorders were found."
        ),
        published=date(2024, 12, 26),
    )
    found = {(a.text, a.code, a.sector) for a in doc.actors}
    assert ("Deputy Prime Minister Kanat Bozumbayev", "KAZ", "GOV") in found
    assert ("Bozumbayev", "KAZ", "GOV") in found


def test_capital_is_a_place_and_country_beats_homonym_town() -> None:
    places = _places("Troops arrived in Gyumri, Armenia, and later in Yerevan.")
    assert places["Gyumri"] == ("AM", "city")
    assert places["Armenia"] == ("AM", "country")
    assert places["Yerevan"] == ("AM", "city")


@pytest.mark.parametrize("word", ["Most", "Media", "Along", "Retreat"])
def test_common_words_are_not_places(word: str) -> None:
    text = f"{word} will lead to disaster.\n\n{word} of them agreed in Baku."
    assert word not in _places(text)


def test_regions_seas_and_qualifiers() -> None:
    places = _places(
        "NATO bases in the Khachmaz district were discussed. Ships sailed the Caspian Sea "
        "near Dagestan and Syunik. The Kazakh city of Aktau mourned."
    )
    assert places["Khachmaz district"] == ("AZ", "region")
    assert places["Caspian Sea"] == (None, "sea")
    assert places["Dagestan"] == ("RU", "region")
    assert places["Syunik"] == ("AM", "region")
    assert places["Aktau"] == ("KZ", "city")


def test_georgia_by_context() -> None:
    assert _places("Protests filled Tbilisi as Georgia's parliament met.")["Georgia"][0] == "GE"
    us = _places("Atlanta and Savannah saw storms as Georgia declared an emergency.")
    assert us["Georgia"] == ("US", "region")


def test_all_capital_dateline() -> None:
    places = _places("TEL AVIV, June 24 — Sirens sounded.\n\nNEW DELHI — Talks began.")
    assert places["TEL AVIV"] == ("IL", "city")
    assert places["NEW DELHI"] == ("IN", "city")


def test_capitals_and_own_names_beat_alternate_names() -> None:
    places = _places("Officials in Islamabad and New Delhi traded accusations after Pahalgam.")
    assert places["Islamabad"] == ("PK", "city")
    assert places["New Delhi"] == ("IN", "city")


def test_headline_words_and_name_parts_are_not_towns() -> None:
    assert set(_places("Naval Forces Hold Drills near Aktau")) == {"Aktau"}
    text = "The Trump Route for International Peace and Prosperity crosses Syunik."
    assert "Prosperity" not in _places(text)


def test_organisation_names_are_not_places() -> None:
    places = _places("Leaders of the Commonwealth of Independent States met in Dushanbe.")
    assert set(places) == {"Dushanbe"}


def test_person_surnames_are_not_towns() -> None:
    places = _places("Paul Allen met reporters in Baku. Allen said the talks went well.")
    assert "Allen" not in places and "Baku" in places


def test_whose_caucasus_end_to_end() -> None:
    [article] = list(read_path(need_shared(WHOSE_CAUCASUS)))
    analysis = analyze(article)  # type: ignore[arg-type]
    assert analysis.article.title and analysis.article.title.startswith("Whose Caucasus?")
    assert analysis.article.author == "Ilia Golovnyov"
    assert analysis.article.genre == "opinion"
    actors = {(a.text, a.code, a.sector) for a in analysis.actors}
    assert ("Ilham Aliyev", "AZE", "GOV") in actors
    assert ("Russian Defense Ministry", "RUS", "MOD") in actors
    assert ("Ukrainian Security Service", "UKR", "SPY") in actors
    places = {(p.text, p.country, p.kind) for p in analysis.places}
    assert {
        ("Khachmaz district", "AZ", "region"),
        ("Gyumri", "AM", "city"),
        ("Caspian Sea", None, "sea"),
        ("Syunik", "AM", "region"),
        ("Rostov region", "RU", "region"),
    } <= places
    assert not any(p.text in {"Retreat", "Most", "Media"} for p in analysis.places)
    assert [(d.text, d.value) for d in analysis.dates] == [
        ("July 15", "2025-07-15"),
        ("July 21", "2025-07-21"),
    ]
    assert any("year 2025 inferred" in note for note in analysis.notes)
    assert {(a.text, a.language) for a in analysis.artifacts} == {
        ("试探性球", "zh"),
        ("刽子手", "zh"),
    }


def test_regional_groups_stay_uncoded() -> None:
    analysis = analyze(
        "TBILISI, Dec 29 - Tasnim reported on the drills. Western media cited sources, "
        "and Western governments have warned Tbilisi."
    )
    regional = [a for a in analysis.actors if a.text.startswith("Western")]
    assert [a.code for a in regional] == [None, None]
    assert all("regional" in a.rule for a in regional)


def test_agency_style_dateline_gives_the_home_country() -> None:
    doc = analyze_doc(Article(text="Baku, 1 July. The ministry said the talks went well."))
    assert doc.home_country == "AZE"
    doc = analyze_doc(Article(text="MOSCOW, December 28. The Kremlin said nothing."))
    assert doc.home_country == "RUS"


def test_group_located_in_a_country() -> None:
    analysis = analyze("Thousands of students throughout Indonesia staged demonstrations.")
    students = next(a for a in analysis.actors if a.text == "students")
    assert students.code == "IDN" and "located(IDN)" in students.rule

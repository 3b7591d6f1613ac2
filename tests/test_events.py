"""Event coding: types and codes, roles, factuality, attribution, confidence."""

from __future__ import annotations

from datetime import date

import pytest

from casus.api import analyze_doc
from casus.components.events.coder import event_id
from casus.model import Article, Event

PUBLISHED = date(2025, 7, 23)  # a Wednesday


def _events(text: str) -> list[Event]:
    doc = analyze_doc(Article(text=text), published=PUBLISHED)
    for event in doc.events:  # every event points to its text and its rule
        assert doc.text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert event.rule.startswith("events.yaml#")
    return doc.events


def _one(text: str) -> Event:
    events = _events(text)
    assert len(events) == 1, [(e.type, e.evidence.text) for e in events]
    return events[0]


def _codes(event: Event) -> tuple[str | None, str | None]:
    return (
        event.source.code if event.source else None,
        event.target.code if event.target else None,
    )


def _two_way(events: list[Event]) -> list[frozenset[str | None]]:
    """The parties of each event, every one of which must be symmetric (two-way)."""
    assert all(e.symmetric for e in events), [(e.type, _codes(e)) for e in events]
    return [frozenset(_codes(e)) for e in events]


def test_joint_exercise_is_reciprocal_with_place_and_date() -> None:
    events = _events(
        "On Monday, Iran and Russia began joint naval exercises across the Caspian Sea."
    )
    assert [_codes(e) for e in events] == [("IRN", "RUS")]  # once, in the text's order
    assert _two_way(events) == [{"IRN", "RUS"}]
    for event in events:
        assert (event.type, event.cameo, event.quad_class) == ("COOPERATE", "062", 2)
        assert event.goldstein == 7.4  # CAMEO 062's Goldstein value
        assert event.location is not None and event.location.name == "Caspian Sea"
        assert event.date is not None and event.date.value == "2025-07-21"
        assert event.factuality == "asserted" and event.attribution is not None
        assert event.attribution.kind == "author"


def test_talks_between_two_parties_are_one_symmetric_event() -> None:
    event = _one("Armenia and Azerbaijan held talks in Abu Dhabi on Monday.")
    assert (event.type, event.symmetric, _codes(event)) == ("CONSULT", True, ("ARM", "AZE"))


def test_three_parties_meeting_give_one_symmetric_event_per_pair() -> None:
    events = _events("Russia, Iran and Azerbaijan held talks in Baku on Monday.")
    assert sorted(map(sorted, _two_way(events))) == [
        ["AZE", "IRN"],
        ["AZE", "RUS"],
        ["IRN", "RUS"],
    ]


def test_a_symmetric_event_id_does_not_depend_on_the_order_of_its_parties() -> None:
    where = "0123456789abcdef:0:33:040"
    assert event_id(where, "ARM", "AZE", symmetric=True) == event_id(
        where, "AZE", "ARM", symmetric=True
    )
    assert event_id(where, "ARM", "AZE", symmetric=False) != event_id(
        where, "AZE", "ARM", symmetric=False
    )
    assert event_id(where, "ARM", "AZE", symmetric=True) != event_id(
        where, "ARM", "AZE", symmetric=False
    )


def test_a_directed_event_is_not_symmetric() -> None:
    event = _one("Putin held talks with Aliyev in Dushanbe on Monday.")
    assert not event.symmetric and _codes(event) == ("RUS", "AZE")


def test_passive_voice_swaps_roles() -> None:
    event = _one("Armenian positions near Tegh were shelled by Azerbaijani forces.")
    assert event.type == "ASSAULT" and event.mode == "heavy-weapons"
    assert _codes(event) == ("AZE", "ARM")


def test_apposition_and_agent_phrase_source() -> None:
    event = _one("Jeyhun Bayramov, Azerbaijan's foreign minister, accused Armenia of sabotage.")
    assert event.type == "ACCUSE" and _codes(event) == ("AZE", "ARM")
    assert event.source is not None and event.source.sector == "MFA"


@pytest.mark.parametrize(
    ("text", "factuality"),
    [
        ("Azerbaijani troops did not attack Russian border posts.", "negated"),
        ("Moscow denied that Russian forces had shelled Armenian positions.", "negated"),
        (
            "If Baku tries to force the corridor open, Russia could strike targets in Azerbaijan.",
            "hypothetical",
        ),
        ("Turkey is likely to deploy soldiers to Nakhchivan.", "hypothetical"),
        ("Armenia will hold talks with Azerbaijan in Washington next week.", "future"),
        ("Media reported that Turkey had deployed troops to Nakhchivan.", "reported"),
        ("Russia and Iran began joint naval drills on Monday.", "asserted"),
    ],
)
def test_factuality(text: str, factuality: str) -> None:
    assert {e.factuality for e in _events(text)} == {factuality}


def test_scenario_paragraphs_are_hypothetical() -> None:
    text = (
        "Conflict scenarios\n\nFirst scenario: a border war. Azerbaijani forces shell "
        "Russian border posts and Moscow sends troops to Dagestan."
    )
    events = _events(text)
    assert events and {e.factuality for e in events} == {"hypothetical"}
    assert all(e.speech_act is None for e in events)  # the author's scenario, no one's threat


@pytest.mark.parametrize(
    ("text", "kind", "speaker"),
    [
        (
            "Kremlin spokesman Dmitry Peskov said Russia had sent aid to Armenia.",
            "named",
            "Kremlin spokesman Dmitry Peskov",
        ),
        ("According to sources, Iran supplied drones to Russia.", "anonymous", "sources"),
        (
            "Western media cited sources as saying that Russia had deployed troops to Armenia.",
            "anonymous",
            None,
        ),
        (
            "The Azerbaijani Defence Ministry said Armenian forces had shelled Lachin.",
            "official",
            "Azerbaijani Defence Ministry",
        ),
    ],
)
def test_attribution(text: str, kind: str, speaker: str | None) -> None:
    event = next(e for e in _events(text) if e.factuality == "reported")
    assert event.attribution is not None and event.attribution.kind == kind
    if speaker:
        assert speaker in event.attribution.text


def test_speech_act_of_the_speaker_is_asserted() -> None:
    event = _one("Azerbaijan's foreign ministry accused Russia of provocations, it said.")
    assert event.factuality == "asserted"
    assert event.attribution is not None and event.attribution.kind == "official"


def test_future_and_conditional_announcements_have_plover_readings() -> None:
    talks = _one("Armenia will hold talks with Azerbaijan in Washington next week.")
    assert talks.type == "CONSULT" and talks.factuality == "future"
    assert talks.speech_act is not None and talks.speech_act.type == "AGREE"
    threat = next(
        e
        for e in _events(
            "Iran threatened to launch a new offensive against Iraq unless "
            "Baghdad accepted its terms."
        )
        if e.type == "ASSAULT"
    )
    assert threat.factuality == "hypothetical"
    assert threat.speech_act is not None and threat.speech_act.type == "THREATEN"
    demand = next(
        e
        for e in _events("Libya must hand over the suspects, Britain said.")
        if e.speech_act is not None
    )
    assert demand.speech_act.type == "REQUEST"
    assert demand.speech_act.source is not None and demand.speech_act.source.code == "GBR"


def test_no_confirmation_lowers_confidence() -> None:
    reported = "Media reported that Russia had moved troops to Gyumri."
    plain = _one(reported).confidence
    doubted = _one(reported + "\n\nThere is no official confirmation of the reports.").confidence
    assert doubted < plain


def test_pronoun_takes_the_previous_subject_in_the_paragraph() -> None:
    events = _events(
        "Russian officials met Armenian envoys on Monday. They also signed an agreement on transit."
    )
    signed = next(e for e in events if e.type == "SUPPORT")
    assert signed.source is not None and signed.source.code == "RUS"


@pytest.mark.parametrize(
    "text",
    [
        "Something happened in Baku yesterday.",
        "The threat of a two-front war for Moscow grows by the month.",
        "Nor should anyone overlook Turkish support.",
        "Russia and the West discussed nothing new, experts say they were bored.",
    ],
)
def test_no_fallback_event(text: str) -> None:
    assert [e for e in _events(text) if e.type != "CONSULT"] == []


def test_captions_titles_and_related_headlines_produce_no_events() -> None:
    text = (
        "Russia attacks Azerbaijan in new escalation\n\n"
        "The talks continued in Baku on Monday, officials said.\n\n"
        "Russian jets bombed Ganja last night // Screenshot: Telegram channel\n\n"
        "Moscow wants war: Russian troops attacked Azerbaijan again, experts warn\n\n"
        "The delegations will meet again next month."
    )
    doc = analyze_doc(Article(text=text), published=PUBLISHED)
    kinds = {doc.segment_kind_at(e.evidence.start) for e in doc.events}
    assert kinds <= {"body", "quote"}
    assert not any(e.type == "ASSAULT" for e in doc.events)


# -- collective references, commitments, evaluations, implied actors -----------------


def test_the_parties_stand_for_the_two_actors_named_before() -> None:
    events = _events(
        "Vladimir Putin held a telephone conversation with Ilham Aliyev on Saturday.\n\n"
        "The parties agreed to maintain contact."
    )
    agreed = [e for e in events if e.type == "AGREE"]
    assert _two_way(agreed) == [{"RUS", "AZE"}]
    for event in agreed:  # "maintain" after "to" is not a reporting frame
        assert event.factuality == "asserted"
        assert event.attribution is not None and event.attribution.kind == "author"


def test_both_countries_skip_the_person_in_between() -> None:
    events = _events(
        "A truce between Israel and Iran held after U.S. President Donald Trump "
        "accused both countries of violating it."
    )
    accused = {_codes(e) for e in events if e.type == "ACCUSE"}
    assert accused == {("USA", "ISR"), ("USA", "IRN")}


def test_collective_without_two_earlier_actors_stands_for_nobody() -> None:
    events = _events("Both sides agreed to maintain contact.")
    assert all(e.source is None or e.source.code is None for e in events)


def test_commitment_verb_is_the_speech_act_of_the_promised_event() -> None:
    events = _events("India and Pakistan agreed on Saturday to stop all firing.")
    assert {e.type for e in events} == {"RETREAT"}  # no separate AGREE 030
    for event in events:
        assert event.cameo == "0871" and event.factuality == "future"
        assert "future(agreed)" in event.rule
        assert event.speech_act is not None and event.speech_act.type == "AGREE"
    assert _two_way(events) == [{"IND", "PAK"}]


def test_light_verb_makes_talks_a_noun() -> None:
    events = _events("Russia and Ukraine agreed to start talks in Istanbul.")
    assert {e.type for e in events} == {"CONSULT"}
    assert all("noun(talks)" in e.rule and e.factuality == "future" for e in events)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Prime Minister Shehbaz Sharif called the strikes an act of war.", "ACCUSE"),
        ("Moscow called those steps unfriendly.", "ACCUSE"),
        ("The Kremlin called these claims absurd.", "REJECT"),
        ("Trump called the summit historic.", "SUPPORT"),
    ],
)
def test_calling_something_names_an_evaluation(text: str, kind: str) -> None:
    event = _one(text)
    assert event.type == kind and "verb(call)+object" in event.rule


def test_naming_a_war_is_not_an_event() -> None:
    assert _events("Trump spoke of what he called the 12-day war.") == []


def test_passive_detention_implies_the_state_of_the_place() -> None:
    event = _one("Hundreds have been detained in Tbilisi since Thursday.")
    assert (event.type, _codes(event)) == ("COERCE", ("GEO", "GEO"))
    assert event.source is not None and event.source.sector == "COP"
    assert "implied-state(Tbilisi)" in event.rule


def test_protests_imply_the_people_of_the_place() -> None:
    event = _one("Thousands took to the streets of Yerevan on Sunday.")
    assert (event.type, _codes(event)) == ("PROTEST", ("ARM", "ARM"))  # aimed at home
    assert "implied-crowd(Yerevan)" in event.rule and "target-from-home(ARM)" in event.rule


def test_implied_actor_needs_a_place() -> None:
    assert _events("Hundreds have been detained since Thursday.") == []


def test_the_accused_does_what_the_accusation_says() -> None:
    events = _events(
        "Rights groups in Georgia have accused Georgian riot police of beating detainees."
    )
    beating = next(e for e in events if e.type == "ASSAULT")
    assert beating.source is not None and beating.source.sector == "COP"
    assert beating.factuality == "reported"  # the rights groups say so
    assert not any(e.type == "PROTEST" for e in events)  # "riot" in "riot police"


def test_trailing_frame_must_be_set_off() -> None:
    events = _events(
        "Iran accused Israel of violating the truce that Trump had announced hours earlier."
    )
    accused = next(e for e in events if e.type == "ACCUSE")
    assert accused.factuality == "asserted"  # "Trump had announced" frames nothing
    violation = next(e for e in events if e.type == "ASSAULT")
    assert _codes(violation) == ("ISR", None)  # not "that Trump"
    assert violation.factuality == "reported"  # Iran's accusation


def test_coordinated_verb_takes_the_sentence_subject() -> None:
    events = _events(
        "Zelensky said the attack showed that pressure on Moscow needed to increase "
        "and called for new sanctions."
    )
    # no ASSAULT; the recipient is the only other country the sentence names, and the
    # rule says so
    assert [(e.type, _codes(e)) for e in events] == [("REQUEST", ("UKR", "RUS"))]
    assert "target-from-named(UKR-RUS)" in events[0].rule


def test_announcing_is_doing_but_saying_is_not() -> None:
    event = _one("Italy announced a suspension of air links with Serbia.")
    assert (event.type, _codes(event)) == ("SANCTION", ("ITA", "SRB"))
    assert _events("Peskov said the attack was regrettable.") == []


def test_hyphenated_actor_before_a_verb() -> None:
    event = _one("The United Nations Secretary-General urged both neighbours to show restraint.")
    assert (event.type, _codes(event)) == ("REQUEST", ("UN", None))


def test_source_sector_chooses_between_patterns() -> None:
    police = _one("Russian police raided homes of Azerbaijanis in Yekaterinburg.")
    assert police.type == "COERCE"
    rebels = _one("Rebels raided a village near Goma.")
    assert rebels.type == "ASSAULT"


def test_particle_binds_tighter_than_a_distant_object() -> None:
    event = _one("Armenian units opened fire on Azerbaijani positions along the border.")
    assert (event.type, event.cameo) == ("ASSAULT", "193")


def test_state_institutions_are_not_a_reporting_frame() -> None:
    event = _one("Azerbaijan called off events organised by Russian state institutions.")
    assert event.factuality == "asserted"


def test_demanded_act_is_not_an_event() -> None:
    event = _one("M23 spokesman Lawrence Kanyuka urged government soldiers to surrender.")
    assert event.type == "REQUEST"  # not also RETREAT (surrender)


def test_crowds_attacking_embassies_riot() -> None:
    event = _one("In Kinshasa, protesters attacked several foreign embassies.")
    assert (event.type, event.cameo) == ("PROTEST", "145")


def test_adjective_agent_after_by() -> None:
    event = _one("In Israel, 28 people were killed by Iranian missiles.")
    assert event.type == "ASSAULT" and _codes(event)[0] == "IRN"


def test_a_body_of_many_meets_alone() -> None:
    event = _one("The UN Security Council held an emergency meeting on Sunday.")
    assert (event.type, _codes(event)) == ("CONSULT", ("UNSC", None))
    assert _events("Parliament held a meeting on Sunday.") == []


def test_criminal_cases_are_opened_by_the_state() -> None:
    event = _one("BAKU, July 1 — A criminal case was opened on Tuesday.")
    assert (event.type, _codes(event)[0]) == ("ACCUSE", "AZE")
    assert "implied-state(dateline)" in event.rule


def test_participle_at_sentence_start_is_an_adjective() -> None:
    assert _events("Freed Ukrainian soldiers arrived in Chernihiv.") == []


def test_both_sides_prefers_the_pair_named_together() -> None:
    events = _events(
        "A truce between Israel and Iran held on Tuesday. U.S. President Donald Trump "
        "said that both sides had agreed to a ceasefire."
    )
    agreed = [e for e in events if e.type == "AGREE"]  # the truce is RETREAT, also two-way
    assert _two_way(agreed) == [{"ISR", "IRN"}]


def test_talks_is_a_noun() -> None:
    events = _events("Russia and Ukraine held talks in Istanbul, and EU accession talks stalled.")
    assert events and not any("verb(talk)" in e.rule for e in events)


def test_demand_that_folds_the_demanded_act() -> None:
    event = _one("Baku demanded that Moscow promptly investigate the deaths.")
    assert (event.type, _codes(event)) == ("REQUEST", ("AZE", "RUS"))


def test_failing_to_negates() -> None:
    events = _events("Baku accused Moscow of failing to admit responsibility.")
    conceded = next(e for e in events if e.type == "CONCEDE")
    assert conceded.factuality == "negated"


def test_expecting_an_investigation_is_not_investigating() -> None:
    assert _events("Azerbaijan expects the investigation to be objective.") == []


def test_police_operations_are_coercion() -> None:
    event = _one("Azerbaijani police carried out operations against a group of persons.")
    assert event.type == "COERCE"


def test_a_name_after_a_preposition_is_not_the_object() -> None:
    assert not any(e.type == "SUPPORT" for e in _events("Tbilisi is drifting back toward Moscow."))


def test_meeting_under_a_preposition_has_the_subject_as_party() -> None:
    event = _one("Putin said at a meeting with Aliyev in Dushanbe that the talks went well.")
    assert (event.type, _codes(event)) == ("CONSULT", ("RUS", "AZE"))


def test_temporal_preposition_stops_a_negation() -> None:
    events = _events("Israel refrained from further strikes after a conversation with Trump.")
    talk = next(e for e in events if e.type == "CONSULT")
    assert talk.factuality == "asserted"


def test_a_meeting_reported_by_its_party_is_reported() -> None:
    event = _one("Netanyahu's office said Israel held talks with the United States.")
    assert event.factuality == "reported"


def test_joint_military_exercises_have_no_military_recipient() -> None:
    events = _events("Tehran and Moscow launched joint military exercises off Astrakhan this week.")
    assert _two_way(events) == [{"IRN", "RUS"}]


def test_force_launched_from_a_place_comes_from_its_country() -> None:
    event = _one("Israel detected two more missiles launched from Iran after the deadline.")
    assert (event.type, _codes(event)[0]) == ("ASSAULT", "IRN")


def test_participle_firing_at() -> None:
    event = _one("Pakistan launched an operation on Saturday, firing at Indian military sites.")
    assert (event.type, _codes(event)) == ("ASSAULT", ("PAK", "IND"))


def test_ordering_a_strike_is_a_threat() -> None:
    event = _one("Defence Minister Israel Katz ordered the army to respond forcefully in Tehran.")
    assert (event.type, event.cameo, _codes(event)[0]) == ("THREATEN", "138", "ISR")


def test_stopping_short_of_accepting_blame() -> None:
    events = _events("Putin apologised but stopped short of accepting blame.")
    assert [(e.type, e.factuality, _codes(e)[0]) for e in events] == [
        ("SUPPORT", "asserted", "RUS"),
        ("CONCEDE", "negated", "RUS"),  # "but stopped short": Putin's, not a blame event
    ]


def test_undated_event_takes_its_paragraphs_day() -> None:
    events = _events(
        "Early on Monday, an Iranian missile struck Beersheba. Later in the morning, "
        "Defence Minister Israel Katz ordered the army to respond forcefully in Tehran."
    )
    order = next(e for e in events if e.type == "THREATEN")
    assert order.date is not None and order.date.value == "2025-07-21"
    assert "+date-from-paragraph(Monday)" in order.rule


def test_hypothetical_event_takes_no_inherited_day() -> None:
    events = _events("On Monday, Iran warned Baku. Iran could strike Azerbaijan.")
    strike = next(e for e in events if e.type == "ASSAULT")
    assert strike.factuality == "hypothetical" and strike.date is None


def test_location_through_a_descriptive_phrase() -> None:
    event = _one("An Iranian missile struck a building in the southern Israeli city of Beersheba.")
    assert event.location is not None and event.location.name == "Beersheba"


def test_entered_place_is_the_location() -> None:
    event = _one("M23 rebels entered Goma on Monday.")
    assert event.location is not None and event.location.name == "Goma"


def test_a_general_strike_is_a_protest() -> None:
    event = _one("Seven opposition parties in Nepal have organized a general strike.")
    assert (event.type, event.mode, _codes(event)[0]) == ("PROTEST", "strike", "NPL")


def test_a_visit_is_received_by_the_country_visited() -> None:
    events = _events("Iraqi President Saddam Hussein arrived in Amman on Wednesday.")
    assert {(e.type, _codes(e)) for e in events} == {("CONSULT", ("IRQ", "JOR"))}


def test_complaints_and_indictments_accuse() -> None:
    event = next(
        e
        for e in _events("Lebanon complained to the United Nations over two Israeli air raids.")
        if e.type == "ACCUSE"
    )
    assert _codes(event) == ("LBN", "UN")
    assert not any(
        e.rule.split("+")[0].endswith("verb(raid)")
        for e in _events("Lebanon complained over two Israeli air raids.")
    )


def test_restoring_ties_is_reciprocal_support() -> None:
    events = _events("Czechia and Albania have upgraded their diplomatic ties.")
    assert [e.type for e in events] == ["SUPPORT"]
    assert _two_way(events) == [{"CZE", "ALB"}]

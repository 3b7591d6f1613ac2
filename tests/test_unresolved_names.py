"""Notes on names near event words that resolve to no actor (events/unresolved.py)."""

from __future__ import annotations

from datetime import date

from casus.api import analyze_doc
from casus.components.events.unresolved import LIMIT, load_not_actor_words
from casus.model import Article


def _notes(text: str) -> list[str]:
    notes = analyze_doc(Article(text=text), published=date(2025, 7, 23)).notes
    return [n for n in notes if "unresolved name" in n]


def test_a_misspelt_leader_near_an_event_word_is_noted() -> None:
    text = (
        "Ilham Aliyew met Armenian Prime Minister Nikol Pashinyan in Abu Dhabi on "
        "Thursday, the presidential office said in a statement."
    )
    assert _notes(text) == ["unresolved name: 'Ilham Aliyew' (not in the actor lexicons)"]


def test_a_name_coded_from_its_title_alone_is_noted() -> None:
    notes = _notes("Foreign Minister Jeyhun Bairamov accused Armenia of sabotage.")
    assert notes == [
        "unresolved name: 'Jeyhun Bairamov' (not in the actor lexicons; coded from its title only)"
    ]


def test_known_names_and_names_far_from_events_are_not_noted() -> None:
    assert _notes("Ilham Aliyev met Nikol Pashinyan in Abu Dhabi on Monday.") == []
    assert _notes("Ilham Aliyew was born in Baku in 1961. The weather was fine.") == []


def test_what_is_no_person_or_organisation_is_not_noted() -> None:
    assert "Operation" in load_not_actor_words()
    text = (
        "After Operation Desert Storm, Turkish-Azerbaijani units attacked the "
        "Armenian positions, the ministry said."
    )
    assert _notes(text) == []


def test_a_sentence_opening_word_is_not_part_of_the_name() -> None:
    notes = _notes("On Monday Ilham Aliyew met with Nikol Pashinyan in Abu Dhabi, his office said.")
    assert notes == ["unresolved name: 'Ilham Aliyew' (not in the actor lexicons)"]


def test_notes_are_deduplicated_and_capped() -> None:
    names = ["Arif Mammadli", "Rauf Qasimli", "Vugar Sadigli", "Elnur Huseynli"]
    names += ["Kamran Aliyli", "Tural Nasirli", "Orkhan Bagirli"]
    sentences = [f"{name} met with Nikol Pashinyan in Yerevan on Friday." for name in names]
    notes = _notes(" ".join(sentences + sentences[:2]))
    assert len(notes) == LIMIT + 1
    assert notes[0] == "unresolved name: 'Arif Mammadli' (not in the actor lexicons)"
    assert notes[-1] == f"{len(names) - LIMIT} more unresolved names not listed"

"""Guards against spurious triggers: compounds, set phrases and names (events/guards.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casus.api import analyze_doc
from casus.components.events.guards import parse_guard_phrase, read_guard_phrases
from casus.components.events.pattern_file import GUARD_FILE, load_patterns
from casus.components.syntax.grammar import load_grammar
from casus.datafiles import bundled
from casus.errors import DataError
from casus.model import Article, Event
from casus.text import tokenize

GRAMMAR = load_grammar()


def _events(text: str) -> list[Event]:
    return analyze_doc(Article(text=text), published=date(2025, 7, 23)).events


def _types(text: str) -> set[str]:
    return {e.type for e in _events(text)}


def _triggers(text: str) -> list[str]:
    tokens = tokenize(text)
    found = load_patterns().triggers(tokens, 0, len(tokens), GRAMMAR)
    return [" ".join(tokens.texts[t.first : t.last]) for t in found]


@pytest.mark.parametrize(
    ("blocked", "coded", "kind"),
    [
        (  # a compound: the word before
            "A bird strike forced the Azerbaijani airliner to land in Aktau.",
            "A Russian strike forced the Azerbaijani airliner to land in Aktau.",
            "ASSAULT",
        ),
        (  # a compound: the word after
            "Russia deployed attack helicopters to Zaporizhzhia.",
            "Russia attacked Zaporizhzhia on Sunday.",
            "ASSAULT",
        ),
        (  # dismissal is not shooting; a preposition ends the gap
            "Zelensky fired the army chief on Friday.",
            "Russian troops fired at the army chief's convoy near Kupiansk.",
            "ASSAULT",
        ),
        (  # a set phrase with words in between
            "Putin offered his deepest condolences to Erdogan after the earthquake.",
            "Putin offered Erdogan talks in Moscow.",
            "AGREE",
        ),
        (
            "The tanker caught fire on Monday near Novorossiysk, Russia said.",
            "Ukrainian drones set fire to a tanker near Novorossiysk.",
            "COERCE",
        ),
        (
            "Azerbaijan met Armenia's demands on the border delimitation.",
            "Azerbaijan met Armenia in Abu Dhabi on Thursday.",
            "CONSULT",
        ),
        (
            "The government is fighting corruption, Pashinyan said on Tuesday.",
            "Government troops are fighting rebels in North Kivu.",
            "ASSAULT",
        ),
    ],
)
def test_compounds_and_set_phrases_are_no_events(blocked: str, coded: str, kind: str) -> None:
    assert kind not in _types(blocked)
    assert kind in _types(coded)


@pytest.mark.parametrize(
    "text",
    [
        "The US Congress passed the Ukraine Support Act on Tuesday.",
        "Iraq was invaded after Operation Desert Storm, the historian recalled.",
        "A US Carrier Strike Group entered the Mediterranean on Monday.",
    ],
)
def test_a_capitalised_event_word_inside_a_sentence_is_a_name(text: str) -> None:
    assert not {"SUPPORT", "ASSAULT"} & {
        e.type for e in _events(text) if e.evidence.text.split()[-1][:1].isupper()
    }
    assert not any(w in _triggers(text) for w in ("Support", "Storm", "Strike"))


def test_a_month_is_not_a_march() -> None:
    assert "march" not in [t.lower() for t in _triggers("In early March, troops crossed.")]
    assert "marched" in _triggers("In early March, protesters marched to parliament.")


def test_a_sentence_start_and_a_headline_keep_their_capitals() -> None:
    assert "Fighting" in _triggers("Fighting erupted near Tegh on Monday.")
    headline = "Iran Rejects New Talks With Washington Over Nuclear Programme."
    assert "Rejects" in _triggers(headline)
    assert "REJECT" in _types(f"TEHRAN, July 2 - {headline} The ministry said so.")


def test_guard_phrases_parse_and_refuse_bad_ones() -> None:
    phrase = parse_guard_phrase("[offer] ... condolences")
    assert (phrase.before, phrase.lemma, phrase.after) == ((), "offer", ("...", "condolences"))
    for bad in ("bird strike", "[fire] [brigade]", "[] brigade", "fire] brigade"):
        with pytest.raises(DataError, match="one word in"):
            parse_guard_phrase(bad)


def test_every_guarded_word_is_an_event_word() -> None:
    """A guard for a word the lexicon never triggers on could never fire."""
    lexicon = load_patterns()
    verbs = {p.trigger.split()[0].lower() for p in lexicon.patterns if p.kind == "verb"}
    nouns = {
        word
        for p in lexicon.patterns
        if p.kind == "noun"
        for form in p.trigger.lower().split("|")
        for word in tokenize(form).texts
    }
    for phrase in read_guard_phrases(bundled("casus.lexicons", GUARD_FILE)):
        assert phrase.lemma in verbs | nouns, phrase.text


def test_a_user_directory_adds_guard_phrases(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text(
        '- {verb: sanction, cameo: "163"}\n- {verb: attack, cameo: "190"}\n', "utf-8"
    )
    text = "Brussels will sanction the rogue traders, the EU said."
    tokens = tokenize(text)
    assert load_patterns(tmp_path).triggers(tokens, 0, len(tokens), GRAMMAR)
    (tmp_path / GUARD_FILE).write_text('- "[sanction] ... traders"\n', "utf-8")
    assert load_patterns(tmp_path).triggers(tokens, 0, len(tokens), GRAMMAR) == []
    attack = tokenize("A heart attack killed him.")  # the bundled phrases still apply
    assert load_patterns(tmp_path).triggers(attack, 0, len(attack), GRAMMAR) == []


def test_a_malformed_guard_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text('- {verb: attack, cameo: "190"}\n', "utf-8")
    (tmp_path / GUARD_FILE).write_text("phrase: bird [strike]\n", "utf-8")
    with pytest.raises(DataError, match="expected a list of phrases"):
        load_patterns(tmp_path)

"""Claims: block quotes, reported speech and the author's own assertions."""

from __future__ import annotations

from datetime import date

from casus.api import analyze_doc
from casus.model import Article, Claim


def _claims(text: str) -> list[Claim]:
    doc = analyze_doc(Article(text=text), published=date(2025, 7, 1))
    for claim in doc.claims:
        assert doc.text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
        assert claim.text in doc.text
    return doc.claims


def test_reported_speech_has_speaker_and_sourcing() -> None:
    [claim] = _claims("Kremlin spokesman Dmitry Peskov said that Moscow valued its ties with Baku.")
    assert claim.text == "Moscow valued its ties with Baku."
    assert claim.sourcing == "named"
    assert claim.speaker is not None and claim.speaker.code == "RUS"
    [after] = _claims("Moscow valued its ties with Baku, the Russian Foreign Ministry said.")
    assert after.text == "Moscow valued its ties with Baku"
    assert after.sourcing == "official" and after.speaker is not None
    [anonymous] = _claims("According to sources, Turkish instructors trained Azerbaijani units.")
    assert anonymous.sourcing == "anonymous"


def test_block_quote_is_one_claim_of_its_introducer() -> None:
    text = (
        "Title line\n\nPolitical scientist Vladimir Ruzansky points out that the risks are "
        "high:\n\nRussia, Iran and China need a common strategy. Otherwise the consequences "
        "will be severe.\n\nThe debate goes on in Moscow."
    )
    quote = next(c for c in _claims(text) if c.rule == "claims:block-quote")
    assert quote.text.startswith("Russia, Iran and China")
    assert quote.sourcing == "named"
    assert quote.speaker is not None and "Ruzansky" in quote.speaker.text


def test_author_assertions_exclude_questions_plans_and_speculation() -> None:
    claims = _claims(
        "Iran and Russia held naval drills in the Caspian Sea on Monday. "
        "Will Baku respond to Moscow? Russia could cut the pipeline to Baku. "
        "Azerbaijan will host talks in Baku next week."
    )
    authorial = [c.text for c in claims if c.sourcing == "none"]
    assert authorial == ["Iran and Russia held naval drills in the Caspian Sea on Monday."]


def test_infinitive_reporting_word_is_not_a_frame() -> None:
    from casus.api import analyze

    analysis = analyze("Russia seeks to maintain influence through the CSTO and bilateral deals.")
    assert all(c.sourcing == "none" for c in analysis.claims)

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from casus.text import normalize_text, script_of, sentence_spans, tokenize


def test_normalize_keeps_paragraphs_and_drops_invisible_characters() -> None:
    raw = "\ufeffTitle\r\n\r\n\r\n\r\nFirst\u00a0line  with\u200b spaces \nsecond\u2028third"
    assert normalize_text(raw) == "Title\n\nFirst line with spaces\nsecond\nthird"


def test_tokens_split_scripts_and_possessives() -> None:
    tokens = tokenize("a cautious初步信号 to gauge Moscow's mood in the U.S.")
    assert "cautious" in tokens.texts and "初步信号" in tokens.texts
    assert tokens.texts[tokens.texts.index("Moscow") + 1] == "'s"
    assert "U.S." in tokens.texts
    assert tokenize("Baku-Novorossiysk").texts == ("Baku", "-", "Novorossiysk")
    assert tokenize("don't").texts == ("don't",)


def test_tokens_cyrillic_glued_to_latin() -> None:
    assert tokenize("thewordслово here").texts == ("theword", "слово", "here")


def test_script_of() -> None:
    assert script_of("试") == "Han"
    assert script_of("Ж") == "Cyrillic"
    assert script_of("a") is None


def test_sentences_respect_abbreviations_and_lines() -> None:
    text = "Gen. Gerasimov spoke. The U.S. said no.\nNew line here"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Gerasimov spoke.",
        "The U.S. said no.",
        "New line here",
    ]


@given(st.text())
def test_tokens_and_sentences_have_valid_offsets(text: str) -> None:
    tokens = tokenize(text)
    for token, start, end in zip(tokens.texts, tokens.starts, tokens.ends, strict=True):
        assert text[start:end] == token
    previous = 0
    for start, end in sentence_spans(text):
        assert previous <= start < end <= len(text)
        previous = end

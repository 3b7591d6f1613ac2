from __future__ import annotations

import pytest

from casus.components.structure import StructureSegmenter, split_units
from casus.doc import Doc
from casus.ingest import read_path
from casus.model import Article
from casus.text import normalize_text

from .conftest import WHOSE_CAUCASUS, need_shared
from .samples_util import Sample, samples

SEGMENTER = StructureSegmenter()


def _segments(text: str, **meta: object) -> list[tuple[str, str]]:
    doc = SEGMENTER(Doc(Article(text=normalize_text(text), **meta)))  # type: ignore[arg-type]
    return [(s.kind, doc.text[s.start : s.end]) for s in doc.segments]


def _kind_of(segments: list[tuple[str, str]], start: str) -> str:
    return next(kind for kind, text in segments if text.startswith(start))


# The motivating document: every non-body line, and a few body paragraphs that look
# like something else (a label with a colon, an introducer line, a connective).
WHOSE_CAUCASUS_EXPECTED = {
    "Whose Caucasus?": "title",
    "Author:": "byline",
    "Ilia Golovnyov": "byline",
    "Under the growing threats": "quote",
    "Azerbaijani pro-government media published": "caption",
    '"It\'s a disgrace"': "related",
    "High risks": "heading",
    "Russia and Iran send signals": "caption",
    "The multi-step chess move": "related",
    "Conflict scenarios": "heading",
    "Retreat will lead to disaster": "heading",
    "NATO is likely to decide": "quote",
    '"Putin\'s Azerbaijani agent"': "related",
    "If someone thinks they were": "quote",
    "In Russia, a powerful Azerbaijani lobbying": "quote",
    "What are the consequences?": "heading",
    "Original: https://": "source_link",
    "Disclaimer:": "disclaimer",
    "First scenario:": "body",
    "In a highly nationalistic publication": "body",
    "He stated that": "body",
    "Ruzansky emphasized.": "body",
    "Evidently, Ilham Aliyev": "body",
}


def test_whose_caucasus_structure_is_exact() -> None:
    path = need_shared(WHOSE_CAUCASUS)
    [article] = list(read_path(path))
    doc = SEGMENTER(Doc(article))  # type: ignore[arg-type]
    segments = [(s.kind, doc.text[s.start : s.end]) for s in doc.segments]
    for start, kind in WHOSE_CAUCASUS_EXPECTED.items():
        assert _kind_of(segments, start) == kind, start
    listed = set(WHOSE_CAUCASUS_EXPECTED)
    for kind, text in segments:
        if not any(text.startswith(s) for s in listed):
            assert kind == "body", text


@pytest.mark.parametrize("sample", list(samples()), ids=lambda s: s.name)
def test_sample_structure(sample: Sample) -> None:
    """Every line of every sample has the kind its sidecar gives (body when unlisted)."""
    doc = SEGMENTER(Doc(sample.article))
    expected = {x["startswith"]: x["kind"] for x in sample.expect.get("segments") or []}
    for segment in doc.segments:
        text = doc.text[segment.start : segment.end]
        want = next((k for s, k in expected.items() if text.startswith(s)), "body")
        assert segment.kind == want, f"{text[:60]!r}: {segment.rule}"


def test_unseen_article_structure() -> None:
    text = """Border talks stall as both sides trade accusations

By Anna Petrosyan

YEREVAN, March 3 — Talks between the two delegations ended without agreement on Monday.

Photo: Delegations at the table in Yerevan / Reuters

Officials said another round could take place in April.

Ten things you did not know about the Silk Road: number seven will shock you

The next meeting has not been scheduled, the foreign ministry said.

What comes next

Analysts expect a long pause. "Nobody is in a hurry," one diplomat said.

Subscribe to our newsletter for daily updates.

© 2025 Example News. All rights reserved."""
    segments = _segments(text)
    assert _kind_of(segments, "Border talks stall") == "title"
    assert _kind_of(segments, "By Anna") == "byline"
    assert _kind_of(segments, "Photo:") == "caption"
    assert _kind_of(segments, "Ten things") == "related"
    assert _kind_of(segments, "What comes next") == "heading"
    assert _kind_of(segments, "Subscribe") == "boilerplate"
    assert _kind_of(segments, "©") == "boilerplate"
    assert _kind_of(segments, "YEREVAN, March 3") == "body"
    assert _kind_of(segments, "Analysts expect") == "body"


def test_quoted_paragraph_and_quote_before_attribution() -> None:
    text = (
        "Title line here\n\nThe minister spoke at length about the talks and the border.\n\n"
        "“We will not accept any preconditions, and we will not be pressured by anyone "
        "into signing a document that we have not agreed,”\n\nthe minister stressed.\n\n"
        "The talks continue."
    )
    segments = _segments(text)
    assert _kind_of(segments, "“We will not") == "quote"
    assert _kind_of(segments, "the minister stressed.") == "body"


def test_segments_cover_units_in_order() -> None:
    text = "Title\n\nPara one is here.\nLine two.\n\nPara three."
    doc = SEGMENTER(Doc(Article(text=text)))
    spans = [(s.start, s.end) for s in doc.segments]
    assert spans == sorted(spans)
    assert [doc.text[s:e] for s, e in spans] == [
        "Title",
        "Para one is here.",
        "Line two.",
        "Para three.",
    ]


def test_wrapped_prose_is_one_unit() -> None:
    block = (
        "The delegation arrived in the capital on Monday morning and was met at\n"
        "the airport by the deputy foreign minister, who said the talks would\n"
        "focus on the border commission."
    )
    units = split_units(block)
    assert len(units) == 1 and units[0].wrapped

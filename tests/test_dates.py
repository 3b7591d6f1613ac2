"""Tests for the dates component: every supported form, the traps, tense, roll-over, inference."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casus.components.dates import DateResolver, infer_year, load_lexicon
from casus.doc import Doc
from casus.errors import DataError
from casus.model import Article, DateMention, Segment
from casus.pipeline import Component, Pipeline

WEDNESDAY = date(2025, 7, 23)
MONDAY = date(2025, 7, 21)
RESOLVER = DateResolver()
LEXICON = Path(__file__).resolve().parents[1] / "src" / "casus" / "lexicons" / "dates.yaml"
ISO = {"day": r"\d{4}-\d\d-\d\d", "month": r"\d{4}-\d\d", "year": r"\d{4}"}


def resolve(
    text: str,
    published: date | None = WEDNESDAY,
    segments: list[Segment] | None = None,
    resolver: DateResolver = RESOLVER,
) -> Doc:
    doc = Doc(Article(text=text, published=published))
    doc.segments = segments or []
    resolver(doc)
    check_mentions(doc)
    return doc


def check_mentions(doc: Doc) -> None:
    """Offsets valid, text consistent, values well-formed, mentions sorted and disjoint."""
    last_end = 0
    for m in doc.dates:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert doc.text[m.start : m.end] == m.text
        assert re.fullmatch(ISO[m.precision], m.value), m
        assert m.rule.startswith("dates:")
        assert m.start >= last_end
        last_end = m.end


def found(doc: Doc) -> list[tuple[str, str, str]]:
    return [(m.text, m.value, m.precision) for m in doc.dates]


def only(text: str, published: date | None = WEDNESDAY) -> DateMention:
    doc = resolve(text, published)
    assert len(doc.dates) == 1, found(doc)
    return doc.dates[0]


# -- forms ------------------------------------------------------------------------------

FORMS = [
    # (sentence, mention text, value, precision, rule); published Wednesday 2025-07-23
    ("Troops crossed the line on July 21.", "July 21", "2025-07-21", "day", "dates:month-day"),
    ("Troops crossed the line on 21 July.", "21 July", "2025-07-21", "day", "dates:day-month"),
    ("It began on July 21, 2024.", "July 21, 2024", "2024-07-21", "day", "dates:month-day-year"),
    ("It began on 21 July 2024.", "21 July 2024", "2024-07-21", "day", "dates:day-month-year"),
    ("Shelling resumed on July 21st.", "July 21st", "2025-07-21", "day", "dates:month-day"),
    ("It ended on the 21st of July.", "the 21st of July", "2025-07-21", "day", "dates:day-month"),
    ("The decree (2024-03-08) was signed.", "2024-03-08", "2024-03-08", "day", "dates:iso"),
    ("Signed in Baku on 08.03.2024.", "08.03.2024", "2024-03-08", "day", "dates:numeric-dmy"),
    (
        "Signed on Sept. 5, 2024 in Baku.",
        "Sept. 5, 2024",
        "2024-09-05",
        "day",
        "dates:month-day-year",
    ),
    ("Signed on 5 Sept 2024.", "5 Sept 2024", "2024-09-05", "day", "dates:day-month-year"),
    ("HEADLINE: CLASHES ON JULY 21", "JULY 21", "2025-07-21", "day", "dates:month-day"),
    ("Fighting on 21-22 July killed ten.", "21-22 July", "2025-07-21", "day", "dates:day-month"),
    ("The report of March 2024 was leaked.", "March 2024", "2024-03", "month", "dates:month-year"),
    ("The blockade began in July.", "July", "2025-07", "month", "dates:month"),
    ("The blockade began last July.", "last July", "2024-07", "month", "dates:month-last"),
    ("Elections are due next July.", "next July", "2026-07", "month", "dates:month-next"),
    ("It began in early July.", "early July", "2025-07", "month", "dates:month"),
    ("Talks stalled in mid-July.", "mid-July", "2025-07", "month", "dates:month"),
    ("It flared up in late June.", "late June", "2025-06", "month", "dates:month"),
    ("The corridor was closed in 2023.", "2023", "2023", "year", "dates:year"),
    ("The base was built in early 2024.", "early 2024", "2024", "year", "dates:year"),
    ("Work stopped in mid-2024.", "mid-2024", "2024", "year", "dates:year"),
    ("Veterans of the 2020 war met.", "2020", "2020", "year", "dates:year"),
    (
        "In June last year gunmen struck.",
        "June last year",
        "2024-06",
        "month",
        "dates:month+relative-year",
    ),
    (
        "It began on January 1 of this year.",
        "January 1 of this year",
        "2025-01-01",
        "day",
        "dates:month-day+relative-year",
    ),
    ("Trade grew this year.", "this year", "2025", "year", "dates:relative-year"),
    ("Trade fell this month.", "this month", "2025-07", "month", "dates:relative-month"),
    ("Trade fell last year.", "last year", "2024", "year", "dates:relative-year"),
    ("Trade fell last month.", "last month", "2025-06", "month", "dates:relative-month"),
    ("A vote is due next year.", "next year", "2026", "year", "dates:relative-year"),
    ("A vote is due next month.", "next month", "2025-08", "month", "dates:relative-month"),
    (
        "Earlier this month, ties were cut.",
        "Earlier this month",
        "2025-07",
        "month",
        "dates:relative-month",
    ),
    ("They met earlier this year.", "earlier this year", "2025", "year", "dates:relative-year"),
    ("The drone fell yesterday.", "yesterday", "2025-07-22", "day", "dates:relative-day"),
    ("Today the border is quiet.", "Today", "2025-07-23", "day", "dates:relative-day"),
    ("The talks resume tomorrow.", "tomorrow", "2025-07-24", "day", "dates:relative-day"),
    (
        "It fell the day before yesterday.",
        "the day before yesterday",
        "2025-07-21",
        "day",
        "dates:relative-day",
    ),
    ("Sirens sounded last night.", "last night", "2025-07-22", "day", "dates:relative-day"),
    ("Overnight, drones hit Kyiv.", "Overnight", "2025-07-23", "day", "dates:relative-day"),
    ("The convoy was hit on Monday.", "Monday", "2025-07-21", "day", "dates:weekday-past"),
    ("Monday's strike killed two.", "Monday", "2025-07-21", "day", "dates:weekday-past"),
    ("It was hit last Monday.", "last Monday", "2025-07-21", "day", "dates:weekday-last"),
    ("They meet next Monday.", "next Monday", "2025-07-28", "day", "dates:weekday-next"),
    ("The drone fell two days ago.", "two days ago", "2025-07-21", "day", "dates:ago-days"),
    ("The drone fell 10 days ago.", "10 days ago", "2025-07-13", "day", "dates:ago-days"),
    ("The envoy left a month ago.", "a month ago", "2025-06", "month", "dates:ago-months"),
    ("The war began two years ago.", "two years ago", "2023", "year", "dates:ago-years"),
]


@pytest.mark.parametrize(("text", "surface", "value", "precision", "rule"), FORMS)
def test_forms(text: str, surface: str, value: str, precision: str, rule: str) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.precision, mention.rule) == (
        surface,
        value,
        precision,
        rule,
    )
    assert mention.start == text.index(surface)


def test_several_dates_in_one_text_keep_their_offsets() -> None:
    text = "On 21 July 2025 troops moved; by August 5 they had left, and yesterday talks began."
    doc = resolve(text)
    assert found(doc) == [
        ("21 July 2025", "2025-07-21", "day"),
        ("August 5", "2025-08-05", "day"),
        ("yesterday", "2025-07-22", "day"),
    ]
    assert [m.start for m in doc.dates] == [3, 33, 61]


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose this week.",  # no week precision
        "Prices rose last week.",
        "The drone fell three weeks ago.",
        "More strikes are expected in the coming months.",
        "Aid will flow over the next year.",  # a period, not a date
        "Prices rose in the last month.",
    ],
)
def test_vague_expressions_are_skipped(text: str) -> None:
    assert resolve(text).dates == []


@pytest.mark.parametrize(
    "text",
    [
        "Turkey may restrict flights over its territory.",
        "May we ask what the ministry intends?",
        "May God protect them, the priest said.",
        "Now we must open a second front in the east.",
        "The march on the capital drew thousands.",
        "A March on Washington was announced.",
        "Sun, Wed and Sat are abbreviations in timetables.",
        "Jan said the talks had failed.",
        "Jan Kowalski, 45, was detained.",
        "Veterans of the 44-day war marched in Baku.",
        "The 102nd base is in Gyumri.",
        "The CASAREX-2025 drills began without incident.",
        "About 2,000 troops and 1500 vehicles took part.",
        "A 2000 km pipeline crosses the region.",
        "The Sunday Times reported the deal.",
        "Reforms stalled in May's cabinet.",
        "Theresa May visited the region.",
        "The ministry said 12 soldiers and 3 civilians were hurt.",
        "Chicago officials were present.",
        "Yearly and monthly reports are published.",
    ],
)
def test_false_dates_are_not_mentions(text: str) -> None:
    assert resolve(text).dates == []


def test_a_list_of_years_continues_the_first_one() -> None:
    doc = resolve("Murders committed in 2001, 2010 and 2011 were reopened; 2012 was not.")
    assert found(doc) == [
        ("2001", "2001", "year"),
        ("2010", "2010", "year"),
        ("2011", "2011", "year"),
    ]


def test_may_is_a_month_with_a_day_a_year_or_a_context_word() -> None:
    doc = resolve("Turkey may act. In May the border closed; by May 2025 and on May 5 it reopened.")
    assert found(doc) == [
        ("May", "2025-05", "month"),
        ("May 2025", "2025-05", "month"),
        ("May 5", "2025-05-05", "day"),
    ]


@pytest.mark.parametrize("text", ["Talks on February 30 failed.", "See 31.02.2025.", "2025-13-01"])
def test_impossible_dates_are_dropped(text: str) -> None:
    assert resolve(text).dates == []


# -- year roll-over and tense -----------------------------------------------------------


def test_month_far_after_publication_in_past_sentence_is_previous_year() -> None:
    mention = only("The ceasefire collapsed on December 25.", date(2025, 1, 10))
    assert (mention.value, mention.rule) == ("2024-12-25", "dates:month-day+previous-year")
    mention = only("The offensive began in November.", date(2025, 1, 10))
    assert (mention.value, mention.rule) == ("2024-11", "dates:month+previous-year")


def test_month_far_before_publication_in_future_sentence_is_next_year() -> None:
    mention = only("Elections will be held on January 15.", date(2024, 12, 20))
    assert (mention.value, mention.rule) == ("2025-01-15", "dates:month-day+next-year")


def test_nearby_months_keep_the_publication_year() -> None:
    assert only("The talks ended on August 5.").value == "2025-08-05"
    assert only("Elections will be held on June 15.").value == "2025-06-15"
    assert only("The attack happened on October 3.", date(2024, 12, 20)).value == "2024-10-03"


@pytest.mark.parametrize(
    ("text", "published", "value", "rule"),
    [
        ("The convoy was hit on Monday.", WEDNESDAY, "2025-07-21", "dates:weekday-past"),
        ("The convoy was hit on Monday.", MONDAY, "2025-07-21", "dates:weekday-past"),
        ("The convoy was hit on Wednesday.", WEDNESDAY, "2025-07-23", "dates:weekday-past"),
        ("The convoy was hit on Thursday.", WEDNESDAY, "2025-07-17", "dates:weekday-past"),
        ("Talks will resume on Monday.", WEDNESDAY, "2025-07-28", "dates:weekday-future"),
        ("Talks will resume on Monday.", MONDAY, "2025-07-28", "dates:weekday-future"),
        ("Talks will resume on Thursday.", WEDNESDAY, "2025-07-24", "dates:weekday-future"),
        ("A vote is scheduled for Friday.", WEDNESDAY, "2025-07-25", "dates:weekday-future"),
        ("He'll come on Friday.", WEDNESDAY, "2025-07-25", "dates:weekday-future"),
        ("The upcoming summit opens Friday.", WEDNESDAY, "2025-07-25", "dates:weekday-future"),
        ("He called a summit for Friday.", WEDNESDAY, "2025-07-25", "dates:weekday-future"),
        (
            "He wrote that the last stage was expected on Friday.",
            WEDNESDAY,
            "2025-07-25",
            "dates:weekday-future",
        ),
        ("It was hit last Monday.", MONDAY, "2025-07-14", "dates:weekday-last"),
        ("They meet next Monday.", MONDAY, "2025-07-28", "dates:weekday-next"),
        # a reporting verb anchors the date in the past although the sentence has "will"
        (
            "On Monday, the minister said talks will resume.",
            WEDNESDAY,
            "2025-07-21",
            "dates:weekday-past",
        ),
        (
            "The minister said on Monday that talks will resume.",
            WEDNESDAY,
            "2025-07-21",
            "dates:weekday-past",
        ),
        (
            "Talks will resume on Monday, the minister said.",
            WEDNESDAY,
            "2025-07-28",
            "dates:weekday-future",
        ),
        # "the next day" and "next year" do not make the sentence future
        (
            "The strike came on Friday, and the next day troops advanced.",
            WEDNESDAY,
            "2025-07-18",
            "dates:weekday-past",
        ),
    ],
)
def test_weekday_tense(text: str, published: date, value: str, rule: str) -> None:
    weekday = next(m for m in resolve(text, published).dates if m.rule.startswith("dates:week"))
    assert (weekday.value, weekday.rule) == (value, rule)


def test_next_year_does_not_turn_other_dates_future() -> None:
    doc = resolve("On Monday, elections were postponed until next year.")
    assert found(doc) == [("Monday", "2025-07-21", "day"), ("next year", "2026", "year")]


def test_tense_reads_the_sentence_of_the_date_only() -> None:
    doc = resolve("The convoy was hit on Monday. Talks will resume on Friday.")
    assert [m.value for m in doc.dates] == ["2025-07-21", "2025-07-25"]


def test_tense_reuses_doc_sentences_when_computed() -> None:
    doc = Doc(Article(text="Talks will resume on Monday.", published=WEDNESDAY))
    assert doc.sentences  # computed and cached by another component
    RESOLVER(doc)
    assert [m.value for m in doc.dates] == ["2025-07-28"]


# -- no publication date ----------------------------------------------------------------


def test_missing_publication_date_infers_year_from_a_token() -> None:
    text = "The CASAREX-2025 exercise began on July 21. Troops left yesterday and on Monday."
    doc = resolve(text, None)
    assert [(m.text, m.value, m.rule) for m in doc.dates] == [
        ("July 21", "2025-07-21", "dates:month-day+inferred-year")
    ]
    assert doc.notes == [
        "no publication date: year 2025 inferred from the text ('CASAREX-2025'); "
        "relative dates left unresolved"
    ]


def test_inferred_year_comes_from_a_url_and_is_the_most_recent() -> None:
    text = "Source: https://example.com/2024/05/03/story\nIn 2019 and in 2022 ... on March 5."
    doc = resolve(text, None)
    assert [(m.value, m.rule) for m in doc.dates] == [
        ("2019", "dates:year"),
        ("2022", "dates:year"),
        ("2024-03-05", "dates:month-day+inferred-year"),
    ]
    assert len(doc.notes) == 1 and "year 2024" in doc.notes[0] and "2024/05/03" in doc.notes[0]


def test_inferred_year_prefers_reports_over_targets() -> None:
    assert infer_year("Net zero by 2050. The talks of 2023 failed.") == (2023, "2023")
    assert infer_year("Net zero by 2050.") == (2050, "2050")
    assert infer_year("In 1985 and 2101 nothing.") is None


def test_bare_month_and_explicit_dates_without_publication_date() -> None:
    doc = resolve(
        "In 2023 the war ended; in March, June last year and 21 July 2025 it flared.", None
    )
    assert [(m.value, m.rule) for m in doc.dates] == [
        ("2023", "dates:year"),
        ("2025-03", "dates:month+inferred-year"),
        ("2025-07-21", "dates:day-month-year"),
    ]


def test_no_year_anywhere_resolves_nothing_that_needs_one() -> None:
    doc = resolve("The attack on March 5 killed two; yesterday another followed.", None)
    assert doc.dates == []
    assert len(doc.notes) == 1 and "no year in the text" in doc.notes[0]


def test_publication_date_given_adds_no_note() -> None:
    assert resolve("The attack on March 5 killed two.").notes == []


# -- segments, pipeline, lexicon --------------------------------------------------------


def test_boilerplate_and_source_link_segments_are_skipped() -> None:
    head = "Cookie policy updated 5 May 2025"
    link = "Original: https://example.com/2025-07-01/story"
    body = "The attack on 3 June killed two."
    text = f"{head}\n{link}\n{body}"
    a, b = len(head), len(head) + 1 + len(link)
    segments = [
        Segment("boilerplate", 0, a, "test"),
        Segment("source_link", a + 1, b, "test"),
        Segment("body", b + 1, len(text), "test"),
    ]
    assert found(resolve(text, segments=segments)) == [("3 June", "2025-06-03", "day")]
    assert len(resolve(text).dates) == 3  # no segments: the whole text is read


def test_text_between_segments_is_not_read() -> None:
    text = "On July 1 a. On July 2 b."
    segments = [Segment("body", 13, len(text), "test")]
    assert found(resolve(text, segments=segments)) == [("July 2", "2025-07-02", "day")]


def test_component_contract_and_pipeline() -> None:
    class Segmenter:
        name = "structure"
        requires: tuple[str, ...] = ()
        assigns: tuple[str, ...] = ("segments",)

        def __call__(self, doc: Doc) -> Doc:
            doc.segments = [Segment("body", 0, len(doc.text), "test")]
            return doc

    assert isinstance(RESOLVER, Component)
    assert (RESOLVER.name, RESOLVER.requires, RESOLVER.assigns) == (
        "dates",
        ("segments",),
        ("dates",),
    )
    analysis = Pipeline([Segmenter(), RESOLVER])(
        Article("Talks ended on July 21.", published=WEDNESDAY)
    )
    assert [d.value for d in analysis.dates] == ["2025-07-21"]


def test_a_custom_lexicon_extends_the_words(tmp_path: Path) -> None:
    extended = tmp_path / "dates.yaml"
    text = LEXICON.read_text(encoding="utf-8").replace(
        "  twelve: 12\n", "  twelve: 12\n  thirteen: 13\n"
    )
    extended.write_text(text, encoding="utf-8")
    assert resolve("It fell thirteen days ago.").dates == []
    mention = resolve("It fell thirteen days ago.", resolver=DateResolver(extended)).dates[0]
    assert (mention.text, mention.value) == ("thirteen days ago", "2025-07-10")


def test_an_invalid_lexicon_is_a_data_error(tmp_path: Path) -> None:
    broken = tmp_path / "dates.yaml"
    text = LEXICON.read_text(encoding="utf-8")
    broken.write_text(text.replace("  12: [December, Dec]\n", ""), encoding="utf-8")
    with pytest.raises(DataError, match="months"):
        load_lexicon(broken)
    broken.write_text(text.replace("weekdays: [Monday, ", "weekdays: ["), encoding="utf-8")
    with pytest.raises(DataError, match="seven"):
        load_lexicon(broken)
    broken.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(DataError, match="mapping"):
        load_lexicon(broken)
    with pytest.raises(DataError):
        load_lexicon(tmp_path / "missing.yaml")


# -- properties -------------------------------------------------------------------------

WORDS = [
    "on",
    "in",
    "the",
    "of",
    "last",
    "next",
    "this",
    "early",
    "mid-",
    "late",
    "will",
    "said",
    "May",
    "may",
    "March",
    "July",
    "Jul.",
    "Sept",
    "Monday",
    "SUNDAY",
    "yesterday",
    "today",
    "night",
    "day",
    "before",
    "ago",
    "days",
    "weeks",
    "months",
    "year",
    "month",
    "two",
    "a",
    "21",
    "21st",
    "5",
    "31",
    "2025",
    "1999",
    "2100",
    "2025-07-21",
    "21.07.2025",
    ",",
    ".",
    "-",
    "\n",
    "İ",
    "ﬁ",
    "٢٠٢٥",
]


@settings(max_examples=300, deadline=None)
@given(text=st.text(), published=st.none() | st.dates())
def test_never_raises_on_arbitrary_text(text: str, published: date | None) -> None:
    resolve(text, published)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=14),
    published=st.none() | st.dates(),
)
def test_never_raises_on_date_like_text(words: list[str], published: date | None) -> None:
    resolve(" ".join(words), published)

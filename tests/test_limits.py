"""The limits of ``factuality.yaml``: long sentences read in windows, events and claims
per sentence capped, each bound reported in the analysis notes; and the indexes that
replaced scans give the answers the scans gave."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casus import analyze
from casus.api import analyze_doc, default_pipeline
from casus.components.syntax.clauses import load_cues, windows
from casus.components.syntax.collectives import _coordinated_pair, _last_two, _Referred
from casus.components.syntax.layer import syntax_of
from casus.components.syntax.roles import RoleFinder
from casus.datafiles import bundled
from casus.errors import DataError
from casus.ingest import read_plain
from casus.model import ActorMention
from casus.text import tokenize

LIMITS = load_cues().limits


def _one_sentence(clauses: int) -> str:
    parts = [
        "Iran condemned Turkey over strikes near Tabriz",
        "NATO urged Moscow to withdraw its troops from Lachin",
        "the Kremlin accused Baku of shelling Syunik",
    ]
    return "Russia said that " + ", and ".join(parts[i % 3] for i in range(clauses)) + "."


def test_windows_cover_a_long_sentence_in_bounded_pieces() -> None:
    text = " ".join(f"word{i}" + ("," if i % 37 == 36 else "") for i in range(1000))
    tokens = tokenize(text)
    found = windows(tokens, 0, len(tokens), 100)
    assert found[0][0] == 0 and found[-1][1] == len(tokens)
    assert all(a[1] == b[0] for a, b in pairwise(found))  # no gap
    assert all(0 < stop - start <= 100 for start, stop in found)
    assert all(tokens.texts[stop - 1] == "," for start, stop in found[:-1])  # after a comma
    assert windows(tokens, 5, 80, 100) == [(5, 80)]  # short enough: itself


def test_a_long_sentence_is_read_in_windows_and_said_so() -> None:
    filler = " ".join(["the delegations discussed transit tariffs and customs rules"] * 80)
    text = f"Title: Talks\nDate: 2025-01-10\n\n{filler} and Azerbaijan shelled Armenian positions"
    analysis = analyze(text)
    assert len(tokenize(text)) > 2 * LIMITS.sentence_tokens
    assert any("read in windows of at most 250 tokens" in note for note in analysis.notes)
    # the event at the end of the sentence, far past the first window, is coded
    assert [(e.source and e.source.code, e.cameo) for e in analysis.events] == [("AZE", "194")]


def test_events_per_sentence_are_capped_with_a_note() -> None:
    text = (
        f"Title: Strikes\nDate: 2025-01-10\n\n{_one_sentence(36)}\n\n"
        "Azerbaijan denied that its troops shelled Armenian positions near Goris."
    )
    analysis = analyze(text)
    first_start, first_end = text.index("Russia said"), text.index(".\n\n") + 1
    in_first = [e for e in analysis.events if e.evidence.start < first_end]
    assert len(in_first) == LIMITS.events_per_sentence
    assert any(e.evidence.start > first_end for e in analysis.events)  # the next sentence
    notes = [n for n in analysis.notes if n.startswith("events:")]
    assert notes == [
        "events: 1 sentence reached the limit of 24 events per sentence (limits in "
        f"factuality.yaml), the first at characters {first_start}-{first_end}; their later "
        "triggers "
        "were not coded"
    ]


def test_a_sentence_under_the_cap_leaves_no_note() -> None:
    analysis = analyze(f"Title: Strikes\nDate: 2025-01-10\n\n{_one_sentence(6)}")
    assert 0 < len(analysis.events) < LIMITS.events_per_sentence
    assert not [n for n in analysis.notes if "limit" in n or "windows" in n]


def test_claims_per_sentence_are_capped_with_a_note() -> None:
    window = " ".join(["the border talks went on for hours"] * 30)
    text = " ".join(f"{window} and officials said Baku would reply" for _ in range(6))
    analysis = analyze("Title: Talks\nDate: 2025-01-10\n\n" + text)
    assert len(analysis.claims) == LIMITS.claims_per_sentence
    assert any(n.startswith("claims: 1 sentence reached the limit of 3") for n in analysis.notes)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("sentence_tokens: 250", "sentence_tokens: 0", "sentence_tokens must be a whole number"),
        ("events_per_sentence: 24", "events_per_sentence: many", "events_per_sentence must"),
        ("limits:", "limitations:", "missing 'limits'"),
    ],
)
def test_bad_limits_are_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = bundled("casus.lexicons", "factuality.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "factuality.yaml"
    path.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(DataError, match=message):
        load_cues(path)


_DATED = (
    "Title: Dates\nDate: 2025-04-02\n\nOn Monday Russia said it had attacked Kharkiv on "
    "Sunday and on March 3, while Iran said on Friday, April 1 and in March that talks "
    "would resume on Tuesday. Azerbaijan said on 12 March and on Monday that it had "
    "closed the border last week."
)


def _finder() -> RoleFinder:
    pipeline = default_pipeline()
    doc = analyze_doc(read_plain(_DATED, where="<dates>"), pipeline=pipeline)
    return syntax_of(doc).roles


def test_dates_by_bisection_are_the_dates_a_scan_finds() -> None:
    finder = _finder()
    dates = list(finder.dates)
    assert len(dates) >= 8
    size = len(finder.doc.tokens)
    for start in range(0, size, 3):
        for stop in range(start, size + 1, 5):
            days = [d for f, _, d in dates if start <= f < stop and d.precision == "day"]
            assert finder.day_before(start, stop) == (days[-1] if days else None)
            for near in range(start, stop, 4):
                inside = [(abs(f - near), d) for f, _, d in dates if start <= f < stop]
                nearest = min(inside, key=lambda pair: pair[0])[1] if inside else None
                assert finder.date(start, stop, near) == nearest


def test_dates_out_of_text_order_are_searched_one_by_one() -> None:
    finder = _finder()
    finder.doc.dates.reverse()
    reordered = RoleFinder(finder.doc, finder.lexicon, finder.collective_phrases, finder.grammar)
    dates = reordered.dates
    size = len(finder.doc.tokens)
    days = [d for _, _, d in dates if d.precision == "day"]
    assert reordered.day_before(0, size) == days[-1]  # the last in the given order
    inside = [(abs(f - 40), d) for f, _, d in dates]
    assert reordered.date(0, size, 40) == min(inside, key=lambda pair: pair[0])[1]


_CODES = st.lists(st.sampled_from(["RUS", "IRN", "TUR", "AZE"]), min_size=0, max_size=14)
_GLUE = st.lists(st.sampled_from([" and ", ", ", " met ", " said "]), min_size=14, max_size=14)


@given(_CODES, _GLUE, st.integers(0, 200), st.integers(0, 200))
def test_collective_pairs_by_index_are_the_pairs_a_scan_finds(
    codes: list[str], glue: list[str], floor: int, start: int
) -> None:
    text, actors = "", []
    for code, between in zip(codes, glue, strict=False):
        actors.append(ActorMention(len(text), len(text) + 3, code, code, None, code, "country", ""))
        text += code + between
    text += "both sides"
    referred = _Referred(text, actors)
    earlier = [a for a in actors if floor <= a.start < start and a.end <= start]
    expected = _coordinated_pair(text, earlier) or _last_two(earlier)
    assert referred.pair(text, floor, start) == expected

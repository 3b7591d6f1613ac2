"""Analysis cost is linear in the length of an article, counted, not timed.

Each test analyses an input and the same input made eight times longer, and counts
the lines of casus code executed (a trace function: deterministic, whatever the
machine is doing). Linear cost means eight times the steps; the bound allows 15 %
for what does not scale exactly (a title read once, a cache filled once). Before the
commit that added these tests, all shapes but the last took 1.3 to 47 times too many
steps at these sizes (an index rebuilt per call, a scan of every earlier paragraph,
line, date or quote, every trigger looking back over a whole unpunctuated text).

Work done in C (hashing, slicing a list) is not counted; the article id, the one such
case found, has a test of its own.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import casus
from casus.api import default_pipeline
from casus.components.claims import ClaimExtractor
from casus.components.events.coder import EventCoder
from casus.components.syntax.clauses import Limits
from casus.doc import Doc
from casus.ingest import read_plain
from casus.pipeline import Pipeline

from .conftest import SAMPLES

_PACKAGE = str(Path(casus.__file__).resolve().parent)
_GROWTH = 8
_SLACK = 1.15


def _steps(text: str, pipeline: Pipeline) -> int:
    """Lines of casus code executed to analyse ``text`` (reading excluded)."""
    doc = Doc(read_plain(text, where="<steps>"))
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(_PACKAGE) else None

    sys.settrace(calls)
    try:
        pipeline.run(doc).to_analysis().to_dict()
    finally:
        sys.settrace(None)
    return count


def _uncapped() -> Pipeline:
    """The default pipeline with no limit on events or claims per sentence: what stays
    linear then is the work itself, not the output's cap."""
    components: list[Any] = []
    for component in default_pipeline().components:
        if isinstance(component, EventCoder | ClaimExtractor):
            cues = replace(component.cues, limits=Limits(250, 10**6, 10**6))
            components.append(_with_cues(component, cues))
        else:
            components.append(component)
    return Pipeline(components)


def _with_cues(component: EventCoder | ClaimExtractor, cues: Any) -> Any:
    if isinstance(component, EventCoder):
        return EventCoder(
            component.patterns,
            cues,
            component.ontology,
            component.lexicon,
            speech_acts=component.speech_acts,
            grammar=component.grammar,
            name_words=component.name_words,
        )
    return ClaimExtractor(cues, grammar=component.grammar)


def _body(name: str) -> str:
    text = (SAMPLES / name).read_text("utf-8")
    return text.split("\n\n", 1)[1].strip()


def _repeated(n: int) -> str:
    return "Title: A long file\n\n" + "\n\n".join([_body("01-aktau-crash.txt")] * n)


def _one_line(n: int) -> str:
    paragraphs = _body("05-goma-m23.txt").replace("\n\n", " ")
    return "Title: One line\n\n" + " ".join([paragraphs] * n)


def _unpunctuated(n: int) -> str:
    words = re.sub(r"[.,;:!?\"“”\n]+", " ", _body("04-aliyev-demands.txt"))
    return " ".join([" ".join(words.split())] * n)


def _short_lines(n: int) -> str:
    lines = [
        "Russia warns Azerbaijan",
        "Photo: Reuters",
        "Read more",
        "Baku, June 3",
        "Kremlin says talks will continue",
        "ADVERTISEMENT",
    ]
    return "\n".join(lines[i % len(lines)] for i in range(n))


def _header_lines(n: int) -> str:
    lines = ["Title: Talks in Baku", "Author: Rena Guliyeva", "Date: 2024-12-26", "Source: Wire"]
    header = "\n".join(lines[i % len(lines)] for i in range(n))
    return header + "\n\nRussia said the talks with Azerbaijan would continue."


def _quotes(n: int) -> str:
    quotes = [
        "“We will respond to any attack on Armenia with all the means we have.”",
        "“Russian troops shelled the border near Gyumri again this morning.”",
    ]
    lines = ["Armenia’s foreign minister Ararat Mirzoyan said:"]
    lines += [quotes[i % 2] for i in range(n)]
    return "Title: Quotes\n\n" + "\n\n".join(lines)


def _both_sides(n: int) -> str:
    sentence = (
        "Russia and Iran held talks in Baku on Monday, and both sides agreed to continue "
        "the dialogue, while the parties said Armenia and Turkey would join. "
    )
    return "Title: One paragraph\n\n" + sentence * n


def _dates(n: int) -> str:
    sentence = (
        "Russia will attack Ukraine on Monday, officials said on Tuesday, and talks will "
        "resume in March while Iran said on Friday that it will respond in June. "
    )
    return "Title: Dates\nDate: 2025-04-02\n\n" + sentence * n


def _long_sentence(n: int) -> str:
    clauses = [
        "Iran condemned Turkey over strikes near Tabriz",
        "NATO urged Moscow to withdraw its troops from Lachin",
        "the Kremlin accused Baku of shelling Syunik",
    ]
    parts = ", and ".join(clauses[i % 3] for i in range(3 * n))
    return f"Title: One sentence\n\nRussia said that {parts}."


def _many_actors(n: int) -> str:
    names = "Russia, Azerbaijan, Armenia, Iran, Turkey, Georgia, Ukraine, France, NATO, China"
    places = "Gyumri, Tbilisi, Aktau, Goris, Lachin, Tabriz, Derbent, Ganja, Shusha, Rostov"
    actors, where = ", ".join([names] * n), ", ".join([places] * n)
    return f"Title: Many\n\n{actors} attacked {actors} in {where} on Monday, officials said."


SHAPES = {
    "a real article repeated": (_repeated, 2),
    "a real article on one line": (_one_line, 4),
    "text without punctuation": (_unpunctuated, 1),
    "thousands of short lines": (_short_lines, 300),
    "a long header block": (_header_lines, 300),
    "a run of block quotes": (_quotes, 60),
    "one paragraph of collective phrases": (_both_sides, 15),
    "dates and future cues on one line": (_dates, 15),
    "one very long sentence": (_long_sentence, 4),
    "very many actors and places in one sentence": (_many_actors, 3),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_eight_times_the_text_is_at_most_eight_times_the_work(shape: str) -> None:
    make, n = SHAPES[shape]
    pipeline = _uncapped()
    small, large = _steps(make(n), pipeline), _steps(make(_GROWTH * n), pipeline)
    assert large <= _GROWTH * _SLACK * small, f"{shape}: x{large / small:.1f} the steps"
    assert large >= _GROWTH * small / 4  # the larger input really was analysed


def test_the_article_id_is_hashed_once_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Event and claim ids derive from the article's id: hashing the whole text again
    for each of them made the cost quadratic."""
    from casus import model

    calls = 0
    original = model.article_id

    def counted(text: str, url: str | None = None) -> str:
        nonlocal calls
        calls += 1
        return original(text, url)

    monkeypatch.setattr(model, "article_id", counted)
    analysis = default_pipeline()(read_plain(_repeated(3), where="<id>"))
    assert len(analysis.events) + len(analysis.claims) > 20
    assert calls == 1

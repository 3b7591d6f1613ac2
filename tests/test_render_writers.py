"""The report writers stream: JSON holds at most one analysis, the Markdown report keeps
counters and spools its detail, a failed item leaves nothing behind, and formats are
plug-ins in a registry."""

from __future__ import annotations

import importlib
import io
import json
import re
import tracemalloc
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest

from casus.errors import CasusError, OutputError, RenderError, UsageError
from casus.model import (
    ActorRef,
    Analysis,
    Artifact,
    BatchSummary,
    Claim,
    Event,
    Evidence,
    Origin,
    SetAside,
)
from casus.render import (
    OutputFormat,
    format_names,
    get_format,
    open_writer,
    register_format,
    to_json,
    to_markdown,
)
from casus.render.escape import one_line

from .render_util import check_markdown, check_terminal, plain, rich_output

# --- the JSON writer -----------------------------------------------------------------


def test_json_one_analysis_is_one_pretty_object() -> None:
    stream = io.StringIO()
    writer = open_writer("json", stream)
    writer.write(plain(1))
    assert stream.getvalue() == ""  # held until the batch turns out to have one item
    writer.close(BatchSummary(analysed=1))
    out = stream.getvalue()
    assert out.startswith("{\n  ") and out.endswith("}\n")
    assert json.loads(out)["article"]["title"] == "Article 1"
    assert json.loads(out)["origin"] == {"path": "in/1.txt", "line": None, "record": None}


def test_json_several_analyses_are_lines_streamed() -> None:
    stream = io.StringIO()
    writer = open_writer("json", stream)
    writer.write(plain(1))
    writer.write(plain(2))
    assert len(stream.getvalue().splitlines()) == 2  # both written once a second came
    writer.write(plain(3))
    assert len(stream.getvalue().splitlines()) == 3  # streamed as it arrives
    writer.close(BatchSummary(analysed=3))
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [r["article"]["title"] for r in records] == ["Article 1", "Article 2", "Article 3"]


def test_json_nothing_written_for_no_analysis() -> None:
    stream = io.StringIO()
    writer = open_writer("json", stream)
    writer.set_aside(SetAside(Origin("x"), "bad", "E103"))
    writer.close(BatchSummary(set_aside=1))
    assert stream.getvalue() == ""


class _Sink(io.TextIOBase):
    """A text stream that counts what it is given and keeps nothing."""

    def __init__(self) -> None:
        self.chars = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def _growth(name: str, make: Any, count: int) -> tuple[int, int]:
    """Traced memory growth from the 20th to the last analysis, and the output size."""
    sink = _Sink()
    writer = open_writer(name, sink)
    tracemalloc.start()
    try:
        for i in range(count):
            writer.write(make(i))
            if i == 19:
                base = tracemalloc.get_traced_memory()[0]
        grown = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    writer.close(BatchSummary(analysed=count))
    return grown, sink.chars


def test_json_writer_memory_stays_flat() -> None:
    make = lambda i: plain(i, text=f"{i} " + "word " * 6000)  # noqa: E731  ~30 KB each
    grown, written = _growth("json", make, 220)
    assert written > 220 * 30_000
    assert grown < 1_000_000, grown  # holding 200 of them would be over 6 MB


# --- the Markdown report -------------------------------------------------------------


def _event(n: int, src: str | None, tgt: str | None, kind: str, fact: str) -> Event:
    return Event(
        id=f"e{n}",
        type=kind,
        mode=None,
        cameo="190",
        goldstein=-10.0,
        quad_class=4,
        source=ActorRef(src, "GOV", f"{src} forces") if src != "-" else None,
        target=ActorRef(tgt, None, f"{tgt} town") if tgt != "-" else None,
        location=None,
        date=None,
        factuality=fact,  # type: ignore[arg-type]
        attribution=None,
        confidence=0.8,
        evidence=Evidence(0, 4, "Text"),
        rule="events.yaml#1:test",
    )


BATCH = [
    ("Wire", "reporting",
     [("RUS", "UKR", "ASSAULT", "asserted"), ("UKR", "RUS", "ASSAULT", "reported")]),
    ("Wire", "opinion",
     [("RUS", "UKR", "ASSAULT", "asserted"), ("RUS", "UKR", "COERCE", "future")]),
    (None, "reporting",
     [("RUS", None, "ASSAULT", "negated"), ("-", "UKR", "CONSULT", "hypothetical")]),
    ("Daily | Post", "analysis", [("AZE", "ARM", "CONSULT", "asserted")]),
]  # fmt: skip


def _batch_analysis(n: int, outlet: str | None, genre: str, events: list[Any]) -> Analysis:
    fragments = tuple(
        Artifact("untranslated", 0, 2, "Да", "ru", "Cyrillic", "artifacts:x") for _ in range(n)
    )
    return plain(
        n,
        article={"source": outlet, "genre": genre, "published": f"2025-0{n}-01"},
        events=tuple(_event(i, *e) for i, e in enumerate(events)),
        artifacts=fragments,
    )


def _table_after(markdown: str, heading: str) -> list[list[str]]:
    lines = markdown.splitlines()
    start = lines.index(heading)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows[2:]


def test_markdown_report_overview_counts_what_was_written() -> None:
    stream = io.StringIO()
    writer = open_writer("md", stream)
    analyses = [_batch_analysis(n, *row) for n, row in enumerate(BATCH, 1)]
    for analysis in analyses:
        writer.write(analysis)
    for i in range(3):
        writer.set_aside(
            SetAside(Origin(f"bad/{i}.bin", line=i), "binary input\n# not text", "E103")
        )
    writer.close(BatchSummary(analysed=4, set_aside=3, skipped=(("duplicate", 2),)))
    report = stream.getvalue()
    check_markdown(report)
    overview = report.split("\n## Articles\n", 1)[0]
    assert "**4 articles analysed** of 9 inputs; 3 set aside; 2 skipped (duplicate 2)." in overview

    outlets = Counter(a.article.source or "unknown" for a in analyses)
    got = {row[0]: int(row[1]) for row in _table_after(overview, "### Articles by outlet")}
    assert got == outlets == {"Wire": 2, "unknown": 1, "Daily | Post": 1}
    got = {row[0]: int(row[1]) for row in _table_after(overview, "### Articles by genre")}
    assert got == Counter(a.article.genre for a in analyses)

    events = [e for a in analyses for e in a.events]
    got = {row[0]: int(row[1]) for row in _table_after(overview, "### Events: asserted or not")}
    assert got == Counter(e.factuality for e in events)
    dyads = Counter(
        f"{e.source.code} → {e.target.code}"
        for e in events
        if e.source and e.target and e.source.code and e.target.code
    )
    rows = _table_after(overview, "### Busiest dyads")
    assert (
        {row[0]: int(row[1]) for row in rows}
        == dyads
        == {"RUS → UKR": 3, "UKR → RUS": 1, "AZE → ARM": 1}
    )
    assert rows[0] == ["RUS → UKR", "3", "ASSAULT 2, COERCE 1"]
    got = {row[0]: int(row[1]) for row in _table_after(overview, "### Untranslated fragments")}
    assert got == {"ru": 1 + 2 + 3 + 4}

    set_aside = _table_after(overview, "### Set aside (3)")
    assert [row[0] for row in set_aside] == ["bad/0.bin:0", "bad/1.bin:1", "bad/2.bin:2"]
    assert set_aside[0][1:] == ["binary input \\# not text", "`E103`", "input"]
    # then the index, then each article, in the order written
    index = _table_after(report, "## Articles")
    assert [row[0] for row in index] == ["1", "2", "3", "4"]
    assert [row[1] for row in index] == ["Article 1", "Article 2", "Article 3", "Article 4"]
    assert report.index("## 1. Article 1") < report.index("## 4. Article 4")
    assert report.index("### Busiest dyads") < report.index("## 1. Article 1")


def test_markdown_report_lists_at_most_200_set_aside() -> None:
    stream = io.StringIO()
    writer = open_writer("md", stream)
    for i in range(205):
        writer.set_aside(SetAside(Origin(f"x{i}"), "empty", "E102"))
    writer.close(BatchSummary(set_aside=205))
    report = stream.getvalue()
    assert len(_table_after(report, "### Set aside (205)")) == 200
    assert "5 more are not listed (only the first 200)." in report
    assert "No article was analysed." in report


def test_markdown_report_memory_stays_flat() -> None:
    evidence = Evidence(0, 1, "T")
    claims = tuple(
        Claim(f"c{i}", f"Claim {i} " + "and so on " * 12, None, "none", evidence, "claims:x")
        for i in range(120)
    )

    def make(i: int) -> Analysis:
        return plain(i, text=f"{i} " + "word " * 4000, claims=claims)

    grown, written = _growth("md", make, 150)
    assert written > 150 * 12_000  # each article's section is over 12 KB
    assert grown < 1_000_000, grown


# --- failures ------------------------------------------------------------------------


def _breaks_on(module: str, attr: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``module.attr`` fail for the article titled 'broken'."""

    target = importlib.import_module(module)
    original = getattr(target, attr)

    def broken(analysis: Analysis, *args: Any, **kwargs: Any) -> Any:
        if analysis.article.title == "broken":
            raise ValueError("cannot draw\nthis")
        return original(analysis, *args, **kwargs)

    monkeypatch.setattr(target, attr, broken)


@pytest.mark.parametrize(
    ("name", "module", "attr"),
    [
        ("json", "casus.render.jsonfmt", "to_json"),
        ("md", "casus.render.mdreport", "article_section"),
        ("text", "casus.render.terminal", "_parts"),
    ],
)
def test_a_failed_render_writes_nothing_of_that_item(
    name: str, module: str, attr: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _breaks_on(module, attr, monkeypatch)
    stream = io.StringIO()
    writer = open_writer(name, stream)
    good = [plain(1), plain(2), plain(3)]
    bad = plain(9, article={"title": "broken"})
    writer.write(good[0])
    writer.write(good[1])
    before = stream.getvalue()
    with pytest.raises(RenderError) as caught:
        writer.write(bad)
    assert stream.getvalue() == before
    assert caught.value.code == "E502" and caught.value.where == "in/9.txt"
    assert "\n" not in str(caught.value) and "ValueError" in str(caught.value)
    writer.write(good[2])
    writer.close(BatchSummary(analysed=3, set_aside=1))
    out = stream.getvalue()
    assert "broken" not in out and "in/9.txt" not in out
    assert all(f"Article {n}" in out for n in (1, 2, 3))


def test_json_holds_the_first_through_a_failure() -> None:
    stream = io.StringIO()
    writer = open_writer("json", stream)
    writer.write(plain(1))
    event = replace(_event(0, "RUS", "UKR", "ASSAULT", "asserted"), confidence=float("nan"))
    nan = plain(2, events=(event,))
    with pytest.raises(RenderError):  # NaN is not JSON: the item is refused, not written
        writer.write(nan)
    assert stream.getvalue() == ""
    writer.close(BatchSummary(analysed=1, set_aside=1))
    assert json.loads(stream.getvalue())["article"]["title"] == "Article 1"


def test_a_failing_stream_is_an_output_error() -> None:
    stream = io.StringIO()
    writer = open_writer("text", stream)
    stream.close()
    with pytest.raises(OutputError):
        writer.write(plain(1))


# --- the text writer and the registry ------------------------------------------------


def test_text_writer_streams_panels_and_styles_only_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    plain_stream, color_stream = io.StringIO(), io.StringIO()
    for stream, color in ((plain_stream, False), (color_stream, True)):
        writer = open_writer("text", stream, color=color, width=100)
        writer.write(plain(1))
        assert "in/1.txt" in stream.getvalue()  # written as it arrives, titled by origin
        writer.write(plain(2, article={"title": "\x1b[2J[/b] cleared?"}))
        writer.set_aside(SetAside(Origin("bad\x1b[31m.txt"), "empty\u202e", "E102"))
        writer.close(BatchSummary(analysed=2, set_aside=1))
    out = plain_stream.getvalue()
    check_terminal(out)
    assert "[2J[/b] cleared?" in out
    assert "3 inputs: analysed 2, set aside 1, skipped 0" in out
    assert "set aside: bad[31m.txt: empty [E102]" in out
    assert "\x1b[" in color_stream.getvalue()
    assert "\x1b[2J" not in color_stream.getvalue()
    assert max(len(line) for line in out.splitlines()) <= 100


def test_registry() -> None:
    assert {"text", "json", "md"} <= set(format_names())
    assert get_format("md").suffix == ".md" and get_format("json").description
    with pytest.raises(UsageError) as caught:
        get_format("xml")
    assert caught.value.code == "E600" and "text, json, md" in str(caught.value)
    with pytest.raises(UsageError):
        open_writer("nope", io.StringIO())
    with pytest.raises(UsageError):
        register_format(get_format("json"))  # the name is taken
    with pytest.raises(CasusError):
        register_format(OutputFormat("Bad Name", "x", ".x", get_format("json").open))


def test_a_registered_format_is_opened_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from casus.render import formats

    class Titles:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def write(self, analysis: Analysis) -> None:
            self.stream.write(one_line(analysis.article.title) + "\n")

        def set_aside(self, item: SetAside) -> None:
            pass

        def close(self, summary: BatchSummary) -> None:
            self.stream.write(f"{summary.analysed}\n")

    monkeypatch.setattr(formats, "_FORMATS", dict(formats._FORMATS))
    register_format(OutputFormat("titles", "Titles only.", ".txt", lambda s, **_: Titles(s)))
    stream = io.StringIO()
    writer = open_writer("titles", stream)
    writer.write(plain(1))
    writer.close(BatchSummary(analysed=1))
    assert stream.getvalue() == "Article 1\n1\n"
    assert "titles" in format_names()


# --- two-way events ------------------------------------------------------------------


def test_symmetric_events_in_json_markdown_and_terminal() -> None:
    talks = replace(_event(0, "ARM", "AZE", "CONSULT", "asserted"), symmetric=True)
    strike = _event(1, "RUS", "UKR", "ASSAULT", "asserted")
    analysis = plain(1, events=(talks, strike))
    events = json.loads(to_json(analysis))["events"]
    assert [e["symmetric"] for e in events] == [True, False]  # a field added to the contract
    two_way = "ARM GOV (ARM forces) ↔ AZE (AZE town)"
    one_way = "RUS GOV (RUS forces) → UKR (UKR town)"
    markdown = to_markdown(analysis)
    check_markdown(markdown)
    terminal = rich_output(analysis)
    for out in (markdown, terminal):
        assert two_way in out and one_way in out
        assert "ARM GOV (ARM forces) →" not in out


def test_a_two_way_event_counts_in_both_rows_of_the_busiest_dyads() -> None:
    talks = replace(_event(0, "ARM", "AZE", "CONSULT", "asserted"), symmetric=True)
    strike = _event(1, "AZE", "ARM", "ASSAULT", "asserted")
    stream = io.StringIO()
    writer = open_writer("md", stream)
    writer.write(plain(1, events=(talks, strike)))
    writer.write(plain(2))  # a report of several articles opens with the overview
    writer.close(BatchSummary(analysed=2))
    rows = _table_after(stream.getvalue(), "### Busiest dyads")
    got = {row[0]: (int(row[1]), set(row[2].split(", "))) for row in rows}
    assert got == {
        "ARM → AZE": (1, {"CONSULT 1"}),
        "AZE → ARM": (2, {"ASSAULT 1", "CONSULT 1"}),
    }

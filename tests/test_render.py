"""Reports are safe whatever an article holds, and the report writers stream.

Article text and metadata are untrusted: the payloads below go into every text field of
an :class:`Analysis` built by hand, and each view must show them as text and nothing
else (no HTML, no links, no headings, no terminal escape sequences, no bidi tricks)."""

from __future__ import annotations

import io
import itertools
import json
import re
import tracemalloc
import unicodedata
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console

from casus.errors import CasusError, OutputError, RenderError, UsageError
from casus.model import (
    ActorMention,
    ActorRef,
    Analysis,
    ArticleInfo,
    Artifact,
    Attribution,
    BatchSummary,
    Claim,
    DateMention,
    Event,
    EventDate,
    EventLocation,
    Evidence,
    Origin,
    PlaceMention,
    Segment,
    SetAside,
    SpeechAct,
)
from casus.render import (
    OutputFormat,
    format_names,
    get_format,
    open_writer,
    register_format,
    to_json,
    to_markdown,
    to_rich,
)
from casus.render.escape import BIDI_CONTROLS, md_code, md_text, md_url, one_line

PAYLOADS = [
    "<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "Headline\n# Injected\n<b>raw</b> | cell",
    "Caspian | Wire\n\n> quoted\r\n- item\u2028=== ",
    "javascript:alert(document.cookie)",
    "[/b]",
    "[bold red]x[/]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "abc\u202edef\u2066ghi\u2067jkl\u2068mno\u2069\u200e\u200f\u061c end",
    "rule with `backticks` and `` two ``",
    "`",
    "\\` \\| \\\\",
]

MD = MarkdownIt("commonmark").enable("table")
OUR_HTML_BLOCK = re.compile(r"<details><summary>[^<>&]*</summary>|</details>")
ALLOWED_TAGS = {
    "h1", "h2", "h3", "p", "ul", "li", "strong", "em", "code", "a", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "details", "summary",
}  # fmt: skip
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`).*?(?<!`)\1(?!`)")
AUTOLINK = re.compile(r"<https?://[^<>\s]+>")
OUR_HEADINGS = re.compile(
    r"casus report|Overview|Articles|Articles by (outlet|genre|language)|Busiest dyads"
    r"|Events: asserted or not|Event types|Most mentioned actors|Where events happen"
    r"|Untranslated fragments( \(\d+\))?"
    r"|Set aside \([\d,]+\)|Structure|Notes|(Events|Claims) \(\d+\)"
    r"|(Actors|Places|Dates) \(\d+, \d+ mentions\)"
)


def build(p: str | list[str], *, title: str | None = None) -> Analysis:
    """An analysis with untrusted strings in every text field (cycling through ``p``)."""
    box = itertools.cycle([p] if isinstance(p, str) else p or [""])
    v = lambda: next(box)  # noqa: E731
    text = f"{v()}\n\n{v()} said on Monday that {v()}."
    end = len(text)
    ref = ActorRef(code=v(), sector=v(), text=v())
    evidence = Evidence(0, end, v())
    return Analysis(
        article=ArticleInfo(
            id="0123456789abcdef",
            title=v() if title is None else title,
            author=v(),
            published=v(),
            url=v(),
            source=v(),
            language=v(),
            genre="reporting",
            genre_rule=v(),
            published_basis="given",
        ),
        text=text,
        segments=(Segment("title", 0, 5, v()), Segment("body", 5, end, v())),
        artifacts=(Artifact("untranslated", 0, 4, v(), v(), v(), v()),),
        actors=(
            ActorMention(0, 3, v(), v(), v(), v(), v(), v()),
            ActorMention(1, 4, v(), None, None, v(), "country", v()),
        ),
        places=(PlaceMention(0, 3, v(), v(), v(), 1.5, -2.25, "city", 42, v()),),
        dates=(DateMention(0, 3, v(), v(), "day", v()),),
        events=(
            Event(
                id=v(),
                type=v(),
                mode=v(),
                cameo=v(),
                goldstein=-2.0,
                quad_class=3,
                source=ref,
                target=ActorRef(v(), None, v()),
                location=EventLocation(v(), v(), 1.0, 2.0),
                date=EventDate(v(), "day"),
                factuality="reported",
                attribution=Attribution("named", v()),
                confidence=0.5,
                evidence=evidence,
                rule=v(),
                speech_act=SpeechAct(v(), v(), v(), ref, ref, "threat"),
            ),
        ),
        claims=(Claim(v(), v(), ref, "named", evidence, v()),),
        notes=(v(), v()),
        origin=Origin(v(), line=3),
    )


# --- checking Markdown ---------------------------------------------------------------


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if re.fullmatch(r"h\d", tag):
            self._in_heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h\d", tag):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_heading:
            self.headings[-1] += data


def _tokens(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found += _tokens(token.children or [])
    return found


def check_markdown(markdown: str) -> _Html:
    """Assert the escaping invariants; return what a browser would show."""
    for token in _tokens(MD.parse(markdown)):
        assert token.type not in {"html_inline", "image"}, token
        if token.type == "html_block":
            assert OUR_HTML_BLOCK.fullmatch(token.content.strip()), token.content
        if token.type == "link_open":  # only an http(s) URL of the article, as an autolink
            assert re.match(r"https?://", str(token.attrGet("href")), re.I), token
    for line in markdown.splitlines():
        bare = AUTOLINK.sub("", CODE_SPAN.sub("", line))
        assert "](" not in bare and "![" not in bare, line
        assert "<" not in OUR_HTML_BLOCK.sub("", bare), line
        assert not any(unicodedata.category(c) == "Cc" for c in line), repr(line)
        assert not set(line) & set(BIDI_CONTROLS), repr(line)
    html = _Html()
    html.feed(MD.render(markdown))
    for tag, attrs in html.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert re.match(r"https?://", value or "", re.I), value
    heading_lines = [ln for ln in markdown.splitlines() if ln.startswith("#")]
    assert len(heading_lines) == len(html.headings)
    return html


def check_md_headings(html: _Html, titles: list[str], *, numbered: bool) -> None:
    """Every heading is one of ours, or an article's title shown as literal text."""
    article_headings = [h for h in html.headings if not OUR_HEADINGS.fullmatch(h)]
    expected = [one_line(t) or "Untitled article" for t in titles]
    if numbered:
        expected = [f"{i}. {t}" for i, t in enumerate(expected, 1)]
    assert article_headings == expected


# --- checking the terminal -----------------------------------------------------------


def rich_output(analysis: Analysis) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system=None, width=400)
    to_rich(analysis, console)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def check_terminal(out: str) -> None:
    bad = [c for c in out if c != "\n" and unicodedata.category(c) == "Cc"]
    assert not bad, [hex(ord(c)) for c in bad]
    assert not set(out) & set(BIDI_CONTROLS)


# --- the payloads --------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_shows_payloads_as_text(payload: str) -> None:
    analysis = build(payload)
    markdown = to_markdown(analysis)
    html = check_markdown(markdown)
    check_md_headings(html, [payload], numbered=False)
    visible = "".join(html.text)
    if one_line(payload):
        assert one_line(payload) in visible  # the title and source, unabridged
    assert "javascript:" not in "".join(v or "" for _, attrs in html.tags for _, v in attrs)


def test_markdown_keeps_escaped_html_literal() -> None:
    markdown = to_markdown(build("&lt;script&gt;alert(1)&lt;/script&gt;"))
    html = check_markdown(markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in "".join(html.text)
    assert "<script" not in MD.render(markdown)


def test_markdown_title_cannot_inject_lines() -> None:
    markdown = to_markdown(build("x", title="Headline\n# Injected\n<b>raw</b> | cell"))
    assert markdown.splitlines()[0] == "# Headline \\# Injected &lt;b&gt;raw&lt;/b&gt; \\| cell"
    assert not [ln for ln in markdown.splitlines() if ln.startswith("# Injected")]
    assert "<b>" not in MD.render(markdown)


def test_urls_become_links_only_for_http() -> None:
    assert md_url("https://example.org/a_b?x=1&y=2") == "<https://example.org/a_b?x=1&y=2>"
    for url in ("javascript:alert(document.cookie)", "data:text/html,<b>x</b>", "vbscript:x"):
        html = MD.render("- **URL:** " + md_url(url))
        assert "<a " not in html and "href" not in html
    # an http URL that could break out of an autolink stays text
    assert "href" not in MD.render(md_url('https://example.org/"><script>'))


def test_code_spans_hold_backticks() -> None:
    for value in ("a`b", "``", "`x`", "x ``` y"):
        children = MD.parseInline(md_code(value))[0].children or []
        assert [(t.type, t.content) for t in children] == [("code_inline", value)]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_terminal_shows_payloads_as_text(payload: str) -> None:
    out = rich_output(build(payload))
    check_terminal(out)
    if one_line(payload):
        assert one_line(payload) in out


def test_terminal_markup_is_not_read() -> None:
    out = rich_output(build(["[/b]", "[bold red]x[/]", "ok"]))
    assert "[/b]" in out and "[bold red]x[/]" in out


def test_json_keeps_values_and_escapes_controls() -> None:
    for payload in PAYLOADS:
        analysis = build(payload)
        text = to_json(analysis)
        assert json.loads(text) == json.loads(json.dumps(analysis.to_dict()))
        assert not set(text) & set(BIDI_CONTROLS + "\x1b\x07\x85\u2028")


# --- any text at all -----------------------------------------------------------------

TRICKY = st.sampled_from(
    ["[", "]", "[/b]", "[bold]", "`", "``", "|", "\\", "\n", "\r\n", "\t", "\x1b[31m",
     "\x1b]0;t\x07", "\x00", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "<", ">", "&",
     "&lt;", "&#60;", "*", "_", "~", "#", "!", "(", ")", "](", "javascript:", "$", " ",
     "- ", "1. ", "> ", "===", "    ", "<details>", "</details>", "https://x.org/a",
     *BIDI_CONTROLS]
)  # fmt: skip
UNTRUSTED = st.lists(
    st.one_of(TRICKY, st.text(st.characters(exclude_categories=["Cs"]), max_size=6)),
    max_size=10,
).map("".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(UNTRUSTED, min_size=1, max_size=12), UNTRUSTED)
def test_every_format_is_safe_on_any_text(values: list[str], title: str) -> None:
    analysis = build(values, title=title)
    summary = BatchSummary(analysed=1, set_aside=1)
    aside = SetAside(Origin(values[0]), values[-1], values[0][:20], "input")
    outputs: dict[str, str] = {}
    for name in format_names():
        stream = io.StringIO()
        writer = open_writer(name, stream, width=120)
        writer.write(analysis)
        writer.set_aside(aside)
        writer.close(summary)
        outputs[name] = stream.getvalue()
    html = check_markdown(outputs["md"])
    check_md_headings(html, [title], numbered=True)
    check_terminal(outputs["text"])
    check_terminal(rich_output(analysis))
    assert json.loads(outputs["json"])["article"]["title"] == title
    check_markdown(to_markdown(analysis))


@settings(max_examples=200, deadline=None)
@given(UNTRUSTED)
def test_md_text_reads_as_the_same_text(value: str) -> None:
    expected = one_line(value)
    for prefix, tags in (("", ["p"]), ("x ", ["p"]), ("- ", ["ul", "li"]), ("## ", ["h2"])):
        html = _Html()
        html.feed(MD.render(prefix + md_text(value)))
        shown = "".join(html.text).strip()
        if not expected and prefix in {"", "x "}:
            assert shown == prefix.strip()
            continue
        assert [t for t, _ in html.tags] == tags, (prefix, md_text(value))
        assert shown == (prefix.lstrip("-# ") + expected).strip()


@settings(max_examples=200, deadline=None)
@given(UNTRUSTED)
def test_code_spans_cannot_be_broken_out_of(value: str) -> None:
    expected = one_line(value)
    if not expected:
        assert md_code(value) == "—"
        return
    inline = MD.parseInline("x " + md_code(value))[0].children or []
    assert [(t.type, t.content) for t in inline] == [("text", "x "), ("code_inline", expected)]
    table = MD.parse(f"| h |\n|---|\n| {md_code(value, cell=True)} |\n")
    cells = [t for t in table if t.type == "inline"]
    codes = [c.content for c in cells[1].children or [] if c.type == "code_inline"]
    assert codes == [expected]


# --- the JSON writer -----------------------------------------------------------------


def plain(n: int, **fields: Any) -> Analysis:
    """A small, ordinary analysis (article number ``n``)."""
    info = {"id": f"{n:016x}", "title": f"Article {n}", "author": None, "published": None}
    info |= {"url": None, "source": "Wire", "language": "en", "genre": "reporting"}
    info |= fields.pop("article", {})
    return Analysis(
        article=ArticleInfo(**info),
        text=fields.pop("text", f"Text of article {n}."),
        origin=Origin(f"in/{n}.txt"),
        **fields,
    )


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
    import importlib

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


def test_text_writer_streams_panels_and_styles_only_when_asked() -> None:
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

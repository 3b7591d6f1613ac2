"""Helpers for the render tests: analyses built by hand with untrusted strings in every
text field, and checks of the escaping invariants of each view."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console

from casus.model import (
    ActorMention,
    ActorRef,
    Analysis,
    ArticleInfo,
    Artifact,
    Attribution,
    Claim,
    DateMention,
    Event,
    EventDate,
    EventLocation,
    Evidence,
    Origin,
    PlaceMention,
    Segment,
    SpeechAct,
)
from casus.render import to_rich
from casus.render.escape import BIDI_CONTROLS, one_line

__all__ = [
    "MD",
    "build",
    "check_markdown",
    "check_md_headings",
    "check_terminal",
    "plain",
    "rich_output",
    "shown",
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


def shown(markdown: str) -> _Html:
    """What a browser shows of ``markdown``: its tags and its text."""
    html = _Html()
    html.feed(MD.render(markdown))
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

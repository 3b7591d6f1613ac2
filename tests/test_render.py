"""Reports are safe whatever an article holds.

Article text and metadata are untrusted: the payloads below go into every text field of
an :class:`Analysis` built by hand, and each view must show them as text and nothing
else (no HTML, no links, no headings, no terminal escape sequences, no bidi tricks)."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casus.model import BatchSummary, Origin, SetAside
from casus.render import format_names, open_writer, to_json, to_markdown
from casus.render.escape import BIDI_CONTROLS, md_code, md_text, md_url, one_line

from .render_util import (
    MD,
    build,
    check_markdown,
    check_md_headings,
    check_terminal,
    rich_output,
    shown,
)

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
    assert json.loads(outputs["json"])["article"]["title"] == title


@settings(max_examples=200, deadline=None)
@given(UNTRUSTED)
def test_md_text_reads_as_the_same_text(value: str) -> None:
    expected = one_line(value)
    for prefix, tags in (("", ["p"]), ("x ", ["p"]), ("- ", ["ul", "li"]), ("## ", ["h2"])):
        html = shown(prefix + md_text(value))
        visible = "".join(html.text).strip()
        if not expected and prefix in {"", "x "}:
            assert visible == prefix.strip()
            continue
        assert [t for t, _ in html.tags] == tags, (prefix, md_text(value))
        assert visible == (prefix.lstrip("-# ") + expected).strip()


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

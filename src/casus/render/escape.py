"""Escaping of untrusted strings, one function per output format.

Everything an article brings (its text, title, source, author, URL, the snippets cut
from it, and the paths it was read from) is data, never markup. Each output format has
one function that turns such a string into something safe to place in its output:

- :func:`one_line` (every format but JSON): control characters (C0, DEL, C1, escape
  sequences included) and bidirectional controls are removed, line breaks of every kind
  become spaces;
- :func:`md_text`, :func:`md_code`, :func:`md_url`: Markdown that cannot open raw HTML,
  a link, an image, emphasis, a code span, a heading, a new line or a new table cell,
  and that reads as the same text;
- :func:`term_text`: a Rich :class:`~rich.text.Text` (never parsed as Rich markup);
- :func:`json_safe`: JSON text with the same values, in which the characters that a
  terminal or a JavaScript parser could act on are written as ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import re

from rich.text import Text

__all__ = ["BIDI_CONTROLS", "json_safe", "md_code", "md_text", "md_url", "one_line", "term_text"]

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, LRM, RLM, the embeddings and overrides, the isolates."""

# Line breaks and other whitespace controls become one space; every other control
# character (C0, DEL, C1) and every bidirectional control is dropped.
_BREAKS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_BREAK_RE = re.compile(f"[{_BREAKS}]+")
_DROP_RE = re.compile(f"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f{BIDI_CONTROLS}]")
_SPACES_RE = re.compile(r"\s{2,}")

# Markdown: HTML's three specials become entities; the punctuation that can open
# emphasis, strikethrough, a code span, a link or footnote (``[`` and ``]``), a heading,
# maths (GitHub) or a table cell gets a backslash (CommonMark lets any ASCII punctuation
# be escaped so). ``(`` only opens a link destination right after ``]``, and ``!`` an
# image right before ``[``: those two are escaped there, and left as they are elsewhere
# so that the raw Markdown of news text (full of parentheses) stays readable.
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL_RE = re.compile(r"[&<>\\`*_~\[\]#|$]|(?<=\])\(|!(?=\[)")
# At the start of a line (or of a list item), ``-`` or ``+`` and a space open a list,
# ``---`` a thematic break, ``1.`` or ``1)`` and a space an ordered list; those starts
# are escaped (and ``0.85`` or ``-2.0`` are not).
_MD_START_RE = re.compile(r"^(?:[-+](?= |-|$)|\d{1,9}(?=[.)]( |$)))")

# An http(s) URL that can be an autolink: printable ASCII only, and none of the
# characters that would end it, quote it, split a table cell or escape something.
_AUTOLINK_RE = re.compile(r"https?://[^\x00-\x20\x7f-\U0010ffff\"'<>\\`|]+", re.I | re.ASCII)

# JSON: characters json.dumps(ensure_ascii=False) leaves raw that should not reach a
# terminal or a JavaScript string literal (C1 controls, bidi controls, U+2028/U+2029).
_JSON_RAW_RE = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")


def one_line(value: object) -> str:
    """``value`` as one line of plain text: no control characters, no bidi controls,
    no line breaks, no runs of whitespace, nothing at either end."""
    text = "" if value is None else str(value)
    text = _DROP_RE.sub("", _BREAK_RE.sub(" ", text))
    return _SPACES_RE.sub(" ", text).strip()


def _md_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _MD_ENTITIES.get(char, "\\" + char)


def _md_start(match: re.Match[str]) -> str:
    lead = match.group()
    return lead + "\\" if lead[0].isdigit() else "\\" + lead


def md_text(value: object) -> str:
    """Untrusted text as inline Markdown that reads as the same text and nothing else:
    safe in a table cell, a heading, a list item or a paragraph, even at the start of a
    line. ``None`` gives ''."""
    return _MD_START_RE.sub(_md_start, _MD_SPECIAL_RE.sub(_md_escape, one_line(value)), count=1)


def md_code(value: object, *, cell: bool = False) -> str:
    """``value`` as a Markdown code span that its content cannot close: the fence is
    one backtick longer than the longest run of backticks inside. ``cell=True`` for a
    code span inside a table cell, where a ``|`` must still be escaped (GFM splits the
    row into cells before it reads code spans). An empty value gives ``—``."""
    text = one_line(value)
    if not text:
        return "—"
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    if cell:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def md_url(value: object) -> str:
    """A URL for Markdown. An ``http``/``https`` address made only of characters that
    cannot end or escape an autolink becomes one (``<https://…>``, so a reader can open
    the source); anything else (``javascript:``, ``data:``, ``vbscript:``, an address
    with spaces or quotes) is escaped text that no viewer turns into a link."""
    text = one_line(value)
    if _AUTOLINK_RE.fullmatch(text):
        return f"<{text}>"
    return md_text(text)


def term_text(value: object, style: str = "") -> Text:
    """Untrusted text for the terminal: one line, no control or bidi characters, as a
    Rich ``Text`` (Rich never reads markup in it)."""
    return Text(one_line(value), style=style)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(dumped: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with C1 controls, bidi
    controls and line/paragraph separators written as ``\\uXXXX`` escapes. These can
    only occur inside JSON strings, so the values are unchanged."""
    return _JSON_RAW_RE.sub(_json_escape, dumped)

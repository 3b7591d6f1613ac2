"""Structure: tell body paragraphs from titles, bylines, captions, pasted related
headlines, headings, block quotes, disclaimers, source links and boilerplate.

The text is cut into *units* (a line, or a hard-wrapped paragraph), and each unit is
classified by ordered rules over its own shape and its neighbours. Every segment names
the rule that decided it (``structure:caption-marker`` ...). The cue phrases live in
``lexicons/structure.yaml`` so they can be reviewed and extended without code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..datafiles import bundled, read_yaml
from ..doc import Doc
from ..model import Segment, SegmentKind

__all__ = ["Cues", "StructureSegmenter", "Unit", "load_cues", "split_units"]


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    text: str
    block: int
    wrapped: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


def split_units(text: str) -> list[Unit]:
    """Lines of ``text`` as units; a hard-wrapped paragraph becomes one unit."""
    units: list[Unit] = []
    pos = 0
    for block_index, block in enumerate(text.split("\n\n")):
        lines = block.split("\n")
        if _is_wrapped_prose(lines):
            units.append(Unit(pos, pos + len(block), block, block_index, wrapped=True))
        else:
            offset = pos
            for line in lines:
                if line.strip():
                    units.append(Unit(offset, offset + len(line), line, block_index))
                offset += len(line) + 1
        pos += len(block) + 2
    return units


def _is_wrapped_prose(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    body = lines[:-1]
    return all(40 <= len(line) <= 100 for line in body) and not any(
        line.rstrip().endswith((".", "!", "?", ":", '"', "”")) for line in body[:-1]
    )


@dataclass(frozen=True)
class CueSet:
    """Cues of one kind: those anchored at the start of a line ("^...") are tried with
    one cheap ``match``; the others are searched only in short units (see ``found``)."""

    anchored: re.Pattern[str] | None
    floating: re.Pattern[str] | None

    def found(self, text: str) -> bool:
        if self.anchored is not None and self.anchored.match(text):
            return True
        if self.floating is None or (len(text) > 240 and text.count(". ") >= 2):
            return False  # a paragraph of several sentences is not a caption or a notice
        return self.floating.search(text) is not None


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns from ``lexicons/structure.yaml``."""

    caption: CueSet
    caption_prefix: re.Pattern[str]
    source_link: re.Pattern[str]
    disclaimer: CueSet
    boilerplate: CueSet
    related_prefix: re.Pattern[str]
    byline: re.Pattern[str]
    connective: re.Pattern[str]
    label: re.Pattern[str]
    author_bio: re.Pattern[str]
    speech_verbs: frozenset[str]


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


def load_cues() -> Cues:
    """Read and compile ``lexicons/structure.yaml``."""
    data: dict[str, Any] = read_yaml(bundled("casus.lexicons", "structure.yaml"))

    def compile_(key: str, template: str) -> re.Pattern[str]:
        return re.compile(template.format(_alternation(data[key])), re.IGNORECASE)

    def cue_set(key: str) -> CueSet:
        anchored = [c[1:] for c in data[key] if c.startswith("^")]
        floating = [c for c in data[key] if not c.startswith("^")]
        return CueSet(
            re.compile(f"(?:{_alternation(anchored)})", re.I) if anchored else None,
            re.compile(f"(?:{_alternation(floating)})", re.I) if floating else None,
        )

    return Cues(
        caption=cue_set("caption_markers"),
        caption_prefix=compile_("caption_prefixes", r"^[(\[]?(?:{})\b[^:：]{{0,60}}[:：]"),
        source_link=compile_(
            "source_link_prefixes", r"^(?:{})\s*[:：]?\s*(?:https?://|www\.)\S+\s*$"
        ),
        disclaimer=cue_set("disclaimer_cues"),
        boilerplate=cue_set("boilerplate_cues"),
        related_prefix=compile_("related_prefixes", r"^(?:{})\s*[:：—–-]"),
        byline=compile_("byline_prefixes", r"^(?:{})"),
        connective=compile_("connectives", r"^(?:{})\b"),
        label=compile_("labels", r"^(?:{})\s*[:：]"),
        author_bio=compile_("author_bio", r"^(?:{})"),
        speech_verbs=frozenset(data["speech_verbs"]),
    )


_HEADER_KEY_RE = re.compile(
    r"^(?:title|headline|author|authors|by|byline|written by)\s*:?\s*", re.I
)
_URL_ONLY_RE = re.compile(r"^(?:https?://|www\.)\S+$")
_NAME_RE = re.compile(r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}$")
_KICKER_RE = re.compile(r"^(?P<kicker>.{3,140}?)[:：]\s+[\"“«'A-Z0-9]")
_TEASER_COLON_RE = re.compile(r"\w[\"”»]?[:：]\s+\S.{8,}$")
_QUOTED_RE = re.compile(r"^[\"“«].{40,}[\"”»]$", re.DOTALL)
_SENTENCE_END = (".", "!", "?", "…", '."', ".”", '!"', '?"', "?”", "!”")
_PUNCT_END = (".", ",", ";", ":", "!", "…")
_CAPITALISED_FUNCTION_WORDS = frozenset(
    "It It's This That These Those The A An We They He She How Why What Who Where When "
    "Is Are Was Were There Here Our Their His Her".split()
)


def _after_colon_word(text: str, end: int) -> str:
    """The word that opens the clause after a kicker colon (``end`` is past its first char)."""
    match = re.match(r"[\w'’]+", text[end - 1 :])
    return match.group() if match else ""


class StructureSegmenter:
    """Pipeline component: fills ``doc.segments`` (sorted, disjoint, covering every unit)."""

    name = "structure"
    requires: tuple[str, ...] = ()
    assigns = ("segments",)

    def __init__(self, cues: Cues | None = None) -> None:
        """``cues``: see :func:`load_cues` (read here when not given)."""
        self.cues = cues or load_cues()

    def __call__(self, doc: Doc) -> Doc:
        units = split_units(doc.text)
        # Units before the first one past the header block: each may be the title.
        lead = next((i for i, u in enumerate(units) if u.end > doc.article.header_end), len(units))
        kinds: list[tuple[SegmentKind, str]] = [
            self._classify(doc, units, i, first=i <= lead) for i in range(len(units))
        ]
        kinds = self._mark_quotes(units, kinds)
        doc.segments = [
            Segment(kind, unit.start, unit.end, rule)
            for unit, (kind, rule) in zip(units, kinds, strict=True)
        ]
        self._fill_metadata(doc, units, kinds)
        return doc

    @staticmethod
    def _fill_metadata(doc: Doc, units: list[Unit], kinds: list[tuple[SegmentKind, str]]) -> None:
        """Title and author from the text when metadata did not give them."""
        for unit, (kind, rule) in zip(units, kinds, strict=True):
            text = _HEADER_KEY_RE.sub("", unit.text.strip())
            if kind == "title" and doc.title is None:
                doc.title = text
            elif (
                kind == "byline" and doc.author is None and text and rule != "structure:author-bio"
            ):
                doc.author = text

    # -- per-unit rules, in priority order ------------------------------------------
    def _classify(
        self, doc: Doc, units: list[Unit], i: int, *, first: bool
    ) -> tuple[SegmentKind, str]:
        """``first``: no unit before this one is outside the header block."""
        unit = units[i]
        text = unit.text
        header = self._header(doc, unit)
        if header:
            return header
        found = self._byline(units, i)
        if found:
            return found
        if first and self._looks_like_title(doc, text):
            return "title", "structure:first-line-title"
        for check in (self._link_or_disclaimer, self._caption, self._boilerplate):
            found = check(units, i)
            if found:
                return found
        if self.cues.related_prefix.match(text):
            return "related", "structure:related-prefix"
        return self._by_shape(units, i)

    def _header(self, doc: Doc, unit: Unit) -> tuple[SegmentKind, str] | None:
        if unit.end > doc.article.header_end:
            return None
        key = unit.text.split(":", 1)[0].strip().lower()
        if key in {"title", "headline"}:
            return "title", "structure:header-title"
        if key in {"author", "authors", "by", "byline"} or unit.text.startswith("By "):
            return "byline", "structure:header-author"
        return "boilerplate", "structure:header-metadata"

    def _looks_like_title(self, doc: Doc, text: str) -> bool:
        """The first line is the title when metadata says so, or when nothing else gave
        a title and the line is short and does not end like a sentence."""
        if doc.article.title:
            return text.strip() == doc.article.title.strip()
        return len(text) <= 250 and not text.endswith((".", ":", ","))

    def _byline(self, units: list[Unit], i: int) -> tuple[SegmentKind, str] | None:
        text = units[i].text.strip()
        if self.cues.byline.match(text) and len(text) <= 160:
            return "byline", "structure:byline-prefix"
        after_label = i > 0 and units[i - 1].text.strip().lower() in {"author:", "by:", "by"}
        if after_label and _NAME_RE.match(text):
            return "byline", "structure:byline-name-after-label"
        if i >= len(units) - 3 and len(text) <= 300 and self.cues.author_bio.match(text):
            return "byline", "structure:author-bio"
        return None

    def _link_or_disclaimer(self, units: list[Unit], i: int) -> tuple[SegmentKind, str] | None:
        text = units[i].text.strip()
        if self.cues.source_link.match(text) or _URL_ONLY_RE.match(text):
            return "source_link", "structure:source-link"
        if len(text) <= 600 and self.cues.disclaimer.found(text):
            return "disclaimer", "structure:disclaimer-cue"
        return None

    def _caption(self, units: list[Unit], i: int) -> tuple[SegmentKind, str] | None:
        text = units[i].text.strip()
        if len(text) > 400:
            return None
        if self.cues.caption.found(text):
            return "caption", "structure:caption-marker"
        if self.cues.caption_prefix.match(text):
            return "caption", "structure:caption-prefix"
        return None

    def _boilerplate(self, units: list[Unit], i: int) -> tuple[SegmentKind, str] | None:
        text = units[i].text.strip()
        if len(text) <= 300 and self.cues.boilerplate.found(text):
            return "boilerplate", "structure:boilerplate-cue"
        return None

    def _by_shape(self, units: list[Unit], i: int) -> tuple[SegmentKind, str]:
        unit = units[i]
        text = unit.text.strip()
        has_next = i + 1 < len(units)
        if (
            has_next
            and unit.words <= 8
            and len(text) <= 80
            and not text.endswith(_PUNCT_END)
            and text[:1].isupper()
            and not self.cues.connective.match(text)
        ):
            return "heading", "structure:short-line-heading"
        if has_next and i > 0 and self._headline_score(text) >= 3:
            return "related", "structure:pasted-headline"
        return "body", "structure:paragraph"

    def _headline_score(self, text: str) -> float:
        """How much a line inside the body looks like a pasted related-article headline."""
        if not 30 <= len(text) <= 260 or text.endswith(":") or "\n" in text:
            return 0.0
        if self.cues.connective.match(text) or self.cues.label.match(text):
            return 0.0
        score = 0.0
        kicker = _KICKER_RE.match(text)
        if kicker and (len(kicker["kicker"].split()) >= 4 or kicker["kicker"][:1] in '"“«'):
            score += 2.0
        elif _TEASER_COLON_RE.search(text):
            score += 1.5  # "Why X happened: dealers explain"
        fragments = [f for f in re.split(r"(?<=[.!?])\s+", text) if f]
        if not text.endswith(_SENTENCE_END) or (len(fragments) == 1 and text.endswith("?")):
            score += 1.5  # body paragraphs end like sentences; a lone question is a teaser
        if text[:1] in '"“«':
            score += 1.0
        if len(fragments) >= 2 and min(len(f.split()) for f in fragments) <= 5:
            score += 1.0
        if " — " in text or " – " in text:
            score += 0.5
        if kicker and _after_colon_word(text, kicker.end()) in _CAPITALISED_FUNCTION_WORDS:
            # Prose goes on in lower case after a colon; a headline starts a new clause.
            score += 1.0
        return score

    # -- block quotes ---------------------------------------------------------------
    def _mark_quotes(
        self, units: list[Unit], kinds: list[tuple[SegmentKind, str]]
    ) -> list[tuple[SegmentKind, str]]:
        result = list(kinds)
        for i, unit in enumerate(units):
            if result[i][0] != "body":
                continue
            text = unit.text.strip()
            if _QUOTED_RE.match(text) and text.count("“") + text.count('"') <= 2:
                result[i] = ("quote", "structure:quoted-paragraph")
            elif i > 0 and result[i - 1][0] == "body" and units[i - 1].text.rstrip().endswith(":"):
                if not self.cues.label.match(units[i - 1].text):
                    result[i] = ("quote", "structure:after-introducer")
                    self._extend_quote(units, result, i)
            elif self._is_attribution_line(text):
                self._quote_backwards(units, result, i)
        return result

    def _extend_quote(
        self, units: list[Unit], result: list[tuple[SegmentKind, str]], i: int
    ) -> None:
        """A quote introduced by "X said:" runs on while paragraphs end with a comma
        or until a line that attributes it ("Ruzansky emphasized.")."""
        j = i
        while j + 1 < len(units) and result[j + 1][0] == "body":
            if units[j].text.rstrip().endswith(","):
                result[j + 1] = ("quote", "structure:quote-continued")
                j += 1
            else:
                break

    def _is_attribution_line(self, text: str) -> bool:
        words = text.rstrip(".").split()
        if not 1 <= len(words) <= 6 or not text.endswith("."):
            return False
        return any(w.lower().strip(",.") in self.cues.speech_verbs for w in words)

    def _quote_backwards(
        self, units: list[Unit], result: list[tuple[SegmentKind, str]], i: int
    ) -> None:
        """Paragraphs just before an attribution line ("Ruzansky emphasized.") quote him."""
        j = i - 1
        taken = 0
        while j >= 0 and result[j][0] == "body" and taken < 3:
            text = units[j].text.strip()
            if text.endswith(":") or self._is_narration(text):
                break
            result[j] = ("quote", "structure:before-attribution")
            taken += 1
            # Only a paragraph cut off by a comma certainly runs into the attribution;
            # earlier ones belong to it only when there is nothing to separate them.
            if not text.endswith(",") and j > 0 and result[j - 1][0] != "body":
                break
            j -= 1

    def _is_narration(self, text: str) -> bool:
        lowered = text.lower()
        first = lowered.split(" ", 2)[:2]
        return any(w in self.cues.speech_verbs for w in first) or bool(
            re.match(r"^(he|she|they|the \w+) (\w+ )?(said|stated|added|noted|told)\b", lowered)
        )

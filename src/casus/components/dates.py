"""Date expressions: found with compiled patterns, resolved against the publication date.

One fast pass finds *keys* (month and weekday names, digit runs, and words such as
"yesterday", "ago", "year"); each key is then matched in place by an anchored pattern
and, where a form begins earlier ("mid-July", "the 21st of July", "two days ago"), by a
short pattern that must end at the key. A resolver turns each match into an ISO value of
day, month or year precision, or drops it. Word lists live in ``lexicons/dates.yaml``.

The ``rule`` of a mention names the form (``dates:month-day``); suffixes say how a
missing year was chosen: ``+previous-year`` / ``+next-year`` (a month named without a
year, moved across the year boundary by tense), ``+relative-year`` ("June last year")
and ``+inferred-year`` (no publication date: the year comes from the text, see
:func:`infer_year`). Expressions that need a reference day ("yesterday", "on Monday")
are left out when there is no publication date.

Tense is read from the sentence: a future cue ("will", "scheduled", ...) points a weekday
or a month without a year forward, unless a reporting verb anchors the date in the past
("said on Monday that talks will resume"). The default is past (news convention).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..datafiles import bundled, read_yaml
from ..doc import Doc
from ..errors import DataError
from ..model import DateMention, Precision
from ..text import sentence_spans

__all__ = ["DateLexicon", "DateResolver", "infer_year", "load_lexicon"]

_SKIPPED_KINDS = frozenset({"boilerplate", "source_link"})
_SP, _SP0 = r"[^\S\n]+", r"[^\S\n]*"  # spaces inside one expression never cross a line
_INFER_MIN, _INFER_MAX = 1990, 2100
_YEAR_LIST_RE = re.compile(rf",{_SP0}|,?{_SP}(?:and|or|to){_SP}")  # "2001, 2010 and 2011"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:]\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)(?![\w%]|[.,:]\d|[-–/]\d)"
_INFER_YEAR_RE = re.compile(r"(?:199\d|20\d\d|2100)(?!\d)")  # starts with a literal: fast
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)[^\S\n]*$")
_CONTEXTS = ("month_context", "year_context", "target_context", "future_prepositions")
_LISTS = (*_CONTEXTS, "weekdays", "name_like_months", "future_cues", "cue_blockers", "past_anchors")
_CUES = (("future", "future_cues"), ("anchor", "past_anchors"), ("blocker", "cue_blockers"))
_DayWords = Mapping[str, tuple[tuple[re.Pattern[str] | None, int], ...]]


@dataclass(frozen=True, slots=True)
class DateLexicon:
    """``lexicons/dates.yaml`` compiled into lookups (lower-cased keys) and patterns.

    ``keys`` finds month and weekday names and digit runs in one pass (every branch
    starts with a literal, so the engine skips ahead fast); ``key_words`` are found with
    ``str.find``. The other patterns match at a key (``at_*``) or end right before one.
    """

    months: Mapping[str, int]
    weekdays: tuple[str, ...]
    name_like_months: frozenset[str]
    numbers: Mapping[str, int]
    contexts: Mapping[str, frozenset[str]]
    day_words: _DayWords
    cue_kinds: Mapping[str, str]
    future_cues: tuple[str, ...]
    key_words: tuple[str, ...]
    keys: re.Pattern[str]
    at_month: re.Pattern[str]
    at_digit: re.Pattern[str]
    month_mod: re.Pattern[str]
    year_mod: re.Pattern[str]
    weekday_mod: re.Pattern[str]
    the: re.Pattern[str]
    year_after: re.Pattern[str]
    ago: re.Pattern[str]
    relative: re.Pattern[str]
    cues: re.Pattern[str]


def _checked(data: Any) -> dict[str, Any]:
    """The parsed YAML document, once every list and table has the expected shape."""
    if not isinstance(data, dict):
        raise DataError("expected a mapping at the top level")
    for key in _LISTS:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise DataError(f"{key!r} must be a list of non-empty strings")
    for key in ("relative_days", "numbers"):
        value = data.get(key)
        if not isinstance(value, dict) or not all(isinstance(v, int) for v in value.values()):
            raise DataError(f"{key!r} must map words to integers")
    months = data.get("months")
    if (
        not isinstance(months, dict)
        or set(months) != set(range(1, 13))
        or not all(
            isinstance(n, list) and n and all(isinstance(w, str) for w in n)
            for n in months.values()
        )
    ):
        raise DataError("'months' must map the numbers 1..12 to lists of names")
    if len(data["weekdays"]) != 7:
        raise DataError("'weekdays' must list seven names, Monday first")
    return data


def load_lexicon(path: Path | None = None) -> DateLexicon:
    """Read, check and compile a dates lexicon (the bundled one when ``path`` is None)."""
    where = str(path) if path else "casus/lexicons/dates.yaml"
    data = read_yaml(path or bundled("casus.lexicons", "dates.yaml"))
    try:
        return _compile(_checked(data))
    except DataError as error:
        raise DataError(error.message, where=where) from None


def _norm(phrase: object) -> str:
    return " ".join(str(phrase).lower().split())


def _alt(words: Iterable[str], *, cased: bool = False) -> str:
    """Alternation of literal phrases, longest first; ``cased`` adds UPPER CASE forms."""
    forms = set(words)
    forms |= {w.upper() for w in forms} if cased else set()
    ordered = sorted(forms, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", _SP) for w in ordered)


def _lower(text: str) -> str:
    """Lower-cased ``text`` with the same length (so offsets carry over)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _left_re(body: str) -> re.Pattern[str]:
    """A pattern that ends where a key starts: searched with ``endpos`` at the key."""
    return re.compile(rf"(?i)(?<![\w-])(?:{body})\Z")


def _day_words(relative_days: Mapping[str, int]) -> _DayWords:
    """Relative-day entries by their last word, longest prefix first."""
    table: dict[str, list[tuple[str, int]]] = {}
    for phrase, offset in relative_days.items():
        *prefix, last = _norm(phrase).split()
        table.setdefault(last, []).append((" ".join(prefix), offset))
    return {
        last: tuple(
            (_left_re(_alt([prefix]) + _SP) if prefix else None, offset)
            for prefix, offset in sorted(entries, key=lambda e: -len(e[0]))
        )
        for last, entries in table.items()
    }


def _compile(data: dict[str, Any]) -> DateLexicon:
    months: dict[int, list[str]] = data["months"]
    full = rf"(?:{_alt([n[0] for n in months.values()], cased=True)})\b"
    abbreviations = [a for names in months.values() for a in names[1:]]
    month = rf"(?:{full}|(?:{_alt(abbreviations, cased=True)})(?:\.|\b))"
    names = _alt([*(n for ns in months.values() for n in ns), *data["weekdays"]], cased=True)
    day_words = _day_words(data["relative_days"])
    cue_kinds = {_norm(w): kind for kind, key in _CUES for w in data[key]}
    return DateLexicon(
        months=MappingProxyType({n.lower(): k for k, ns in months.items() for n in ns}),
        weekdays=tuple(data["weekdays"]),
        name_like_months=frozenset(data["name_like_months"]),
        numbers=MappingProxyType({_norm(k): v for k, v in data["numbers"].items()}),
        contexts=MappingProxyType({k: frozenset(map(_norm, data[k])) for k in _CONTEXTS}),
        day_words=MappingProxyType(day_words),
        cue_kinds=MappingProxyType(cue_kinds),
        future_cues=tuple(map(_norm, data["future_cues"])),
        key_words=(*day_words, "ago", "year", "month"),
        keys=re.compile(names + "".join(f"|{d}[0-9]*" for d in range(10))),
        at_month=re.compile(
            rf"(?P<md>(?P<md_m>{month}){_SP}(?P<md_d>{_DAY})(?:,?{_SP}(?P<md_y>{_YEAR}))?)"
            rf"|(?P<my>(?P<my_m>{month}),?{_SP}(?:of{_SP})?(?P<my_y>{_YEAR}))"
            rf"|(?P<mo>{full})(?!,?{_SP}(?:{_DAY}|{_YEAR}))"
        ),
        at_digit=re.compile(
            r"(?P<iso>(?<!-)(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?!\d|-\d))"
            r"|(?P<dmy>(?<![\w.])(?P<dmy_d>\d\d?)\.(?P<dmy_m>\d\d?)\.(?P<dmy_y>\d{4})(?!\w|\.\d))"
            rf"|(?P<dm>(?<![\w.,:/-])(?P<dm_d>{_DAY})(?:{_SP0}[-–]{_SP0}{_DAY})?{_SP}"
            rf"(?:(?i:of){_SP})?(?P<dm_m>{month})(?:,?{_SP}(?P<dm_y>{_YEAR}))?)"
            rf"|(?P<yr>{_YEAR})"
        ),
        month_mod=_left_re(rf"(early|mid|late|last|next|this)(?:{_SP}|-)"),
        year_mod=_left_re(rf"(early|mid|late)(?:{_SP}|-)"),
        weekday_mod=_left_re(rf"(last|next|this){_SP}"),
        the=_left_re(rf"the{_SP}"),
        year_after=re.compile(rf"(?i),?{_SP}(?:of{_SP})?(this|last|next){_SP}year\b"),
        ago=_left_re(
            rf"(?P<n>\d{{1,3}}|{_alt(data['numbers'])}){_SP}(?P<u>days?|weeks?|months?|years?){_SP}"
        ),
        relative=_left_re(rf"(?:(earlier|later){_SP})?(this|last|next){_SP}"),
        cues=re.compile(_alt(cue_kinds)),
    )


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    value: str | None
    precision: Precision
    rule: str


def _iso(year: int | None, month: int, day: int | None = None) -> str | None:
    """ISO value, or None when there is no year or the date does not exist."""
    if year is None or not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _add_days(day: date, days: int) -> str | None:
    try:
        return (day + timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _anchors_in(anchors: list[int], lo: int, hi: int) -> bool:
    """Is there an anchor offset in ``[lo, hi)`` (``anchors`` in order)?"""
    k = bisect_left(anchors, lo)
    return k < len(anchors) and anchors[k] < hi


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def infer_year(text: str, lex: DateLexicon | None = None) -> tuple[int, str] | None:
    """The most recent plausible year written in ``text`` and the token that holds it.

    Years after a target word ("by 2050") count only when there is no other. ``lex``:
    the dates lexicon (the bundled one is read when not given).
    """
    lex = lex or load_lexicon()
    found: list[tuple[int, int, int]] = []
    targets: list[tuple[int, int, int]] = []
    for match in _INFER_YEAR_RE.finditer(text):
        year, at = int(match.group()), match.start()
        if not _INFER_MIN <= year <= _INFER_MAX or re.search(r"\d,?\Z", text[max(0, at - 2) : at]):
            continue  # part of a longer number: 12025, 1,2025
        before = _WORD_BEFORE_RE.search(text, max(0, match.start() - 20), match.start())
        target = before is not None and before.group(1).lower() in lex.contexts["target_context"]
        (targets if target else found).append((year, match.start(), match.end()))
    best = max(found or targets, default=None)
    if best is None:
        return None
    year, start, end = best
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min([i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0] or [len(text)])
    token = text[left:right].strip("()[]{}<>\"'“”‘’,.;:!?")
    if len(token) > 40:
        token = "…" + text[max(left, start - 15) : min(right, end + 15)].strip("/.,;:") + "…"
    return year, token


class _Run:
    """Resolution of one document: keys, context, tense and one resolver per form."""

    def __init__(self, doc: Doc, lex: DateLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.lower = _lower(doc.text)
        self.lex = lex
        self.published = doc.published
        self.year: int | None = doc.published.year if doc.published else None
        self.suffix = ""
        self.year_end = -1  # end of the last bare-year mention, for "2001, 2010 and 2011"
        self._lines: dict[int, list[tuple[int, int]]] = {}
        self._cues: dict[int, tuple[list[int], list[int]]] = {}
        self._maybe: dict[int, bool] = {}
        self._breaks: list[int] | None = None

    def infer(self) -> None:
        """Without a publication date, take the year from the text and say so in a note."""
        inferred = infer_year(self.text, self.lex)
        if inferred is None:
            self.doc.notes.append(
                "no publication date and no year in the text: "
                "dates that need a year or a reference day left unresolved"
            )
            return
        self.year, token = inferred
        self.suffix = "+inferred-year"
        self.doc.notes.append(
            f"no publication date: year {self.year} inferred from the text ({token!r}); "
            "relative dates left unresolved"
        )

    def keys(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Key words in ``[start, end)`` as sorted (start, end, key) triples."""
        text, found = self.text, []
        for match in self.lex.keys.finditer(text, start, end):
            s, e = match.span()
            digit = text[s].isdigit()
            if (s > 0 and _is_word(text[s - 1])) or (not digit and text[e : e + 1].isalpha()):
                continue
            found.append((s, e, "digit" if digit else match.group()))
        for word in self.lex.key_words:
            s = self.lower.find(word, start, end)
            while s >= 0:
                e = s + len(word)
                if not (s > 0 and _is_word(text[s - 1])) and not text[e : e + 1].isalnum():
                    found.append((s, e, word))
                s = self.lower.find(word, e, end)
        found.sort()
        return found

    def scan(self, start: int, end: int) -> Iterable[DateMention]:
        last = start
        for s, e, key in self.keys(start, end):
            if s < last:
                continue
            hit = self.resolve(key, s, e, start, end)
            if hit is None or hit.value is None or hit.start < last:
                continue
            last = hit.end
            if hit.rule == "dates:year":
                self.year_end = hit.end
            text = self.text[hit.start : hit.end]
            yield DateMention(hit.start, hit.end, text, hit.value, hit.precision, hit.rule)

    def resolve(self, key: str, s: int, e: int, floor: int, end: int) -> _Hit | None:
        if key == "digit":
            return self._digit(s, floor, end)
        if key == "ago":
            return self._ago(s, e, floor)
        if key in ("year", "month"):
            return self._relative(key, s, e, floor)
        if key in self.lex.day_words:
            return self._day_word(key, s, e, floor)
        if key.title() in self.lex.weekdays:
            return self._weekday(key, s, e, floor)
        return self._month_name(s, floor, end)

    # -- context -----------------------------------------------------------------------

    def word_before(self, offset: int, floor: int) -> str:
        found = _WORD_BEFORE_RE.search(self.text, max(floor, offset - 24), offset)
        return found.group(1).lower() if found else ""

    def left(self, pattern: re.Pattern[str], offset: int, floor: int) -> re.Match[str] | None:
        return pattern.search(self.text, max(floor, offset - 32), offset)

    def line(self, offset: int) -> tuple[int, int]:
        """The line holding ``offset`` (from an index of line breaks built once: a
        search from ``offset`` would cost the length of the line for every date)."""
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        k = bisect_left(self._breaks, offset)
        start = self._breaks[k - 1] + 1 if k > 0 else 0
        return start, self._breaks[k] if k < len(self._breaks) else len(self.text)

    def sentence(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset``: from doc.sentences when computed, else its line's."""
        line_start, line_end = self.line(offset)
        spans = self._lines.get(line_start)
        if spans is None:
            cached = getattr(self.doc, "__dict__", {}).get("sentences")
            spans = (
                cached if cached is not None else sentence_spans(self.text, line_start, line_end)
            )
            self._lines[line_start] = spans
        index = bisect_right(spans, (offset, len(self.text))) - 1
        return spans[index] if index >= 0 else (line_start, line_end)

    def cues(self, start: int, end: int) -> tuple[list[int], list[int]]:
        """Offsets of future cues and of past anchors in the sentence ``[start, end)``."""
        found = self._cues.get(start)
        if found is None:
            found = self._cues[start] = ([], [])
            lower = self.lower
            for match in self.lex.cues.finditer(lower, start, end):
                s, e = match.span()
                if (_is_word(lower[s]) and s > 0 and _is_word(lower[s - 1])) or (
                    lower[e : e + 1].isalnum()
                ):
                    continue
                kind = self.lex.cue_kinds[" ".join(match.group().split())]
                if kind != "blocker":  # "the next day", "is to blame"
                    found[kind == "anchor"].append(s)
        return found

    def is_future(self, start: int, end: int) -> bool:
        """True when the sentence around ``[start, end)`` puts the date in the future."""
        line_start, line_end = self.line(start)
        maybe = self._maybe.get(line_start)
        if maybe is None:  # a cheap substring test spares most lines the sentence split
            line = self.lower[line_start:line_end]
            maybe = self._maybe[line_start] = any(cue in line for cue in self.lex.future_cues)
        if not maybe:
            return False
        future, anchors = self.cues(*self.sentence(start))
        # The cue nearest before the date and the one nearest after it (both lists are
        # in text order): a cue with no past anchor between it and the date makes it
        # future, and the nearest cue on a side is the one with the fewest between.
        before, after = bisect_left(future, start), bisect_left(future, end)
        cues = future[max(0, before - 1) : before] + future[after : after + 1]
        if not cues or _anchors_in(anchors, start - 16, start + 1):  # "said on Monday"
            return False
        return any(not _anchors_in(anchors, min(start, c) + 1, max(start, c)) for c in cues)

    def year_for(self, month: int, start: int, end: int) -> tuple[int | None, int, str]:
        """Year of a month named without one, the end of the span, and the rule suffix.

        "June last year" and "January 1 of this year" take the year that follows.
        """
        pub = self.published
        after = self.lex.year_after.match(self.text, end)
        if after is not None:
            delta = {"this": 0, "last": -1, "next": 1}[after.group(1).lower()]
            return (pub.year + delta if pub else None), after.end(), "+relative-year"
        if pub is None:
            return self.year, end, self.suffix
        if month - pub.month >= 2 and not self.is_future(start, end):
            return pub.year - 1, end, "+previous-year"
        if pub.month - month >= 2 and self.is_future(start, end):
            return pub.year + 1, end, "+next-year"
        return pub.year, end, ""

    # -- resolvers -------------------------------------------------------------------

    def _digit(self, pos: int, floor: int, end: int) -> _Hit | None:
        m = self.lex.at_digit.match(self.text, pos, end)
        if m is None:
            return None
        if m.lastgroup == "iso":
            value = _iso(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
            return _Hit(pos, m.end(), value, "day", "dates:iso")
        if m.lastgroup == "dmy":
            value = _iso(int(m["dmy_y"]), int(m["dmy_m"]), int(m["dmy_d"]))
            return _Hit(pos, m.end(), value, "day", "dates:numeric-dmy")
        if m.lastgroup == "dm":
            the = self.left(self.lex.the, pos, floor)
            return self._day_month(m, "dm", the.start() if the else pos)
        modifier = self.left(self.lex.year_mod, pos, floor)
        listed = self.year_end >= 0 and _YEAR_LIST_RE.fullmatch(self.text, self.year_end, pos)
        if (
            modifier is None
            and not listed
            and (
                self.text[pos - 1 : pos] in (".", ",", ":", "/", "-")
                or self.word_before(pos, floor) not in self.lex.contexts["year_context"]
            )
        ):
            return None
        start = modifier.start() if modifier else pos
        return _Hit(start, m.end(), m["yr"], "year", "dates:year")

    def _day_month(self, m: re.Match[str], branch: str, start: int) -> _Hit | None:
        month = self.lex.months[m[f"{branch}_m"].rstrip(".").lower()]
        day = int(m[f"{branch}_d"].rstrip("stndrh"))
        name = "month-day" if branch == "md" else "day-month"
        if m[f"{branch}_y"]:
            value = _iso(int(m[f"{branch}_y"]), month, day)
            return _Hit(start, m.end(), value, "day", f"dates:{name}-year")
        year, end, suffix = self.year_for(month, start, m.end())
        return _Hit(start, end, _iso(year, month, day), "day", f"dates:{name}{suffix}")

    def _month_name(self, pos: int, floor: int, end: int) -> _Hit | None:
        m = self.lex.at_month.match(self.text, pos, end)
        if m is None:
            return None
        if m.lastgroup == "md":
            return self._day_month(m, "md", pos)
        if m.lastgroup == "my":
            value = _iso(int(m["my_y"]), self.lex.months[m["my_m"].rstrip(".").lower()])
            return _Hit(pos, m.end(), value, "month", "dates:month-year")
        return self._bare_month(m["mo"], pos, floor)

    def _bare_month(self, name: str, pos: int, floor: int) -> _Hit | None:
        """A month name alone: needs a modifier or a context word ("in July")."""
        end, text = pos + len(name), self.text
        mod = self.left(self.lex.month_mod, pos, floor)
        if mod is None and (
            text[pos - 1 : pos] == "-"
            or self.word_before(pos, floor) not in self.lex.contexts["month_context"]
        ):
            return None
        if name.title() in self.lex.name_like_months and re.match(r"['’]s\b", text[end : end + 3]):
            return None  # "in May's cabinet"
        start, modifier = (mod.start(), mod.group(1).lower()) if mod else (pos, "")
        month = self.lex.months[name.lower()]
        if modifier not in ("last", "next"):
            year, end, suffix = self.year_for(month, start, end)
            return _Hit(start, end, _iso(year, month), "month", f"dates:month{suffix}")
        pub = self.published
        if pub is None:
            return None
        # the most recent such month before the publication month, or the first one after
        last = modifier == "last"
        year = pub.year - (month >= pub.month) if last else pub.year + (month <= pub.month)
        return _Hit(start, end, _iso(year, month), "month", f"dates:month-{modifier}")

    def _weekday(self, name: str, pos: int, end: int, floor: int) -> _Hit | None:
        pub, text = self.published, self.text
        if pub is None:
            return None
        if self.word_before(pos, floor) == "the" and re.match(r"\s+[A-Z]", text[end : end + 2]):
            return None  # "the Sunday Times"
        weekday = self.lex.weekdays.index(name.title())
        mod = self.left(self.lex.weekday_mod, pos, floor)
        modifier = mod.group(1).lower() if mod else ""
        if modifier in ("last", "next"):
            future, strict = modifier == "next", True
        elif self.word_before(pos, floor) in self.lex.contexts["future_prepositions"]:
            future, strict = True, False  # "a summit for Wednesday"
        else:
            future, strict = self.is_future(pos, end), False
        if future:
            delta = (weekday - pub.weekday() - 1) % 7 + 1
        else:
            delta = -((pub.weekday() - weekday) % 7 or (7 if strict else 0))
        tense = "future" if future else "past"
        rule = f"dates:weekday-{modifier if modifier in ('last', 'next') else tense}"
        value = _add_days(pub, delta)
        return _Hit(mod.start() if mod else pos, end, value, "day", rule)

    def _day_word(self, word: str, pos: int, end: int, floor: int) -> _Hit | None:
        for prefix, offset in self.lex.day_words[word]:
            found = self.left(prefix, pos, floor) if prefix else None
            if prefix and found is None:
                continue
            if self.published is None:
                return None
            value = _add_days(self.published, offset)
            start = found.start() if found else pos
            return _Hit(start, end, value, "day", "dates:relative-day")
        return None

    def _ago(self, pos: int, end: int, floor: int) -> _Hit | None:
        m = self.left(self.lex.ago, pos, floor)
        pub = self.published
        if m is None or pub is None:
            return None
        count_text, unit = m["n"].lower(), m["u"].lower().rstrip("s")
        count = int(count_text) if count_text.isdigit() else self.lex.numbers[count_text]
        if unit == "day":
            value = _add_days(pub, -count)
            return _Hit(m.start(), end, value, "day", "dates:ago-days")
        if unit == "month":
            value = _iso(*_shift_month(pub.year, pub.month, -count))
            return _Hit(m.start(), end, value, "month", "dates:ago-months")
        if unit == "year" and pub.year > count:
            return _Hit(m.start(), end, f"{pub.year - count:04d}", "year", "dates:ago-years")
        return None  # weeks: no week precision

    def _relative(self, unit: str, pos: int, end: int, floor: int) -> _Hit | None:
        m = self.left(self.lex.relative, pos, floor)
        pub = self.published
        if m is None or pub is None or self.word_before(m.start(), floor) == "the":
            return None  # "over the next year" is a period, not a date
        delta = {"this": 0, "last": -1, "next": 1}[m.group(2).lower()]
        if unit == "year":
            value = _iso(pub.year + delta, 1)
            return _Hit(m.start(), end, value and value[:4], "year", "dates:relative-year")
        value = _iso(*_shift_month(pub.year, pub.month, delta))
        return _Hit(m.start(), end, value, "month", "dates:relative-month")


class DateResolver:
    """Pipeline component: finds date expressions and resolves them to ISO values."""

    name = "dates"
    requires: tuple[str, ...] = ("segments",)
    assigns: tuple[str, ...] = ("dates",)

    def __init__(self, lexicon: DateLexicon | Path | None = None) -> None:
        """``lexicon``: a compiled dates lexicon, or the path of a lexicon file (read
        here); the bundled ``lexicons/dates.yaml`` when not given."""
        if isinstance(lexicon, DateLexicon):
            self.lexicon = lexicon
        else:
            self.lexicon = load_lexicon(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        run = _Run(doc, self.lexicon)
        if doc.published is None:
            run.infer()
        if doc.segments:
            ranges = [(s.start, s.end) for s in doc.segments if s.kind not in _SKIPPED_KINDS]
        else:
            ranges = [(0, len(doc.text))]
        for start, end in ranges:
            doc.dates.extend(run.scan(start, end))
        return doc

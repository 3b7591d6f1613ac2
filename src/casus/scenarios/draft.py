"""A scenario pack skeleton drafted from an article that lays out scenarios.

Analysts' articles often list where a crisis may go: "First scenario: ...", "Scenario two"
under a heading, "1. ... 2. ... 3. ...". :func:`draft_pack` finds those paragraphs (the
cues are data: ``draft_cues.yaml``) and makes each one a scenario; the future and
hypothetical events casus codes inside a scenario's paragraphs become indicators, each
an event pattern (type, CAMEO code, source, target, country) with the sentence that
named it. :func:`to_yaml` writes the skeleton in the pack format for the analyst to
finish: priors are an equal split, every likelihood is left empty (``null``, marked
``# set me``), and the top-level ``draft: true`` says the numbers are not set yet.

Article text is untrusted: it reaches the YAML only through ``yaml.safe_dump``, as
one-line strings, so nothing an article says can add a key or a list item.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..datafiles import bundled, read_yaml
from ..errors import DataError, InputError
from ..ingest import read_path
from ..model import Analysis, Article, Event, SetAside
from .model import Pattern

__all__ = [
    "DRAFT_FACTUALITIES",
    "DraftIndicator",
    "DraftPack",
    "DraftScenario",
    "draft_pack",
    "pack_data",
    "read_article",
    "to_yaml",
]

DRAFT_FACTUALITIES = ("future", "hypothetical")
"""The factualities of the events that become indicators: what a scenario expects."""

_CONTENT_KINDS = ("body", "quote")
_MARKER_KINDS = ("body", "heading")
_TITLE_WORDS = 10
_SHORT_SENTENCE = 12
_ID_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9])")
_CLAUSE_END = re.compile(r"\s*(?:[,;:(]|\s[-–—]\s)")
_SET_ME = re.compile(r"^(\s*[a-z0-9][a-z0-9-]*: null)$", re.MULTILINE)
_HEADER = """\
# A DRAFT scenario pack written by `casus scenarios draft`. Before using it:
# - check each scenario (are they mutually exclusive? is one missing?) and its prior;
# - set every value marked "# set me": start, horizon, and for each indicator the
#   probability of seeing it at least once in period_days under each scenario;
# - indicators come from hypothetical or future mentions, but match only events
#   reported as having happened; widen or narrow their patterns as needed;
# - remove `draft: true`.
"""


@dataclass(frozen=True, slots=True)
class DraftScenario:
    id: str
    title: str
    description: str
    spans: tuple[tuple[int, int], ...]
    """The paragraphs (and heading) of the article that lay the scenario out."""
    rule: str
    """How it was found: ``draft:named`` (a scenario noun and a number), ``draft:listed``
    (a bare number or ordinal in a list), ``draft:preferred`` (the author's preference)."""


@dataclass(frozen=True, slots=True)
class DraftIndicator:
    id: str
    title: str
    pattern: Pattern
    scenarios: tuple[str, ...]
    """The scenarios whose paragraphs mention it."""
    evidence: tuple[Event, ...]
    """The coded events it was drafted from (their evidence spans and rules)."""
    note: str
    """Where it came from, quoting the sentences."""


@dataclass(frozen=True, slots=True)
class DraftPack:
    id: str
    title: str
    description: str
    start: date | None
    scenarios: tuple[DraftScenario, ...]
    indicators: tuple[DraftIndicator, ...]
    notes: tuple[str, ...] = field(default=())


# --- cues ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cues:
    named: tuple[re.Pattern[str], ...]
    listed: tuple[re.Pattern[str], ...]
    separator: re.Pattern[str]
    announce: re.Pattern[str]
    preferred: re.Pattern[str]
    places: dict[str, int]


def _alternation(words: list[str], *, escape: bool = True) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in ordered)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    path = bundled("casus.scenarios", "draft_cues.yaml")
    data = read_yaml(path)
    try:
        return _compile(data)
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise DataError(f"invalid cue file: {exc}", where=str(path)) from None


def _compile(data: dict[str, Any]) -> _Cues:
    flags = re.IGNORECASE
    nouns = _alternation(data["nouns"])
    ordinals = _alternation(list(data["ordinals"]))
    numbers = _alternation([str(n) for n in data["numbers"]])
    lead = rf"(?:(?:{_alternation(data['lead'], escape=False)})\s+)?"
    between = rf"(?:[\w'’-]+,?\s+){{0,{int(data['between_words'])}}}?"
    named = (
        rf"^\s*{lead}(?P<num>{ordinals}),?\s+{between}(?:{nouns})\b",
        rf"^\s*{lead}(?:{nouns})\s+(?:no\.?\s*|number\s+|#)?(?P<num>\d{{1,2}}|{numbers})\b",
    )
    listed = (r"^\s*\(?(?P<num>\d{1,2})[.)]\s+", rf"^\s*(?P<num>{ordinals}),\s+")
    preferred = data["preferred"]
    cue = _alternation(preferred["cues"], escape=False)
    verbs = _alternation(preferred["verbs"])
    places = {str(k).lower(): int(v) for k, v in {**data["numbers"], **data["ordinals"]}.items()}
    return _Cues(
        named=tuple(re.compile(p, flags) for p in named),
        listed=tuple(re.compile(p, flags) for p in listed),
        separator=re.compile(rf"^\s*(?:\([^)]*\)\s*)?[:.)\-–—,]?\s*(?:(?:{verbs})\s+)?", flags),
        announce=re.compile(rf"\b(?:{_alternation(data['plurals'])})\b", flags),
        preferred=re.compile(rf"\b(?:{cue})\s+(?:{verbs})\s+(?P<title>[^.;:!?]+)", flags),
        places=places,
    )


# --- finding the scenario paragraphs ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Marker:
    index: int
    """The segment's index in the analysis."""
    number: int
    named: bool
    rest: str
    """The segment's text after the marker."""


def _marker(analysis: Analysis, index: int, cues: _Cues) -> _Marker | None:
    segment = analysis.segments[index]
    text = analysis.text[segment.start : segment.end]
    for named, patterns in ((True, cues.named), (False, cues.listed)):
        for pattern in patterns:
            found = pattern.match(text)
            if found is None:
                continue
            token = found["num"]
            after = text[found.end() :]
            if token.isalpha() and len(token) == 1 and not re.match(r"\s*[:.)\-–—]", after):
                continue  # "Option a ..." is not "Option A:"
            number = int(token) if token.isdigit() else cues.places[token.lower()]
            separator = cues.separator.match(after)
            rest = after[separator.end() :] if separator else after
            return _Marker(index, number, named, rest.strip())
    return None


def _runs(markers: list[_Marker]) -> list[list[_Marker]]:
    """Markers that count up from one; a marker that does not continue a run is left."""
    runs: list[list[_Marker]] = []
    for marker in markers:
        if marker.number == 1:
            runs.append([marker])
        elif runs and marker.number == runs[-1][-1].number + 1:
            runs[-1].append(marker)
    return runs


def _announced(analysis: Analysis, run: list[_Marker], cues: _Cues) -> int | None:
    """The segment just before a run, if it announces scenarios ("three scenarios")."""
    for index in range(run[0].index - 1, max(run[0].index - 3, -1), -1):
        segment = analysis.segments[index]
        if segment.kind not in _MARKER_KINDS:
            continue
        text = analysis.text[segment.start : segment.end]
        return index if cues.announce.search(text) else None
    return None


def _choose_run(analysis: Analysis, cues: _Cues) -> tuple[list[_Marker], str]:
    markers = [
        marker
        for index, segment in enumerate(analysis.segments)
        if segment.kind in _MARKER_KINDS and (marker := _marker(analysis, index, cues))
    ]
    named = _runs([m for m in markers if m.named])
    best = max(named, key=len) if named else []
    if len(best) > 1:
        return best, "draft:named"
    listed = [run for run in _runs([m for m in markers if not m.named]) if len(run) > 1]
    announced = [run for run in listed if _announced(analysis, run, cues) is not None]
    for runs in (announced, listed):
        if runs:
            return max(runs, key=len), "draft:listed"
    return best, "draft:named" if best else ""


# --- scenarios -------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    for found in _SENTENCE_END.finditer(text, start, end):
        spans.append((begin, found.end()))
        begin = found.end()
    spans.append((begin, end))
    return [
        (s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans if text[s:e].strip()
    ]


def _first_sentence(text: str) -> str:
    spans = _sentences(text, 0, len(text))
    return _one_line(text[slice(*spans[0])]) if spans else ""


def _short_title(text: str) -> str:
    clause = _CLAUSE_END.split(_one_line(text), maxsplit=1)[0]
    words = clause.rstrip(" .!?:;").split()
    title = " ".join(words[:_TITLE_WORDS]) + (" …" if len(words) > _TITLE_WORDS else "")
    return title[:1].upper() + title[1:]


def _section(analysis: Analysis, heading: int) -> list[int]:
    """The body paragraphs after a heading, up to the next heading."""
    indices = []
    for index in range(heading + 1, len(analysis.segments)):
        kind = analysis.segments[index].kind
        if kind == "heading":
            break
        if kind in _CONTENT_KINDS:
            indices.append(index)
    return indices


def _scenario(analysis: Analysis, marker: _Marker, rule: str) -> DraftScenario:
    segment = analysis.segments[marker.index]
    if segment.kind == "heading":
        body = _section(analysis, marker.index)
        first = analysis.segments[body[0]] if body else None
        follow = _first_sentence(analysis.text[first.start : first.end]) if first else ""
        title = _short_title(marker.rest or follow)
        spans = (
            (segment.start, segment.end),
            *((analysis.segments[i].start, analysis.segments[i].end) for i in body),
        )
        return DraftScenario("", title, follow, spans, rule)
    spans_in = _sentences(marker.rest, 0, len(marker.rest))
    parts = [_one_line(marker.rest[s:e]) for s, e in spans_in] or [""]
    if len(parts) > 1 and len(parts[0].split()) <= _SHORT_SENTENCE:
        title, description = _short_title(parts[0]), parts[1]
    else:
        title, description = _short_title(parts[0]), parts[0]
    return DraftScenario("", title, description, ((segment.start, segment.end),), rule)


def _preferred(analysis: Analysis, taken: set[int], cues: _Cues) -> DraftScenario | None:
    for index, segment in enumerate(analysis.segments):
        if segment.kind != "body" or index in taken:
            continue
        text = analysis.text[segment.start : segment.end]
        found = cues.preferred.search(text)
        if found is not None:
            title = _short_title(found["title"])
            span = ((segment.start, segment.end),)
            return DraftScenario("", title, _first_sentence(text), span, "draft:preferred")
    return None


def _slug(text: str, words: int = _ID_WORDS) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:words])


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def _with_ids(scenarios: list[DraftScenario]) -> list[DraftScenario]:
    taken: set[str] = set()
    return [
        replace(scenario, id=_unique(_slug(scenario.title) or f"scenario-{number}", taken))
        for number, scenario in enumerate(scenarios, start=1)
    ]


# --- indicators ------------------------------------------------------------------------


def _owner(event: Event, scenarios: list[DraftScenario]) -> tuple[str, tuple[int, int]] | None:
    """The scenario whose paragraph holds the event, and that paragraph's span."""
    for scenario in scenarios:
        for start, end in scenario.spans:
            if start <= event.evidence.start < end:
                return scenario.id, (start, end)
    return None


def _sentence_of(analysis: Analysis, event: Event, paragraph: tuple[int, int]) -> str:
    for start, end in _sentences(analysis.text, *paragraph):
        if start <= event.evidence.start < end:
            return _one_line(analysis.text[start:end])
    return _one_line(event.evidence.text)


def _pattern(event: Event) -> Pattern:
    source = event.source.code if event.source and event.source.code else None
    target = event.target.code if event.target and event.target.code else None
    country = event.location.country if event.location else None
    return Pattern(
        types=(event.type,),
        cameo=(event.cameo,),
        sources=(source,) if source else (),
        targets=(target,) if target else (),
        countries=(country,) if country else (),
    )


def _indicator(analysis: Analysis, mentions: list[tuple[Event, str, str]]) -> DraftIndicator:
    first = mentions[0][0]
    pattern = _pattern(first)
    source = pattern.sources[0] if pattern.sources else "*"
    target = pattern.targets[0] if pattern.targets else "*"
    place = f" in {first.location.name}" if first.location else ""
    if pattern.sources or pattern.targets:
        title = f"{source} {first.type} {target}{place}"
    else:
        title = f"{first.type}: {_short_title(first.evidence.text)}"
    quotes = dict.fromkeys(
        f'{e.factuality} in {owner}: "{sentence}"' for e, owner, sentence in mentions
    )
    return DraftIndicator(
        id=_slug(f"{source}-{first.type}-{target}".replace("*", "any"), words=8),
        title=_one_line(title),
        pattern=pattern,
        scenarios=tuple(dict.fromkeys(owner for _, owner, _ in mentions)),
        evidence=tuple(e for e, _, _ in mentions),
        note="; ".join(quotes),
    )


def _indicators(analysis: Analysis, scenarios: list[DraftScenario]) -> list[DraftIndicator]:
    """One indicator per distinct pattern among the future and hypothetical events coded
    in the scenarios' paragraphs, in the order the article first names them."""
    groups: dict[Pattern, list[tuple[Event, str, str]]] = {}
    for event in analysis.events:
        owner = _owner(event, scenarios)
        if event.factuality not in DRAFT_FACTUALITIES or owner is None:
            continue
        sentence = _sentence_of(analysis, event, owner[1])
        groups.setdefault(_pattern(event), []).append((event, owner[0], sentence))
    taken: set[str] = set()
    indicators = []
    for mentions in groups.values():
        indicator = _indicator(analysis, mentions)
        indicators.append(replace(indicator, id=_unique(indicator.id, taken)))
    return indicators


# --- the pack --------------------------------------------------------------------------


def _title(analysis: Analysis) -> str:
    if analysis.article.title:
        return _one_line(analysis.article.title)
    for segment in analysis.segments:
        if segment.kind == "title":
            return _one_line(analysis.text[segment.start : segment.end])
    return f"Scenarios drafted from {analysis.origin.path}"


def _start(analysis: Analysis) -> date | None:
    try:
        return date.fromisoformat(analysis.article.published or "")
    except ValueError:
        return None


def _notes(scenarios: list[DraftScenario], indicators: list[DraftIndicator]) -> list[str]:
    if not scenarios:
        return ["no scenarios found: no numbered or headed scenario paragraphs"]
    notes = [f"{s.id}: found by {s.rule}" for s in scenarios]
    covered = {owner for indicator in indicators for owner in indicator.scenarios}
    notes += [
        f"{s.id}: casus coded no future or hypothetical event in its text; add indicators"
        for s in scenarios
        if s.id not in covered
    ]
    notes += [
        f"{i.id}: no actor or country: it matches any {i.pattern.types[0]} event; narrow it"
        for i in indicators
        if not (i.pattern.sources or i.pattern.targets or i.pattern.countries)
    ]
    return notes


def draft_pack(analysis: Analysis) -> DraftPack:
    """The scenarios an analysed article lays out, and their indicators (see the module)."""
    cues = _cues()
    run, rule = _choose_run(analysis, cues)
    scenarios = [_scenario(analysis, marker, rule) for marker in run]
    taken = {
        index
        for index, segment in enumerate(analysis.segments)
        if any(start <= segment.start < end for s in scenarios for start, end in s.spans)
    }
    extra = _preferred(analysis, taken, cues) if scenarios else None
    scenarios = _with_ids([*scenarios, *([extra] if extra else [])])
    indicators = _indicators(analysis, scenarios)
    announced = _announced(analysis, run, cues) if run else None
    description = ""
    if announced is not None:
        segment = analysis.segments[announced]
        description = _one_line(analysis.text[segment.start : segment.end])
    title = _title(analysis)
    return DraftPack(
        id=_slug(title) or "draft",
        title=title,
        description=description or f"Scenarios drafted from: {title}",
        start=_start(analysis),
        scenarios=tuple(scenarios),
        indicators=tuple(indicators),
        notes=tuple(_notes(scenarios, indicators)),
    )


# --- YAML ------------------------------------------------------------------------------


def _priors(count: int) -> list[float]:
    """An equal split, rounded to four places, that sums to one."""
    if count == 0:
        return []
    share = round(1 / count, 4)
    return [share] * (count - 1) + [round(1 - share * (count - 1), 4)]


def _match(pattern: Pattern) -> dict[str, str]:
    fields = {
        "type": pattern.types,
        "cameo": pattern.cameo,
        "source": pattern.sources,
        "target": pattern.targets,
        "country": pattern.countries,
    }
    return {key: values[0] for key, values in fields.items() if values}


def pack_data(draft: DraftPack) -> dict[str, Any]:
    """The draft as the plain data :func:`to_yaml` writes (every string on one line)."""
    priors = _priors(len(draft.scenarios))
    scenarios = [
        {
            "id": s.id,
            "title": _one_line(s.title),
            "prior": p,
            "description": _one_line(s.description),
        }
        for s, p in zip(draft.scenarios, priors, strict=True)
    ]
    indicators = [
        {
            "id": i.id,
            "title": _one_line(i.title),
            "match": _match(i.pattern),
            "likelihoods": {s.id: None for s in draft.scenarios},
            "period_days": 30,
            "tripwire": False,
            "note": _one_line(i.note),
        }
        for i in draft.indicators
    ]
    return {
        "draft": True,
        "id": draft.id,
        "title": _one_line(draft.title),
        "description": _one_line(draft.description),
        "start": draft.start,
        "horizon": None,
        "scenarios": scenarios,
        "indicators": indicators,
        "notes": [_one_line(note) for note in draft.notes],
    }


def to_yaml(draft: DraftPack) -> str:
    """The draft as a readable YAML pack skeleton, values to set marked ``# set me``.

    The text is ``yaml.safe_dump``'s; the only thing added is a fixed header and the
    ``# set me`` comments after ``key: null`` lines, which cannot occur inside a string
    because every string is on one line (quoted by the dumper if it looks like YAML)."""
    text = yaml.safe_dump(
        pack_data(draft),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 30,
    )
    return _HEADER + "\n" + _SET_ME.sub(r"\1  # set me", text)


# --- reading the article ---------------------------------------------------------------


def _input_error(item: SetAside) -> InputError:
    """The error of a set-aside input, as the exception class of its code."""
    pending: list[type[InputError]] = [InputError]
    while pending:
        kind = pending.pop()
        if kind.code == item.code:
            return kind(item.reason, where=item.origin.path)
        pending.extend(kind.__subclasses__())
    return InputError(item.reason, where=item.origin.path)


def _items(path: Path) -> Iterator[Article]:
    for item in read_path(path):
        if isinstance(item, SetAside):
            raise _input_error(item)
        if isinstance(item, Article):
            yield item


def read_article(path: Path) -> Article:
    """The one article in ``path`` (an :class:`InputError` if it cannot be read, holds
    none, or holds several: a pack is drafted from one article)."""
    articles = _items(path)
    article = next(articles, None)
    if article is None:
        raise InputError("no article to read", where=str(path))
    if next(articles, None) is not None:
        raise InputError("holds more than one article: give one", where=str(path))
    return article

"""The Markdown view of one analysis: metadata, structure, events, claims, actors, places,
dates and notes, each table followed by a collapsed block naming the rule behind every
row.

Every string that comes from the article goes through :mod:`casus.render.escape`; a
table cell is escaped unless it is an :class:`Md` (Markdown casus wrote itself)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from ..model import ActorMention, Analysis, ArticleInfo, PlaceMention
from .common import event_cells, party, place_point, snippet
from .escape import md_code, md_text, md_url

__all__ = ["Md", "article_section", "md_table", "rules_block", "to_markdown"]

_AS_WRITTEN = 4  # distinct spellings shown per actor, place or date

_ActorKey = tuple[str, str | None, str | None, str]
_PlaceKey = tuple[str, str | None, str, float, float, int | None]


def _actor_key(x: ActorMention) -> _ActorKey:
    return (x.name, x.code, x.sector, x.kind)


def _place_key(p: PlaceMention) -> _PlaceKey:
    return (p.name, p.country, p.kind, p.lat, p.lon, p.geonameid)


class Md(str):
    """Markdown that casus wrote (escaped already): table cells pass it through."""

    __slots__ = ()


def _cell(value: object) -> str:
    return value if isinstance(value, Md) else md_text(value)


def md_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A GFM table; ``headers`` are casus's own words, every other cell is escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _ranges(prefix: str, numbers: list[int]) -> str:
    """``E1, E3–E5`` for rows 1, 3, 4, 5."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], -1]:
        if n == prev + 1:
            prev = n
            continue
        parts.append(f"{prefix}{start}" if start == prev else f"{prefix}{start}–{prefix}{prev}")
        start = prev = n
    return ", ".join(parts)


def rules_block(what: str, prefix: str, pairs: Iterable[tuple[int, str]]) -> list[str]:
    """A collapsed ``<details>`` block: each rule once, with the rows it produced.
    ``pairs`` are (row number, rule)."""
    groups: dict[str, list[int]] = {}
    for number, rule in pairs:
        rows = groups.setdefault(rule, [])
        if not rows or rows[-1] != number:
            rows.append(number)
    if not groups:
        return []
    table = md_table(
        ["rule", "rows"],
        [[Md(md_code(rule, cell=True)), _ranges(prefix, rows)] for rule, rows in groups.items()],
    )
    label = f"Rules behind these {what} ({len(groups)})"
    return ["", f"<details><summary>{label}</summary>", "", *table, "", "</details>"]


def _as_written(texts: Counter[str]) -> str:
    shown = [snippet(t, 40) for t, _ in texts.most_common(_AS_WRITTEN)]
    more = len(texts) - len(shown)
    return "; ".join(shown) + (f"; +{more} more" if more > 0 else "")


def _metadata(a: ArticleInfo, analysis: Analysis) -> list[str]:
    published = "unknown"
    if a.published:
        published = f"{md_text(a.published)} ({md_text(a.published_basis)})"
    genre = md_text(a.genre) + (f" — {md_code(a.genre_rule)}" if a.genre_rule else "")
    lines = [
        ("Outlet", md_text(a.source) if a.source else "unknown"),
        ("Author", md_text(a.author) if a.author else ""),
        ("Published", published),
        ("URL", md_url(a.url) if a.url else ""),
        ("Language", md_text(a.language)),
        ("Genre", genre),
        ("Input", md_text(analysis.origin)),
        ("casus id", md_code(a.id)),
    ]
    return [f"- **{key}:** {value}" for key, value in lines if value]


def _glance(analysis: Analysis) -> str:
    counts = [
        (len(analysis.events), "event", "events"),
        (len(analysis.claims), "claim", "claims"),
        (len({_actor_key(x) for x in analysis.actors}), "actor", "actors"),
        (len({_place_key(p) for p in analysis.places}), "place", "places"),
        (len({(d.value, d.precision) for d in analysis.dates}), "date", "dates"),
        (len(analysis.artifacts), "untranslated fragment", "untranslated fragments"),
    ]
    words = [f"{n} {one if n == 1 else many}" for n, one, many in counts]
    return "**In this article:** " + ", ".join(words) + "."


def _structure(analysis: Analysis, h: str) -> list[str]:
    """Segment counts, and the segments other than body text in a collapsed block (they
    matter for the audit more than for the reading), each with its rule."""
    kinds = Counter(s.kind for s in analysis.segments)
    out = ["", f"{h} Structure", "", ", ".join(f"{k}: {n}" for k, n in kinds.most_common())]
    shown = [s for s in analysis.segments if s.kind != "body"]
    if shown:
        text = analysis.text
        rows = [
            [f"S{i}", s.kind, snippet(text[s.start : s.end]), Md(md_code(s.rule, cell=True))]
            for i, s in enumerate(shown, 1)
        ]
        summary = f"Segments other than body text ({len(shown)}), with their rules"
        out += ["", f"<details><summary>{summary}</summary>", ""]
        out += [*md_table(["#", "kind", "text", "rule"], rows), "", "</details>"]
    return out


def _artifacts(analysis: Analysis, h: str) -> list[str]:
    if not analysis.artifacts:
        return []
    items = analysis.artifacts
    rows = [
        [f"U{i}", snippet(x.text, 80), x.language or "unknown", x.script, x.start]
        for i, x in enumerate(items, 1)
    ]
    out = ["", f"{h} Untranslated fragments ({len(items)})", ""]
    out += md_table(["#", "text", "language", "script", "offset"], rows)
    return out + rules_block("fragments", "U", ((i, x.rule) for i, x in enumerate(items, 1)))


_EVENT_HEADERS = ["#", "event", "CAMEO (Goldstein)", "source → target", "where · when"]
_EVENT_HEADERS += ["factuality", "conf.", "evidence"]


def _events(analysis: Analysis, h: str) -> list[str]:
    items = analysis.events
    out = ["", f"{h} Events ({len(items)})", ""]
    if not items:
        return [*out, "None found."]
    rows = [[f"E{i}", *event_cells(e)] for i, e in enumerate(items, 1)]
    out += md_table(_EVENT_HEADERS, rows)
    return out + rules_block("events", "E", ((i, e.rule) for i, e in enumerate(items, 1)))


def _claims(analysis: Analysis, h: str) -> list[str]:
    items = analysis.claims
    out = ["", f"{h} Claims ({len(items)})", ""]
    if not items:
        return [*out, "None found."]
    rows = [
        [f"C{i}", party(c.speaker), c.sourcing, snippet(c.text, 100)]
        for i, c in enumerate(items, 1)
    ]
    out += md_table(["#", "speaker", "sourcing", "claim"], rows)
    return out + rules_block("claims", "C", ((i, c.rule) for i, c in enumerate(items, 1)))


class _Mention(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def rule(self) -> str: ...


M = TypeVar("M", bound=_Mention)
K = TypeVar("K")
_Group = tuple[K, Counter[str], list[str]]


def _grouped(mentions: Iterable[M], key: Callable[[M], K], *, ranked: bool) -> list[_Group[K]]:
    """Mentions of the same thing together: (key, spellings counted, rules), the most
    mentioned first when ``ranked``."""
    groups: dict[K, tuple[Counter[str], list[str]]] = {}
    for mention in mentions:
        texts, rules = groups.setdefault(key(mention), (Counter(), []))
        texts[mention.text] += 1
        rules.append(mention.rule)
    found = [(k, texts, rules) for k, (texts, rules) in groups.items()]
    return sorted(found, key=lambda group: -group[1].total()) if ranked else found


def _grouped_table(
    title: str,
    prefix: str,
    groups: Sequence[_Group[K]],
    *,
    mentions: int,
    h: str,
    headers: list[str],
    cells: Callable[[K], list[object]],
) -> list[str]:
    out = ["", f"{h} {title} ({len(groups)}, {mentions} mentions)", ""]
    if not groups:
        return [*out, "None found."]
    rows = [
        [f"{prefix}{i}", *cells(key), texts.total(), _as_written(texts)]
        for i, (key, texts, _) in enumerate(groups, 1)
    ]
    out += md_table(["#", *headers, "mentions", "as written"], rows)
    pairs = ((i, rule) for i, (_, _, rules) in enumerate(groups, 1) for rule in rules)
    return out + rules_block(title.lower(), prefix, pairs)


def _actors(analysis: Analysis, h: str) -> list[str]:
    groups = _grouped(analysis.actors, _actor_key, ranked=True)
    headers = ["actor", "code", "sector", "kind"]
    return _grouped_table(
        "Actors", "A", groups, mentions=len(analysis.actors), h=h, headers=headers, cells=list
    )


def _places(analysis: Analysis, h: str) -> list[str]:
    def cells(key: _PlaceKey) -> list[object]:
        name, country, kind, lat, lon, geo = key
        return [name, country, kind, place_point(lat, lon), geo]

    groups = _grouped(analysis.places, _place_key, ranked=True)
    headers = ["place", "country", "kind", "lat, lon", "GeoNames"]
    return _grouped_table(
        "Places", "P", groups, mentions=len(analysis.places), h=h, headers=headers, cells=cells
    )


def _dates(analysis: Analysis, h: str) -> list[str]:
    groups = _grouped(analysis.dates, lambda d: (d.value, d.precision), ranked=False)
    headers = ["date", "precision"]
    return _grouped_table(
        "Dates", "D", groups, mentions=len(analysis.dates), h=h, headers=headers, cells=list
    )


def article_section(analysis: Analysis, *, level: int = 1, number: int | None = None) -> str:
    """One article's report. Its heading is at ``level`` (1: ``#``), its sections one
    level below; ``number`` puts the article's place in a batch before its title."""
    a = analysis.article
    h = "#" * (level + 1)
    title = md_text(a.title) or "Untitled article"
    heading = f"{'#' * level} {number}. {title}" if number is not None else f"{'#' * level} {title}"
    out = [heading, "", *_metadata(a, analysis), "", _glance(analysis)]
    for part in (_structure, _artifacts, _events, _claims, _actors, _places, _dates):
        out += part(analysis, h)
    if analysis.notes:
        out += ["", f"{h} Notes", ""] + [f"- {md_text(n)}" for n in analysis.notes]
    return "\n".join(out) + "\n"


def to_markdown(analysis: Analysis) -> str:
    """A self-contained report of one article (its heading is ``#``)."""
    return article_section(analysis)

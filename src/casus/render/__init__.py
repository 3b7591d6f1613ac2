"""Output views of an analysis: JSON (the contract), Markdown (a report to paste into a
document) and a Rich summary for the terminal."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import ActorRef, Analysis, Claim, Event

__all__ = ["to_json", "to_markdown", "to_rich"]

_MAX_ROWS = 40


def to_json(analysis: Analysis, *, indent: int | None = 2) -> str:
    return json.dumps(analysis.to_dict(), ensure_ascii=False, indent=indent)


def _snippet(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return lines


def _place_cell(lat: float, lon: float) -> str:
    return f"{lat:.3f}, {lon:.3f}"


def _party(ref: ActorRef | None) -> str:
    if ref is None:
        return "—"
    code = " ".join(x for x in (ref.code, ref.sector) if x) or "?"
    return f"{code} ({_snippet(ref.text, 30)})"


def _kind(event: Event) -> str:
    kind = f"{event.type}/{event.mode}" if event.mode else event.type
    if event.speech_act is not None:
        kind += f" [{event.speech_act.kind}: {event.speech_act.type}]"
    return kind


def _where_when(event: Event) -> str:
    where = event.location.name if event.location else ""
    when = event.date.value if event.date else ""
    return " · ".join(x for x in (where, when) if x)


def _factuality(event: Event) -> str:
    attribution = event.attribution
    if attribution is None or attribution.kind == "author":
        return event.factuality
    return f"{event.factuality} ({attribution.kind}: {_snippet(attribution.text, 40)})"


def _event_row(event: Event, *, rule: bool) -> list[Any]:
    row: list[Any] = [
        _kind(event),
        f"{event.cameo} ({event.goldstein:+.1f})",
        f"{_party(event.source)} → {_party(event.target)}",
        _where_when(event),
        _factuality(event),
        f"{event.confidence:.2f}",
        _snippet(event.evidence.text, 80),
    ]
    return [*row, f"`{event.rule}`"] if rule else row


_EVENT_HEADERS = ["type", "CAMEO (Goldstein)", "source → target", "where · when"]
_EVENT_HEADERS += ["factuality", "conf.", "evidence"]


def _claim_row(claim: Claim) -> list[Any]:
    return [_party(claim.speaker), claim.sourcing, _snippet(claim.text, 100)]


def to_markdown(analysis: Analysis) -> str:
    """A self-contained report: metadata, structure, events, claims, actors, places,
    dates, notes."""
    a = analysis.article
    out = [f"# {a.title or 'Untitled article'}", ""]
    meta = [
        ("Source", a.source),
        ("Author", a.author),
        ("Published", f"{a.published} ({a.published_basis})" if a.published else "unknown"),
        ("URL", a.url),
        ("Language", a.language),
        ("Genre", f"{a.genre} — `{a.genre_rule}`"),
        ("casus id", f"`{a.id}`"),
    ]
    out += [f"- **{k}:** {v}" for k, v in meta if v]
    text = analysis.text
    kinds = Counter(s.kind for s in analysis.segments)
    out += ["", "## Structure", "", ", ".join(f"{k}: {n}" for k, n in kinds.most_common()), ""]
    rows = [
        [s.kind, _snippet(text[s.start : s.end]), f"`{s.rule}`"]
        for s in analysis.segments
        if s.kind != "body"
    ]
    if rows:
        out += _md_table(["kind", "text", "rule"], rows)
    if analysis.artifacts:
        out += ["", "## Untranslated fragments", ""]
        out += _md_table(
            ["text", "language", "script", "offset"],
            [[x.text, x.language, x.script, x.start] for x in analysis.artifacts],
        )
    out += ["", f"## Events ({len(analysis.events)})", ""]
    out += _md_table([*_EVENT_HEADERS, "rule"], [_event_row(e, rule=True) for e in analysis.events])
    out += ["", f"## Claims ({len(analysis.claims)})", ""]
    out += _md_table(
        ["speaker", "sourcing", "claim", "rule"],
        [[*_claim_row(c), f"`{c.rule}`"] for c in analysis.claims],
    )
    out += ["", "## Actors", ""]
    out += _md_table(
        ["text", "code", "sector", "name", "rule"],
        [[x.text, x.code, x.sector, x.name, f"`{x.rule}`"] for x in analysis.actors],
    )
    out += ["", "## Places", ""]
    out += _md_table(
        ["text", "name", "country", "kind", "lat, lon", "geonameid"],
        [
            [p.text, p.name, p.country, p.kind, _place_cell(p.lat, p.lon), p.geonameid]
            for p in analysis.places
        ],
    )
    out += ["", "## Dates", ""]
    out += _md_table(
        ["text", "value", "precision", "rule"],
        [[d.text, d.value, d.precision, f"`{d.rule}`"] for d in analysis.dates],
    )
    if analysis.notes:
        out += ["", "## Notes", ""] + [f"- {n}" for n in analysis.notes]
    return "\n".join(out) + "\n"


def _table(title: str, headers: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, expand=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows[:_MAX_ROWS]:
        table.add_row(*("" if v is None else str(v) for v in row))
    if len(rows) > _MAX_ROWS:
        table.add_row(f"… {len(rows) - _MAX_ROWS} more", *[""] * (len(headers) - 1))
    return table


def to_rich(analysis: Analysis, console: Console) -> None:
    """Print a readable summary of one analysis."""
    a = analysis.article
    header = Text.assemble(
        (a.title or "Untitled article", "bold"),
        "\n",
        f"{a.source or 'unknown source'} · {a.published or 'date unknown'} · ",
        f"{a.genre} · language {a.language} · id {a.id}",
    )
    text = analysis.text
    structure = [
        [s.kind, _snippet(text[s.start : s.end], 70)] for s in analysis.segments if s.kind != "body"
    ]
    parts: list[Any] = [header]
    if structure:
        parts.append(_table("Structure (non-body)", ["kind", "text"], structure))
    if analysis.artifacts:
        rows = [[x.text, x.language, x.script] for x in analysis.artifacts]
        parts.append(_table("Untranslated", ["text", "language", "script"], rows))
    event_rows = [_event_row(e, rule=False) for e in analysis.events]
    parts.append(_table(f"Events ({len(event_rows)})", _EVENT_HEADERS, event_rows))
    if analysis.claims:
        claim_rows = [_claim_row(c) for c in analysis.claims]
        parts.append(
            _table(f"Claims ({len(claim_rows)})", ["speaker", "sourcing", "claim"], claim_rows)
        )
    actors = Counter((x.code, x.sector, x.name) for x in analysis.actors)
    actor_rows = [[name, code, sector, n] for (code, sector, name), n in actors.most_common()]
    parts.append(_table("Actors", ["name", "code", "sector", "mentions"], actor_rows))
    places = Counter(
        (p.name, p.country, p.kind, _place_cell(p.lat, p.lon)) for p in analysis.places
    )
    place_rows = [[*key, n] for key, n in places.most_common()]
    parts.append(_table("Places", ["name", "country", "kind", "lat, lon", "mentions"], place_rows))
    date_rows = [[d.text, d.value, d.precision] for d in analysis.dates]
    parts.append(_table("Dates", ["text", "value", "precision"], date_rows))
    for note in analysis.notes:
        parts.append(Text(f"note: {note}", style="yellow"))
    console.print(Panel(Group(*parts), title=str(analysis.origin), title_align="left"))

"""The terminal view: a Rich panel per analysis.

No string from an article is ever given to Rich as markup: every cell, title and line is
a :class:`rich.text.Text` made by :func:`~casus.render.escape.term_text`, which also
removes control characters (escape sequences included) and bidi controls."""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import Analysis, BatchSummary, SetAside
from .common import (
    MAX_LISTED,
    Piece,
    event_cells,
    flush_out,
    party,
    place_point,
    rendered,
    snippet,
    write_out,
)
from .escape import term_text

__all__ = ["TextPreparer", "TextWriter", "to_rich"]

_MAX_ROWS = 40
_DEFAULT_WIDTH = 120
_EVENT_HEADERS = ["type", "CAMEO (Goldstein)", "source → target", "where · when"]
_EVENT_HEADERS += ["factuality", "conf.", "evidence"]


def _table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    table = Table(title=Text(title), title_justify="left", show_edge=False, expand=False)
    for header in headers:
        table.add_column(Text(header), overflow="fold")
    for row in rows[:_MAX_ROWS]:
        table.add_row(*(term_text(v) for v in row))
    if len(rows) > _MAX_ROWS:
        more = Text(f"… {len(rows) - _MAX_ROWS} more")
        table.add_row(more, *[Text("")] * (len(headers) - 1))
    return table


def _header(analysis: Analysis) -> Text:
    a = analysis.article
    facts = [
        a.source or "unknown source",
        a.published or "date unknown",
        a.genre,
        f"language {a.language}",
        f"id {a.id}",
    ]
    title = term_text(a.title, "bold")
    return Text.assemble(
        title if title.plain else Text("Untitled article", "bold"),
        "\n",
        Text(" · ").join(term_text(x) for x in facts),
    )


def _event_row(analysis: Analysis, index: int) -> list[object]:
    return list(event_cells(analysis.events[index]))


def _parts(analysis: Analysis) -> list[RenderableType]:
    text = analysis.text
    parts: list[RenderableType] = [_header(analysis)]
    structure = [
        [s.kind, snippet(text[s.start : s.end], 70)] for s in analysis.segments if s.kind != "body"
    ]
    if structure:
        parts.append(_table("Structure (non-body)", ["kind", "text"], structure))
    if analysis.artifacts:
        rows = [
            [snippet(x.text, 70), x.language or "unknown", x.script] for x in analysis.artifacts
        ]
        parts.append(_table("Untranslated", ["text", "language", "script"], rows))
    events = [_event_row(analysis, i) for i in range(len(analysis.events))]
    parts.append(_table(f"Events ({len(events)})", _EVENT_HEADERS, events))
    if analysis.claims:
        claims = [[party(c.speaker), c.sourcing, snippet(c.text, 100)] for c in analysis.claims]
        parts.append(_table(f"Claims ({len(claims)})", ["speaker", "sourcing", "claim"], claims))
    actors = Counter((x.code, x.sector, x.name) for x in analysis.actors)
    actor_rows = [[name, code, sector, n] for (code, sector, name), n in actors.most_common()]
    parts.append(_table("Actors", ["name", "code", "sector", "mentions"], actor_rows))
    places = Counter(
        (p.name, p.country, p.kind, place_point(p.lat, p.lon)) for p in analysis.places
    )
    place_rows = [[*key, n] for key, n in places.most_common()]
    parts.append(_table("Places", ["name", "country", "kind", "lat, lon", "mentions"], place_rows))
    date_rows = [[d.text, d.value, d.precision] for d in analysis.dates]
    parts.append(_table("Dates", ["text", "value", "precision"], date_rows))
    parts += [Text.assemble("note: ", term_text(n), style="yellow") for n in analysis.notes]
    return parts


def to_rich(analysis: Analysis, console: Console) -> None:
    """Print a readable summary of one analysis on ``console``."""
    title = term_text(analysis.origin)
    console.print(Panel(Group(*_parts(analysis)), title=title, title_align="left"))


def _columns(stream: TextIO) -> int | None:
    """The width of the terminal ``stream`` writes to, or of ``COLUMNS``; else None."""
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def _console(width: int, color: bool) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        color_system="auto" if color else None,
        no_color=None if color else True,  # with colour, NO_COLOR still wins
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def _render(console: Console, *renderables: RenderableType) -> str:
    buffer = io.StringIO()
    console.file = buffer
    console.print(*renderables)
    return buffer.getvalue()


class TextPreparer:
    """Renders one analysis as a panel of text, for a given width and colour; pickles as
    those two settings (its console is made again where it is used)."""

    def __init__(self, width: int, color: bool) -> None:
        self.width, self.color = width, color
        self._console: Console | None = None

    def __getstate__(self) -> tuple[int, bool]:
        return self.width, self.color

    def __setstate__(self, state: tuple[int, bool]) -> None:
        self.width, self.color = state
        self._console = None

    def __call__(self, analysis: Analysis) -> Piece:
        if self._console is None:
            self._console = _console(self.width, self.color)
        console = self._console

        def render() -> str:
            title = term_text(analysis.origin)
            panel = Panel(Group(*_parts(analysis)), title=title, title_align="left")
            return _render(console, panel)

        return Piece(analysis.origin, (rendered(render, analysis, "text"),))


class TextWriter:
    """The ``text`` report: one Rich panel per analysis, written as each arrives, and a
    closing line on the batch when it held more than one input or set any aside (not on
    a terminal, where the command's own messages say it).

    ``color=True`` styles the output for a terminal (the caller decides: typically
    ``stream.isatty()``); otherwise it is plain text without escape sequences."""

    def __init__(self, stream: TextIO, *, color: bool = False, width: int | None = None) -> None:
        self._stream = stream
        self._preparer = TextPreparer(width or _columns(stream) or _DEFAULT_WIDTH, color)
        self._console = _console(self._preparer.width, color)
        self._set_aside: list[SetAside] = []
        self._set_aside_noted = 0

    def preparer(self) -> TextPreparer:
        return self._preparer

    def write(self, analysis: Analysis) -> None:
        self.write_prepared(self._preparer(analysis))

    def write_prepared(self, piece: Piece) -> None:
        write_out(self._stream, piece.parts[0])

    def set_aside(self, item: SetAside) -> None:
        self._set_aside_noted += 1
        if len(self._set_aside) < MAX_LISTED:
            self._set_aside.append(item)

    def close(self, summary: BatchSummary) -> None:
        on_terminal = self._preparer.color  # the caller's messages are on screen already
        if not on_terminal and (summary.seen > 1 or self._set_aside_noted or summary.set_aside):
            lines: list[RenderableType] = [term_text(summary, "bold")]
            for item in self._set_aside:
                lines.append(Text.assemble("set aside: ", term_text(item), style="yellow"))
            more = self._set_aside_noted - len(self._set_aside)
            if more > 0:
                lines.append(Text(f"… {more} more set aside (not listed)", style="yellow"))
            write_out(self._stream, _render(self._console, *lines))
        flush_out(self._stream)

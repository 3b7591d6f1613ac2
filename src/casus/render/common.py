"""Plain-text pieces shared by the views (before any escaping), and the two guards every
report writer uses: one item's rendering failure becomes a :class:`RenderError`, a
failing output stream an :class:`OutputError`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, TypeVar

from ..errors import OutputError, RenderError
from ..model import ActorRef, Analysis, Event, Origin
from .escape import one_line

__all__ = [
    "MAX_LISTED",
    "Piece",
    "copy_out",
    "event_cells",
    "event_kind",
    "factuality_label",
    "flush_out",
    "party",
    "place_point",
    "rendered",
    "snippet",
    "where_when",
    "write_out",
]

T = TypeVar("T")

MAX_LISTED = 200
"""How many set-aside items a report lists before it only counts the rest."""


def snippet(text: object, limit: int = 90) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def party(ref: ActorRef | None, limit: int = 30) -> str:
    """An event's source or target: codes, then the words of the article."""
    if ref is None:
        return "—"
    code = " ".join(x for x in (ref.code, ref.sector) if x) or "?"
    return f"{code} ({snippet(ref.text, limit)})"


def event_kind(event: Event) -> str:
    """PLOVER type and mode, and the speech act behind it if there is one."""
    kind = f"{event.type}/{event.mode}" if event.mode else event.type
    if event.speech_act is not None:
        kind += f" [{event.speech_act.kind}: {event.speech_act.type}]"
    return kind


def event_cells(event: Event) -> list[str]:
    """An event's row in a table: kind, CAMEO code with Goldstein value, source and
    target (``A → B``; ``A ↔ B`` for a two-way event), place and date, factuality,
    confidence, evidence (not yet escaped)."""
    return [
        event_kind(event),
        f"{event.cameo} ({event.goldstein:+.1f})",
        f"{party(event.source)} {'↔' if event.symmetric else '→'} {party(event.target)}",
        where_when(event),
        factuality_label(event),
        f"{event.confidence:.2f}",
        snippet(event.evidence.text, 80),
    ]


def where_when(event: Event) -> str:
    where = event.location.name if event.location else ""
    when = event.date.value if event.date else ""
    return " · ".join(x for x in (where, when) if x)


def factuality_label(event: Event) -> str:
    """The factuality, and who the article attributes the event to if not itself."""
    attribution = event.attribution
    if attribution is None or attribution.kind == "author":
        return event.factuality
    return f"{event.factuality} ({attribution.kind}: {snippet(attribution.text, 40)})"


def place_point(lat: float, lon: float) -> str:
    return f"{lat:.3f}, {lon:.3f}"


@dataclass(frozen=True, slots=True)
class Piece:
    """One analysis rendered for a report, ready to be written: made by a format's
    preparer wherever the analysis was made (a worker process), written by its writer
    in the process that holds the stream. Small and picklable: strings, and for the
    Markdown overview the article's counts."""

    origin: Origin
    parts: tuple[str, ...]
    facts: Any = None


def rendered(render: Callable[[], T], analysis: Analysis, view: str) -> T:
    """Run ``render`` for one analysis; any failure is that item's :class:`RenderError`
    (one line), so a batch can set the item aside and go on."""
    try:
        return render()
    except RenderError:
        raise
    except Exception as exc:
        detail = one_line(f"{type(exc).__name__}: {exc}")
        raise RenderError(
            f"cannot render the {view} report ({snippet(detail, 200)})",
            where=one_line(analysis.origin),
        ) from exc


def write_out(stream: IO[str], text: str) -> None:
    """Write to the report's stream; a failing stream (closed, full, or unable to encode
    the text) is an :class:`OutputError`."""
    try:
        stream.write(text)
    except BrokenPipeError:  # the reader went away (| head): the caller decides
        raise
    except (OSError, ValueError) as exc:
        raise _output_error(exc) from exc


def copy_out(spool: IO[str], stream: IO[str]) -> None:
    """Copy a spool file to the report's stream from its start, in chunks."""
    try:
        spool.seek(0)
        shutil.copyfileobj(spool, stream)
    except BrokenPipeError:  # the reader went away (| head): the caller decides
        raise
    except (OSError, ValueError) as exc:
        raise _output_error(exc) from exc


def flush_out(stream: IO[str]) -> None:
    try:
        stream.flush()
    except BrokenPipeError:  # the reader went away (| head): the caller decides
        raise
    except (OSError, ValueError) as exc:
        raise _output_error(exc) from exc


def _output_error(exc: Exception) -> OutputError:
    return OutputError(f"cannot write the report: {one_line(exc)}")

"""The JSON view: ``Analysis.to_dict()`` (the ``casus.analysis/1`` contract) as JSON, and
the streaming writer that gives one pretty object for a single analysis and JSON Lines
for several."""

from __future__ import annotations

import json
from typing import TextIO

from ..model import Analysis, BatchSummary, SetAside
from .common import flush_out, rendered, write_out
from .escape import json_safe

__all__ = ["JsonWriter", "to_json"]


def to_json(analysis: Analysis, *, indent: int | None = 2) -> str:
    """One analysis as JSON text (``indent=None``: one compact line).

    Strings keep their values; control, bidi and line-separator characters are written
    as ``\\uXXXX`` escapes. A value JSON cannot hold (NaN, infinity) raises ValueError
    rather than writing something that is not JSON."""
    dumped = json.dumps(analysis.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)
    return json_safe(dumped)


def _line(analysis: Analysis) -> str:
    return rendered(lambda: to_json(analysis, indent=None), analysis, "JSON") + "\n"


class JsonWriter:
    """One pretty object when the batch holds one analysis, else JSON Lines.

    The first analysis is held back (one item, never a list): when a second one comes,
    both are written as lines and every later one is streamed as it arrives; if none
    comes, :meth:`close` writes the first as one indented object. Set-aside items are
    not part of the JSON contract (the caller reports them)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._held: Analysis | None = None
        self._held_line = ""
        self._streaming = False

    def write(self, analysis: Analysis) -> None:
        line = _line(analysis)  # a RenderError leaves the stream and the held item as they were
        if self._streaming:
            write_out(self._stream, line)
        elif self._held is None:
            self._held, self._held_line = analysis, line
        else:
            write_out(self._stream, self._held_line + line)
            self._held, self._held_line, self._streaming = None, "", True

    def set_aside(self, item: SetAside) -> None:
        """Nothing to note: JSON output holds analyses only."""

    def close(self, summary: BatchSummary) -> None:
        if self._held is not None:
            held = self._held
            pretty = rendered(lambda: to_json(held), held, "JSON")
            write_out(self._stream, pretty + "\n")
            self._held, self._held_line = None, ""
        flush_out(self._stream)

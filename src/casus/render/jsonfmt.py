"""The JSON view: ``Analysis.to_dict()`` (the ``casus.analysis/1`` contract) as JSON, and
the streaming writer that gives one pretty object for a single analysis and JSON Lines
for several."""

from __future__ import annotations

import json
from typing import TextIO

from ..model import Analysis, BatchSummary, SetAside
from .common import Piece, flush_out, rendered, write_out
from .escape import json_safe

__all__ = ["JsonPreparer", "JsonWriter", "to_json"]


def to_json(analysis: Analysis, *, indent: int | None = 2) -> str:
    """One analysis as JSON text (``indent=None``: one compact line).

    Strings keep their values; control, bidi and line-separator characters are written
    as ``\\uXXXX`` escapes. A value JSON cannot hold (NaN, infinity) raises ValueError
    rather than writing something that is not JSON."""
    dumped = json.dumps(analysis.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)
    return json_safe(dumped)


def _pretty(line: str) -> str:
    """The indented form of a compact JSON line (the same values, the same escapes)."""
    return json_safe(json.dumps(json.loads(line), ensure_ascii=False, indent=2))


class JsonPreparer:
    """Renders one analysis as a compact JSON line (picklable: no state)."""

    def __call__(self, analysis: Analysis) -> Piece:
        line = rendered(lambda: to_json(analysis, indent=None), analysis, "JSON")
        return Piece(analysis.origin, (line + "\n",))


class JsonWriter:
    """One pretty object when the batch holds one analysis, else JSON Lines.

    The first analysis is held back (one item, never a list): when a second one comes,
    both are written as lines and every later one is streamed as it arrives; if none
    comes, :meth:`close` writes the first as one indented object. Set-aside items are
    not part of the JSON contract (the caller reports them)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._held = ""
        self._streaming = False

    def preparer(self) -> JsonPreparer:
        return JsonPreparer()

    def write(self, analysis: Analysis) -> None:
        self.write_prepared(JsonPreparer()(analysis))

    def write_prepared(self, piece: Piece) -> None:
        (line,) = piece.parts
        if self._streaming:
            write_out(self._stream, line)
        elif not self._held:
            self._held = line
        else:
            write_out(self._stream, self._held + line)
            self._held, self._streaming = "", True

    def set_aside(self, item: SetAside) -> None:
        """Nothing to note: JSON output holds analyses only."""

    def close(self, summary: BatchSummary) -> None:
        if self._held:
            write_out(self._stream, _pretty(self._held) + "\n")
            self._held = ""
        flush_out(self._stream)

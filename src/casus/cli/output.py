"""Where a command's report goes, and what the user sees while it runs.

:class:`Target` is standard output or an ``--out`` file. The file is checked before any
work (a bad path is refused at once) and written under a temporary name beside it, then
renamed when the report is complete, so an interrupted run never leaves half a report
in place of a good one. :class:`Feedback` prints the one-line messages of a batch and,
on a terminal, a progress bar (articles, rate, ETA, set-aside count) on standard error.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import OutputError
from .common import printable, say

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["Feedback", "Target"]


class Target:
    """The report's destination: standard output, or ``path`` (written atomically)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._partial: Path | None = None
        if path is None:
            self.stream: TextIO = sys.stdout
            return
        if path.is_dir():
            raise OutputError("is a directory", where=str(path))
        self._partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            fd = os.open(self._partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            raise OutputError(f"cannot write here: {exc.strerror}", where=str(path)) from None
        self.stream = open(fd, "w", encoding="utf-8", newline="\n")  # noqa: SIM115

    @property
    def is_terminal(self) -> bool:
        return self.path is None and self.stream.isatty()

    def commit(self) -> None:
        """The report is complete: flush it, and put the file in place."""
        try:
            self.stream.flush()
            if self._partial is not None and self.path is not None:
                self.stream.close()
                os.replace(self._partial, self.path)
                self._partial = None
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write the report: {exc.strerror}") from None

    def discard(self) -> None:
        """The run failed: remove the partial file (standard output is left alone)."""
        if self._partial is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
                self._partial.unlink()


class Feedback:
    """Messages on standard error and, when it is a terminal, a progress bar."""

    def __init__(self, *, total_bytes: int | None, quiet: bool) -> None:
        self.quiet = quiet
        self.total = total_bytes
        self.done = 0
        self.set_aside = 0
        self._start = time.monotonic()
        self._progress: Progress | None = None
        self._task: Any = None
        if not quiet and sys.stderr.isatty():
            self._progress = _progress_bar()
            self._task = self._progress.add_task("analysing", total=total_bytes, **self._fields())

    def __enter__(self) -> Feedback:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def _fields(self) -> dict[str, Any]:
        elapsed = max(time.monotonic() - self._start, 1e-9)
        return {"articles": self.done, "rate": self.done / elapsed, "set_aside": self.set_aside}

    def message(self, text: str, *, always: bool = True) -> None:
        """A one-line message (``always=False``: only when not quiet)."""
        if self.quiet and not always:
            return
        if self._progress is None:
            say(text)
            return
        from rich.text import Text

        self._progress.console.print(Text(f"casus: {printable(text)}"), soft_wrap=True)

    def advance(self, *, articles: int, set_aside: int, bytes_read: int) -> None:
        self.done += articles
        self.set_aside += set_aside
        if self._progress is not None:
            self._progress.update(self._task, completed=bytes_read, **self._fields())


def _progress_bar() -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.fields[articles]} articles"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TextColumn("set aside {task.fields[set_aside]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True, highlight=False),
        transient=True,
    )

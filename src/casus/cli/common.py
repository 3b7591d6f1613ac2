"""What every command shares: exit codes, one style of error line, the error guard.

Every message is one line on standard error that starts with ``casus:``. Names that come
from the user's files (paths, reasons quoting them) are shown with control and bidi
characters made visible, so a file name cannot drive the terminal.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import CasusError, FloorError, OutputError, UsageError

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_FLOOR",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_USAGE",
    "exit_code_of",
    "guarded",
    "number_option",
    "path_option",
    "printable",
    "say",
]

EXIT_OK = 0
EXIT_FLOOR = 1
"""An evaluation score fell below its pinned floor."""
EXIT_INPUT = 2
"""An input could not be read (it was set aside), or there was nothing to analyse."""
EXIT_USAGE = 64
"""A command, argument or option that cannot be used (sysexits EX_USAGE)."""
EXIT_INTERNAL = 70
"""A bug (sysexits EX_SOFTWARE): please report it."""
EXIT_OUTPUT = 73
"""The report cannot be written: an unwritable --out, a full disk (sysexits EX_CANTCREAT)."""
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (``| head``), as for a process killed by SIGPIPE."""

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
F = TypeVar("F", bound=Callable[..., Any])


class _Whole(click.ParamType[int]):
    """A whole number of at least ``minimum`` (help shows N, not click's range syntax)."""

    name = "N"

    def __init__(self, minimum: int) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a whole number", param, ctx)
        if number < self.minimum:
            self.fail(f"{number} is less than {self.minimum}", param, ctx)
        return number


def number_option(
    *decls: str, default: int | None = None, minimum: int = 0, help: str
) -> Callable[[F], F]:
    """An option taking a whole number N >= ``minimum``."""
    return click.option(
        *decls,
        type=_Whole(minimum),
        default=default,
        show_default=default is not None,
        metavar="N",
        help=help,
    )


def path_option(
    *decls: str, metavar: str, help: str, required: bool = False, multiple: bool = False
) -> Callable[[F], F]:
    """An option taking a path (FILE or DIR), given to the command as a Path."""
    return click.option(
        *decls,
        type=click.Path(path_type=Path),
        metavar=metavar,
        required=required,
        multiple=multiple,
        help=help,
    )


def printable(text: str) -> str:
    """``text`` with control and bidi characters shown as escapes (``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def say(message: str) -> None:
    """One line on standard error, in casus's style."""
    click.echo(f"casus: {printable(message)}", err=True)


def exit_code_of(exc: CasusError) -> int:
    if isinstance(exc, FloorError):
        return EXIT_FLOOR
    if isinstance(exc, UsageError):
        return EXIT_USAGE
    if isinstance(exc, OutputError):
        return EXIT_OUTPUT
    return EXIT_INPUT


def guarded(command: F) -> F:
    """Run a command; turn casus errors, interrupts and bugs into one line and an exit
    code (a traceback only with ``CASUS_DEBUG=1``)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except CasusError as exc:
            say(str(exc))
            raise click.exceptions.Exit(exit_code_of(exc)) from None
        except KeyboardInterrupt:
            say("interrupted")
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            _quiet_broken_pipe()
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
        except Exception as exc:
            if os.environ.get("CASUS_DEBUG"):
                raise
            say(
                f"internal error ({type(exc).__name__}: {exc}); "
                "set CASUS_DEBUG=1 for details and please report it"
            )
            raise click.exceptions.Exit(EXIT_INTERNAL) from None

    return run  # type: ignore[return-value]


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (``| head``): stop without a message, and keep
    Python from complaining when it flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

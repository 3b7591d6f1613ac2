"""The ``casus`` command line: a thin layer over the library.

Exit codes (documented in the README): 0 success; 1 an evaluation floor missed; 2 an
input set aside or nothing to analyse; 64 a usage error; 70 an internal error (a bug);
73 the report cannot be written; 130 interrupted; 141 the output's reader went away.
Every message is one line on standard error starting with ``casus:``; a traceback only
with ``CASUS_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, NoReturn

import click

from ..components.syntax.parse import BLAS_THREAD_VARIABLES
from .analyze import analyze
from .common import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, say
from .evaluate import evaluate
from .overview import overview
from .query import events, export, sql, trend
from .review import review, reviews
from .scenarios import scenarios
from .scenarios_ledger import alerts
from .serve import serve
from .store import ingest, rejected
from .tools import bench, completion, dictionaries

__all__ = ["app", "main", "one_blas_thread"]


def _version() -> str:
    try:
        return version("casus")
    except PackageNotFoundError:
        return "unknown"


class _Casus(click.Group):
    """The command group, with casus's exit codes for usage errors (64, not click's 2,
    which casus keeps for input errors) and one style of error line."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        try:
            code = super().main(
                args, prog_name or "casus", complete_var, standalone_mode=False, **extra
            )
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} -h')" if exc.ctx is not None else ""
            say(f"usage error: {exc.format_message()}{hint}")
            sys.exit(EXIT_USAGE)
        except click.Abort:
            say("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        except click.ClickException as exc:
            say(exc.format_message())
            sys.exit(EXIT_USAGE)
        except Exception as exc:
            if os.environ.get("CASUS_DEBUG"):
                raise
            say(f"internal error ({type(exc).__name__}: {exc}); please report it")
            sys.exit(EXIT_INTERNAL)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(
    cls=_Casus,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    _version(), "-V", "--version", prog_name="casus", message="%(prog)s %(version)s"
)
def app() -> None:
    """Auditable, structured intelligence from conflict news, offline."""


app.add_command(analyze)
app.add_command(ingest)
app.add_command(rejected)
app.add_command(overview)
app.add_command(evaluate)
app.add_command(bench)
app.add_command(dictionaries)
app.add_command(completion)
app.add_command(events)
app.add_command(trend)
app.add_command(export)
app.add_command(sql)
app.add_command(review)
app.add_command(reviews)
app.add_command(scenarios)
app.add_command(alerts)
app.add_command(serve)


def main() -> NoReturn:
    """Entry point of the ``casus`` script."""
    one_blas_thread()
    app.main()


def one_blas_thread() -> None:
    """Run numpy's BLAS (the parser's matrix products) in one thread, unless the user
    chose a number: on a busy machine, and in ``--jobs`` workers that each have a core,
    more threads spin more than they compute. Effective only before numpy is imported
    (the parser imports it on first use)."""
    if any(
        os.environ.get(name, "").strip() for name in (*BLAS_THREAD_VARIABLES, "MKL_NUM_THREADS")
    ):
        return
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"

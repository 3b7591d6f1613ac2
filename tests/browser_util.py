"""Helpers for the browser tests: Debian's Chromium driven by Playwright, and a watch
on what a page does.

The tests skip when Playwright or ``/usr/bin/chromium`` is missing, unless
``CASUS_BROWSER_TESTS=require`` (``.ci/run`` sets it after installing both), when a
missing browser is a failure instead of a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

__all__ = ["CHROMIUM", "Watch", "chromium", "watch"]

CHROMIUM = Path(os.environ.get("CASUS_CHROMIUM", "/usr/bin/chromium"))
_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("CASUS_BROWSER_TESTS") == "require":
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright ``Browser``), or a skip."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} not found (apt-get install chromium fonts-liberation)")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, dialogs (an ``alert`` from
    injected script would be one), and every request, with those to other hosts blocked."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        return not (self.errors or self.dialogs or self.blocked)


def watch(page: Any) -> Watch:
    """Attach a :class:`Watch` to a Playwright page; requests leaving 127.0.0.1 are
    aborted and recorded (a CDN load would be one)."""
    seen = Watch()

    def on_console(message: Any) -> None:
        if message.type == "error":
            seen.errors.append(message.text)

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    def route(route: Any) -> None:
        url = route.request.url
        seen.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    page.on("dialog", on_dialog)
    page.route("**/*", route)
    return seen

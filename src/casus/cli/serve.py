"""``casus serve``: the web workbench over a store, on this machine only by default.

The workbench answers only requests whose ``Host`` names it (against DNS rebinding):
the loopback names (:data:`LOCAL_HOSTS`), the address it listens on when that is a
single address, and the names given with ``--allow-host``. Listening on every address
(``0.0.0.0``, ``::``) adds no name of its own: whoever reaches it from elsewhere does so
by a name or address that ``--allow-host`` must give.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from pathlib import Path

import click

from ..errors import UsageError
from .common import guarded, number_option, say
from .store import db_option

__all__ = ["LOCAL_HOSTS", "allowed_hosts", "bind_address", "serve"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""``Host`` names always accepted (as ``Host`` headers carry them: IPv6 in brackets)."""

_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_NAME = re.compile(rf"^(\*\.)?{_LABEL}(\.{_LABEL})*$")
"""A host name, or a ``*.domain`` pattern (Starlette's TrustedHostMiddleware takes both)."""


def bind_address(host: str) -> str:
    """``--host`` as the server binds it: an IPv6 address without brackets."""
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if not text:
        raise UsageError("--host: empty; give an address such as 127.0.0.1 or ::1")
    return text


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _host_name(value: str, option: str) -> str:
    """A name or address as a ``Host`` header carries it (lower case, IPv6 in brackets)."""
    text = value.strip().lower()
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    address = _ip(bare)
    if address is not None:
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    if _NAME.match(text) and not text.replace(".", "").isdigit():
        return text
    raise UsageError(f"{option}: {value!r} is not a host name, a *.domain pattern or an IP address")


def allowed_hosts(host: str, extra: Sequence[str] = ()) -> list[str]:
    """The ``Host`` names the workbench accepts when it listens on ``host``: the
    loopback names, ``host`` itself unless it is every address (``0.0.0.0``, ``::``),
    and ``extra`` (``--allow-host``), each once, in that order."""
    names = list(LOCAL_HOSTS)
    bound = bind_address(host)
    address = _ip(bound)
    if address is None or not address.is_unspecified:
        names.append(_host_name(bound, "--host"))
    names += [_host_name(name, "--allow-host") for name in extra]
    return list(dict.fromkeys(names))


def _is_local(host: str) -> bool:
    address = _ip(host)
    return host == "localhost" or (address is not None and address.is_loopback)


@click.command("serve")
@db_option
@number_option("--port", default=8765, minimum=1, help="The port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="HOST",
    help="The address to listen on (::1 for IPv6 loopback); anything but a loopback "
    "address exposes the store to others.",
)
@click.option(
    "--allow-host",
    "allow",
    multiple=True,
    metavar="NAME",
    help="Also answer requests addressed to NAME (a host name, *.domain or an IP "
    "address): the name others use to reach this machine. Repeatable.",
)
@click.option(
    "--reviewer",
    default="",
    metavar="NAME",
    help="The name the workbench records reviews under when its form gives none.",
)
@guarded
def serve(db: Path | None, port: int, host: str, allow: tuple[str, ...], reviewer: str) -> None:
    """Serve the web workbench over the store: an overview, each article with its
    events marked, each event with its evidence and review form, an events explorer
    with a map, a timeline and exports, and the scenario boards. It writes only reviews
    and resolutions.

    Only requests addressed to a loopback name, to HOST, or to a --allow-host NAME are
    answered. Needs the web extra (pip install 'casus[web]')."""
    if port > 65535:
        raise UsageError(f"--port: {port} is not a port number (1-65535)")
    bound = bind_address(host)
    names = allowed_hosts(bound, allow)
    try:
        import uvicorn

        from ..web import create_app
    except ImportError:
        raise UsageError("casus serve needs the web extra: pip install 'casus[web]'") from None
    from ..store.db import default_path

    if not _is_local(bound):
        say(f"warning: listening on {bound}: anyone who can reach it can read the store")
        address = _ip(bound)
        if address is not None and address.is_unspecified and not allow:
            say("only requests to a loopback name are answered; add --allow-host NAME")
    path = default_path(db)
    app = create_app(path, allowed_hosts=names, reviewer=reviewer)
    shown = f"[{bound}]" if ":" in bound else bound
    say(f"serving {path} on http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=bound, port=port, log_level="warning", server_header=False)

"""``casus serve``: the web workbench over a store, on this machine only by default."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from .common import guarded, number_option, say
from .store import db_option

__all__ = ["LOCAL_HOSTS", "serve"]

LOCAL_HOSTS = ("127.0.0.1", "localhost")


@click.command("serve")
@db_option
@number_option("--port", default=8765, minimum=1, help="The port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="HOST",
    help="The address to listen on; anything but 127.0.0.1 exposes the store to others.",
)
@click.option(
    "--reviewer",
    default="",
    metavar="NAME",
    help="The name the workbench records reviews under when its form gives none.",
)
@guarded
def serve(db: Path | None, port: int, host: str, reviewer: str) -> None:
    """Serve the web workbench over the store: an overview, each article with its
    events marked, each event with its evidence and review form, and an events
    explorer with exports. It writes only reviews and resolutions.

    Needs the web extra (pip install 'casus[web]')."""
    if port > 65535:
        raise UsageError(f"--port: {port} is not a port number (1-65535)")
    try:
        import uvicorn

        from ..web import create_app
    except ImportError:
        raise UsageError("casus serve needs the web extra: pip install 'casus[web]'") from None
    from ..store.db import default_path

    allowed = list(LOCAL_HOSTS)
    if host not in LOCAL_HOSTS:
        say(f"warning: listening on {host}: anyone who can reach it can read the store")
        allowed.append(host)
    path = default_path(db)
    app = create_app(path, allowed_hosts=allowed, reviewer=reviewer)
    say(f"serving {path} on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)

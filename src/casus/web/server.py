"""The workbench served in a background thread: for the browser tests, the page
screenshots of ``make demo-web``, and anything else that needs a live server briefly."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["running"]


@contextmanager
def running(app: Any, host: str = "127.0.0.1", timeout: float = 20.0) -> Iterator[str]:
    """``app`` (an ASGI application) served by uvicorn in a daemon thread on a free port
    of ``host``; yields its base URL and stops the server on exit."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            sock.close()
            raise RuntimeError("the workbench server did not start")
        time.sleep(0.02)
    name = f"[{host}]" if family == socket.AF_INET6 else host
    try:
        yield f"http://{name}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()

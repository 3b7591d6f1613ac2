"""The web workbench, ``casus serve``: server-rendered pages over a store (read-only).

:func:`create_app` builds the Starlette application; ``starlette``, ``jinja2`` and
``uvicorn`` come with the ``web`` extra (``pip install casus[web]``).
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]

"""What the workbench's pages may hold in <script> tags: a same-origin script file
(``src="/static/..."``, no inline code) or a JSON data block."""

from __future__ import annotations

import json
import re
from typing import Any

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')


def script_data(html: str) -> dict[str, Any]:
    """The page's JSON data blocks, parsed, by id; fails if any script tag is inline
    code, loads from elsewhere, or a data block is not valid JSON."""
    found = _SCRIPT.findall(html)
    assert len(found) == html.lower().count("<script"), "a script tag is not closed"
    data: dict[str, Any] = {}
    for attrs, body in found:
        if 'type="application/json"' in attrs:
            ids = _ID.findall(attrs)
            assert ids and "<" not in body, attrs
            data[ids[0]] = json.loads(body)
        else:
            assert re.fullmatch(r'\s*src="/static/[\w./-]+\.js"\s*(defer)?\s*', attrs), attrs
            assert body == "", "inline script code"
    return data

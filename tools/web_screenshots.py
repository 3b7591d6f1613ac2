"""Screenshot each workbench page over a store, for the README (``make demo-web``).

    python tools/web_screenshots.py demo.duckdb docs/screenshots

Serves the store on a free loopback port, opens each page in Debian's Chromium
(``/usr/bin/chromium``, driven by Playwright; nothing is downloaded) and writes one PNG
per page. Requests to any other host are refused, so the pictures show what an offline
laptop shows. The article shown is the one with the most event mentions; the scenario
board is the first pack the store has run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Route, sync_playwright

from casus.store import Store
from casus.web import create_app
from casus.web.server import running

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZE = {"width": 1280, "height": 900}
TALLEST = 1700
"""Pages longer than this many pixels are cut there."""


def pages(db: Path) -> dict[str, str]:
    """Name → path of each page worth showing, chosen from what the store holds."""
    with Store.open(db) as store:
        article = store.query(
            "SELECT article_id FROM events GROUP BY article_id "
            "ORDER BY count(*) DESC, article_id LIMIT 1"
        )
        event = store.query(
            "SELECT e.id FROM events e JOIN clusters c ON c.id = e.cluster_id "
            "ORDER BY c.num_independent DESC, e.id LIMIT 1"
        )
        pack = store.query("SELECT pack_id FROM scenario_packs ORDER BY pack_id LIMIT 1")
    found = {
        "overview": "/",
        "events": "/events",
        "article": f"/articles/{quote(str(article[0][0]), safe='')}" if article else "",
        "event": f"/event/{quote(str(event[0][0]), safe='')}" if event else "",
        "board": f"/scenarios/{quote(str(pack[0][0]), safe='')}" if pack else "",
    }
    return {name: path for name, path in found.items() if path}


def _shrink(path: Path) -> None:
    """A palette of 256 colours: a third of the bytes, and text stays sharp."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256)
    small.save(path, optimize=True)


def _local_only(route: Route) -> None:
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


def main(db: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with running(create_app(db)) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport=SIZE)
        page.route("**/*", _local_only)
        for name, path in pages(db).items():
            page.goto(base + path, wait_until="networkidle")
            if name == "article":  # show click-to-evidence: open the second passage's event
                marks = page.locator("mark[data-events]")
                marks.nth(min(1, marks.count() - 1)).click()
                page.wait_for_timeout(600)
                page.evaluate("window.scrollTo(0, 0)")
            height = min(int(page.evaluate("document.body.scrollHeight")), TALLEST)
            clip = {"x": 0, "y": 0, "width": SIZE["width"], "height": height}
            page.screenshot(path=out / f"{name}.png", full_page=True, clip=clip)
            _shrink(out / f"{name}.png")
            sys.stdout.write(f"{out / name}.png: {path}\n")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/web_screenshots.py STORE OUT_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))

"""The web workbench (``casus serve``): a Starlette application over a store, read-only.

Pages are rendered on the server from Jinja2 templates with autoescaping on, so every
value from the store (article text and metadata are untrusted) is escaped; the only
markup not written by a template is the article view's text, built slice by slice with
escaping (:mod:`casus.web.highlight`). Nothing is loaded from another host: the
stylesheet is served under ``/static``, and the Content-Security-Policy allows only
this origin (:mod:`casus.web.security`). Requests whose ``Host`` is not an allowed
name are refused (400) against DNS rebinding.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import CasusError, SchemaError, StoreLockedError, UsageError
from ..scenarios.ledger import run as run_ledger
from ..scenarios.model import Pack
from ..scenarios.scoring import resolve as resolve_pack
from ..scenarios.whatif import parse_event, whatif
from ..store import Store
from ..store.export import export_format
from ..store.query import STATES, Filters, mentions
from ..store.reviews import Corrections, add_review
from .board import board_page, find_pack, pack_list
from .data import article_page, overview_page
from .events import (
    LISTED_FACTS,
    REVIEWER_COOKIE,
    event_page,
    listed_facts,
    parse_review,
    review_form,
    reviewer_of,
)
from .filters import FIELDS, QUAD_NAMES, filters_of
from .security import CsrfMiddleware, SecurityHeadersMiddleware
from .stream import ExportResponse, ExportStream
from .viz import article_timeline, dyad_timeline, map_points

__all__ = ["BUSY", "EXPORTS", "RETRY_AFTER", "create_app"]

BUSY = "the store is being written by another process (casus ingest?); try again shortly"
"""What a page says while another process holds the store (status 503)."""
RETRY_AFTER = "5"
"""Seconds a client is asked to wait before it tries again."""

EXPORTS: Mapping[str, tuple[str, str]] = {
    "csv": ("csv", "text/csv; charset=utf-8"),
    "geojson": ("geojson", "application/geo+json"),
    "gdelt": ("gdelt", "text/tab-separated-values; charset=utf-8"),
}
"""Export suffix → (format of :mod:`casus.store.export`, media type)."""

_LISTED = 200
"""Mentions shown on the explorer page (exports have no limit)."""

_WHATIF_STATES = ("corroborated", "single-source", "contested")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("casus.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class _Workbench:
    """The routes' shared state: the store's path and the templates."""

    def __init__(self, db_path: Path, reviewer: str = "") -> None:
        self.db_path = db_path
        self.reviewer = reviewer
        self.env = _environment()

    def open(self) -> Store:
        """The store, opened read-only for one request (the file stays free for
        ``casus ingest`` between requests); 503 while another process writes to it."""
        try:
            return Store.open(self.db_path)
        except StoreLockedError as exc:
            raise HTTPException(503, f"{BUSY} [{exc.code}]", {"Retry-After": RETRY_AFTER}) from None

    @contextmanager
    def store(self) -> Iterator[Store]:
        """:meth:`open`, closed at the end of the block."""
        with self.open() as store:
            yield store

    def page(
        self, request: Request, name: str, context: Mapping[str, Any], status: int = 200
    ) -> HTMLResponse:
        template = self.env.get_template(name)
        csrf = getattr(request.state, "csrf_token", "")
        html = template.render(**context, csrf_token=csrf, path=request.url.path)
        return HTMLResponse(html, status_code=status)

    def home(self, request: Request) -> Response:
        with self.store() as store:
            context = {**overview_page(store), "charts": article_timeline(store)}
        return self.page(request, "overview.html", context)

    def article(self, request: Request) -> Response:
        with self.store() as store:
            context = article_page(store, str(request.path_params["article_id"]))
        if context is None:
            raise HTTPException(404, "no such article")
        return self.page(request, "article.html", context)

    def event(self, request: Request) -> Response:
        event_id = str(request.path_params["event_id"])
        reviewer = reviewer_of(request.cookies.get(REVIEWER_COOKIE), self.reviewer)
        with self.store() as store:
            context = event_page(store, event_id, reviewer)
        if context is None:
            raise HTTPException(404, "no such event mention")
        return self.page(request, "event.html", context)

    async def review(self, request: Request) -> Response:
        """Record a review (the store opened for writing for this action alone); back to
        the event page, or the page again with the message (400) on invalid input."""
        event_id = str(request.path_params["event_id"])
        verdict, reviewer, corrections, note = parse_review(await request.body())
        reviewer = reviewer or self.reviewer
        try:
            await run_in_threadpool(self._review, event_id, verdict, reviewer, corrections, note)
        except CasusError as exc:
            with self.store() as store:
                context = event_page(store, event_id, reviewer)
            if context is None:
                raise HTTPException(404, "no such event mention") from None
            values = {"verdict": verdict, "note": note}
            context = {**context, "error": exc.message, "form": review_form(reviewer, values)}
            return self.page(request, "event.html", context, 400)
        response = RedirectResponse(f"/event/{quote(event_id, safe='')}", 303)
        response.set_cookie(
            REVIEWER_COOKIE, quote(reviewer, safe=""), max_age=365 * 86400,
            httponly=True, samesite="strict",
        )  # fmt: skip
        return response

    def _review(
        self, event_id: str, verdict: str, reviewer: str, corrections: Corrections, note: str
    ) -> None:
        try:
            with Store.open(self.db_path, write=True) as store:
                add_review(store, event_id, reviewer, verdict, corrections, note=note)
        except StoreLockedError as exc:
            detail = "another process is writing to the store; try again when it ends"
            raise HTTPException(409, f"{detail} [{exc.code}]") from None

    def events(self, request: Request) -> Response:
        form = {name: request.query_params.get(name, "") for name in FIELDS}
        context: dict[str, Any] = {"form": form, **_choices()}
        try:
            filters = filters_of(request.query_params)
            with self.store() as store:
                rows = mentions(store, filters, _LISTED, LISTED_FACTS)
                facts = listed_facts(store, rows)
        except UsageError as exc:
            context.update(error=exc.message, rows=[], exports={}, facts={})
            return self.page(request, "events.html", context, 400)
        query = urlencode([(k, v) for k, v in request.query_params.multi_items() if v])
        exports = {s: f"/events.{s}" + (f"?{query}" if query else "") for s in EXPORTS}
        context.update(error=None, rows=rows, exports=exports, facts=facts, query=query)
        return self.page(request, "events.html", context)

    def selection_data(self, request: Request) -> Response:
        """The explorer's map points or timeline for the selection in the query string,
        as JSON (``/events/map.json``, ``/events/timeline.json``): fetched by the page's
        scripts after it is shown, so the list does not wait for them."""
        what = str(request.path_params["what"])
        if what not in _SELECTION_DATA:
            raise HTTPException(404, "no such data")
        try:
            filters = filters_of(request.query_params)
        except UsageError as exc:
            raise HTTPException(400, exc.message) from None
        with self.store() as store:
            data = _SELECTION_DATA[what](store, filters)
        return JSONResponse(data)

    def export(self, request: Request) -> Response:
        suffix = str(request.path_params["suffix"])
        if suffix not in EXPORTS:
            raise HTTPException(404, "no such export format")
        name, media = EXPORTS[suffix]
        fmt = export_format(name)
        assert fmt.stream is not None
        try:
            filters = filters_of(request.query_params)
        except UsageError as exc:
            raise HTTPException(400, exc.message) from None
        stream = ExportStream(self.open(), fmt.stream, filters)  # owns the store now
        disposition = f'attachment; filename="casus-events.{suffix}"'
        return ExportResponse(stream, media, {"Content-Disposition": disposition})

    def _pack(self, store: Store, pack_id: str) -> Pack:
        pack = find_pack(store, pack_id)
        if pack is None:
            raise HTTPException(404, "no such scenario pack")
        return pack

    def scenarios(self, request: Request) -> Response:
        with self.store() as store:
            packs = pack_list(store)
        return self.page(request, "scenarios.html", {"packs": packs})

    def board(self, request: Request) -> Response:
        with self.store() as store:
            pack = self._pack(store, str(request.path_params["pack_id"]))
            context = dict(board_page(store, pack))
        context["resolved"] = request.query_params.get("resolved") == "1"
        return self.page(request, "board.html", context)

    def whatif(self, request: Request) -> Response:
        params = request.query_params
        form = {
            "event": params.get("event", ""),
            "state": params.get("state", "corroborated"),
            "independent": params.get("independent", "2"),
        }
        context: dict[str, Any] = {"form": form, "states": _WHATIF_STATES, "result": None}
        with self.store() as store:
            pack = self._pack(store, str(request.path_params["pack_id"]))
            context.update(pack=pack, error=None)
            if not form["event"].strip():
                return self.page(request, "whatif.html", context)
            try:
                independent = int(form["independent"])
                event = parse_event(form["event"], state=form["state"], independent=independent)
                context["result"] = whatif(store, pack, event)
            except ValueError:
                context["error"] = (
                    f"independent must be a whole number, not {form['independent']!r}"
                )
            except CasusError as exc:
                context["error"] = exc.message
        status = 400 if context["error"] else 200
        return self.page(request, "whatif.html", context, status)

    async def resolve(self, request: Request) -> Response:
        body = (await request.body()).decode("utf-8", errors="replace")
        form = {k: v[0] for k, v in parse_qs(body, max_num_fields=100).items()}
        pack_id = str(request.path_params["pack_id"])
        try:
            on = date.fromisoformat(form.get("date", "").strip())
        except ValueError:
            raise HTTPException(400, f"not a date (YYYY-MM-DD): {form.get('date', '')!r}") from None
        await run_in_threadpool(self._resolve, pack_id, form.get("scenario", ""), on)
        return RedirectResponse(f"/scenarios/{quote(pack_id, safe='')}?resolved=1", 303)

    def _resolve(self, pack_id: str, scenario_id: str, on: date) -> None:
        """Record the outcome: the only write of the workbench, with the store opened
        for writing for this action alone (the ledger is rerun first, as the CLI does)."""
        try:
            with Store.open(self.db_path, write=True) as store:
                pack = self._pack(store, pack_id)
                run_ledger(store, pack)
                resolve_pack(store, pack, scenario_id, on)
        except StoreLockedError as exc:
            detail = "another process is writing to the store; try again when it ends"
            raise HTTPException(409, f"{detail} [{exc.code}]") from None
        except CasusError as exc:
            raise HTTPException(400, exc.message) from None

    async def error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
        page = self.page(request, "error.html", {"status": status, "detail": detail}, status)
        if isinstance(exc, HTTPException) and exc.headers:
            page.headers.update(exc.headers)
        return page


_SELECTION_DATA: Mapping[str, Callable[[Store, Filters], dict[str, Any]]] = {
    "map": map_points,
    "timeline": dyad_timeline,
}


def _choices() -> dict[str, Any]:
    return {"states": STATES, "quads": QUAD_NAMES, "limit": _LISTED}


def _ready(path: Path) -> None:
    """Fail now, not on the first request, if ``path`` is no store; a store of an older
    schema is upgraded now (the workbench writes reviews and resolutions to it)."""
    try:
        Store.open(path).close()
    except SchemaError:
        if path.is_dir():
            raise
        Store.open(path, write=True).close()


def create_app(
    db_path: str | os.PathLike[str],
    *,
    allowed_hosts: Sequence[str] = ("127.0.0.1", "localhost"),
    secret: bytes | None = None,
    reviewer: str = "",
) -> Starlette:
    """The workbench over the store at ``db_path`` (which must exist: a
    :class:`~casus.errors.StoreError` otherwise). ``allowed_hosts``: the ``Host``
    names accepted; ``secret``: the key that signs CSRF tokens (random per process
    when None); ``reviewer``: the name reviews are recorded under when the form gives
    none."""
    path = Path(db_path)
    _ready(path)
    bench = _Workbench(path, reviewer)
    static = Path(__file__).parent / "static"
    routes = [
        Route("/", bench.home, name="overview"),
        Route("/articles/{article_id}", bench.article, name="article"),
        Route("/event/{event_id}", bench.event, name="event"),
        Route("/event/{event_id}/review", bench.review, methods=["POST"], name="review"),
        Route("/events", bench.events, name="events"),
        Route("/events.{suffix}", bench.export, name="export"),
        Route("/events/{what}.json", bench.selection_data, name="selection-data"),
        Route("/scenarios", bench.scenarios, name="scenarios"),
        Route("/scenarios/{pack_id}", bench.board, name="board"),
        Route("/scenarios/{pack_id}/whatif", bench.whatif, name="whatif"),
        Route("/scenarios/{pack_id}/resolve", bench.resolve, methods=["POST"], name="resolve"),
        Mount("/static", app=StaticFiles(directory=static), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeadersMiddleware),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)),
        Middleware(CsrfMiddleware, secret=secret or secrets.token_bytes(32)),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: bench.error},
    )

"""The web workbench's safety layer, as plain ASGI middleware: security headers on
every response, and CSRF protection on every state-changing request.

CSRF uses a signed double-submit token: the server signs a random nonce with a secret
held only by this process (HMAC-SHA256) and sets it in a ``SameSite=Strict``,
``HttpOnly`` cookie; each form carries the same token in a hidden field (or a script
sends it as an ``X-CSRF-Token`` header). A POST, PUT, PATCH or DELETE passes only when
the cookie is a token this process signed and the field or header equals it; anything
else is answered 403 before the application sees it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSP",
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SECURITY_HEADERS",
    "CsrfMiddleware",
    "SecurityHeadersMiddleware",
    "sign_token",
    "valid_token",
]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
"""Sent with every response, errors and static files included."""

CSRF_COOKIE = "casus_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_MAX_FORM = 1 << 20
"""The largest request body read to find the token (1 MiB); a larger one gets 413."""


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, sending)


def sign_token(secret: bytes, nonce: str | None = None) -> str:
    """A token: a random nonce (or ``nonce``) and its HMAC under ``secret``."""
    nonce = nonce or secrets.token_hex(16)
    mac = hmac.new(secret, nonce.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{nonce}.{mac}"


def valid_token(secret: bytes, token: str) -> bool:
    """Whether ``token`` was signed with ``secret``."""
    nonce, dot, _ = token.partition(".")
    if not dot or not nonce.isascii() or not nonce.isalnum() or len(token) > 200:
        return False
    return hmac.compare_digest(sign_token(secret, nonce), token)


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when it exceeds :data:`_MAX_FORM`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > _MAX_FORM:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A ``receive`` that hands the application the body already read, once."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _form_token(body: bytes, content_type: str) -> str | None:
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return None
    values = parse_qs(body.decode("latin-1"), max_num_fields=1000).get(CSRF_FIELD)
    return values[0] if values else None


class CsrfMiddleware:
    """Signed double-submit CSRF tokens (see the module's text). The request's token
    is in ``request.state.csrf_token`` for templates' hidden fields."""

    def __init__(self, app: ASGIApp, secret: bytes) -> None:
        self.app = app
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        cookie = connection.cookies.get(CSRF_COOKIE)
        known = cookie if cookie and valid_token(self.secret, cookie) else None
        token = known or sign_token(self.secret)
        scope.setdefault("state", {})["csrf_token"] = token
        if scope["method"] in _UNSAFE:
            body = await _read_body(receive)
            if body is None:
                await PlainTextResponse("request too large", 413)(scope, receive, send)
                return
            given = connection.headers.get(CSRF_HEADER) or _form_token(
                body, connection.headers.get("content-type", "")
            )
            if not (known and given and hmac.compare_digest(given, known)):
                await PlainTextResponse("CSRF token missing or wrong", 403)(scope, receive, send)
                return
            receive = _replay(body)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and known is None:
                MutableHeaders(scope=message).append(
                    "set-cookie", f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                )
            await send(message)

        await self.app(scope, receive, sending)

"""The shared secret in front of `desk serve`: no page, script or websocket without it.

A browser presents the secret once (the login form, or `?token=` in the address); it then
holds a cookie derived from the secret (never the secret itself), HttpOnly and
SameSite=Strict. Every request without a valid cookie or token is refused before any
desk process starts: 401 with the login form, 403 for a wrong secret. The websocket also
checks the page's Origin, so another site cannot open a desk in the editor's browser.
"""

from __future__ import annotations

import hashlib
import hmac
import html
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

COOKIE = "desk_session"
LOGIN_PATH = "/login"
TOKEN_PARAM = "token"
MIN_LENGTH = 12

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

LOGIN_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>desk</title></head>
<body style="font-family: sans-serif; margin: 4em">
<h1>desk</h1>
<p>{message}</p>
<form method="post" action="{action}">
<label>Shared secret <input type="password" name="token" autofocus></label>
<button type="submit">Open the desk</button>
</form>
</body></html>
"""


class SecretError(ValueError):
    """A secret that cannot guard the desk (too short); the message is one line."""


def check_strength(secret: str) -> str:
    secret = secret.strip()
    if len(secret) < MIN_LENGTH:
        raise SecretError(f"the shared secret must be at least {MIN_LENGTH} characters")
    return secret


def session_value(secret: str) -> str:
    """What the cookie holds: proof of the secret, useless for anything else."""
    return hmac.new(secret.encode(), b"desk serve session", hashlib.sha256).hexdigest()


def _login_page(message: str, status: int) -> web.Response:
    body = LOGIN_PAGE.format(message=html.escape(message), action=LOGIN_PATH)
    return web.Response(text=body, status=status, content_type="text/html")


def _to_front_page() -> web.Response:
    return web.Response(status=303, headers={"Location": "/"})


def secret_middleware(secret: str, *, secure_cookie: bool = False):
    """An aiohttp middleware refusing every request that does not carry `secret`."""
    cookie_value = session_value(secret)

    def matches(candidate: str | None, expected: str) -> bool:
        return candidate is not None and hmac.compare_digest(candidate.encode(),
                                                             expected.encode())

    def admitted(response: web.StreamResponse) -> web.StreamResponse:
        response.set_cookie(COOKIE, cookie_value, httponly=True, samesite="Strict",
                            secure=secure_cookie, path="/")
        return response

    def same_origin(request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == request.host

    @web.middleware
    async def require_secret(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path == LOGIN_PATH and request.method == "POST":
            form = await request.post()
            token = form.get(TOKEN_PARAM)
            if not matches(token if isinstance(token, str) else None, secret):
                return _login_page("That is not the secret. Try again.", 403)
            return admitted(_to_front_page())
        if matches(request.query.get(TOKEN_PARAM), secret):
            if request.method == "GET" and request.path == "/":
                # Take the secret out of the address bar (and the browser's history).
                return admitted(_to_front_page())
            return admitted(await handler(request))
        if matches(request.cookies.get(COOKIE), cookie_value):
            if not same_origin(request):
                raise web.HTTPForbidden(text="desk: request from another site refused")
            return await handler(request)
        if request.path == "/":
            return _login_page("This desk needs its shared secret.", 401)
        raise web.HTTPUnauthorized(text="desk: the shared secret is required")

    return require_secret

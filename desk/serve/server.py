"""The desk served to browsers: textual-serve's server, one `python -m desk` per tab."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from typing import Any

from aiohttp import web
from textual_serve.server import Server

from desk.serve.secret import check_strength, secret_middleware

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ServeError(Exception):
    """The desk cannot be served as asked; the message is one line."""


def desk_command(desk_args: list[str]) -> str:
    """The shell command textual-serve runs for each browser: this Python, this desk."""
    return shlex.join([sys.executable, "-m", "desk", *desk_args])


class DeskServer(Server):
    """textual-serve's Server with the shared secret in front of every route.

    Without a public URL the page's own address is used for its scripts and websocket, so
    the desk works under whatever name the browser reached it by.
    """

    def __init__(self, desk_args: list[str], *, host: str, port: int,
                 secret: str | None = None, public_url: str | None = None):
        if secret is None and not is_loopback(host):
            raise ServeError(f"listening on {host} needs a shared secret: set "
                             "DESK_SERVE_TOKEN or pass --token-file (see the README)")
        super().__init__(desk_command(desk_args), host=host, port=port, title="desk",
                         public_url=public_url)
        self.secret = check_strength(secret) if secret is not None else None
        self.fixed_public_url = public_url

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        if self.secret is not None:
            secure = (self.fixed_public_url or "").startswith("https:")
            app.middlewares.append(secret_middleware(self.secret, secure_cookie=secure))
        return app

    async def handle_index(self, request: web.Request) -> Any:
        if self.fixed_public_url is None:
            # No await between this and the page's use of it: requests cannot interleave.
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    def initialize_logging(self) -> None:
        """textual-serve's banner and request log stay off: desk prints its own line."""

    async def on_startup(self, app: web.Application) -> None:
        guard = "shared secret required" if self.secret else "no secret: loopback only"
        print(f"desk serve: http://{self.host}:{self.port}/ ({guard}); ctrl+c stops",
              flush=True)

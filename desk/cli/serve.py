"""`desk serve [--host H] [--port P]`: the desk in a web browser (textual-serve).

Loopback by default; any other address needs a shared secret (DESK_SERVE_TOKEN, or the
first line of --token-file), which browsers must present before a desk starts.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desk.cli.options import LOCATIONS, settings_from

TOKEN_ENV = "DESK_SERVE_TOKEN"


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", parents=[LOCATIONS],
                                   help="serve the desk to web browsers")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; any other needs a secret)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--token-file", type=Path,
                        help=f"file whose first line is the shared secret (or env {TOKEN_ENV})")
    parser.add_argument("--public-url",
                        help="the address browsers use, behind a reverse proxy "
                             "(e.g. https://desk.example.org)")
    parser.set_defaults(func=run)


def read_secret(token_file: Path | None) -> str | None:
    """The shared secret, if any; taken out of the environment so no desk child sees it."""
    from_env = os.environ.pop(TOKEN_ENV, None)
    if token_file is None:
        return from_env or None
    try:
        lines = token_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        from desk.serve.server import ServeError

        raise ServeError(f"{token_file}: cannot read the shared secret: {exc}") from None
    return lines[0] if lines else ""


def run(args: argparse.Namespace) -> int:
    from desk.serve.secret import SecretError
    from desk.serve.server import DeskServer, ServeError

    settings = settings_from(args)
    desk_args = ["--store", str(settings.store), "--inbox", str(settings.inbox),
                 "--out", str(settings.export)]
    if getattr(args, "config", None):
        desk_args += ["--config", str(args.config)]
    try:
        secret = read_secret(args.token_file)
        server = DeskServer(desk_args, host=args.host, port=args.port, secret=secret,
                            public_url=args.public_url)
        server.serve()
    except (ServeError, SecretError) as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the port is taken, the address is not ours ...
        print(f"desk: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    return 0

"""`desk`: with no command, the TUI; otherwise a thin subcommand over the core.

Each subcommand lives in desk/commands/<name>.py and exposes
`register(subparsers) -> None`, which adds its parser (with `parents=[cli.LOCATIONS]`)
and sets `func(args) -> int`; `settings_from(args)` gives the resolved Settings.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from desk.config import ConfigError, Settings, load_settings

COMMANDS = ("inspect", "ingest", "list", "approve", "spike", "history", "export")


def location_options(default=None) -> argparse.ArgumentParser:
    """The location flags, accepted before or after the subcommand.

    Subcommand parsers pass `default=argparse.SUPPRESS` (via `parents=[LOCATIONS]`) so a
    flag given before the subcommand is not reset by the subparser's default.
    """
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", default=default,
                        help="settings file (default ./desk.toml if present)")
    parent.add_argument("--store", default=default,
                        help="store file (env DESK_STORE, default ./desk.json)")
    parent.add_argument("--inbox", default=default,
                        help="inbox folder (env DESK_INBOX, default ./stories)")
    parent.add_argument("--out", default=default,
                        help="export folder (env DESK_EXPORT, default ./approved)")
    return parent


LOCATIONS = location_options(argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk", description="A terminal newsroom desk.", parents=[location_options()]
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"desk.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"desk.commands.{name}":
                raise
            continue  # a command not built yet
        module.register(subparsers)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(
        Path(args.config) if args.config else None,
        inbox=args.inbox,
        store=args.store,
        export=args.out,
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from desk.app import run_app

            return run_app(settings_from(args))
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `desk list --json | head` closes the pipe early: not an error for the editor.
        sys.stderr.close()
        return 0

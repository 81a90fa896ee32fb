"""`desk`: with no command, the TUI; otherwise a thin subcommand over the layers below.

Each subcommand module exposes `register(subparsers) -> None`, which adds its parser (with
`parents=[options.LOCATIONS]`) and sets `func(args) -> int`. The table below names them all;
the modules import only desk.cli.options, never this module, so there is no import loop.
"""

from __future__ import annotations

import argparse
import gc
import sys

from desk.cli import (
    approve,
    db,
    doctor,
    export,
    history,
    ingest,
    inspect,
    migrate,
    serve,
    spike,
    undo,
)
from desk.cli import list as list_command
from desk.cli.options import location_options, settings_from
from desk.config import ConfigError
from desk.store.errors import StoreError

COMMANDS = (inspect, ingest, list_command, approve, spike, undo, history, export, doctor, serve,
            db, migrate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk", description="A terminal newsroom desk.", parents=[location_options()]
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            # Opening the desk allocates some hundred thousand objects and frees almost
            # none: the cycle collector would scan them over and over, ~40 ms of CPU before
            # the first frame. It is off until that frame is drawn (DeskApp.on_mount).
            gc.disable()
            try:
                from desk.tui.app import run_app  # Textual loads only when the desk opens

                return run_app(settings_from(args))
            finally:
                gc.enable()
        return int(args.func(args) or 0)
    except (ConfigError, StoreError) as exc:  # a command that cannot go on at all
        print(f"desk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `desk list --json | head` closes the pipe early: not an error for the editor.
        sys.stderr.close()
        return 0

"""`desk`: with no command, the TUI; otherwise a thin subcommand over the layers below.

Each subcommand module exposes `register(subparsers) -> None`, which adds its parser (with
`parents=[options.LOCATIONS]`) and sets `func(args) -> int`. The table below names them all,
with the module that registers each and the one line `desk --help` shows for it. Only the
module of the command being run is imported: the others stand in the parser by name and help
line, so starting `desk ingest` or `desk inspect` does not pay for every other command's
imports (tests/cli/test_commands.py checks the table's lines are the modules' own). The
modules import only desk.cli.options, never this module, so there is no import loop.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection
from contextlib import nullcontext
from importlib import import_module

from desk.cli.keys_while_starting import keys_as_typed
from desk.cli.options import location_options, settings_from
from desk.collector import collector_resting
from desk.config import ConfigError
from desk.kept_patterns import save_now

# command: (module in desk.cli that registers it, its help line), in `desk --help`'s order
COMMANDS = {
    "inspect": ("inspect", "show stories as clean copy with quotes and speakers"),
    "ingest": ("ingest", "read the inbox into the store"),
    "list": ("list", "list stories in the store"),
    "approve": ("approve", "approve stories under a slugged filename"),
    "spike": ("spike", "spike stories (restorable with unspike)"),
    "unspike": ("spike", "restore spiked stories to their earlier status"),
    "undo": ("undo", "undo your last change to stories"),
    "history": ("history", "show every change made to a story"),
    "export": ("export", "export approved stories (md, ninjs json, txt)"),
    "doctor": ("doctor", "check the store and rebuild what can be rebuilt"),
    "serve": ("serve", "serve the desk to web browsers"),
    "db": ("db", "the PostgreSQL store's schema (desk db init)"),
    "migrate": ("migrate", "copy a TinyDB store into PostgreSQL"),
}


def build_parser(loaded: Collection[str] | None = None) -> argparse.ArgumentParser:
    """desk's parser: the commands in `loaded` (default: all) as their modules register
    them, the others by name and help line only."""
    parser = argparse.ArgumentParser(
        prog="desk", description="A terminal newsroom desk.", parents=[location_options()]
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show desk's version and which quote engine runs, and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = None if loaded is None else {COMMANDS[name][0] for name in loaded
                                           if name in COMMANDS}
    for name, (module, help_line) in COMMANDS.items():
        if name in subparsers.choices:
            continue  # registered by its module along with another command (unspike)
        if modules is None or module in modules:
            import_module(f"desk.cli.{module}").register(subparsers)
        else:
            subparsers.add_parser(name, help=help_line)
    return parser


class _Version(argparse.Action):
    """desk's version and its quote engine (compiled, or why not), looked up only when asked."""

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        from desk.text import ENGINE

        try:
            number = version("desk")
        except PackageNotFoundError:  # run from a checkout that was never installed
            number = "(not installed)"
        print(f"desk {number}; quote engine: {ENGINE}")
        parser.exit()


def named_command(argv: list[str]) -> str | None:
    """The command `argv` names, read as the parser reads it (a location flag before it
    takes its value); None when it names none or its flags are wrong (the parser says so)."""
    sniffer = _Sniffer(add_help=False, parents=[location_options()])
    sniffer.add_argument("command", nargs="?")
    try:
        return sniffer.parse_known_args(argv)[0].command
    except argparse.ArgumentError:
        return None


class _Sniffer(argparse.ArgumentParser):
    def error(self, message: str):
        raise argparse.ArgumentError(None, message)


# Commands that end with nothing left to finalize, their store closed and their workers
# gone: `desk ingest` holds the stories it read, which a usual exit frees one by one (~10
# ms of an ingest of the BBC corpus). Once their output is out they end with os._exit.
QUICK_EXIT = frozenset({"ingest"})
# Commands that read stories from start to end, with the cycle collector resting throughout
# (desk.collector), their imports included: loading the pipeline makes ~100,000 objects,
# and each story some thousands, that reference counting frees and the collector would
# walk again and again (~6 ms of `desk ingest`'s ~0.16 s before its workers fork, ~8% of
# `desk inspect` on a 5 MB story). The cycles they leave are few: ~300 objects for BBC.
RESTING = frozenset({"ingest", "inspect"})


def run() -> None:
    """The `desk` command itself (the console script, `python -m desk`)."""
    argv = sys.argv[1:]
    code = main(argv)
    if named_command(argv) in QUICK_EXIT:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe: the usual exit deals with it
            sys.exit(code)
        save_now()  # the regular expressions' code, kept for the next run
        os._exit(code)
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = named_command(argv)
    args = build_parser([command] if command else []).parse_args(argv)
    try:
        if args.command is None:
            # Opening the desk allocates some hundred thousand objects and frees almost
            # none: the cycle collector would scan them over and over, ~40 ms of CPU before
            # the first frame. It is off until that frame is drawn (DeskApp.on_mount).
            # Keys typed meanwhile come as typed, not through the terminal's line editing.
            with keys_as_typed(0), collector_resting():  # (0: standard input, a terminal?)
                from desk.tui.app import run_app  # Textual loads only when the desk opens

                return run_app(settings_from(args))
        with collector_resting() if args.command in RESTING else nullcontext():
            return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `desk list --json | head` closes the pipe early: not an error for the editor.
        sys.stderr.close()
        return 0
    except Exception as exc:
        if not _cannot_go_on(exc):
            raise
        print(f"desk: {exc}", file=sys.stderr)
        return 2


def _cannot_go_on(exc: Exception) -> bool:
    """A command that cannot go on at all: bad settings, or a store error. The store's
    errors are looked up, not imported: a command that opened no store raised none, and
    `desk inspect` need not load the store's modules (~45 ms) to find that out."""
    store_errors = sys.modules.get("desk.store.errors")
    return isinstance(exc, ConfigError) or (
        store_errors is not None and isinstance(exc, store_errors.StoreError))

"""The options every subcommand shares: where the config, store, inbox and exports live."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk.config import Settings, load_settings


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


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(
        Path(args.config) if args.config else None,
        inbox=args.inbox,
        store=args.store,
        export=args.out,
    )

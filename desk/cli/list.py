"""`desk list [--status S] [--json]`: the stories in the store, newest first."""

from __future__ import annotations

import argparse
import json
import sys

from desk.cli.options import LOCATIONS, settings_from
from desk.model import Status, newest_first


def register(subparsers) -> None:
    parser = subparsers.add_parser("list", parents=[LOCATIONS], help="list stories in the store")
    parser.add_argument("--status", choices=[status.value for status in Status])
    parser.add_argument("--json", action="store_true",
                        help="one JSON object per story per line (all index fields)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import open_configured_store

    store = open_configured_store(settings_from(args))
    if store is None:
        return 2
    rows = newest_first(store.records(Status(args.status) if args.status else None))
    write = sys.stdout.write
    if args.json:
        for row in rows:
            write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    write(f"{'ID':<16}  {'STATUS':<8}  {'REV':>3}  {'HEADLINE':<50}  FILENAME\n")
    for row in rows:
        headline = row["headline"] if len(row["headline"]) <= 50 else row["headline"][:49] + "…"
        write(f"{row['id']:<16}  {row['status']:<8}  {row['revision']:>3}  {headline:<50}  "
              f"{row['filename'] or ''}\n")
    return 0

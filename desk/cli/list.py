"""`desk list [--status S] [--json]`: the stories in the store, newest first."""

from __future__ import annotations

import argparse
import json
import sys

from desk.cli.options import LOCATIONS, settings_from
from desk.model import Row, Status, newest_first
from desk.text.visible import one_line


def register(subparsers) -> None:
    parser = subparsers.add_parser("list", parents=[LOCATIONS], help="list stories in the store")
    parser.add_argument("--status", choices=[status.value for status in Status])
    parser.add_argument("--json", action="store_true",
                        help="one JSON object per story per line (all index fields)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import open_store

    store = open_store(settings_from(args))
    if store is None:
        return 2
    rows = newest_first(store.records(Status(args.status) if args.status else None))
    write = sys.stdout.write
    if args.json:
        for row in rows:
            write(json_line(with_versions(row)))
        return 0
    write(f"{'ID':<16}  {'STATUS':<8}  {'REV':>3}  {'HEADLINE':<50}  FILENAME\n")
    for row in rows:
        headline = one_line(row["headline"])
        headline = headline if len(headline) <= 50 else headline[:49] + "…"
        fixes = "".join(f"  ! {one_line(fix)}" for fix in row.get("headline_fixes") or ())
        write(f"{row['id']:<16}  {row['status']:<8}  {row['revision']:>3}  {headline:<50}  "
              f"{row['filename'] or ''}{fixes}\n")
    return 0


def with_versions(row: Row) -> dict:
    """The row with its versions, copies and `updated` spelled out (a story stored before
    versions has one version, no copies, and is not updated)."""
    return {**row, "versions": row.get("versions") or 1, "copies": row.get("copies") or 0,
            "updated": bool(row.get("updated"))}


def json_line(value) -> str:
    """One JSON line, UTF-8 kept; a C1 control (CSI is one) escaped like the C0 ones, so
    no stored text can reach a terminal as a command."""
    return json.dumps(value, ensure_ascii=False).translate(_C1_ESCAPED) + "\n"


_C1_ESCAPED = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}

"""`desk history ID [--json]`: every change to a story: when, who, field, old -> new."""

from __future__ import annotations

import argparse
import json

from desk.cli.options import LOCATIONS, settings_from


def register(subparsers) -> None:
    parser = subparsers.add_parser("history", parents=[LOCATIONS],
                                   help="show every change made to a story")
    parser.add_argument("id", metavar="ID")
    parser.add_argument("--json", action="store_true", help="one JSON object per change")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.list import json_line
    from desk.cli.store_access import for_each_id, open_store
    from desk.render import change_line

    store = open_store(settings_from(args))
    if store is None:
        return 2

    def show(story_id: str) -> str:
        entries = store.history(story_id)
        if args.json:
            return "".join(json_line(entry) for entry in entries).rstrip("\n")
        return _versions(store.get(story_id)) + "\n".join(map(change_line, entries))

    return for_each_id(store, [args.id], show)


def _versions(record) -> str:
    """The story's versions, oldest first, when it has more than one; then its changes."""
    earlier = (record or {}).get("earlier") or []
    if not earlier:
        return ""
    latest = {"received": record["received"], "arrived_as": record.get("arrived_as", ""),
              "source": record.get("version_source") or record["source"],
              "update": record.get("update", ""), "copy": record["copy"]}
    lines = [f"versions ({len(earlier) + 1}):"]
    for number, version in enumerate([*earlier, latest], start=1):
        update = f" [{version['update']}]" if version.get("update") else ""
        lines.append(f"  v{number}  {version['received']}  {version['arrived_as'] or 'first'}"
                     f"{update}  {version['source']}  "
                     f"{json.dumps(version['copy']['headline'], ensure_ascii=False)}")
    return "\n".join(lines) + "\nchanges:\n"


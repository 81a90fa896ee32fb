"""`desk undo ID...`: take back the command line's own last change to each story."""

from __future__ import annotations

import argparse

from desk.cli.options import LOCATIONS, settings_from


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "undo", parents=[LOCATIONS], help="undo your last change to stories",
        description="Take back the last change this shell's session (DESK_SESSION, default "
        "your user on this machine) made to each story. Refused, saying why, when another "
        "desk changed the story since.")
    parser.add_argument("ids", nargs="+", metavar="ID")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import for_each_id, open_store, retracting

    store = open_store(settings_from(args))
    if store is None:
        return 2

    def undo(story_id: str) -> str:
        before = store.get(story_id)
        record = store.undo(story_id)
        entries = [entry for entry in store.history(story_id)
                   if entry["revision"] == record["revision"]]
        what = ", ".join(entry["field"] for entry in entries)
        return retracting(store, story_id, f"undid r{entries[0]['undoes']} of {story_id} "
                          f"({what}): {before['status'] if before else '?'} -> "
                          f"{record['status']}")

    return for_each_id(store, args.ids, undo)

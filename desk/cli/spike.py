"""`desk spike ID...` and `desk unspike ID...` (unspike restores the status before)."""

from __future__ import annotations

import argparse

from desk.cli.options import LOCATIONS, settings_from


def register(subparsers) -> None:
    for name, help_text in (("spike", "spike stories (restorable with unspike)"),
                            ("unspike", "restore spiked stories to their earlier status")):
        parser = subparsers.add_parser(name, parents=[LOCATIONS], help=help_text,
                                       description=f"{help_text.capitalize()}. ID: a unique "
                                       "prefix of at least 6 hex digits.")
        parser.add_argument("ids", nargs="+", metavar="ID")
        parser.add_argument("--expect-revision", type=int, metavar="N",
                            help="refuse (conflict) unless the story is still at revision N")
        parser.set_defaults(func=run, action=name)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import for_each_id, open_store, retracting

    store = open_store(settings_from(args))
    if store is None:
        return 2
    change = store.spike if args.action == "spike" else store.unspike

    def act(story_id: str) -> str:
        record = change(story_id, expect_revision=args.expect_revision)
        return retracting(store, story_id, f"{args.action}d {story_id} -> {record['status']}")

    return for_each_id(store, args.ids, act)

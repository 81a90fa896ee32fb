"""`desk approve ID...`: validate and approve stories; one line each once it is durable."""

from __future__ import annotations

import argparse

from desk.cli.options import LOCATIONS, settings_from
from desk.model import split_tags


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "approve", parents=[LOCATIONS], help="approve stories under a slugged filename",
        description="Approve each story (ID: a unique prefix of at least 6 hex digits). "
        "Prints 'approved <id> -> <filename>' once the approval is on disk.")
    parser.add_argument("ids", nargs="+", metavar="ID")
    parser.add_argument("--headline", help="approve with this headline")
    parser.add_argument("--tags", help="approve with these tags (comma-separated)")
    parser.add_argument("--force", action="store_true",
                        help="approve despite an unbalanced quotation mark")
    parser.add_argument("--expect-revision", type=int, metavar="N",
                        help="refuse (conflict) unless the story is still at revision N")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import for_each_id, open_store, retracting

    store = open_store(settings_from(args))
    if store is None:
        return 2
    tags = split_tags(args.tags) if args.tags is not None else None

    def approve(story_id: str) -> str:
        record = store.approve(story_id, headline=args.headline, tags=tags, force=args.force,
                               expect_revision=args.expect_revision)
        # An approval under a new filename takes back the files of the one it replaces.
        return retracting(store, story_id, f"approved {story_id} -> {record['filename']}")

    return for_each_id(store, args.ids, approve)

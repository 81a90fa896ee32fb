"""`desk migrate --from desk.json --to postgresql://...`: copy a store, history and all.

Counts are printed; running it again adds nothing (stories already there are counted)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("migrate", help="copy a TinyDB store into PostgreSQL")
    parser.add_argument("--from", dest="source", required=True, metavar="STORE",
                        help="the store to copy (a desk.json file)")
    parser.add_argument("--to", dest="target", required=True, metavar="URL",
                        help="the PostgreSQL store: postgresql://user@host/dbname")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import report
    from desk.store import StoreError, is_postgres, open_store

    if not is_postgres(args.target):
        report(f"{args.target}: --to must be a postgresql:// URL")
        return 2
    if not Path(args.source).is_file():
        report(f"{args.source}: no store file to migrate from")
        return 2
    from desk.store.migrate import copy_store
    from desk.store.postgres import PostgresStore

    def progress(copied) -> None:
        print(f"\r{copied.stories:,} stories read", end="", file=sys.stderr, flush=True)

    try:
        with open_store(args.source) as source, PostgresStore(args.target) as target:
            for change in target.schema_changes:
                report(f"{target.path}: created {change}")
            copied = copy_store(source, target, progress=progress if sys.stderr.isatty()
                                else None)
    except StoreError as exc:
        report(str(exc))
        return 2
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"{args.source} -> {target.path}: {copied.line()}")
    return 1 if copied.differing else 0

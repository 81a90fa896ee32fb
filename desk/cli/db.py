"""`desk db init`: create or upgrade a PostgreSQL store's schema, and say what it did.

(Opening a PostgreSQL store does the same on its own, with a line saying so.)"""

from __future__ import annotations

import argparse

from desk.cli.options import LOCATIONS, settings_from


def register(subparsers) -> None:
    parser = subparsers.add_parser("db", parents=[LOCATIONS],
                                   help="the PostgreSQL store's schema (desk db init)")
    parser.add_argument("action", choices=["init"],
                        help="init: create or upgrade the schema of --store postgresql://...")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import report
    from desk.store import StoreError, is_postgres

    settings = settings_from(args)
    if not is_postgres(settings.store):
        report(f"{settings.store}: `desk db init` is for a postgresql:// store "
               "(a file store needs none)")
        return 2
    from desk.store.postgres import PostgresStore
    from desk.store.postgres.schema import VERSION

    try:
        store = PostgresStore(str(settings.store))
    except StoreError as exc:
        report(str(exc))
        return 2
    with store:
        for change in store.schema_changes:
            print(f"{store.path}: created {change}")
        if not store.schema_changes:
            print(f"{store.path}: schema already at version {VERSION}")
    return 0

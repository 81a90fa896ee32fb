"""`desk export [--format md|json|txt] [ID...]`: write approved copy to the export folder.

Without --format the configured formats are written (`export_formats` in desk.toml; all
three by default); without IDs every approved (or already exported) story is. Files are
`<out>/<filename>.<md|json|txt>`.
"""

from __future__ import annotations

import argparse

from desk.cli.options import LOCATIONS, settings_from
from desk.export.formats import RENDERERS  # light: json and re only


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", parents=[LOCATIONS], help="export approved stories (md, ninjs json, txt)",
        description="Write approved stories to <out>/<filename>.<md|json|txt>; a file that "
        "belongs to another story is never overwritten.")
    parser.add_argument("ids", nargs="*", metavar="ID",
                        help="stories to export (default: every approved story)")
    parser.add_argument("--format", choices=tuple(RENDERERS), action="append",
                        dest="formats", help="format to write (repeatable; default: "
                        "desk.toml's export_formats, else all three)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import open_store, report, report_unavailable
    from desk.export.exporter import export_stories
    from desk.store import StoreError

    settings = settings_from(args)
    store = open_store(settings)
    if store is None:
        return 2
    ids, failed = [], 0
    for prefix in args.ids:
        try:
            ids.append(store.resolve(prefix))
        except StoreError as exc:
            report(str(exc))
            failed += 1
    if args.ids and not ids:
        return 1
    try:
        summary = export_stories(store, settings.export,
                                 formats=args.formats or settings.export_formats,
                                 ids=ids or None)
    except StoreError as exc:  # e.g. marking a story exported failed: its files are written
        report(str(exc))
        return 1
    for path in summary.moved:
        print(f"retracted {path}")
    for path in summary.written:
        print(f"wrote {path}")
    for problem in summary.skipped:
        report(f"skipped {problem}")
    print(summary.line())
    damaged = report_unavailable(store)
    return 1 if failed or summary.skipped or damaged else 0

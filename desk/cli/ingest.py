"""`desk ingest [PATH...]`: read the inbox into the store; only new stories are added."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

from desk.cli.options import LOCATIONS, settings_from

PROGRESS_FROM = 200  # files; fewer finish before a bar is worth drawing


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ingest", parents=[LOCATIONS], help="read the inbox into the store",
        description="Read story files (default: the inbox) into the store. Re-running adds "
        "only new stories; bad files get one line each on stderr.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders (default: the configured inbox)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk import reading

    settings = settings_from(args)
    paths = args.paths or [settings.inbox]
    # The pipeline loads here, before any thread starts: the workers are forks of this
    # process (reading.fork_from_here), with no fork server to start and load it again.
    reading.fork_from_here(paths)

    from desk import inbox
    from desk.cli.store_access import open_store, report
    from desk.store.store import StoreError

    store = open_store(settings)
    if store is None:
        return 2
    missing: list[str] = []

    def missing_path(message: str) -> None:
        missing.append(message)
        report(message)

    listing = _settled(inbox, paths, missing_path, settings.settle)
    files = listing.files
    read = added = bad = 0
    copies: list[str] = []
    revised: list[str] = []  # one line each
    with _progress(len(files)) as advance:
        try:
            for batch in inbox.ingest(store, files, report):
                read += len(batch.stories)
                added += batch.added
                bad += batch.bad  # a feed is one file of many stories: count files apart
                copies += batch.copies
                revised += [each.line() for each in batch.revised]
                advance(batch.done)
        except StoreError as exc:  # a disk full too: one line naming the file
            report(str(exc))
            return 2
    store.close()
    summary = (f"ingested {added} new stories from {len(files)} files "
               f"({read - added} already in the store, {len(copies)} copies merged, "
               f"{len(revised)} updated, {bad} bad files, {len(listing.skipped)} skipped)")
    # One print: where output is unbuffered, each print is two writes.
    print("\n".join([summary, *revised, *copies,
                     *(f"skipped {skip.line()}" for skip in listing.skipped)]))
    return 1 if (missing or bad) and not read else 0


def _settled(inbox, paths: list[str], on_problem, settle: float):
    """List the inbox; wait once for files still being written to hold still, then list
    again. Files that still have not are listed as skipped (read by the next run)."""
    import time

    listing = inbox.list_files(paths, on_problem, settle=settle)
    if listing.settling:
        time.sleep(settle)
        listing = inbox.list_files(paths, lambda message: None, settle=settle)
    listing.skipped += [inbox.Skipped(path, "still being written (read by the next run)")
                        for path in listing.settling]
    return listing


def _progress(total: int):
    """A progress bar on a terminal for big inboxes; otherwise a no-op advance(done)."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return nullcontext(lambda done: None)
    from rich.console import Console
    from rich.progress import Progress

    return _Bar(Progress(console=Console(stderr=True), transient=True), total)


class _Bar:
    def __init__(self, progress, total: int):
        self.progress, self.total = progress, total

    def __enter__(self):
        self.progress.__enter__()
        task = self.progress.add_task("ingesting", total=self.total)
        return lambda done: self.progress.update(task, completed=done)

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

"""`desk ingest [PATH...]`: read the inbox into the store; only new stories are added."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

from desk.cli.options import LOCATIONS, settings_from

BATCH = 500  # stories handed to the store at a time: one partition write per batch
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
    from desk.cli.store_access import open_store, os_problem, report
    from desk.store.store import StoreError
    from desk.text.ingest import IngestError, iter_story_files
    from desk.text.pipeline import load_stories

    settings = settings_from(args)
    store = open_store(settings)
    if store is None:
        return 2
    missing: list[str] = []

    def missing_path(message: str) -> None:
        missing.append(message)
        report(message)

    files = list(iter_story_files(args.paths or [settings.inbox], missing_path))
    read = added = bad = 0
    batch = []
    with _progress(len(files)) as advance:
        try:
            for path in files:
                try:
                    stories = load_stories(path, report)
                    batch += stories
                    read += len(stories)
                except IngestError as exc:
                    report(str(exc))
                    bad += 1
                if len(batch) >= BATCH:
                    added += store.add_stories(batch)
                    batch = []
                advance()
            added += store.add_stories(batch)
        except StoreError as exc:
            report(str(exc))
            return 2
        except OSError as exc:
            report(os_problem(exc, store))
            return 2
    store.close()
    print(f"ingested {added} new stories from {len(files)} files "
          f"({read - added} already in the store, {bad} bad files)")
    return 1 if (missing or bad) and not read else 0


def _progress(total: int):
    """A progress bar on a terminal for big inboxes; otherwise a no-op advance()."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return nullcontext(lambda: None)
    from rich.console import Console
    from rich.progress import Progress

    return _Bar(Progress(console=Console(stderr=True), transient=True), total)


class _Bar:
    def __init__(self, progress, total: int):
        self.progress, self.total = progress, total

    def __enter__(self):
        self.progress.__enter__()
        task = self.progress.add_task("ingesting", total=self.total)
        return lambda: self.progress.advance(task)

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

"""`desk doctor [--inbox DIR]`: report every problem in the store; rebuild what can be."""

from __future__ import annotations

import argparse

from desk.cli.options import LOCATIONS, settings_from


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "doctor", parents=[LOCATIONS], help="check the store and rebuild what can be rebuilt",
        description="Name every damaged store file (never written over), rebuild the index "
        "caches and the filename claims from the records; given --inbox, read the stories "
        "of a damaged partition again from their inbox files (the damaged file is moved "
        "whole into <store>.d/damaged/ first).")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.cli.store_access import open_store
    from desk.store.doctor import examine

    store = open_store(settings := settings_from(args))
    if store is None:
        return 2
    checkup = examine(store)
    problems = list(checkup.problems)
    if checkup.damaged and getattr(args, "inbox", None):  # only when asked for by name
        problems = [p for p in problems if not any(str(path) in p
                                                   for path in checkup.damaged.values())]
        checkup.rebuilt += _restore(store, checkup.damaged, settings.inbox, problems)
    for line in checkup.rebuilt:
        print(f"rebuilt: {line}")
    for line in problems:
        print(f"problem: {line}")
    print(f"desk doctor: {len(problems)} problems left, {len(checkup.rebuilt)} repairs")
    return 1 if problems else 0


def _restore(store, damaged, inbox_dir, problems: list[str]) -> list[str]:
    from desk import inbox
    from desk.store.doctor import restore
    from desk.text.ingest import IngestError
    from desk.text.pipeline import load_stories

    stories = []
    for path in inbox.story_files([inbox_dir], problems.append):
        try:
            stories += load_stories(path, problems.append)
        except IngestError as exc:
            problems.append(str(exc))
    known = {item.path: item.stories for item in store.unavailable()}
    return [restore(store, part, path, stories, known.get(path, ()))
            for part, path in sorted(damaged.items())]

"""What the store's CLI commands share: open the store, act on each id, report failures.

The store raises StoreError alone (a file problem included), so that is all caught here;
the command modules beside it stay thin.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Iterable

from desk.config import Settings
from desk.store import DeskStore, StoreError
from desk.store.api import open_store as open_location
from desk.store.store import current_user


def report(message: str) -> None:
    print(f"desk: {message}", file=sys.stderr)


def cli_session() -> str:
    """The shell's desk session: every `desk` command one user runs on this machine (or
    DESK_SESSION, to keep apart two shells), so `desk undo` takes back that user's own last
    change from the command line and never a desk's."""
    return os.environ.get("DESK_SESSION") or f"cli:{current_user()}@{socket.gethostname()}"


def open_store(settings: Settings) -> DeskStore | None:
    """The configured store, or None after reporting why it cannot be opened. A schema it
    had to create (a new PostgreSQL database) is one line each."""
    try:
        store = open_location(settings.store, headline_limit=settings.headline_limit,
                              session=cli_session())
    except StoreError as exc:
        report(str(exc))
        return None
    for change in store.schema_changes:
        report(f"{store.path}: created {change}")
    return store


def for_each_id(store: DeskStore, prefixes: Iterable[str],
                action: Callable[[str], str]) -> int:
    """Run `action(full_id)` on each id in turn, printing its line once it returns.

    Each failure is one line on stderr and the rest go on; exit status 1 if any failed.
    """
    failed = 0
    for prefix in prefixes:
        try:
            line = action(store.resolve(prefix))
        except StoreError as exc:
            report(str(exc))
            failed += 1
            continue
        print(line, flush=True)  # flushed: a line printed is a change on disk
    return 1 if failed else 0


def retracting(store: DeskStore, story_id: str, line: str) -> str:
    """`line`, and what taking back the story's withdrawn exports did (after an undo or a
    spike, its files move aside and a kill notice is written for the CMS)."""
    from desk.export.retract import retract_withdrawn

    summary = retract_withdrawn(store, [story_id])
    lines = [line]
    if summary.retracted:
        folders = sorted({str(path.parent) for path in summary.moved})
        lines.append(f"retracted {story_id}: {len(summary.moved)} files moved to "
                     f"{', '.join(folders) or 'nowhere (already gone)'}; kill notice "
                     f"{', '.join(map(str, summary.written)) or 'not written'}")
    for problem in summary.skipped:
        report(problem)
    return "\n".join(lines)

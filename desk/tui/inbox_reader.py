"""The child process of desk.tui.cold_read: reads a big inbox into the store as the desk
would in process (DeskSession.ingest), and tells the desk how far it is, in JSON lines on
its stdout. It leaves as soon as its stdin closes: the desk quit, or was killed."""

from __future__ import annotations

import json
import os
import pickle
import sys
import threading

from desk.store import StoreError, open_store
from desk.tui import cold_read
from desk.tui.session import DeskSession


def main() -> int:
    """Read what the desk handed over, saying how far after each batch."""
    settings, session, paths = pickle.load(sys.stdin.buffer)
    threading.Thread(target=_stop_with_the_desk, daemon=True).start()

    def say(message: dict) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    try:
        store = open_store(settings.store, headline_limit=settings.headline_limit,
                           session=session)
        reader = DeskSession(settings, store)
        for batch in reader.ingest(paths, lambda line: say({"problem": line}),
                                   in_child=False):
            say({"done": batch.done, "total": batch.total, "news": batch.news})
        store.close()
    except StoreError as exc:
        say({"error": str(exc)})
        return 1
    except BrokenPipeError:  # the desk is gone
        return 0
    say({cold_read.END: True})
    return 0


def _stop_with_the_desk() -> None:
    """Leave as soon as the desk closes our stdin (it quit, or it was killed)."""
    sys.stdin.buffer.read()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())

"""The child process of desk.tui.cold_read: reads a big inbox into the store as the desk
would in process (DeskSession.ingest), and tells the desk how far it is, in JSON lines on
its stdout. It leaves as soon as its stdin closes: the desk quit, or was killed."""

from __future__ import annotations

import json
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from itertools import chain
from typing import TYPE_CHECKING

from desk import reading

if TYPE_CHECKING:
    from desk.store.words import Entry


def main() -> int:
    """Read what the desk handed over, saying how far after each batch."""
    settings, session, paths = pickle.load(sys.stdin.buffer)
    # The pipeline loads here and the workers are forks of this process, as `desk
    # ingest`'s are: no fork server, another Python loading it all again (~0.3 CPU-s
    # while the desk starts, on a machine whose cores the read needs). A fork is safe
    # only while no other thread runs (it would copy a lock that thread holds), so the
    # watch on stdin starts with the first line said, once the workers are forked.
    reading.fork_from_here(paths)
    from desk.kept_patterns import save_now
    from desk.store import Store, StoreError, open_store
    from desk.tui import cold_read
    from desk.tui.session import DeskSession

    save_now()  # the code of the patterns just compiled: this process may end by os._exit

    watch = threading.Thread(target=_stop_with_the_desk, daemon=True)

    def say(message: dict) -> None:
        if watch.ident is None:  # not started yet
            watch.start()
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    try:
        store = open_store(settings.store, headline_limit=settings.headline_limit,
                           session=session)
        reader = DeskSession(settings, store)
        # A TinyDB store's rows go to the desk with the progress, so the desk reads no
        # store file for them (a PostgreSQL desk hears of them by NOTIFY).
        handing = isinstance(store, Store)
        if handing:
            store.keep_written_rows()
        with Spool() as words:
            for batch in reader.ingest(paths, lambda line: say({"problem": line}),
                                       in_child=False, index_later=words.add):
                say({"done": batch.done, "total": batch.total, "news": batch.news,
                     "rows": store.written_rows() if handing else []})
            # The listed stories' words, then any other story's (a new version's)
            for done, total in chain(words.replay(reader.index_entries),
                                     reader.index_words()):
                say({"indexed": done, "total": total})
        store.close()
    except StoreError as exc:
        say({"error": str(exc)})
        return 1
    except BrokenPipeError:  # the desk is gone
        return 0
    say({cold_read.END: True})
    return 0


class Spool:
    """The words of the stories listed, kept on disk until every file is (a batch at a
    time in memory, however big the inbox)."""

    def __enter__(self) -> Spool:
        self.file = tempfile.TemporaryFile()
        self.count = 0
        return self

    def __exit__(self, *exc_info) -> None:
        self.file.close()

    def add(self, entries: list[Entry]) -> None:
        pickle.dump(entries, self.file)
        self.count += len(entries)

    def replay(self, index: Callable[[list[Entry]], None]) -> Iterator[tuple[int, int]]:
        """index() each batch in turn, yielding (done, total) after each."""
        self.file.seek(0)
        done = 0
        while done < self.count:
            entries = pickle.load(self.file)
            index(entries)
            done += len(entries)
            yield done, self.count


def _stop_with_the_desk() -> None:
    """Leave as soon as the desk closes our stdin (it quit, or it was killed)."""
    sys.stdin.buffer.read()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())

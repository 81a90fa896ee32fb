"""A big inbox read in a child process, so the desk's keys never wait on it.

Besides the text pipeline (in desk.reading's worker processes), reading a story costs
the process that stores it 1-2 ms of Python: placing it among the stories it may be a
version of, writing it, indexing its words. In the desk process that time is taken from
the screen (one GIL). So a read of IN_CHILD_FROM files or more runs in a child
(desk.tui.inbox_reader) that does exactly what DeskSession.ingest does in process
(desk.inbox's batches, the store's grouped commits, the word index) and says after each
batch how far it is; the desk then picks the batch's rows up from the store (refresh),
as it picks up another desk's changes.

The words of what it stores it indexes once every file is listed (the queue fills as fast
as the stories are stored; the filter finds them a moment later), from a spool on disk
(memory holds a batch at a time), telling the desk how far it is.

The child is handed the settings, the desk's session id and the paths as one pickle on
stdin, and answers with one JSON line per problem and per batch (with the batch's index
rows, which the desk takes without reading the store's files for them), then one per
batch of stories indexed, then `{"end": true}`.
It stops when its stdin closes (the desk is gone): every store write is atomic, so what
it wrote stands and the rest is read by the next desk. If it dies, the desk reads the
files it had not stored yet itself.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import desk
from desk.config import Settings
from desk.store import StoreError

IN_CHILD_FROM = 200  # files; fewer are read in the desk process (a new wire or two)
CHILD = [sys.executable, "-m", "desk.tui.inbox_reader"]
END = "end"

Problem = Callable[[str], None]


@dataclass(frozen=True)
class Progress:
    """One batch the child stored: `done` of `total` files, its news lines, and the
    index rows it wrote (a TinyDB store's: Store.written_rows())."""

    done: int
    total: int
    news: list[str] = field(default_factory=list)
    rows: list = field(default_factory=list)


@dataclass(frozen=True)
class Indexed:
    """Every file is listed; the words of `done` of the `total` stories are indexed."""

    done: int
    total: int


class ChildFailed(Exception):
    """The child ended before its last batch; `done` files were stored by then."""

    def __init__(self, message: str, done: int) -> None:
        super().__init__(message)
        self.done = done


def read_in_child(settings: Settings, session: str, paths: list[str],
                  on_problem: Problem) -> Iterator[Progress | Indexed]:
    """Read `paths` into the store in a child process, yielding after each batch, then
    as it indexes their words. Raises StoreError as the child reported it, ChildFailed
    if the child died."""
    root = str(Path(desk.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [root, os.environ.get("PYTHONPATH")]))}
    done = 0
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(CHILD, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=errors, env=env)
        try:
            pickle.dump((settings, session, paths), child.stdin)
            child.stdin.flush()  # left open: the child stops when it closes
            for line in child.stdout:
                message = json.loads(line)
                if "problem" in message:
                    on_problem(message["problem"])
                elif "error" in message:
                    raise StoreError(message["error"])
                elif END in message:
                    return
                elif "indexed" in message:
                    yield Indexed(message["indexed"], message["total"])
                else:
                    done = message["done"]
                    yield Progress(done, message["total"], message["news"],
                                   message.get("rows", []))
            child.wait()
            errors.seek(0)
            last = (errors.read().decode(errors="replace").strip().splitlines() or [""])[-1]
            raise ChildFailed(f"the inbox reader stopped (exit {child.returncode})"
                              + (f": {last}" if last else ""), done)
        finally:
            child.stdin.close()
            child.stdout.close()
            if child.poll() is None:
                child.terminate()
            child.wait()

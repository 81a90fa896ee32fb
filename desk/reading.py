"""Inbox files into stories, on every core: the text pipeline runs in a process pool while
the caller writes the stories it already has.

`FileReader` yields one `Read` for each path, in the order given, whatever order the
workers finish in, so an ingest through the pool leaves the same store as one in this
process. Files are handed out in chunks and only a few chunks are in flight at a time, so
memory holds a few hundred stories however big the inbox is. Fewer than POOL_FROM files
(the desk's watch picking up a new wire, a test's inbox) are read here: starting worker
processes would cost more than it saves.

A process that reads before it starts any thread (`desk ingest`, the desk's inbox reader
desk.tui.inbox_reader) loads the pipeline itself (`fork_from_here`) and its workers are
forks of it, ready. One with other threads running (the desk reading the rest itself
when its inbox reader died) gets its workers from a fork server instead: a fork copies
whatever lock another thread holds at that moment. The server loads the pipeline once
(PRELOAD: desk.reader_start), so each worker it forks starts ready; it is another Python
loading it all again, with multiprocessing's resource tracker beside it.
Each story's near-duplicate sketch is made in the worker too
(desk.arrivals.Arrivals.place takes it).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from itertools import islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from desk.collector import collector_resting
from desk.libc import libc_function
from desk.model import Story
from desk.spread import cores

if TYPE_CHECKING:
    import numpy as np

POOL_FROM = 200  # files; fewer are read in this process
# What the fork server loads before it forks a worker: once, not once a worker.
PRELOAD = ["desk.reader_start"]
CHUNK = 64  # files a worker reads per task, a pipeline stage at a time (load_files)
# Each worker's first task and the last few are smaller: the caller gets its first stories
# sooner (~15 ms, not ~60), and no worker sits idle while another ends a whole CHUNK.
EDGE_CHUNK = 16
AHEAD = 2  # tasks in flight per worker
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

_STARTING = threading.Lock()  # sys.stderr is swapped while the fork server starts
_forking_here = False  # fork_from_here was called: workers may be forks of this process

Problem = Callable[[str], None]
# desk.versions.with_bands(sketch(...)): MinHash values, shingle count, LSH band keys
Sketch = tuple["np.ndarray", int, "np.ndarray"]


@dataclass(frozen=True)
class Read:
    """One inbox file read: its stories (with a sketch each when a worker made them), the
    one line saying why it gave none (`error`), and the lines about entries it skipped."""

    path: str
    stories: list[Story] = field(default_factory=list)
    error: str = ""
    problems: list[str] = field(default_factory=list)
    sketches: list[Sketch] | None = None


class FileReader(AbstractContextManager):
    """`with FileReader(paths, on_problem) as reads:` one Read per path, in order; the
    lines about skipped entries go to `on_problem` as each file is yielded. A pool starts
    working at once, so its workers read while the caller gets ready. `workers` defaults
    to the cores this process may use."""

    def __init__(self, paths: list[str] | list[Path], on_problem: Problem, *,
                 workers: int | None = None) -> None:
        self.paths = [str(path) for path in paths]
        self.on_problem = on_problem
        workers = workers or cores()
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[Future] = deque()
        self._starting: threading.Thread | None = None
        if len(self.paths) < POOL_FROM or workers < 2:
            return
        self.chunks = _chunks(self.paths, workers)
        if _forking_here and threading.active_count() == 1:
            # The first tasks fork the workers, here and now: no other thread holds a lock.
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_die_with, initargs=(os.getpid(),))
            self._start(workers * AHEAD)
            return
        captured = _start_fork_server()
        self.pool = ProcessPoolExecutor(workers,
                                        mp_context=multiprocessing.get_context("forkserver"),
                                        initializer=_worker_start,
                                        initargs=(captured, os.getpid()))
        # Handing out the first tasks waits for the fork server to be ready (~0.5 s
        # loading the pipeline): a thread waits, while the caller reads its store.
        self._starting = threading.Thread(target=self._start, args=(workers * AHEAD,),
                                          name="desk-reader-start", daemon=True)
        self._starting.start()

    def __iter__(self) -> Iterator[Read]:
        done = 0
        if self.pool is not None:
            try:
                for read in self._pooled():
                    for line in read.problems:
                        self.on_problem(line)
                    done += 1
                    yield read
            except BrokenProcessPool:  # a worker died (out of memory?): read the rest here
                pass
        for path in self.paths[done:]:
            yield _read(path, self.on_problem)

    def _start(self, count: int) -> None:
        try:
            self._submit(count)
        except BrokenProcessPool:
            pass  # _pooled finds what was handed out, and reads the rest here

    def _submit(self, count: int) -> None:
        for chunk in islice(self.chunks, count):
            self.pending.append(self.pool.submit(read_chunk, chunk))

    def _pooled(self) -> Iterator[Read]:
        if self._starting is not None:
            self._starting.join()
        while self.pending:
            reads = self.pending.popleft().result()
            self._submit(1)
            if not self.pending:  # all read: the workers end while the caller writes
                self.pool.shutdown(wait=False)
            yield from reads

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:  # also when the caller stops early: drop what is queued
            if self._starting is not None:
                self._starting.join()
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _chunks(paths: list[str], workers: int) -> Iterator[list[str]]:
    """`paths` in tasks: EDGE_CHUNK files for each worker's first task and for the last
    tasks (about one CHUNK each worker), CHUNK files each between."""
    small = min(EDGE_CHUNK, CHUNK)
    edge = min(workers * small, len(paths))
    tail = max(edge, len(paths) - workers * CHUNK)
    bounds = [*range(0, edge, small), *range(edge, tail, CHUNK),
              *range(tail, len(paths), small), len(paths)]
    return (paths[start:end] for start, end in pairwise(bounds))


def fork_from_here(paths: list[str]) -> None:
    """When `paths` (files or folders, not listed yet) are enough for a pool, load what a
    worker needs (PRELOAD) in this process now, so that a FileReader made here while no
    other thread runs forks its workers from it, ready: for a process that reads the inbox
    first thing (`desk ingest`, the desk's inbox reader; ~0.25 CPU-s less than a fork
    server, which is another Python loading the pipeline again, and its resource tracker).
    Fewer files are read here, loading the pipeline only if there are any (an empty inbox
    costs no ~0.13 s)."""
    global _forking_here
    if _pool_for(paths):
        for name in PRELOAD:
            importlib.import_module(name)
        _forking_here = True


def _pool_for(paths: list[str]) -> bool:
    """Are there cores for a pool, and do `paths` hold POOL_FROM files or more?"""
    return cores() >= 2 and _holds_at_least(paths, POOL_FROM)


def _holds_at_least(paths: list[str], count: int) -> bool:
    """Do `paths` hold `count` entries that are not folders? A quick count of names
    (hidden ones and others the listing passes over too), stopping at `count`."""
    found, folders = 0, []
    for path in paths:  # a listed inbox (the desk's reader) ends here, after `count` stats
        if os.path.isdir(path):
            folders.append(path)
        else:
            found += 1
            if found >= count:
                return True
    while folders and found < count:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir():
                        folders.append(entry.path)
                    else:
                        found += 1
        except OSError:
            continue  # the listing names the problem
    return found >= count


def _start_fork_server() -> bool:
    """Start the fork server (and multiprocessing's resource tracker) now; True when
    sys.stderr is not a file, as in the desk, where Textual captures it. The tracker hands
    sys.stderr's descriptor to the process it starts, and a capture's is -1, so they start
    with the real one while they do."""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    with _STARTING:
        try:
            captured = sys.stderr.fileno() < 0
        except (AttributeError, OSError, ValueError):
            captured = True
        saved = sys.stderr
        if captured and sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        try:
            forkserver.ensure_running()
        finally:
            sys.stderr = saved
    return captured


def _worker_start(quiet: bool, reader: int) -> None:
    """A worker dies with its reader, and one for a desk writes nothing to its terminal (a
    warning would land on the screen): its stderr goes to /dev/null."""
    _die_with(reader)
    if quiet:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)


def _die_with(reader: int) -> None:
    """End this worker when the process that reads through it (pid `reader`) ends. Killed
    outright (kill -9, the out-of-memory killer), a reader would otherwise leave its
    workers waiting for tasks forever: each holds both ends of the task queue, so none
    ever reads it closed (and a fork server's workers keep the server alive). A worker
    forked by the reader itself has the kernel kill it with its parent; one a fork server
    made watches the reader from a thread."""
    if os.getppid() == reader and _killed_with_parent(reader):
        return
    threading.Thread(target=_watch, args=(reader,), name="desk-reader-watch",
                     daemon=True).start()


def _killed_with_parent(parent: int) -> bool:
    """Linux's PR_SET_PDEATHSIG: SIGKILL when the parent (pid `parent`) goes. False where
    there is none."""
    prctl = libc_function("prctl")
    if prctl is None:
        return False
    import ctypes
    import signal

    if prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL)) != 0:
        return False
    if os.getppid() != parent:  # gone before the call: no signal will come
        os._exit(1)
    return True


def _watch(reader: int) -> None:
    """Wait for process `reader` to end (a pidfd turns readable; else a look each second),
    then end this process."""
    import select
    import time

    try:
        handle = os.pidfd_open(reader)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd here (not Linux 5.3+)
        while True:
            try:
                os.kill(reader, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass  # alive, someone else's: a pid taken again, or not ours
            time.sleep(1)
    select.select([handle], [], [])
    os._exit(1)


def read_chunk(paths: list[str]) -> list[Read]:
    """A worker's task: read each file, with each story's sketch. The stories come back
    without their raw text (the file's, twice: decoded and normalised), which the store
    keeps none of: half the bytes to pickle and unpickle.

    The cycle collector rests meanwhile (desk.collector): a chunk allocates some hundred
    thousand objects that reference counting frees."""
    from desk.text.pipeline import load_files
    from desk.versions import copy_text, sketch, with_bands  # (not desk.arrivals: the store)

    with collector_resting():
        reads = []
        for path, (stories, error, problems) in zip(paths, load_files(paths), strict=True):
            sketches = [with_bands(sketch(copy_text(story.copy.headline, story.copy.paragraphs)))
                        for story in stories]
            modified = _modified(path) if stories else None
            reads.append(Read(path, [_slim(story, modified) for story in stories], error,
                              problems, sketches))
        return reads


def _slim(story: Story, modified: float | None) -> Story:
    """`story` to send back: without its raw text, and with what the store's writer would
    otherwise work out itself (the file's mtime, the word count) worked out here."""
    return replace(story, raw=replace(story.raw, text="", original="", modified=modified),
                   counted_words=story.word_count)


def _modified(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def _read(path: str, on_problem: Problem) -> Read:
    from desk.text.pipeline import load_files

    ((stories, error, problems),) = load_files([path])
    for line in problems:
        on_problem(line)
    return Read(path, stories, error)

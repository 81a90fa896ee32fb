"""A map over two processes: the second half of the items worked out in a fork of this one,
for work big enough to pay for the fork (~10 ms) on a machine with a core to spare (`desk
inspect` of one huge story); and how many cores there are to spread over (the inbox readers'
pool counts them too). Imports nothing of desk: every layer may use it."""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def map_in_two(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """[function(item) for item in items], in order; the second half in a forked child when
    this process may fork. Whatever goes wrong in the child (no fork, an exception, a
    crash, a result that does not pickle), this process works its half out itself."""
    half = len(items) // 2
    child = _fork_for(function, items[half:]) if half and _may_fork() else None
    first = [function(item) for item in items[:half]]
    second = _collect(child) if child else None
    if second is None:
        second = [function(item) for item in items[half:]]
    return first + second


def _may_fork() -> bool:
    """A fork copies only the thread calling it: with another thread running, a lock it
    holds (the import lock, a logging handler's) stays held in the child for good."""
    return hasattr(os, "fork") and threading.active_count() == 1 and cores() >= 2


def cores() -> int:
    """The cores this process may run on (all of them where the system cannot say)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _fork_for(function, items) -> tuple[int, int] | None:
    """(pid, read end of its pipe) of a child sending back the pickled results, or None."""
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: never back into the caller's code, nor its exit handlers
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps([function(item) for item in items]))
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _collect(child: tuple[int, int]) -> list | None:
    """The child's results, or None when it sent none (it is reaped either way)."""
    pid, read = child
    try:
        with os.fdopen(read, "rb") as results:
            data = results.read()
        _, status = os.waitpid(pid, 0)
        pid = 0
        return pickle.loads(data) if os.waitstatus_to_exitcode(status) == 0 else None
    finally:
        if pid:  # interrupted (ctrl+c) before the child was reaped
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

"""desk.spread.map_in_two: the map's results in order, the second half worked out in another
process, and in this one whenever that cannot be or goes wrong. The forks are made in a
fresh interpreter: a thread another test left running would (rightly) stop them here."""

import os
import subprocess
import sys
import textwrap
import threading

import pytest

from desk import spread

needs_two_cores = pytest.mark.skipif(
    not hasattr(os, "fork") or spread.cores() < 2, reason="needs fork and two cores")


def in_a_fresh_process(code: str) -> str:
    """What `code` prints, run in a new interpreter with desk.spread and `tagged` at hand."""
    setup = "import os\nfrom desk import spread\nfrom test_spread import tagged\n"
    result = subprocess.run([sys.executable, "-c", setup + textwrap.dedent(code)],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": os.path.dirname(__file__)})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def tagged(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


@needs_two_cores
def test_results_come_in_order_the_second_half_from_another_process():
    out = in_a_fresh_process("""
        results = spread.map_in_two(tagged, range(11))
        pids = [pid for _, pid in results]
        print([value for value, _ in results], set(pids[:5]) == {os.getpid()},
              os.getpid() not in pids[5:] and len(set(pids[5:])) == 1)
    """)
    assert out == f"{[n * n for n in range(11)]} True True"


@needs_two_cores
def test_a_child_that_fails_leaves_its_half_to_this_process():
    out = in_a_fresh_process("""
        parent = os.getpid()

        def fails_in_the_child(item):
            if os.getpid() != parent:
                raise RuntimeError("only in the child")
            return tagged(item)

        print(spread.map_in_two(fails_in_the_child, range(6)) == [tagged(n) for n in range(6)])
    """)
    assert out == "True"


@needs_two_cores
def test_a_child_that_dies_or_sends_what_does_not_unpickle_leaves_its_half_here():
    out = in_a_fresh_process("""
        parent = os.getpid()
        unpicklable = spread.map_in_two(
            lambda n: (lambda: n) if os.getpid() != parent else n, range(4))
        killed = spread.map_in_two(
            lambda n: os.kill(os.getpid(), 9) if os.getpid() != parent else n, range(4))
        print(unpicklable, killed)
    """)
    assert out == "[0, 1, 2, 3] [0, 1, 2, 3]"


def test_no_fork_while_another_thread_runs():
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        results = spread.map_in_two(tagged, range(8))
    finally:
        release.set()
        waiting.join()
    assert {pid for _, pid in results} == {os.getpid()}


def test_no_fork_without_a_second_item_nor_when_fork_fails(monkeypatch):
    assert spread.map_in_two(tagged, [3]) == [tagged(3)]
    assert spread.map_in_two(tagged, []) == []

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert spread.map_in_two(tagged, range(4)) == [tagged(n) for n in range(4)]


def test_a_system_that_cannot_say_which_cores_counts_them_all(monkeypatch):
    """macOS has fork but no sched_getaffinity: the map goes on, and so does the count."""
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert spread.cores() == 1
    assert spread.map_in_two(tagged, range(4)) == [tagged(n) for n in range(4)]
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert spread.cores() == 1

"""Where a command's run goes on the machine's cores: its processes' CPU sampled from /proc
while it runs (Linux; elsewhere nothing is sampled and `packing` returns None).

`desk ingest` runs a main process and the pool's workers (its forks; in the desk they are
a fork server's, beside multiprocessing's resource tracker: neither is a worker). Sampled
every TICK seconds, the figures say how well the work fills the cores:

- workers_from_s: when a worker first runs for half a sample's interval or more (the
  start-up before it: the interpreters, imports, listing and the store's opening);
- workers_until_s, tail_s: when one last does, and the wall time after it (the main
  process alone: the last writes, the caches, the exit);
- worker_busy: the workers' CPU over their wall time between those two points, per
  worker (1.0: never waiting for a task, nor for a core);
- cores_busy: every process's CPU over the wall time and the cores (1.0: every core
  busy from spawn to exit);
- sampling_cpu_s: the sampling's own CPU (it runs beside the command, on its cores).

Each process's CPU is its threads' time on a CPU (schedstat, in nanoseconds) as last
seen: a thread's time after the last sample before it ends is missed (cores_busy is a
little low; bench/inbox.py's cpu_all_s, from the kernel's accounts, is exact).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time

TICK = 0.01  # seconds between samples
LOOK_EVERY = 5  # samples between two looks for new processes


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                found += [int(child) for child in listing.read().split()]
        except OSError:
            continue
    return found


def _is_helper(pid: int) -> bool:
    """Is the command's child multiprocessing's fork server or resource tracker (a Python
    started for it, named so on its command line; the server's forks, the workers, keep
    its command line), not a worker?"""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read()
    except OSError:
        return False
    return b"multiprocessing.forkserver" in words or b"resource_tracker" in words


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time of the process's threads, from their schedstat: /proc/<pid>/stat would
    take the process's memory lock, and the sampling would slow what it samples."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    total = 0
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as schedstat:
                total += int(schedstat.read().split()[0])  # nanoseconds on a CPU
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


class Sampler:
    """Samples the CPU of `process` and its descendants on a thread until `stop()`."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.root = process.pid
        self.started = time.perf_counter()
        self.parents: dict[int, int] = {}  # pid -> parent pid, as first seen
        self.helpers: set[int] = set()  # the fork server and the resource tracker
        self.samples: list[tuple[float, dict[int, float]]] = []
        self.own_cpu = 0.0  # this sampling's CPU, in the bench's process: it shares the cores
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        began = time.thread_time()
        count = 0
        while not self._done.wait(TICK):
            # The tree is looked over every LOOK_EVERY samples only: listing each thread's
            # children (the store writes on 16 threads) costs more than the samples.
            if count % LOOK_EVERY == 0:
                self._look_over()
            count += 1
            seen = {pid: cpu for pid in [self.root, *self.parents]
                    if (cpu := _cpu_seconds(pid)) is not None}
            self.samples.append((time.perf_counter() - self.started, seen))
        self.own_cpu = time.thread_time() - began

    def _look_over(self) -> None:
        pending = [self.root]
        while pending:
            pid = pending.pop()
            for child in _children(pid):
                if child not in self.parents and pid == self.root and _is_helper(child):
                    self.helpers.add(child)
                self.parents.setdefault(child, pid)
                pending.append(child)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def packing(self, wall: float) -> dict | None:
        """The figures above, for a run of `wall` seconds; None when nothing was sampled
        or no worker ran (fewer files than a pool is started for)."""
        if not self.samples:
            return None
        # The most each process was seen with: a thread's time leaves the sum when it ends.
        most: dict[int, float] = {}
        for _, seen in self.samples:
            for pid, cpu in seen.items():
                most[pid] = max(most.get(pid, 0.0), cpu)
        workers = [pid for pid in self.parents if pid not in self.helpers]
        # A worker is at work in a sample's interval when it ran for half of it or more
        # (not a worker waking to end, or to take a task it then waits on).
        moving = [at for (at, seen), (was, before) in zip(self.samples[1:], self.samples,
                                                          strict=False)
                  if any(seen.get(pid, 0) - before.get(pid, 0) >= (at - was) / 2
                         for pid in workers)]
        if not workers or not moving:
            return None
        first = moving[0] - TICK  # (it began in that interval)
        until = moving[-1]
        worker_cpu = sum(most.get(pid, 0.0) for pid in workers)
        cores = len(os.sched_getaffinity(0))
        return {"workers": len(workers), "workers_from_s": round(first, 2),
                "workers_until_s": round(until, 2), "tail_s": round(max(wall - until, 0), 2),
                "worker_busy": round(worker_cpu / max(until - first, TICK) / len(workers), 2),
                "cores_busy": round(sum(most.values()) / (wall * cores), 2),
                "sampling_cpu_s": round(self.own_cpu, 3)}

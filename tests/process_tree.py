"""A process's descendants as /proc shows them (Linux), for tests of worker processes."""

from __future__ import annotations

import os
import time
from pathlib import Path


def workers_of(pid: int, deadline: float) -> list[int]:
    """The pool's workers: `pid`'s children, or its fork server's; once two run."""
    while time.monotonic() < deadline:
        found = []
        for child in children(pid):
            if "forkserver" in cmdline(child):
                found += children(child)
            elif "resource_tracker" not in cmdline(child):
                found.append(child)
        if len(found) >= 2:
            return found
        time.sleep(0.005)
    return []


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """Running, not gone nor a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"

"""The store's change log: which partitions each commit wrote, one line per commit.

An open desk looks for other desks' changes every second. Statting every partition file
(4,096 of them) for that costs ~15 ms a look; this log makes it one stat when nothing
changed and a read of a few bytes when something did. Each commit appends, under the
store's lock, a line naming the partitions it replaced (`0a1 f3c\n`); a reader remembers
how far it has read, and re-reads only the partitions named since.

It is a signal, not a record: never synced, started afresh when it grows past MAX_BYTES
(a new file: readers see another inode and sweep every partition once), and whenever a
reader cannot tell what it gained (a line that names no partition, a log cut short or
gone), `news()` says so with None and the reader sweeps. The partition files stay the
truth; see StoreIndex.sweep_if_touched for the writers that leave no line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from desk.store.files import atomic_write

MAX_BYTES = 1 << 20  # ~250,000 one-partition commits between two fresh starts
PART_NAME = re.compile(rb"[0-9a-f]{1,8}")


class ChangeLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._inode: int | None = None  # the log file read from (None: none seen yet)
        self._offset = 0  # bytes of it read

    def append(self, parts: Iterable[str]) -> None:
        """Say that `parts` were just replaced (call with the store locked). A failure is
        no failure of the commit: readers sweep when the folder moved without a line."""
        line = " ".join(parts).encode("ascii") + b"\n"
        try:
            if os.stat(self.path).st_size + len(line) > MAX_BYTES:
                atomic_write(self.path, b"", durable=False)  # a new inode: readers sweep
        except FileNotFoundError:
            pass
        except OSError:
            return
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError:
            return
        try:
            os.write(fd, line)  # one write: the line lands whole or, in a crash, cut
        except OSError:
            pass
        finally:
            os.close(fd)

    def skip_to_end(self) -> None:
        """Read from here on (a reader that is about to sweep every partition anyway)."""
        self._inode, self._offset = self._where()

    def news(self) -> set[str] | None:
        """The partitions named since the last call, or None when the log cannot tell
        (started afresh, cut short, gone or garbled): sweep them all then."""
        inode, size = self._where()
        if inode != self._inode:
            if self._inode is not None:  # started afresh, or gone
                self._inode, self._offset = inode, size
                return None
            self._inode, self._offset = inode, 0  # begun since: every line of it is new
        if size < self._offset:
            self._offset = size
            return None
        if size == self._offset:
            return set()
        try:
            with open(self.path, "rb") as file:
                file.seek(self._offset)
                gained = file.read(size - self._offset)
        except OSError:
            self._inode = None
            return None
        whole = gained[: gained.rfind(b"\n") + 1]  # a line still being written waits
        self._offset += len(whole)
        names = whole.split()
        if not all(PART_NAME.fullmatch(name) for name in names):
            return None
        return {name.decode("ascii") for name in names}

    def _where(self) -> tuple[int | None, int]:
        try:
            info = os.stat(self.path)
        except OSError:
            return None, 0
        return info.st_ino, info.st_size

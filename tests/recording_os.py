"""`os` for desk.store.files that logs its syncs, renames and links in order (from the
threads the syncs run on), and can fail the rename (or link) onto one folder: for tests of
the order in which the store's files reach the disk."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager


class RecordingOs:
    def __init__(self, fail_rename_into: str | None = None) -> None:
        # ("open", path), ("fsync", path), ("replace", "a -> b"), for a syncfs
        # ("syncfs open", folder) then ("syncfs", folder), and for an unnamed file
        # (O_TMPFILE) ("open", "folder/(unnamed N)") then ("link", "folder/(unnamed N) -> b")
        self.events: list[tuple[str, str]] = []
        self.paths: dict[int, str] = {}
        self.fail_rename_into = fail_rename_into
        self._lock = threading.Lock()

    def __getattr__(self, name):
        return getattr(os, name)

    def open(self, path, flags, *args):
        fd = os.open(path, flags, *args)
        unnamed = hasattr(os, "O_TMPFILE") and flags & os.O_TMPFILE == os.O_TMPFILE
        name = f"{path}/(unnamed {fd})" if unnamed else str(path)
        with self._lock:
            self.paths[fd] = name
            self.events.append(("open", name))
        return fd

    def fsync(self, fd):
        os.fsync(fd)
        with self._lock:
            self.events.append(("fsync", self.paths[fd]))

    def replace(self, source, target):
        if self.fail_rename_into and str(target).startswith(self.fail_rename_into):
            raise OSError(5, "Input/output error")
        os.replace(source, target)
        with self._lock:
            self.events.append(("replace", f"{source} -> {target}"))

    def link(self, source, target, *, src_dir_fd=None, follow_symlinks=True):
        """A link: of a named file, or of an unnamed one (its descriptor's number, through
        /proc/self/fd)."""
        if self.fail_rename_into and str(target).startswith(self.fail_rename_into):
            raise OSError(5, "Input/output error")
        os.link(source, target, src_dir_fd=src_dir_fd, follow_symlinks=follow_symlinks)
        with self._lock:
            name = self.paths[int(source)] if str(source).isdigit() else str(source)
            self.events.append(("link", f"{name} -> {target}"))

    @contextmanager
    def sync_file_system(self, folder):
        """Stands in for desk.store.files.sync_file_system (syncfs), logged: the folder
        opened (when the context is entered), then the sync."""
        with self._lock:
            self.events.append(("syncfs open", str(folder)))

        def sync():
            with self._lock:
                self.events.append(("syncfs", str(folder)))

        yield sync

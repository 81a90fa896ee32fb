"""The store's exceptions: each message is one line an editor can act on."""

from __future__ import annotations

from pathlib import Path

from desk.model import Record


class StoreError(Exception):
    """A store operation that cannot go ahead (unknown id, bad input, ...)."""


class ConflictError(StoreError):
    """The story changed since the revision the caller saw; `.record` is the current one."""

    def __init__(self, message: str, record: Record):
        super().__init__(message)
        self.record = record


class ValidationError(StoreError):
    """The copy is not fit to approve (headline missing or too long, unbalanced quotes)."""


class CorruptStoreError(StoreError):
    """A store file is unreadable, truncated or not ours; it is never overwritten."""


class StoreFileError(StoreError):
    """A store file could not be written or reached (disk full, permission taken away, a
    folder gone): the OSError as one line naming the file. The change did not happen."""

    def __init__(self, exc: OSError, store_path: Path):
        self.path = exc.filename or store_path  # an error with no file names the store
        super().__init__(f"{self.path}: {exc.strerror or exc}")

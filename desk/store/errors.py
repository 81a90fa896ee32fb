"""The store's exceptions: each message is one line an editor can act on."""

from __future__ import annotations

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


def os_problem(exc: OSError, store) -> str:
    """A failed store write (disk full, permission taken away mid-way) as one line."""
    return f"{exc.filename or store.path}: {exc.strerror}"

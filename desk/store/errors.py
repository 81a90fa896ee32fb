"""The store's exceptions: each message is one line an editor can act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk.model import Record


class StoreError(Exception):
    """A store operation that cannot go ahead (unknown id, bad input, ...)."""


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field another session set to a different value since the editor's base revision:
    the editor's value, the value now and who made it, so the desk can offer keep mine /
    take theirs. Keeping mine is the same change again with `base_revision` set to the
    conflict's `record["revision"]`."""

    field: str
    mine: Any
    theirs: Any
    base: Any  # the value when the editor started
    user: str
    session: str | None
    at: str
    revision: int  # the revision that set `theirs`


class ConflictError(StoreError):
    """The story changed since the revision the caller saw; `.record` is the current one.

    `.conflicts` names each field in conflict (a merge against a base revision); it is
    empty for a strict `expect_revision` refusal, which refuses any change at all.
    """

    def __init__(self, message: str, record: Record,
                 conflicts: tuple[FieldConflict, ...] = ()):
        super().__init__(message)
        self.record = record
        self.conflicts = conflicts


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

"""The TinyDB store: every desk decision, crash- and race-safe. The public API is here."""

from desk.store.api import DeskStore, is_postgres, open_store
from desk.store.errors import (
    ConflictError,
    CorruptStoreError,
    FieldConflict,
    StoreError,
    StoreFileError,
    ValidationError,
)
from desk.store.history import UndoRefused
from desk.store.store import SAME_FILE, Store

__all__ = [
    "DeskStore", "is_postgres", "open_store",
    "ConflictError", "CorruptStoreError", "FieldConflict", "SAME_FILE", "Store", "StoreError",
    "StoreFileError", "UndoRefused", "ValidationError",
]

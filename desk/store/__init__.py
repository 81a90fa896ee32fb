"""The TinyDB store: every desk decision, crash- and race-safe. The public API is here."""

from desk.store.errors import (
    ConflictError,
    CorruptStoreError,
    StoreError,
    StoreFileError,
    ValidationError,
)
from desk.store.store import Store

__all__ = [
    "ConflictError", "CorruptStoreError", "Store", "StoreError", "StoreFileError",
    "ValidationError",
]

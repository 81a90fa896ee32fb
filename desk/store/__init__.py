"""The TinyDB store: every desk decision, crash- and race-safe. The public API is here."""

from desk.store.errors import ConflictError, CorruptStoreError, StoreError, ValidationError
from desk.store.store import Store

__all__ = ["ConflictError", "CorruptStoreError", "Store", "StoreError", "ValidationError"]

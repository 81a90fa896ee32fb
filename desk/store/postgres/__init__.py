"""The PostgreSQL store: the same API as the TinyDB store, for desks on many machines."""

from desk.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]

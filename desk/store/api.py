"""The one store interface the CLI, the desk and export talk to; TinyDB's `Store` and
`PostgresStore` both implement it, and `open_store` picks one by the store's location."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from desk.model import HistoryEntry, Published, Record, Row, Status, Story
from desk.store.errors import StoreError
from desk.store.store import SAME_FILE, Store

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class DeskStore(Protocol):
    """Every story's record and history. Every failure is a StoreError (store.errors).

    Changes take `base_revision=N` (per-field merge against what the editor saw) or
    `expect_revision=N` (refuse any change once the story moved on), and `session=` to act
    for another desk session; see the TinyDB Store's docstring for the rules."""

    path: object  # what messages name: a file, or a URL without its password
    user: str
    session: str
    schema_changes: list[str]  # what opening created (a new database's schema), to say

    def records(self, status: Status | None = None) -> list[Row]: ...
    def get(self, story_id: str) -> Record | None: ...
    def full_records(self) -> Iterator[Record]: ...
    def resolve(self, prefix: str) -> str: ...
    def history(self, story_id: str) -> list[HistoryEntry]: ...
    def stories_with_history(self) -> Iterator[tuple[Record, list[HistoryEntry]]]: ...
    def refresh(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> DeskStore: ...
    def __exit__(self, *exc_info) -> None: ...
    @staticmethod
    def preview_slug(headline: str) -> str: ...

    def add_stories(self, stories: Iterable[Story]) -> int: ...
    def bulk_import(self, records: Iterable[Record], *, durable: bool = True) -> int: ...
    def set_headline(self, story_id: str, headline: str, *, base_revision: int | None = None,
                     expect_revision: int | None = None, session: str | None = None
                     ) -> Record: ...
    def set_tags(self, story_id: str, tags: list[str], *, base_revision: int | None = None,
                 expect_revision: int | None = None, session: str | None = None) -> Record: ...
    def approve(self, story_id: str, *, headline: str | None = None,
                tags: list[str] | None = None, force: bool = False,
                base_revision: int | None = None, expect_revision: int | None = None,
                story: Story | None = None, session: str | None = None) -> Record: ...
    def spike(self, story_id: str, *, base_revision: int | None = None,
              expect_revision: int | None = None, session: str | None = None) -> Record: ...
    def unspike(self, story_id: str, *, base_revision: int | None = None,
                expect_revision: int | None = None, session: str | None = None) -> Record: ...
    def mark_exported(self, story_id: str, *, expect_revision: int | None = None,
                      folder: str | None = None, formats: Iterable[str] = ()) -> Record: ...
    def revise(self, story_id: str, story: Story, arrived_as: str = SAME_FILE) -> Record: ...
    def withdrawn(self, ids: Iterable[str] | None = None
                  ) -> list[tuple[Record, str, Published]]: ...
    def mark_retracted(self, story_id: str, folder: str, live: Published) -> Record: ...
    def add_copy(self, story_id: str, source: str) -> Record: ...
    def mark_seen(self, story_id: str, *, session: str | None = None) -> Record: ...
    def undo(self, story_id: str, *, session: str | None = None,
             expect_revision: int | None = None) -> Record: ...


def is_postgres(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(POSTGRES_SCHEMES)


def open_store(location: str | Path, **options) -> DeskStore:
    """The store at `location`: a `postgresql://` URL, or a TinyDB file path.

    `options` are the stores' own (user, headline_limit, clock, session). A new PostgreSQL
    database gets its schema here: `store.schema_changes` says what was created."""
    if is_postgres(location):
        from desk.store.postgres import PostgresStore  # psycopg loads only when used

        return PostgresStore(str(location), **options)
    if "://" in str(location):
        raise StoreError(f"{location}: not a store location (a file, or postgresql://...)")
    return Store(location, **options)

"""One partition of the store: a small TinyDB file with the records and history of the
stories whose ids share its first hex digits.

Nothing reaches the disk before commit(), which replaces the file atomically and durably
(see files.DurableStorage): a change's record and history land together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from desk.model import Changes, HistoryEntry, Record
from desk.store.errors import CorruptStoreError
from desk.store.files import DurableStorage, read_tables
from desk.store.records import arrival, next_revision

# What every record must hold for the store to work with it (the rest is read with .get).
_RECORD_TYPES = {"id": str, "revision": int, "status": str, "headline": str, "tags": list,
                 "copy": dict}
_ENTRY_TYPES = {"story": str, "revision": int, "field": str}


def _shaped(value, types: dict[str, type]) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(key), kind) and not isinstance(value.get(key), bool)
        for key, kind in types.items())


def check_partition(path: Path, tables: dict[str, dict] | None) -> dict[str, dict]:
    """A partition's tables, or a CorruptStoreError naming the file when they are valid
    JSON of the wrong shape (a record that is not a record, a history entry that is not
    one), so no KeyError or TypeError ever comes out of a damaged file."""
    tables = tables or {}
    stories = tables.get("stories", {})
    history = tables.get("history", {})
    if not all(_shaped(record, _RECORD_TYPES) and str(_doc_id_or_none(record["id"])) == key
               for key, record in stories.items()) \
            or not all(_shaped(entry, _ENTRY_TYPES) for entry in history.values()):
        raise CorruptStoreError(f"{path}: not a desk partition (records of the wrong shape); "
                                "left untouched")
    return tables


def _doc_id_or_none(story_id: str) -> int | None:
    try:
        return doc_id_of(story_id)
    except ValueError:
        return None


def read_partition(path: Path) -> dict[str, dict]:
    """A partition file's tables (empty when there is none), checked for shape."""
    return check_partition(path, read_tables(path))


def doc_id_of(story_id: str) -> int:
    """A story's TinyDB document id: its hex id as a number, so each story has one record."""
    return int(story_id, 16)


class Partition:
    def __init__(self, path: Path, *, durable: bool = True):
        self.path = path
        self.storage = DurableStorage(path, durable=durable)
        check_partition(path, self.storage.read())  # nothing is written over a damaged file

    # The tables are made when first asked for: an ingest makes ~1,600 new partitions for
    # BBC's 2,226 files and writes each one's tables itself (insert_new), ~25 us less a file.
    @cached_property
    def _db(self) -> TinyDB:
        return TinyDB(storage=lambda: self.storage)

    @cached_property
    def stories(self) -> Table:
        return self._db.table("stories", cache_size=0)

    @cached_property
    def history(self) -> Table:
        return self._db.table("history", cache_size=0)

    @property
    def records(self) -> dict[str, Record]:
        """Every record in the partition, keyed by document id (as TinyDB stores them)."""
        return (self.storage.read() or {}).get("stories", {})

    def get(self, story_id: str) -> Record | None:
        doc = self.stories.get(doc_id=doc_id_of(story_id))
        return dict(doc) if doc is not None else None

    def history_of(self, story_id: str) -> list[HistoryEntry]:
        return self.history.search(Query().story == story_id)

    def insert_new(self, records: list[Record], session: str) -> int:
        """Insert the records whose ids are not here yet, each with its arrival in history."""
        fresh: dict[int, Record] = {}
        new_file = self.storage.read() is None
        for record in records:
            doc_id = doc_id_of(record["id"])
            if doc_id not in fresh and (new_file or not self.stories.contains(doc_id=doc_id)):
                fresh[doc_id] = record
        if fresh and new_file:  # the tables TinyDB's inserts would make, made directly
            self.storage.write({
                "stories": {str(doc_id): dict(record) for doc_id, record in fresh.items()},
                "history": {str(number): arrival(record, session)
                            for number, record in enumerate(fresh.values(), start=1)}})
        elif fresh:
            self.stories.insert_multiple(Document(record, doc_id=doc_id)
                                         for doc_id, record in fresh.items())
            self.history.insert_multiple(arrival(record, session) for record in fresh.values())
        return len(fresh)

    def apply(self, record: Record, changes: Changes, **revision) -> Record:
        """Apply `changes` to `record` as its next revision (records.next_revision)."""
        updated, entries = next_revision(record, changes, **revision)
        self.history.insert_multiple(entries)
        self.stories.update(updated, doc_ids=[doc_id_of(record["id"])])
        return updated

    def commit(self, *, after: Sequence[DurableStorage] = ()) -> bool:
        """Write the partition durably (False when nothing changed); `after`: files that
        must be on disk before it (a filename's claim), synced with it in one round."""
        return DurableStorage.commit_in_order([*after, self.storage])


def commit_all(parts: list[Partition]) -> None:
    """commit() every partition of `parts` at once (files.replace_all)."""
    DurableStorage.commit_all([part.storage for part in parts])

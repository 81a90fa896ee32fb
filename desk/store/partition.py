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
from tinydb.table import Table

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

    # TinyDB is made when first asked for: an ingest's inserts go in without it
    # (insert_new), ~25 us less a story (BBC's 2,226 files make ~1,600 new partitions).
    @cached_property
    def _db(self) -> TinyDB:
        return TinyDB(storage=lambda: self.storage)

    @property
    def stories(self) -> Table:
        return self._db.table("stories", cache_size=0)  # the one TinyDB keeps, once made

    @property
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
        """Insert the records whose ids are not here yet, each with its arrival in history:
        into the tables as TinyDB's inserts would put them (tests/store/test_new_partition)."""
        tables = self.storage.read() or {}
        stories = dict(tables.get("stories", {}))
        history = dict(tables.get("history", {}))
        number = max(map(int, history), default=0)  # TinyDB's next document id, less one
        added = 0
        for record in records:
            key = str(doc_id_of(record["id"]))
            if key not in stories:
                stories[key] = dict(record)
                number += 1
                history[str(number)] = arrival(record, session)
                added += 1
        if added:
            self.storage.write({**tables, "stories": stories, "history": history})
            self.__dict__.pop("_db", None)  # its tables number entries from before these
        return added

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

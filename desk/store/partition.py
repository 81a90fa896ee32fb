"""One partition of the store: a small TinyDB file with the records and history of the
stories whose ids share its first hex digits.

Nothing reaches the disk before commit(), which replaces the file atomically and durably
(see files.DurableStorage): a change's record and history land together or not at all.
"""

from __future__ import annotations

from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.table import Document

from desk.model import Changes, HistoryEntry, Record
from desk.store.files import DurableStorage
from desk.store.records import arrival, next_revision


def doc_id_of(story_id: str) -> int:
    """A story's TinyDB document id: its hex id as a number, so each story has one record."""
    return int(story_id, 16)


class Partition:
    def __init__(self, path: Path, *, durable: bool = True):
        self.path = path
        self.storage = DurableStorage(path, durable=durable)
        db = TinyDB(storage=lambda: self.storage)
        self.stories = db.table("stories", cache_size=0)
        self.history = db.table("history", cache_size=0)

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
        for record in records:
            doc_id = doc_id_of(record["id"])
            if doc_id not in fresh and not self.stories.contains(doc_id=doc_id):
                fresh[doc_id] = record
        if fresh:
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

    def commit(self) -> bool:
        return self.storage.commit()

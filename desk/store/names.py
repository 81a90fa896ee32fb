"""The registry of export filenames: which story holds each `YYYY-MM-DD-slug[-n]`.

Filenames are spread over 4,096 small TinyDB files by a hash of the name, so claiming one
reads and writes a file holding a few dozen names however many the store and the day have.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.table import Table

from desk.model import Record
from desk.store.errors import StoreError
from desk.store.files import DurableStorage
from desk.store.slugs import filename_candidates

BUCKET_CHARS = 3


def bucket_of(filename: str) -> str:
    return hashlib.sha1(filename.encode("utf-8")).hexdigest()[:BUCKET_CHARS]


class NameRegistry:
    def __init__(self, folder: Path):
        self.folder = folder

    def _bucket(self, bucket: str, *, durable: bool = True) -> Table:
        storage = DurableStorage(self.folder / f"{bucket}.json", durable=durable)
        return TinyDB(storage=lambda: storage).table("names", cache_size=0)

    def claim(self, story_id: str, day: date, slug: str) -> str:
        """The first free `YYYY-MM-DD-slug[-n]`, recorded durably before it is used.

        A claim left by an approval that crashed before its record was written belongs to
        the same story, so retrying that approval takes the same name again. Call with the
        store locked.
        """
        filename, unwritten = self.reserve(story_id, day, slug)
        if unwritten is not None:
            unwritten.commit()
        return filename

    def reserve(self, story_id: str, day: date, slug: str) -> tuple[str, DurableStorage | None]:
        """claim() without the write: the name, and the registry file holding its new claim
        (None when the story holds the name already), which the caller writes durably
        before anything that uses the name (Partition.commit's `after`), in one round of
        syncs with it."""
        for candidate in filename_candidates(day, slug):
            names = self._bucket(bucket_of(candidate))
            claim = names.get(Query().filename == candidate)
            if claim is None:
                names.insert({"filename": candidate, "id": story_id})
                return candidate, names.storage
            if claim["id"] == story_id:
                return candidate, None
        raise AssertionError("filename_candidates never ends")

    def claim_imported(self, records: list[Record], *, durable: bool = True) -> None:
        """Register the filenames records bring with them; refuse one another story holds."""
        by_bucket: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            if record.get("filename"):
                by_bucket[bucket_of(record["filename"])].append(record)
        for bucket, bucket_records in by_bucket.items():
            names = self._bucket(bucket, durable=durable)
            owners = {doc["filename"]: doc["id"] for doc in names.all()}
            fresh: dict[str, str] = {}
            for record in bucket_records:
                name = record["filename"]
                owner = owners.get(name) or fresh.setdefault(name, record["id"])
                if owner != record["id"]:
                    raise StoreError(f"{name}: filename already used by {owner}")
            names.insert_multiple({"filename": name, "id": owner} for name, owner in fresh.items())
            names.storage.commit()

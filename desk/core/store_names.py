"""The registry of export filenames, one small TinyDB file per approval day.

A filename's date is its approval day, so every candidate for `YYYY-MM-DD-slug[-n]` lives in
that day's file: claiming one reads and writes a file that grows with a day's approvals,
never with the store.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.table import Table

from desk.core.slugs import filename_candidates
from desk.core.store_errors import StoreError
from desk.core.store_files import DurableStorage


class NameRegistry:
    def __init__(self, folder: Path):
        self.folder = folder

    def _day(self, day: str, *, durable: bool = True) -> Table:
        storage = DurableStorage(self.folder / f"{day}.json", durable=durable)
        return TinyDB(storage=lambda: storage).table("names", cache_size=0)

    def claim(self, story_id: str, day: date, slug: str) -> str:
        """The first free `YYYY-MM-DD-slug[-n]`, recorded durably before it is used.

        A claim left by an approval that crashed before its record was written belongs to
        the same story, so retrying that approval takes the same name again. Call with the
        store locked.
        """
        names = self._day(day.isoformat())
        for candidate in filename_candidates(day, slug):
            claim = names.get(Query().filename == candidate)
            if claim is None:
                names.insert({"filename": candidate, "id": story_id})
                names.storage.commit()
                return candidate
            if claim["id"] == story_id:
                return candidate
        raise AssertionError("filename_candidates never ends")

    def claim_imported(self, records: list[dict], *, durable: bool = True) -> None:
        """Register the filenames records bring with them; refuse one another story holds."""
        by_day: dict[str, list[dict]] = defaultdict(list)
        for record in records:
            if record.get("filename"):
                by_day[record["filename"][:10]].append(record)
        for day, day_records in by_day.items():
            names = self._day(day, durable=durable)
            owners = {doc["filename"]: doc["id"] for doc in names.all()}
            fresh: dict[str, str] = {}
            for record in day_records:
                name = record["filename"]
                owner = owners.get(name) or fresh.setdefault(name, record["id"])
                if owner != record["id"]:
                    raise StoreError(f"{name}: filename already used by {owner}")
            names.insert_multiple({"filename": name, "id": owner} for name, owner in fresh.items())
            names.storage.commit()

"""Copying a store into PostgreSQL, history and all: `desk migrate`.

Stories go across in batches, each one transaction; a story already in the target is left
as it is (and counted), so a second run adds nothing and a run cut short resumes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from desk.model import HistoryEntry, Record
from desk.store.api import DeskStore
from desk.store.postgres import PostgresStore

BATCH = 1000


@dataclass
class Copied:
    stories: int = 0        # read from the source
    added: int = 0          # new in the target
    history: int = 0        # history entries copied with them
    already: int = 0        # in the target before, at the source's revision
    differing: list[str] = field(default_factory=list)  # in the target at another revision

    def line(self) -> str:
        text = (f"{self.stories:,} stories read: {self.added:,} copied with "
                f"{self.history:,} history entries, {self.already:,} already there")
        if self.differing:
            text += (f", {len(self.differing):,} already there at another revision (left "
                     f"as they are: {', '.join(self.differing[:3])}"
                     + (" ..." if len(self.differing) > 3 else "") + ")")
        return text


def _batches(items: Iterator[tuple[Record, list[HistoryEntry]]], size: int):
    while batch := list(islice(items, size)):
        yield batch


def copy_store(source: DeskStore, target: PostgresStore, *,
               progress: Callable[[Copied], None] | None = None) -> Copied:
    copied = Copied()
    for batch in _batches(source.stories_with_history(), BATCH):
        added = target.import_stories(batch)
        copied.stories += len(batch)
        copied.added += len(added)
        copied.history += sum(len(entries) for record, entries in batch
                              if record["id"] in added)
        kept = [record for record, _ in batch if record["id"] not in added]
        there = target.revisions([record["id"] for record in kept])
        for record in kept:
            if there.get(record["id"]) == record["revision"]:
                copied.already += 1
            else:
                copied.differing.append(record["id"])
        if progress:
            progress(copied)
    return copied

"""Where a story read from the inbox belongs: a story of its own, a new version of a story
the store holds, or a text the store already holds.

A new version is a wire item with the `guid` (ninjs `uri`, NewsML-G2 guid, NITF doc-id) of
a stored story, or a near copy of a stored story (desk.versions: word shingles, MinHash,
LSH), called an update when its copy says it is one (`UPDATE 1`, `Adds quotes`). The
near-duplicate index is a cache beside the store (`desk.json.versions.npz`), rebuilt from
the store's stories when missing, unreadable or behind the store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desk.model import Record, Row, Story
from desk.store import DeskStore
from desk.versions import Known, NearDuplicates, copy_text, sketch, with_bands

NEW, HELD = "new", "held"
WIRE_VERSION, UPDATE, NEAR_COPY = "wire version", "update", "near copy"
# Formats whose guid names one item through its versions (a feed entry's does not: a feed
# entry whose text changed is a story of its own).
VERSIONED_FORMATS = ("ninjs", "newsml", "nitf")
REBUILD_FROM = 500  # stories missing from the cache past which it is rebuilt in one pass


@dataclass(frozen=True, slots=True)
class Placement:
    arrived_as: str  # NEW, HELD (a text the store already holds), or how a version came
    story_id: str | None = None  # the stored story it is a version of (or held in)


def cache_path(store_path: str | os.PathLike) -> Path:
    path = Path(store_path)
    return path.with_name(path.name + ".versions.npz")


class Arrivals:
    """The near-duplicate index and the guids of a store's stories, through an ingest."""

    def __init__(self, store: DeskStore, rows: list[Row]) -> None:
        self.path = cache_path(store.path)
        self.guids = {row["guid"]: row["id"] for row in rows if row.get("guid")}
        self._sketches: dict[str, Known] = {}
        index = NearDuplicates.load(self.path)
        missing = [row["id"] for row in rows if index is None or row["id"] not in index]
        if index is None or len(missing) > REBUILD_FROM:
            index = NearDuplicates()
            for record in store.full_records():
                _hold(index, record)
        else:
            for story_id in missing:
                record = store.get(story_id)
                if record is not None:
                    _hold(index, record)
        self.index = index
        self.changed = bool(missing)

    def place(self, story: Story, known: Known | None = None) -> Placement:
        """Where `story` belongs (call `record` once the store has it there). `known` is
        the story's sketch when it was made already (desk.reading makes it in a worker)."""
        if story.id in self.index:
            return Placement(HELD, self.index.group_of(story.id))
        guid = story.raw.guid
        if guid and story.raw.format in VERSIONED_FORMATS and guid in self.guids:
            return Placement(WIRE_VERSION, self.guids[guid])
        known = self._sketches[story.id] = with_bands(
            known or sketch(copy_text(story.copy.headline, story.copy.paragraphs)))
        match = self.index.find("", known=known)
        if match.kind == "near":
            return Placement(UPDATE if story.copy.update else NEAR_COPY, match.group)
        return Placement(NEW)

    def record(self, story: Story, story_id: str) -> None:
        """The store holds `story` as (a version of) the story `story_id`."""
        known = self._sketches.pop(story.id, None)
        self.index.hold(story.id, copy_text(story.copy.headline, story.copy.paragraphs),
                        story_id, known=known)
        if story.raw.guid and story.raw.format in VERSIONED_FORMATS:
            self.guids.setdefault(story.raw.guid, story_id)
        self.changed = True

    def save(self) -> None:
        """Keep the index for the next ingest; a cache that cannot be written is rebuilt."""
        if self.changed:
            try:
                self.index.save(self.path)
            except OSError:
                return
            self.changed = False


def _hold(index: NearDuplicates, record: Record) -> None:
    """Every version of a stored story, in its group (a file of an earlier version read
    again is held, never a version once more)."""
    story_id = record["id"]
    versions = [(version["text_id"], version["copy"]) for version in record.get("earlier") or []]
    versions.append((record.get("text_id") or story_id, record["copy"]))
    if story_id not in (text_id for text_id, _ in versions):
        versions.insert(0, (story_id, record["copy"]))
    for text_id, copy in versions:
        index.hold(text_id, copy_text(copy["headline"], copy["paragraphs"]), story_id)

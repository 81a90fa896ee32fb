"""`desk doctor`'s checkup: every problem in a store, and what can be rebuilt, rebuilt.

Damaged partitions are named, never written over; with the stories of one read again from
their inbox files (restore), the damaged file is first moved aside whole into
`<store>.d/damaged/`, its bytes untouched. Caches (each partition's rows, the index
snapshot) and the filename claims are rebuilt from the records.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desk.model import Record, Story
from desk.store.errors import CorruptStoreError
from desk.store.files import read_tables
from desk.store.index import PART_SUFFIX, StoreIndex, stamp_of
from desk.store.locking import exclusive_lock
from desk.store.names import bucket_of
from desk.store.partition import read_partition
from desk.store.store import PART_CHARS, Store


@dataclass
class Checkup:
    problems: list[str] = field(default_factory=list)  # one line each: what is still wrong
    rebuilt: list[str] = field(default_factory=list)  # one line each: what was repaired
    damaged: dict[str, Path] = field(default_factory=dict)  # partition -> its file


def examine(store: Store) -> Checkup:
    """Check every store file; rebuild the caches and the claims (under the store lock)."""
    checkup = Checkup()
    with exclusive_lock(store.lock_path):
        records = _good_records(store, checkup)
        _check_names(store, records, checkup)
        _rebuild_caches(store, checkup)
    return checkup


def _good_records(store: Store, checkup: Checkup) -> list[Record]:
    records = []
    for path in sorted(store.parts_dir.glob(f"*{PART_SUFFIX}")):
        part = path.name[: -len(PART_SUFFIX)]
        try:
            stories = read_partition(path).get("stories", {}).values()
        except CorruptStoreError as exc:
            checkup.problems.append(f"{exc} (desk doctor --inbox DIR reads its stories again)")
            checkup.damaged[part] = path
            continue
        for record in stories:
            if record["id"][:PART_CHARS] != part:
                checkup.problems.append(f"{path}: holds story {record['id']}, which belongs "
                                        "in another partition")
        records += stories
    return records


def _check_names(store: Store, records: list[Record], checkup: Checkup) -> None:
    damaged_buckets = set()
    for path in sorted(store.names_dir.glob("*.json")):
        try:
            names = (read_tables(path) or {}).get("names", {}).values()
            if not all(isinstance(doc, dict) and isinstance(doc.get("filename"), str)
                       for doc in names):
                raise CorruptStoreError(f"{path}: not a desk name registry; left untouched")
        except CorruptStoreError as exc:
            damaged_buckets.add(path.name[: -len(".json")])
            aside = _move_aside(store, path)
            checkup.rebuilt.append(f"{exc}: moved whole to {aside}; its claims made again "
                                   "from the records")
    claimed = [record for record in records if record.get("filename")]
    missing = [record for record in claimed
               if bucket_of(record["filename"]) in damaged_buckets
               or not _claimed_by(store, record)]
    if missing:
        try:
            store.names.claim_imported(missing)
            checkup.rebuilt.append(f"filename claims: {len(missing)} made again")
        except Exception as exc:  # a StoreError: two stories hold one filename
            checkup.problems.append(f"filename claims: {exc}")


def _claimed_by(store: Store, record: Record) -> bool:
    path = store.names_dir / f"{bucket_of(record['filename'])}.json"
    try:
        names = (read_tables(path) or {}).get("names", {}).values()
    except CorruptStoreError:
        return False
    return any(doc.get("filename") == record["filename"] and doc.get("id") == record["id"]
               for doc in names)


def _rebuild_caches(store: Store, checkup: Checkup) -> None:
    index = StoreIndex(store.parts_dir, store.rows_dir, store.root / "index.json")
    parts = 0
    for path in sorted(store.parts_dir.glob(f"*{PART_SUFFIX}")):
        part = path.name[: -len(PART_SUFFIX)]
        if part in checkup.damaged:
            continue
        stories = read_partition(path).get("stories", {})
        index.committed([(part, stories, stamp_of(os.stat(path)))])
        parts += 1
    index.load()
    index.save()
    checkup.rebuilt.append(f"index: rows of {parts} partitions and the snapshot written anew")


def _move_aside(store: Store, path: Path) -> Path:
    """Move a damaged file whole into `<store>.d/damaged/` (its bytes never change)."""
    folder = store.root / "damaged"
    folder.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    aside = folder / f"{path.parent.name}-{path.name}.{stamp}"
    os.replace(path, aside)
    return aside


def restore(store: Store, part: str, path: Path, stories: list[Story],
            known: tuple[str, ...]) -> str:
    """Read the stories of damaged partition `part` again from their inbox files: the
    damaged file is moved aside whole first, then they arrive as new stories."""
    mine = [story for story in stories if story.id[:PART_CHARS] == part]
    with exclusive_lock(store.lock_path):
        aside = _move_aside(store, path)
    added = store.add_stories(mine)
    lost = sorted(set(known) - {story.id for story in mine})
    line = (f"{path}: moved whole to {aside}; {added} stories read again from the inbox "
            "(as new: their decisions were in the damaged file)")
    if lost:
        line += f"; not in the inbox: {', '.join(lost[:5])}" + (" ..." if len(lost) > 5 else "")
    return line

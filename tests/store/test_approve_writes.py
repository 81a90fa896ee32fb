"""An approval that claims a filename writes two files: the claim in the name registry and
the story's partition. Their data is synced side by side (one round of syncs, not two), but
the claim is renamed into place, and its folder synced, before the partition is: a crash
may leave a claim no record uses yet (the same story takes it again), never a record whose
filename nobody claimed (another story could take it and overwrite its export)."""

from __future__ import annotations

import pytest
from recording_os import RecordingOs

import desk.store.files as store_files
from desk.store import Store, StoreError

pytestmark = pytest.mark.tinydb_only  # it watches the store's files being written


def _first(events, kind: str, under) -> int:
    return next(index for index, (what, path) in enumerate(events)
                if what == kind and path.startswith(str(under)))


def test_the_claim_and_the_record_sync_together_and_the_claim_lands_first(
        store_path, new_story, monkeypatch):
    store = Store(store_path)
    story = new_story(1)
    store.add_stories([story])
    recorder = RecordingOs()
    monkeypatch.setattr(store_files, "os", recorder)
    filename = store.approve(story.id)["filename"]
    monkeypatch.undo()

    events = recorder.events
    temp_syncs = [index for index, (kind, path) in enumerate(events)
                  if kind == "fsync" and path.endswith(".tmp")]
    renames = [index for index, (kind, _) in enumerate(events) if kind == "replace"]
    assert len(temp_syncs) == 2 and len(renames) == 2
    assert max(temp_syncs) < min(renames)  # both files' data on disk before either moves
    claim_renamed = _first(events, "replace", store.names_dir)
    names_synced = events.index(("fsync", str(store.names_dir)))
    record_renamed = _first(events, "replace", store.parts_dir)
    parts_synced = events.index(("fsync", str(store.parts_dir)))
    assert claim_renamed < names_synced < record_renamed < parts_synced
    assert Store(store_path).get(story.id)["filename"] == filename


def test_a_record_that_fails_to_land_leaves_its_claim_for_the_next_approval(
        store_path, new_story, monkeypatch):
    store = Store(store_path)
    story = new_story(1)
    store.add_stories([story])
    monkeypatch.setattr(store_files, "os", RecordingOs(fail_rename_into=str(store.parts_dir)))
    with pytest.raises(StoreError, match="Input/output error"):
        store.approve(story.id)
    monkeypatch.undo()

    assert not list(store.root.rglob("*.tmp"))
    reopened = Store(store_path)
    assert reopened.get(story.id)["filename"] is None  # the record as it was
    claims = [path for path in store.names_dir.iterdir() if path.suffix == ".json"]
    assert len(claims) == 1  # the name is claimed for it all the same
    record = reopened.approve(story.id)
    assert record["filename"] in claims[0].read_text()  # and taken again, not a "-2"
    assert not record["filename"].endswith("-2")

"""Adding many stories writes their partitions in groups: each partition file is still
synced before it replaces the old one, and the folder after, but a group's syncs wait
together and the folder is synced once a group, not once a story."""

from __future__ import annotations

import errno
import math
import os

import pytest
from recording_os import RecordingOs

import desk.store.files as store_files
import desk.store.store as store_module
from desk.store import Store, StoreError

pytestmark = pytest.mark.tinydb_only  # it watches the store's files being written


def _partitions(stories) -> int:
    return len({story.id[:3] for story in stories})


def test_each_partition_is_synced_before_it_replaces_the_old_and_the_folder_after(
        store_path, new_story, monkeypatch):
    store = Store(store_path)
    stories = [new_story(n) for n in range(300)]
    recorder = RecordingOs()
    monkeypatch.setattr(store_files, "os", recorder)
    assert store.add_stories(stories) == 300
    monkeypatch.undo()

    events = recorder.events
    renames = [(index, detail.split(" -> ")) for index, (kind, detail) in enumerate(events)
               if kind == "replace" and detail.split(" -> ")[1].startswith(
                   str(store.parts_dir) + "/")]
    assert len(renames) == _partitions(stories)
    folder_syncs = [index for index, (kind, path) in enumerate(events)
                    if kind == "fsync" and path == str(store.parts_dir)]
    for index, (temp, _) in renames:
        assert ("fsync", temp) in events[:index]  # its data is on disk before the rename
        assert any(sync > index for sync in folder_syncs)  # the rename is, before we return
    # One folder sync for each group of partitions, not one for each story.
    assert len(folder_syncs) == math.ceil(_partitions(stories) / store_module.PARTS_AT_ONCE)
    assert {record["id"] for record in store.full_records()} == {s.id for s in stories}


class _DiskFullAfter:
    """`os` for desk.store.files whose disk fills up after `writes` writes."""

    def __init__(self, writes: int) -> None:
        self.left = writes

    def __getattr__(self, name):
        return getattr(os, name)

    def write(self, fd, data):
        self.left -= 1
        if self.left < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(fd, data)


def test_a_disk_filling_up_in_a_group_leaves_whole_stories_and_no_temp_files(
        store_path, new_story, monkeypatch):
    store = Store(store_path)
    stories = [new_story(n) for n in range(150)]
    monkeypatch.setattr(store_files, "os", _DiskFullAfter(90))
    with pytest.raises(StoreError, match="No space left on device"):
        store.add_stories(stories)
    monkeypatch.undo()

    assert not list(store.root.rglob("*.tmp"))
    reopened = Store(store_path)
    held = {record["id"] for record in reopened.full_records()}
    assert held < {story.id for story in stories}  # whole stories or none, never a torn one
    assert reopened.add_stories(stories) == len(stories) - len(held)  # the rest, on retry
    assert len(list(reopened.full_records())) == len(stories)

"""Adding many stories writes their partitions in groups: each partition file is still
synced before it replaces the old one, and the folder after, but a group's syncs wait
together and the folder is synced once a group, not once a story."""

from __future__ import annotations

import errno
import math
import os
from contextlib import contextmanager

import pytest
from recording_os import RecordingOs

import desk.store.files as store_files
import desk.store.store as store_module
from desk.store import Store, StoreError

pytestmark = pytest.mark.tinydb_only  # it watches the store's files being written


def _partitions(stories) -> int:
    return len({story.id[:3] for story in stories})


def _add_recorded(store_path, new_story, monkeypatch) -> tuple[Store, list, RecordingOs]:
    """300 new stories added to a new store, its file operations recorded."""
    store = Store(store_path)
    stories = [new_story(n) for n in range(300)]
    recorder = RecordingOs()
    monkeypatch.setattr(store_files, "os", recorder)
    monkeypatch.setattr(store_files, "sync_file_system", recorder.sync_file_system)
    assert store.add_stories(stories) == 300
    monkeypatch.undo()
    return store, stories, recorder


def test_each_partition_is_synced_before_it_replaces_the_old_and_the_folder_after(
        store_path, new_story, monkeypatch):
    store, stories, recorder = _add_recorded(store_path, new_story, monkeypatch)
    events = recorder.events
    renames = [(index, detail.split(" -> ")) for index, (kind, detail) in enumerate(events)
               if kind == "replace" and detail.split(" -> ")[1].startswith(
                   str(store.parts_dir) + "/")]
    assert len(renames) == _partitions(stories)
    folder_syncs = [index for index, (kind, path) in enumerate(events)
                    if kind == "fsync" and path == str(store.parts_dir)]
    for index, (temp, _) in renames:
        assert _on_disk(temp, events[:index])  # its data is on disk before the rename
        assert any(sync > index for sync in folder_syncs)  # the rename is, before we return
    # One folder sync for each group of partitions, not one for each story.
    assert len(folder_syncs) == math.ceil(_partitions(stories) / store_module.PARTS_AT_ONCE)
    assert {record["id"] for record in store.full_records()} == {s.id for s in stories}


def _on_disk(temp: str, events: list[tuple[str, str]]) -> bool:
    """Was `temp` synced in `events`: by its own fsync, or by a sync of its file system
    (syncfs) after it was written?"""
    if ("fsync", temp) in events:
        return True
    written = events.index(("open", temp))
    return any(kind == "syncfs" for kind, _ in events[written:])


def test_a_big_group_syncs_its_file_system_once_instead_of_each_file(
        store_path, new_story, monkeypatch):
    """A group of many partitions (an ingest) is written, then synced in one syncfs: on
    ext4 that costs a third of the CPU of a sync per file, and a fifth of the time."""
    if store_files.sync_file_system is None:
        pytest.skip("this system has no syncfs (Linux only): each file is synced alone")
    store, stories, recorder = _add_recorded(store_path, new_story, monkeypatch)

    groups = math.ceil(_partitions(stories) / store_module.PARTS_AT_ONCE)
    file_system_syncs = [path for kind, path in recorder.events if kind == "syncfs"]
    assert file_system_syncs == [str(store.parts_dir)] * groups
    part_syncs = [path for kind, path in recorder.events
                  if kind == "fsync" and path.startswith(str(store.parts_dir) + "/")]
    assert part_syncs == []
    # The folder is open before the group's temps are: syncfs reports a failed writeback
    # only if it came after its descriptor was opened.
    folder_open = False
    for kind, path in recorder.events:
        if kind == "syncfs open":
            folder_open = True
        elif kind == "open" and path.startswith(str(store.parts_dir) + "/") \
                and path.endswith(store_files.TEMP_SUFFIX):
            assert folder_open, f"{path} written before its folder was opened to sync"
        elif kind == "syncfs":
            folder_open = False


def test_a_small_commit_syncs_each_file_and_never_the_whole_file_system(
        store_path, new_story, monkeypatch):
    """An editor's change touches a file or two: syncfs would also wait for whatever
    else is being written on that disk."""
    store = Store(store_path)
    story = new_story(1)
    store.add_stories([story])
    recorder = RecordingOs()
    monkeypatch.setattr(store_files, "os", recorder)
    monkeypatch.setattr(store_files, "sync_file_system", recorder.sync_file_system)
    store.approve(story.id)
    monkeypatch.undo()
    assert not [event for event in recorder.events if event[0] == "syncfs"]
    assert [event for event in recorder.events if event[0] == "fsync"]


def test_sync_file_system_syncs_a_real_folder(tmp_path):
    if store_files.sync_file_system is None:
        pytest.skip("this system has no syncfs (Linux only)")
    (tmp_path / "written").write_bytes(b"data")
    with store_files.sync_file_system(tmp_path) as sync:
        sync()  # no error: the call reaches the kernel


def test_a_failed_file_system_sync_leaves_every_file_as_it_was(
        store_path, new_story, monkeypatch):
    store = Store(store_path)
    stories = [new_story(n) for n in range(150)]

    @contextmanager
    def failing(folder):
        def sync():
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(folder))

        yield sync

    monkeypatch.setattr(store_files, "sync_file_system", failing)
    with pytest.raises(StoreError, match="Input/output error"):
        store.add_stories(stories)
    monkeypatch.undo()
    assert not list(store.root.rglob("*.tmp"))
    assert list(Store(store_path).full_records()) == []


def test_a_file_system_that_refuses_syncfs_gets_each_file_synced_instead(
        store_path, new_story, monkeypatch):
    """A sandbox may forbid the call (EPERM) or a kernel lack it (ENOSYS): the group is
    synced file by file, and so is every group after it."""
    refused = []

    @contextmanager
    def refusing(folder):
        def sync():
            refused.append(folder)
            raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(folder))

        yield sync

    recorder = RecordingOs()
    monkeypatch.setattr(store_files, "os", recorder)
    monkeypatch.setattr(store_files, "sync_file_system", refusing)
    store = Store(store_path)
    stories = [new_story(n) for n in range(300)]
    assert store.add_stories(stories) == 300
    assert len(refused) == 1  # asked once, then never again
    monkeypatch.undo()

    events = recorder.events
    renames = [(index, detail.split(" -> ")[0]) for index, (kind, detail) in enumerate(events)
               if kind == "replace" and str(store.parts_dir) in detail]
    assert len(renames) == _partitions(stories)
    for index, temp in renames:
        assert ("fsync", temp) in events[:index]
    assert {record["id"] for record in Store(store_path).full_records()} == {
        story.id for story in stories}


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

"""Adding many stories writes their partitions in groups: each partition file is still
synced before it replaces the old one, and the folder after, but a group's syncs wait
together and the folder is synced once a group, not once a story."""

from __future__ import annotations

import errno
import math
import os
from contextlib import contextmanager
from pathlib import Path

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


def _placements(events: list[tuple[str, str]], folder) -> list[tuple[int, str, str]]:
    """Each file put in place in `folder`: (its event's index, its temp, its name), by a
    rename of a named temp or a link of an unnamed one."""
    placed = []
    for index, (kind, detail) in enumerate(events):
        if kind in ("replace", "link"):
            temp, target = detail.split(" -> ")
            if target.startswith(str(folder) + "/"):
                placed.append((index, temp, target))
    return placed


def test_each_partition_is_synced_before_it_replaces_the_old_and_the_folder_after(
        store_path, new_story, monkeypatch):
    store, stories, recorder = _add_recorded(store_path, new_story, monkeypatch)
    events = recorder.events
    placed = _placements(events, store.parts_dir)
    assert len(placed) == _partitions(stories)
    folder_syncs = [index for index, (kind, path) in enumerate(events)
                    if kind == "fsync" and path == str(store.parts_dir)]
    for index, temp, _ in placed:
        assert _on_disk(temp, events[:index])  # its data is on disk before it is in place
        assert any(sync > index for sync in folder_syncs)  # and its name, before we return
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


def test_a_new_partition_is_written_unnamed_and_linked_an_old_one_renamed_over(
        store_path, new_story, monkeypatch):
    """A group's partitions that are not there yet (most of an ingest's) are written as
    unnamed files and linked into place once synced: no temp name, no rename. One that is
    there already is replaced by a rename, as before."""
    if store_files.sync_file_system is None or not store_files._unnamed.works:
        pytest.skip("this system has no syncfs or no unnamed files (O_TMPFILE)")
    store, stories, recorder = _add_recorded(store_path, new_story, monkeypatch)
    placed = _placements(recorder.events, store.parts_dir)
    assert {kind for kind, _ in recorder.events} >= {"link"}
    assert all("(unnamed" in temp for _, temp, _ in placed)  # every partition was new
    assert not [path for kind, path in recorder.events
                if kind == "open" and path.endswith(store_files.TEMP_SUFFIX)]

    more = [new_story(n) for n in range(300, 600)]  # some partitions are there now
    recorder = RecordingOs()
    monkeypatch.setattr(store_files, "os", recorder)
    monkeypatch.setattr(store_files, "sync_file_system", recorder.sync_file_system)
    assert store.add_stories(more) == 300
    monkeypatch.undo()
    there = {story.id[:3] for story in stories}
    for _, temp, target in _placements(recorder.events, store.parts_dir):
        old = Path(target).name[:3] in there
        assert ("(unnamed" not in temp) == old, target
    assert len(list(Store(store_path).full_records())) == 600


def test_a_partition_made_behind_the_stores_back_is_never_written_over(
        store_path, new_story, monkeypatch):
    """A partition read as missing that is there by the time it is linked (a writer that
    ignored the store's lock) is an error naming it, never overwritten; the group's other
    partitions land, and nothing is left behind."""
    if store_files.sync_file_system is None or not store_files._unnamed.works:
        pytest.skip("this system has no syncfs or no unnamed files (O_TMPFILE)")
    store = Store(store_path)
    stories = [new_story(n) for n in range(20)]
    squatted = store.parts_dir / f"{stories[0].id[:3]}.json"
    real_link = store_files._unnamed.link

    def link_after_a_squatter(fd, path):
        if path == squatted:
            path.write_bytes(b'{"stories": {}, "history": {}}')
        real_link(fd, path)

    monkeypatch.setattr(store_files._unnamed, "link", link_after_a_squatter)
    with pytest.raises(StoreError, match=f"{squatted}.*exists"):
        store.add_stories(stories)
    monkeypatch.undo()
    assert squatted.read_bytes() == b'{"stories": {}, "history": {}}'
    assert not list(store.root.rglob("*.tmp"))
    held = {record["id"] for record in Store(store_path).full_records()}
    assert held == {story.id for story in stories if story.id[:3] != stories[0].id[:3]}


def _add_unnamed_files_turn_off(store_path, new_story, monkeypatch) -> tuple[Store, list]:
    """300 new stories added with unnamed files on, under the patches already set, which
    must turn them off; the patches are undone after."""
    monkeypatch.setattr(store_files._unnamed, "works", True)
    store = Store(store_path)
    stories = [new_story(n) for n in range(300)]
    assert store.add_stories(stories) == 300
    assert not store_files._unnamed.works
    monkeypatch.undo()
    return store, stories


def test_an_unnamed_file_the_system_will_not_link_is_written_again_named(
        store_path, new_story, monkeypatch):
    """A system whose /proc will not name an unnamed file for linkat (EXDEV, say): that
    file is written again to a named temp, synced and renamed; no unnamed file is made
    after it, and nothing is left behind."""
    if store_files.sync_file_system is None or not store_files._unnamed.works:
        pytest.skip("this system has no syncfs or no unnamed files (O_TMPFILE)")
    tried = []

    def refused(fd, path):
        tried.append(path)
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(path))

    monkeypatch.setattr(store_files._unnamed, "link", refused)
    store, _ = _add_unnamed_files_turn_off(store_path, new_story, monkeypatch)
    assert len(tried) == 1  # the first group's first link; every file after is named
    assert not list(store.root.rglob("*.tmp"))
    assert len(list(Store(store_path).full_records())) == 300


def test_where_no_unnamed_file_can_be_made_a_new_partition_gets_a_named_temp(
        store_path, new_story, monkeypatch):
    """A file system without O_TMPFILE (EOPNOTSUPP) is asked once; then every file is
    written to a named temp and renamed, as for an old partition."""
    if store_files.sync_file_system is None:
        pytest.skip("this system has no syncfs (Linux only)")
    refused = []

    class NoUnnamedFiles(RecordingOs):
        def open(self, path, flags, *args):
            if hasattr(os, "O_TMPFILE") and flags & os.O_TMPFILE == os.O_TMPFILE:
                refused.append(path)
                raise OSError(errno.EOPNOTSUPP, os.strerror(errno.EOPNOTSUPP), str(path))
            return super().open(path, flags, *args)

    recorder = NoUnnamedFiles()
    monkeypatch.setattr(store_files, "os", recorder)
    monkeypatch.setattr(store_files, "sync_file_system", recorder.sync_file_system)
    store, stories = _add_unnamed_files_turn_off(store_path, new_story, monkeypatch)
    assert len(refused) == (1 if hasattr(os, "O_TMPFILE") else 0)
    placed = _placements(recorder.events, store.parts_dir)
    assert len(placed) == _partitions(stories)
    assert all(temp.endswith(store_files.TEMP_SUFFIX) for _, temp, _ in placed)
    assert len(list(Store(store_path).full_records())) == 300


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
                and (path.endswith(store_files.TEMP_SUFFIX) or "(unnamed" in path):
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
    placed = _placements(events, store.parts_dir)
    assert len(placed) == _partitions(stories)
    for index, temp, _ in placed:
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

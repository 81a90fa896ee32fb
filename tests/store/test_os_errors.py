"""Every OSError leaves the store as one StoreError naming the file, so callers (the CLI,
export, the desk) catch StoreError only; a failed write leaves the store as it was."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import desk.store.files as store_files
from desk.store import Store, StoreError

pytestmark = pytest.mark.tinydb_only  # it reads or breaks the store files


class _FullDisk:
    """`os` for desk.store.files on a full disk: writes fail the way the kernel says it,
    ENOSPC with no file name."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def write(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _ReadOnlyFolder(_FullDisk):
    """`os` for desk.store.files when the parts folder is read-only to the desk's user
    (tests run as root too, where chmod would not stop anyone)."""

    def __init__(self, folder):
        self.folder = str(folder)

    def write(self, fd, data):
        return os.write(fd, data)

    def open(self, path, flags, *args):
        if str(path).startswith(self.folder) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return os.open(path, flags, *args)


def part_of(store: Store, story_id: str):
    return store.parts_dir / f"{story_id[:3]}.json"


def test_approve_on_a_full_disk_names_the_partition_and_changes_nothing(store, new_story,
                                                                       monkeypatch):
    story = new_story(1)
    store.add_stories([story])
    before = part_of(store, story.id).read_bytes()
    monkeypatch.setattr(store_files, "os", _FullDisk())
    with pytest.raises(StoreError) as caught:
        store.approve(story.id)
    assert str(caught.value).startswith(f"{store.names_dir}")  # the name claim is written first
    assert str(caught.value).endswith(": No space left on device")
    with pytest.raises(StoreError) as caught:
        store.set_headline(story.id, "A new headline")
    assert str(caught.value) == f"{part_of(store, story.id)}: No space left on device"
    monkeypatch.undo()
    assert part_of(store, story.id).read_bytes() == before
    assert not [p for p in store.parts_dir.iterdir() if p.name.startswith(".")]  # no temps
    assert store.get(story.id)["revision"] == 1


def test_adding_stories_on_a_full_disk_is_a_store_error(store, new_story, monkeypatch):
    story = new_story(1)
    monkeypatch.setattr(store_files, "os", _FullDisk())
    with pytest.raises(StoreError, match=f"{part_of(store, story.id)}: No space left"):
        store.add_stories([story])
    monkeypatch.undo()
    assert store.get(story.id) is None


def test_a_read_only_parts_folder_is_a_store_error_naming_the_file(store, new_story,
                                                                   monkeypatch):
    story = new_story(1)
    store.add_stories([story])
    monkeypatch.setattr(store_files, "os", _ReadOnlyFolder(store.parts_dir))
    with pytest.raises(StoreError) as caught:
        store.spike(story.id)
    assert str(caught.value) == f"{part_of(store, story.id)}: Permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through a read-only folder")
def test_a_really_read_only_parts_folder(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    store.parts_dir.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="Permission denied"):
            store.spike(story.id)
    finally:
        store.parts_dir.chmod(0o755)


def test_a_parts_folder_removed_under_an_open_store(store, new_story, store_path):
    store.add_stories([new_story(1)])
    fresh = Store(store_path)
    for path in fresh.parts_dir.iterdir():
        path.unlink()
    fresh.parts_dir.rmdir()
    with pytest.raises(StoreError) as caught:
        fresh.records()
    assert str(fresh.parts_dir) in str(caught.value)


def test_a_store_folder_that_cannot_be_made(store_path):
    Store(store_path)
    root = store_path.with_name(store_path.name + ".d")
    for folder in ("parts", "names", "rows"):
        (root / folder).rmdir()
    (root / "lock").unlink(missing_ok=True)
    root.rmdir()
    root.write_text("a file where the store's folder goes")
    with pytest.raises(StoreError) as caught:
        Store(store_path)
    assert str(root) in str(caught.value)


def test_an_index_snapshot_that_cannot_be_written_on_close(store, new_story):
    store.add_stories([new_story(n) for n in range(3)])
    store.records()
    (store.root / "index.json").mkdir()  # a folder in the way of the snapshot
    with pytest.raises(StoreError) as caught:
        store.close()
    assert str(store.root / "index.json") in str(caught.value)


def test_an_unsynced_write_that_fills_the_disk_leaves_no_temp_behind(tmp_path):
    """A cache written unsynced (atomic_write(durable=False), the index snapshot): the
    disk fills while the temp is written, the error names the file, no temp is left and
    the old file stays. The file-size limit stands in for the full disk (EFBIG)."""
    import subprocess
    import sys

    target = tmp_path / "cache.json"
    target.write_bytes(b"old")
    child = f"""
import resource, signal
from pathlib import Path
from desk.store.files import atomic_write, replace_streamed
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
for write in (lambda: atomic_write(Path({str(target)!r}), b"x" * 10000, durable=False),
              lambda: replace_streamed(Path({str(target)!r}), [b"x" * 3000] * 4)):
    try:
        write()
    except OSError as exc:
        print(exc.errno, exc.filename)
"""
    repo = Path(__file__).resolve().parents[2]  # this checkout's desk
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(repo)}, timeout=60)
    assert done.stdout.split("\n")[:2] == [f"{errno.EFBIG} {target}"] * 2, done.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["cache.json"]
    assert target.read_bytes() == b"old"

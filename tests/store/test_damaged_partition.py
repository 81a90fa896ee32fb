"""Issue 8, point 8: one damaged partition never takes the store down, and nothing writes
over it; a read-only store opens for reading; a durable change is never reported failed."""

from __future__ import annotations

import builtins
import errno
import io
import os

import pytest

import desk.store.index as store_index
from desk.store import CorruptStoreError, Store

pytestmark = pytest.mark.tinydb_only  # partitions, caches, files: TinyDB's own


def damaged_kinds(story_id: str) -> dict[str, bytes]:
    doc = str(int(story_id, 16))
    return {
        "truncated": None,  # the real file cut short, filled in by the test
        "record-not-a-dict": b'{"stories": {"%s": 5}}' % doc.encode(),
        "record-missing-fields": b'{"stories": {"%s": {"id": "%s"}}}' % (doc.encode(),
                                                                         story_id.encode()),
        "history-not-entries": b'{"stories": {}, "history": {"1": "x"}}',
        "tables-not-tables": b'{"stories": [1, 2]}',
    }


@pytest.fixture(params=list(damaged_kinds("0" * 16)))
def damaged(request, store, new_story):
    """Ten stories; the partition of the first is damaged one way or another."""
    stories = [new_story(n) for n in range(10)]
    store.add_stories(stories)
    victim = stories[0]
    part = store.parts_dir / f"{victim.id[:3]}.json"
    data = damaged_kinds(victim.id)[request.param] or part.read_bytes()[:-30]
    part.write_bytes(data)
    return stories, victim, part, data


def test_the_store_opens_lists_the_rest_and_names_the_file(store_path, damaged):
    stories, victim, part, data = damaged
    store = Store(store_path)
    assert sorted(row["id"] for row in store.records()) == \
        sorted(s.id for s in stories if s.id != victim.id)
    [unavailable] = store.unavailable()
    assert unavailable.path == part and str(part) in unavailable.problem
    assert "\n" not in unavailable.problem
    assert victim.id in unavailable.stories or not unavailable.stories
    assert sorted(r["id"] for r in store.full_records()) == \
        sorted(s.id for s in stories[1:])
    with pytest.raises(CorruptStoreError, match=str(part)):
        store.approve(victim.id)
    assert part.read_bytes() == data


def test_a_damage_the_snapshot_did_not_know_is_found_and_remembered(store, store_path,
                                                                     new_story):
    stories = [new_story(n) for n in range(5)]
    store.add_stories(stories)
    store.records()
    store.close()  # a snapshot that knows every partition
    part = store.parts_dir / f"{stories[0].id[:3]}.json"
    part.write_bytes(b'{"stories": {"1": 5}}')
    reopened = Store(store_path)
    assert len(reopened.records()) == 4
    assert reopened.unavailable()[0].stories == (stories[0].id,)
    reopened.close()
    assert Store(store_path).unavailable()[0].path == part  # not forgotten by the snapshot


def test_adding_stories_goes_on_past_a_damaged_partition(store_path, damaged, new_story):
    stories, victim, part, data = damaged
    problems = []
    store = Store(store_path, on_problem=problems.append)
    fresh = [new_story(100 + n) for n in range(5)]
    assert store.add_stories([victim, *fresh]) == 5
    assert len(problems) == 1 and str(part) in problems[0]
    assert part.read_bytes() == data


def test_the_repaired_file_brings_its_stories_back(store, store_path, new_story):
    story = new_story(1)
    store.add_stories([story])
    part = store.parts_dir / f"{story.id[:3]}.json"
    good = part.read_bytes()
    store.records()
    part.write_bytes(good[:-10])
    assert store.refresh() and store.records() == [] and store.unavailable()
    part.write_bytes(good)
    assert store.refresh() and len(store.records()) == 1 and store.unavailable() == []


class ReadOnly:
    """A read-only file system under `root`: every write there fails with EROFS (root
    ignores permissions, so chmod cannot show this in the tests)."""

    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def __init__(self, root, monkeypatch):
        self.root = str(root)
        real_open, real_io_open = os.open, io.open

        def refuse(path):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

        def guarded(call, check):
            def wrapper(path, *args, **kwargs):
                if str(path).startswith(self.root) and check(*args, **kwargs):
                    refuse(path)
                return call(path, *args, **kwargs)
            return wrapper

        monkeypatch.setattr(os, "open", guarded(real_open, lambda flags, *a, **k:
                                                flags & self.WRITE_FLAGS))
        monkeypatch.setattr(builtins, "open", guarded(real_io_open, lambda mode="r", *a, **k:
                                                      any(c in mode for c in "wax+")))
        for name in ("replace", "rename", "link", "unlink", "mkdir", "rmdir"):
            monkeypatch.setattr(os, name, guarded(getattr(os, name), lambda *a, **k: True))


def test_a_read_only_store_opens_for_reading(store, store_path, new_story, monkeypatch):
    stories = [new_story(n) for n in range(400)]  # over 200 partitions: open would resave
    store.add_stories(stories)
    (store.root / "index.json").unlink(missing_ok=True)
    ReadOnly(store_path.parent, monkeypatch)
    reader = Store(store_path)
    assert len(reader.records()) == 400
    assert reader.get(stories[0].id)["id"] == stories[0].id
    assert reader.unavailable() == []


def test_a_durable_change_is_not_failed_by_its_cache(store, new_story, monkeypatch):
    story = new_story(1)
    store.add_stories([story])
    store.records()

    def cache_full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(store_index, "replace_streamed", cache_full)  # the snapshot
    monkeypatch.setattr(store_index, "overwrite", cache_full)  # the rows by each partition
    assert store.approve(story.id)["status"] == "approved"  # durable: reported so
    monkeypatch.undo()
    assert Store(store.path).get(story.id)["status"] == "approved"
    assert Store(store.path).records()[0]["status"] == "approved"

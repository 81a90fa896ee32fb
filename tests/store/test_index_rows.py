"""The index at scale (issue 12): compact rows, a first page read from the head of the
sorted snapshot without loading the rest, and the rows another desk changed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

import desk.store.index as index_module
from desk.store import open_store
from desk.store.files import dump_json
from desk.store.index import StoreIndex
from desk.store.records import INDEX_FIELDS
from desk.store.store import Store

FIXED_NOW = datetime(2026, 3, 1, 12, 0).astimezone()


def tinydb(path, minutes: int = 0) -> Store:
    return Store(path, user="alice", clock=lambda: FIXED_NOW + timedelta(minutes=minutes))


@pytest.fixture
def full_store(tmp_path, new_story):
    """300 stories received a minute apart, the snapshot written by close()."""
    path = tmp_path / "desk.json"
    for n in range(300):
        with tinydb(path, n) as store:
            store.add_stories([new_story(n)])
    with tinydb(path) as store:
        store.records()  # close() leaves the snapshot of every row
    return path


def count_rows_built(monkeypatch) -> list[int]:
    built = [0]
    real = index_module.index_row

    def counting(values):
        built[0] += 1
        return real(values)

    monkeypatch.setattr(index_module, "index_row", counting)
    return built


def test_rows_are_compact_and_read_like_mappings(store_path, new_story):
    store = open_store(store_path, user="alice")
    store.add_stories([new_story(n) for n in range(3)])
    first, second, _ = store.records()
    assert not hasattr(first, "__dict__")  # slots: no dict per row
    assert set(first) == set(INDEX_FIELDS) and first["id"] == first.get("id")
    assert {**first}["headline"] == first["headline"]
    assert first.get("no such field", "default") == "default"
    # Strings many rows hold are held once.
    assert first["credit"] is second["credit"] and first["updated_by"] is second["updated_by"]
    assert first["headline"] is first["original_headline"]


def test_the_first_page_reads_only_the_head_of_the_snapshot(full_store, monkeypatch):
    expected = [row["id"] for row in index_module.queue_order(tinydb(full_store).records())]
    built = count_rows_built(monkeypatch)
    page = tinydb(full_store).first_rows(20)
    assert [row["id"] for row in page] == expected[:20]
    assert built[0] == 20  # not the other 280


def test_the_first_page_takes_in_partitions_changed_since_the_snapshot(
        full_store, new_story, monkeypatch):
    with tinydb(full_store, 1000) as other:  # another desk: newest story, one approval
        other.add_stories([new_story(999)])
    last = index_module.queue_order(tinydb(full_store).records())[-1]
    tinydb(full_store).approve(last["id"])
    built = count_rows_built(monkeypatch)
    page = tinydb(full_store).first_rows(20)
    assert page[0]["headline"] == "Story number 999 makes news"
    assert len(page) == 20 and built[0] < 100
    expected = index_module.queue_order(tinydb(full_store).records())[:20]
    assert [row["id"] for row in page] == [row["id"] for row in expected]


def test_without_a_snapshot_the_rows_load_with_progress(full_store):
    (full_store.parent / "desk.json.d" / "index.json").unlink()
    store = tinydb(full_store)
    assert store.first_rows(10) is None  # only reading every row could tell
    told = []
    assert len(store.load_rows(lambda done, total: told.append((done, total)))) == 300
    parts = len(list((full_store.parent / "desk.json.d" / "parts").glob("*.json")))
    assert told and all(total == parts for _, total in told) and told[0][0] == 0


def test_a_snapshot_cut_short_is_not_used(full_store):
    snapshot = full_store.parent / "desk.json.d" / "index.json"
    lines = snapshot.read_bytes().splitlines(keepends=True)
    snapshot.write_bytes(b"".join(lines[:100]))
    assert len(tinydb(full_store).records()) == 300


def test_changed_rows_are_the_rows_another_desk_changed(store_path, new_story):
    mine = open_store(store_path, user="alice")
    mine.add_stories([new_story(n) for n in range(5)])
    rows = mine.records()
    mine.changed_rows()  # what the desk has drawn
    theirs = open_store(store_path, user="bob")
    theirs.approve(rows[2]["id"])
    assert mine.refresh()
    [changed] = mine.changed_rows()
    assert (changed["id"], changed["status"]) == (rows[2]["id"], "approved")
    assert mine.changed_rows() == []


def test_a_rows_file_is_rewritten_in_place_and_one_cut_short_is_read_past(tmp_path,
                                                                          new_story,
                                                                          monkeypatch):
    """A partition's rows file is a cache its reader checks (the partition version it was
    written for): it is rewritten in place, no temp file or rename a story. One cut short
    (the writer killed mid-write) is read past: the partition itself is read."""
    monkeypatch.setattr(index_module, "ROWS_FILE_FROM", 0)  # every partition gets one
    path = tmp_path / "desk.json"
    store, other = tinydb(path), tinydb(path)  # two desks
    story = new_story(1)
    store.add_stories([story])
    other.records()
    rows_file = store.rows_dir / f"{story.id[:3]}.json"
    inode = rows_file.stat().st_ino
    store.set_headline(story.id, "A new headline")
    assert rows_file.stat().st_ino == inode
    rows_file.write_bytes(rows_file.read_bytes()[:40])
    assert other.refresh()
    [row] = other.records()
    assert row["headline"] == "A new headline"


def test_only_a_big_partition_gets_a_rows_file(tmp_path, new_story, monkeypatch):
    """A new file costs its writer an inode (slow on a busy ext4); a partition of a story
    or two is read as cheaply as its rows. Another desk sees the change either way."""
    path = tmp_path / "desk.json"
    store, other = tinydb(path), tinydb(path)
    small, big = new_story(1), new_story(2)
    store.add_stories([small])
    other.records()
    assert not (store.rows_dir / f"{small.id[:3]}.json").exists()
    store.set_headline(small.id, "Read from the partition itself")
    assert other.refresh()
    assert {row["headline"] for row in other.records()} == {"Read from the partition itself"}

    store.add_stories([big])
    assert not (store.rows_dir / f"{big.id[:3]}.json").exists()
    monkeypatch.setattr(index_module, "ROWS_FILE_FROM", 0)  # as if its partition were big
    store.set_headline(big.id, "Read from its rows file")
    assert (store.rows_dir / f"{big.id[:3]}.json").exists()
    assert other.refresh()
    assert "Read from its rows file" in {row["headline"] for row in other.records()}


def test_rows_written_are_handed_to_another_desk_which_reads_no_file_for_them(
        tmp_path, new_story, monkeypatch):
    """The desk's inbox reader (a process of its own) hands the desk the rows it wrote,
    each partition's with the version it wrote: the desk takes them as read from the
    partition, and its refresh finds nothing left to read."""
    path = tmp_path / "desk.json"
    desk, reader = tinydb(path), tinydb(path)
    desk.records()
    reader.keep_written_rows()
    stories = [new_story(n) for n in range(4)]
    reader.add_stories(stories)
    written = json.loads(json.dumps(reader.written_rows()))  # as the pipe carries them
    assert reader.written_rows() == []  # each handed over once
    monkeypatch.setattr(StoreIndex, "_reload", lambda *args: pytest.fail("a file read"))
    desk.take_rows(written)
    desk.refresh()
    assert sorted(row["id"] for row in desk.changed_rows()) == sorted(
        story.id for story in stories)


def test_rows_handed_over_after_their_partition_changed_again_are_not_taken(
        tmp_path, new_story):
    """Rows handed over late, when another desk has changed the partition since: the
    desk keeps what it read of the newer version, never the older rows."""
    path = tmp_path / "desk.json"
    desk, reader, other = tinydb(path), tinydb(path), tinydb(path)
    desk.records()
    reader.keep_written_rows()
    story = new_story(1)
    reader.add_stories([story])
    written = reader.written_rows()
    other.set_headline(story.id, "Changed by another desk")
    desk.take_rows(written)  # late: the partition has moved on
    desk.refresh()
    assert [row["headline"] for row in desk.records()] == ["Changed by another desk"]
    desk.refresh()
    desk.take_rows(written)  # later still, after the desk read the newer version
    assert [row["headline"] for row in desk.records()] == ["Changed by another desk"]


def test_the_snapshot_keeps_any_text_a_row_holds(tmp_path, new_story, monkeypatch):
    store_path = tmp_path / "desk.json"
    odd = "Café “Zürich” ✓ 北京 \u2028 \x7f \ud800 half"  # a lone surrogate: JSON's escapes
    with tinydb(store_path) as store:
        store.add_stories([new_story(n) for n in range(3)])
        story_id = store.records()[0]["id"]
        store.set_headline(story_id, odd)
        expected = [{**row} for row in index_module.queue_order(store.records())]
    snapshot = store_path.parent / "desk.json.d" / "index.json"
    assert len(snapshot.read_bytes().splitlines()) == 1 + 3  # the header, then a row a line
    built = count_rows_built(monkeypatch)
    assert [{**row} for row in tinydb(store_path).first_rows(3)] == expected
    assert [{**row} for row in index_module.queue_order(tinydb(store_path).records())] \
        == expected
    assert built[0] == 3 + 3  # both from the snapshot: no partition read again


def test_a_snapshot_cut_off_while_written_leaves_the_last_one_whole(full_store, monkeypatch):
    snapshot = full_store.parent / "desk.json.d" / "index.json"
    before = snapshot.read_bytes()
    store = tinydb(full_store, 1000)
    store.records()
    encoded = []

    def failing(values):  # the disk fills after some rows are written
        if len(encoded) == 150:
            raise OSError(28, "No space left on device")
        encoded.append(values)
        return dump_json(values)

    monkeypatch.setattr(index_module, "dump_json", failing)
    monkeypatch.setattr(index_module, "JOINED", 100)
    with pytest.raises(OSError, match="index.json"):  # named: not its temp file
        store._index.save()
    assert snapshot.read_bytes() == before
    assert sorted(path.name for path in snapshot.parent.iterdir() if "index" in path.name) \
        == ["index.json"]

"""The desk's 1 s watch of the store (issue 12): with 4,096 partition files, looking for
other desks' changes must not stat every one of them each second. Every commit appends
the partitions it wrote to a change log; a refresh reads what the log gained and re-reads
only those partitions. A writer that left no line (a crash between its rename and its
line, an older desk) is still seen: by the folder's mtime, and at a periodic full sweep."""

from __future__ import annotations

import os

import desk.store.index as index_module
from desk.store.store import Store


def count_full_sweeps(monkeypatch) -> list[int]:
    swept = [0]
    real = index_module.StoreIndex._part_stamps

    def counting(self):
        swept[0] += 1
        return real(self)

    monkeypatch.setattr(index_module.StoreIndex, "_part_stamps", counting)
    return swept


def age_folder(store: Store, seconds: int = 10) -> None:
    """Date the parts folder back, as if nothing had been written there for a while."""
    stamp = os.stat(store.parts_dir).st_mtime_ns - seconds * 1_000_000_000
    os.utime(store.parts_dir, ns=(stamp, stamp))


def test_a_refresh_after_nothing_changed_reads_no_partition(tmp_path, new_story, monkeypatch):
    mine = Store(tmp_path / "desk.json", user="alice")
    mine.add_stories([new_story(n) for n in range(20)])
    rows = mine.records()
    swept = count_full_sweeps(monkeypatch)
    mine.approve(rows[0]["id"])  # this desk's own change: the folder was touched just now
    assert mine.refresh() is False
    assert mine.refresh() is False
    assert swept == [0]


def test_another_desks_change_is_read_from_its_partition_alone(tmp_path, new_story,
                                                              monkeypatch):
    path = tmp_path / "desk.json"
    mine = Store(path, user="alice")
    mine.add_stories([new_story(n) for n in range(20)])
    rows = mine.records()
    mine.changed_rows()
    swept = count_full_sweeps(monkeypatch)
    Store(path, user="bob").approve(rows[3]["id"])
    assert mine.refresh() is True
    [changed] = mine.changed_rows()
    assert (changed["id"], changed["status"]) == (rows[3]["id"], "approved")
    assert swept == [0]
    assert mine.refresh() is False


def test_a_write_that_left_no_line_is_seen_by_the_folders_mtime(tmp_path, new_story):
    path = tmp_path / "desk.json"
    mine = Store(path, user="alice")
    mine.add_stories([new_story(n) for n in range(5)])
    rows = mine.records()
    assert mine.refresh() is False
    age_folder(mine)
    assert mine.refresh() is False
    log = mine.root / "changes.log"
    before = log.read_bytes()
    Store(path, user="bob").approve(rows[1]["id"])
    log.write_bytes(before)  # as if bob's desk died between its rename and its line
    assert mine.refresh() is True
    assert {row["id"]: row["status"] for row in mine.records()}[rows[1]["id"]] == "approved"


def test_a_garbled_or_restarted_log_means_a_full_sweep(tmp_path, new_story, monkeypatch):
    path = tmp_path / "desk.json"
    mine = Store(path, user="alice")
    mine.add_stories([new_story(n) for n in range(5)])
    rows = mine.records()
    log = mine.root / "changes.log"
    Store(path, user="bob").approve(rows[0]["id"])
    with open(log, "ab") as file:
        file.write(b"not a partition\n")
    assert mine.refresh() is True
    log.unlink()  # a rotated (or deleted) log: nothing can be told from it
    Store(path, user="bob").approve(rows[1]["id"])
    assert mine.refresh() is True
    statuses = {row["id"]: row["status"] for row in mine.records()}
    assert statuses[rows[0]["id"]] == statuses[rows[1]["id"]] == "approved"


def test_the_log_is_started_afresh_when_it_grows_too_long(tmp_path, new_story, monkeypatch):
    import desk.store.changes as changes_module

    monkeypatch.setattr(changes_module, "MAX_BYTES", 64)
    path = tmp_path / "desk.json"
    mine = Store(path, user="alice")
    mine.add_stories([new_story(n) for n in range(30)])
    rows = mine.records()
    theirs = Store(path, user="bob")
    for row in rows[:20]:
        theirs.approve(row["id"])
    assert (mine.root / "changes.log").stat().st_size <= 64 + 8
    assert mine.refresh() is True
    assert sum(row["status"] == "approved" for row in mine.records()) == 20


def test_a_periodic_full_sweep_catches_what_nothing_signalled(tmp_path, new_story,
                                                              monkeypatch):
    path = tmp_path / "desk.json"
    mine = Store(path, user="alice")
    story = new_story(1)
    mine.add_stories([story])
    mine.records()
    part = mine.parts_dir / f"{story.id[:3]}.json"
    good = part.read_bytes()
    assert mine.refresh() is False
    age_folder(mine)
    assert mine.refresh() is False
    part.write_bytes(good[:-10])  # in place: no rename, no line, no folder mtime
    age_folder(mine)
    swept = count_full_sweeps(monkeypatch)
    monkeypatch.setattr(index_module, "FULL_SWEEP_SECONDS", 0)
    assert mine.refresh() is True and mine.records() == [] and mine.unavailable()
    assert swept == [1]

"""desk/inbox.py: one file filter and one batch rule for `desk ingest` and the desk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desk import inbox
from desk.store import Store

STORY = "Harbour strike ends after pay deal {n}\n\nOSLO (AP) - Dock workers went back {n}.\n"


def story_text(n: int) -> str:
    """Story n: the stories of different n are different stories, not near copies."""
    return STORY.format(n=" ".join(f"n{n}w{word}" for word in range(8)))


def write(folder: Path, name: str, n: int = 0) -> Path:
    path = folder / name
    path.write_text(story_text(n), encoding="utf-8")
    return path


def test_story_files_filter_and_problems(tmp_path):
    write(tmp_path, "b.txt")
    write(tmp_path, "a.json")
    (tmp_path / "notes.md").write_text("not a story")
    (tmp_path / ".hidden.txt").write_text("skipped")
    problems: list[str] = []
    listing = inbox.list_files([tmp_path, tmp_path / "gone"], problems.append, settle=0)
    assert [Path(path).name for path in listing.files] == ["a.json", "b.txt"]
    assert problems == [f"{tmp_path / 'gone'}: no such file or folder"]
    assert [(Path(skip.path).name, skip.reason) for skip in listing.skipped] == [
        (".hidden.txt", "a hidden name (never read)"),
        ("notes.md", "unsupported file type .md")]


def test_ingest_adds_in_batches_and_reports_bad_files(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "BATCH", 2)
    paths = [write(tmp_path, f"{n}.txt", n) for n in range(5)]
    (tmp_path / "empty.txt").write_bytes(b"")
    paths.insert(1, tmp_path / "empty.txt")
    store = Store(tmp_path / "desk.json")
    problems: list[str] = []
    batches = list(inbox.ingest(store, paths, problems.append))
    assert [(batch.done, batch.total) for batch in batches] == [(2, 6), (4, 6), (6, 6)]
    assert [len(batch.stories) for batch in batches] == [1, 2, 2]
    assert sum(batch.added for batch in batches) == 5 == len(store.records())
    assert len(problems) == 1 and "empty.txt" in problems[0]
    again = list(inbox.ingest(store, paths, problems.append))
    assert sum(batch.added for batch in again) == 0  # only new stories are added


def test_a_batch_is_written_while_the_next_is_read(tmp_path, monkeypatch):
    """The store's write of one batch waits on the disk: the next batch's files are read
    meanwhile, and each batch is yielded once it is written."""
    import threading

    from desk import reading

    monkeypatch.setattr(inbox, "BATCH", 2)
    paths = [write(tmp_path, f"{n}.txt", n) for n in range(6)]
    store = Store(tmp_path / "desk.json")
    events: list[str] = []
    next_read = threading.Event()
    real_read, real_add = reading._read, store.add_batch

    def read(path, on_problem):
        events.append(f"read {Path(path).stem}")
        if len(events) > 3:
            next_read.set()
        return real_read(path, on_problem)

    def add_batch(stories, *rest):
        events.append("write begins")
        assert next_read.wait(10) or stories[-1].raw.source.endswith("5.txt")
        arrived = real_add(stories, *rest)
        events.append(f"wrote {len(stories)}")
        return arrived

    monkeypatch.setattr(reading, "_read", read)
    monkeypatch.setattr(store, "add_batch", add_batch)
    held = [len(store.records()) for _ in inbox.ingest(store, paths, print)]
    assert held == [2, 4, 6]  # each batch yielded only once the store holds it
    first_write = events.index("write begins")
    assert events[first_write + 1:first_write + 3] == ["read 2", "read 3"]


def test_an_ingest_stopped_early_saves_only_what_the_store_holds(tmp_path, monkeypatch):
    from desk.arrivals import cache_path
    from desk.versions import NearDuplicates

    monkeypatch.setattr(inbox, "BATCH", 2)
    paths = [write(tmp_path, f"{n}.txt", n) for n in range(6)]
    store = Store(tmp_path / "desk.json")
    batches = inbox.ingest(store, paths, print)
    next(batches)
    batches.close()  # the desk quit mid-read: the batch already handed out is written
    held = {row["id"] for row in store.records()}
    assert len(held) == 4
    cached = NearDuplicates.load(cache_path(store.path))
    assert all(story_id in cached for story_id in held)
    assert not any(story_id in cached for story_id in
                   {story.id for story in inbox_stories(paths[4:])})


def inbox_stories(paths):
    from desk.text.pipeline import load_files

    return [story for stories, _, _ in load_files([str(path) for path in paths])
            for story in stories]


def test_a_failed_write_stops_the_ingest_and_saves_no_cache(tmp_path, monkeypatch):
    from desk.arrivals import cache_path
    from desk.store.store import StoreError

    monkeypatch.setattr(inbox, "BATCH", 2)
    paths = [write(tmp_path, f"{n}.txt", n) for n in range(6)]
    store = Store(tmp_path / "desk.json")

    def add_batch(*_):
        raise StoreError("desk.json: disk full")

    monkeypatch.setattr(store, "add_batch", add_batch)
    with pytest.raises(StoreError, match="disk full"):
        list(inbox.ingest(store, paths, print))
    assert not cache_path(store.path).exists()


def test_the_first_and_last_batches_are_small_so_the_writes_start_soon_and_end_soon(
        monkeypatch):
    """The store's writer starts on the workers' first stories, then takes BATCH at a
    time, and the last TAPER files in small batches: the writer, a batch behind the
    workers, has only a small one left once they are done."""
    assert inbox.batch_bounds(2226) == [0, 32, *range(232, 2098, 200),
                                        2098, 2130, 2162, 2194, 2226]
    assert inbox.batch_bounds(450) == [0, 32, 232, 322, 354, 386, 418, 450]
    assert inbox.batch_bounds(150) == [0, 32, 64, 96, 128, 150]
    assert inbox.batch_bounds(20) == [0, 20]
    monkeypatch.setattr(inbox, "BATCH", 2)  # smaller than FIRST_BATCH: batches of BATCH
    assert inbox.batch_bounds(5) == [0, 2, 4, 5]


def test_cli_and_desk_share_one_batch_rule():
    import desk.cli.ingest as cli_ingest
    import desk.tui.session as session

    for module in (cli_ingest, session):
        assert not hasattr(module, "BATCH"), module.__name__  # no second rule
    assert inbox.BATCH == 200


def test_watch_spots_only_new_files_and_only_when_a_folder_changed(tmp_path):
    (tmp_path / "sub").mkdir()
    old = write(tmp_path, "old.txt")
    watch = inbox.Inbox(tmp_path, settle=0)
    problems: list[str] = []
    assert watch.unread({os.path.abspath(old)}, problems.append) == []
    assert watch.arrived(problems.append) == []  # nothing moved
    late = write(tmp_path / "sub", "late.txt", 1)
    folder = tmp_path / "sub"
    stamp = folder.stat().st_mtime_ns + 1_000_000_000
    os.utime(folder, ns=(stamp, stamp))  # a coarse clock may not have ticked
    assert watch.arrived(problems.append) == [os.path.abspath(late)]
    assert watch.arrived(problems.append) == []
    assert problems == []


def test_unread_lists_what_the_store_has_not_seen_in_order(tmp_path):
    for name in ("c.txt", "a.txt", "b.txt"):
        write(tmp_path, name)
    watch = inbox.Inbox(tmp_path, settle=0)
    known = {os.path.abspath(tmp_path / "b.txt")}
    assert watch.unread(known, print) == [os.path.abspath(tmp_path / name)
                                          for name in ("a.txt", "c.txt")]


def old(path: Path) -> Path:
    """Written long ago: settled."""
    os.utime(path, (1_700_000_000, 1_700_000_000))
    return path


def test_every_entry_is_read_or_skipped_with_its_reason(tmp_path):
    folder = tmp_path / "ib"
    folder.mkdir()
    for name in ("UPPER.TXT", "README", "notes.md", "half.txt.part", "save.tmp", "draft.txt~",
                 ".hidden.txt"):
        old(write(folder, name))
    (folder / "etc").symlink_to("/etc")
    (folder / "p.txt").symlink_to("/etc/passwd")
    (folder / "again.txt").symlink_to(folder / "UPPER.TXT")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    problems: list[str] = []
    listing = inbox.list_files([folder], problems.append, settle=60)
    assert [Path(path).name for path in listing.files] == ["UPPER.TXT"]
    reasons = {Path(skip.path).name: skip.reason for skip in listing.skipped}
    assert reasons == {
        ".hidden.txt": "a hidden name (never read)",
        "README": reasons["README"],
        "again.txt": f"the same file as {folder.resolve() / 'UPPER.TXT'}",
        "draft.txt~": "a temporary or partial file (never read)",
        "etc": "a link leading out of the inbox (to /etc)",
        "gone.txt": "a broken link",
        "half.txt.part": "a temporary or partial file (never read)",
        "notes.md": "unsupported file type .md",
        "p.txt": "a link leading out of the inbox (to /etc/passwd)",
        "save.tmp": "a temporary or partial file (never read)",
    }
    assert reasons["README"].startswith("no extension (story files end in .txt, .json")
    assert problems == []


def test_a_file_is_read_only_once_it_has_held_still(tmp_path):
    fresh = write(tmp_path, "fresh.txt")
    listing = inbox.list_files([tmp_path], print, settle=2)
    assert listing.files == [] and listing.settling == [str(fresh)]
    later = inbox.list_files([tmp_path], print, settle=2, now=fresh.stat().st_mtime + 2)
    assert later.files == [str(fresh)] and later.settling == []


def test_the_desk_watch_reads_a_settled_file_and_a_rewritten_one(tmp_path):
    kept = old(write(tmp_path, "kept.txt"))
    watch = inbox.Inbox(tmp_path, settle=0.3)
    assert watch.unread(set(), print) == [os.path.abspath(kept)]
    fresh = write(tmp_path, "fresh.txt", 1)
    assert watch.arrived(print) == []  # still being written, as far as anyone can tell
    assert watch.skipped == []
    import time
    time.sleep(0.4)
    assert watch.arrived(print) == [os.path.abspath(fresh)]
    kept.write_text(story_text(0) + "A late paragraph.\n", encoding="utf-8")
    old(kept)  # rewritten in place: no folder's mtime moves, its size and mtime do
    assert watch.arrived(print) == [os.path.abspath(kept)]


def test_a_rewritten_file_becomes_a_new_version_of_its_story(tmp_path):
    story = write(tmp_path, "wire.txt")
    store = Store(tmp_path / "desk.json")
    list(inbox.ingest(store, [story], print))
    [row] = store.records()
    story.write_text(story_text(0) + "\nA late paragraph, the rest of the file.\n",
                     encoding="utf-8")
    batches = list(inbox.ingest(store, [story], print))
    assert batches[0].added == 0
    assert [each.line() for each in batches[0].revised] == [
        f"{story}: changed after it was read; story {row['id']} now holds the new text"]
    [after] = store.records()
    assert after["id"] == row["id"] and after["revision"] == 2
    record = store.get(row["id"])
    assert "A late paragraph, the rest of the file." in record["copy"]["paragraphs"]
    assert any(entry["field"] == "text_id" for entry in store.history(row["id"]))
    again = list(inbox.ingest(store, [story], print))  # read again: nothing more to do
    assert again[0].revised == [] and again[0].added == 0 and len(store.records()) == 1


def test_exact_copies_are_counted_apart_from_files_read_again(tmp_path):
    first = write(tmp_path, "a.txt")
    copy = write(tmp_path, "b.txt")  # the same story under another name
    store = Store(tmp_path / "desk.json")
    [batch] = inbox.ingest(store, [first, copy], print)
    assert batch.added == 1
    assert len(batch.copies) == 1 and batch.copies[0].startswith(f"{copy}: an exact copy of ")
    [again] = inbox.ingest(store, [first], print)
    assert again.copies == [] and again.added == 0


def test_nothing_to_read_costs_no_pass_over_the_store(tmp_path, monkeypatch):
    store = Store(tmp_path / "desk.json")
    monkeypatch.setattr(Store, "records", lambda *args, **kwargs: pytest.fail("read it all"))
    assert list(inbox.ingest(store, [], print)) == []

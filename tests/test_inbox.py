"""desk/inbox.py: one file filter and one batch rule for `desk ingest` and the desk."""

from __future__ import annotations

import os
from pathlib import Path

from desk import inbox
from desk.store import Store

STORY = "Harbour strike ends after pay deal {n}\n\nOSLO (AP) - Dock workers went back {n}.\n"


def write(folder: Path, name: str, n: int = 0) -> Path:
    path = folder / name
    path.write_text(STORY.format(n=n), encoding="utf-8")
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

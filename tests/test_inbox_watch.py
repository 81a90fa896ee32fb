"""The desk's 1 s look at its inbox (issue 12): with 100,000 files in it, a look when no
folder moved costs a slice of them, not a stat of every file. Feeds and young files (the
ones rewritten in place: a feed as entries arrive, a wire finished after it was read) are
looked at every time; every other file once in len/SLICE looks."""

from __future__ import annotations

import os
from pathlib import Path

from desk import inbox

STORY = "Harbour strike ends after pay deal {n}\n\nOSLO (AP) - Dock workers went back {n}.\n"
LONG_AGO = 1_700_000_000


def write(folder: Path, name: str, n: int = 0, extra: str = "") -> Path:
    path = folder / name
    path.write_text(STORY.format(n=n) + extra, encoding="utf-8")
    os.utime(path, (LONG_AGO, LONG_AGO))  # written long ago: settled, not young
    return path


def count_stats(monkeypatch, folder: Path) -> list[str]:
    """The file stats under `folder` from now on (any way of asking: os.stat underlies
    them all)."""
    statted: list[str] = []
    real = os.stat

    def counting(path, *args, **kwargs):
        if str(path).startswith(str(folder)) and str(path).endswith((".txt", ".rss")):
            statted.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    return statted


def test_a_look_at_an_unchanged_inbox_stats_a_slice_not_every_file(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "SLICE", 10)
    files = [write(tmp_path, f"{n:03d}.txt", n) for n in range(100)]
    watch = inbox.Inbox(tmp_path, settle=0)
    assert len(watch.unread(set(), print)) == 100
    statted = count_stats(monkeypatch, tmp_path)
    assert watch.arrived(print) == []
    assert 0 < len(statted) <= 10
    write(tmp_path, files[57].name, 57, "A late paragraph.\n")  # in place, dated back
    found = [watch.arrived(print) for _ in range(10)]
    assert [looks for looks in found if looks] == [[os.path.abspath(files[57])]]
    assert len(statted) <= 11 * 10


def test_feeds_and_young_files_are_looked_at_every_time(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "SLICE", 1)
    for n in range(20):
        write(tmp_path, f"{n:03d}.txt", n)
    feed = write(tmp_path, "wire.rss")
    young = tmp_path / "young.txt"
    young.write_text(STORY.format(n="young"), encoding="utf-8")
    watch = inbox.Inbox(tmp_path, settle=0)
    assert len(watch.unread(set(), print)) == 22
    assert watch.arrived(print) == []
    write(tmp_path, "wire.rss", 10)  # the fetcher rewrote the feed in place
    assert watch.arrived(print) == [os.path.abspath(feed)]
    young.write_text(STORY.format(n="young") + "The rest of it.\n", encoding="utf-8")
    assert watch.arrived(print) == [os.path.abspath(young)]
    assert watch.arrived(print) == []


def dropped(folder: Path, name: str, n: int) -> Path:
    """A file landing in `folder`, the folder's mtime moved on (a coarse clock may not
    have ticked since the last look)."""
    path = write(folder, name, n)
    stamp = os.stat(folder).st_mtime_ns + 1_000_000_000
    os.utime(folder, ns=(stamp, stamp))
    return path


def test_a_file_landing_costs_a_stat_of_it_not_of_every_file(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "SLICE", 10)
    for n in range(100):
        write(tmp_path, f"{n:03d}.txt", n)
    watch = inbox.Inbox(tmp_path, settle=0)
    assert len(watch.unread(set(), print)) == 100
    statted = count_stats(monkeypatch, tmp_path)
    late = dropped(tmp_path, "late.txt", 100)
    assert watch.arrived(print) == [os.path.abspath(late)]
    assert len(statted) <= 1 + 10  # the new file, and the round's slice
    dropped(tmp_path, ".late.txt.part", 101)  # still being fetched: skipped, with its reason
    assert watch.arrived(print) == []
    assert [Path(skip.path).name for skip in watch.skipped] == [".late.txt.part"]
    assert len(statted) <= 1 + 2 * 10


def test_files_replaced_removed_and_put_back_are_seen(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "SLICE", 1)
    files = [write(tmp_path, f"{n:03d}.txt", n) for n in range(20)]
    watch = inbox.Inbox(tmp_path, settle=0)
    assert len(watch.unread(set(), print)) == 20
    temp = write(tmp_path, "fetch.tmp", 205)
    os.replace(temp, files[5])  # a fetcher's atomic replace: a new file under the old name
    dropped(tmp_path, "unrelated.md", 0)
    assert watch.arrived(print) == [os.path.abspath(files[5])]
    files[7].unlink()
    dropped(tmp_path, "other.md", 0)
    assert watch.arrived(print) == []
    back = dropped(tmp_path, files[7].name, 7)  # the same file put back: read again
    assert watch.arrived(print) == [os.path.abspath(back)]
    sub = tmp_path / "sub"
    sub.mkdir()
    write(sub, "deep.txt", 300)
    stamp = os.stat(tmp_path).st_mtime_ns + 2_000_000_000
    os.utime(tmp_path, ns=(stamp, stamp))
    assert watch.arrived(print) == [os.path.abspath(sub / "deep.txt")]


def test_a_file_landing_while_still_written_is_read_once_it_settles(tmp_path, monkeypatch):
    import time

    for n in range(5):
        write(tmp_path, f"{n:03d}.txt", n)
    watch = inbox.Inbox(tmp_path, settle=0.3)
    assert len(watch.unread(set(), print)) == 5
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(STORY.format(n="fresh"), encoding="utf-8")  # written just now
    assert watch.arrived(print) == []
    time.sleep(0.4)
    assert watch.arrived(print) == [os.path.abspath(fresh)]
    assert watch.arrived(print) == []

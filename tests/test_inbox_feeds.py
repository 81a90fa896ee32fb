"""A feed is one file that a fetcher rewrites as the agency adds entries: the desk reads it
again when it changes, and at every start, and the store adds only the new entries."""

from __future__ import annotations

import os
from pathlib import Path

from desk import inbox
from desk.store import Store


def write_feed(path: Path, entries: range) -> Path:
    items = "".join(f"<item><title>Entry {n}</title><guid>urn:e:{n}</guid>"
                    f"<description>Body of entry {n}.</description></item>" for n in entries)
    path.write_text(f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>',
                    encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000  # a coarse clock may not have ticked
    os.utime(path, ns=(stamp, stamp))
    return path


def test_a_feed_rewritten_in_place_is_read_again_and_adds_only_its_new_entries(tmp_path):
    (tmp_path / "inbox").mkdir()
    feed = write_feed(tmp_path / "inbox" / "wire.rss", range(1, 4))
    story = tmp_path / "inbox" / "story.txt"
    story.write_text("Headline\n\nLONDON (Reuters) - Body.\n", encoding="utf-8")
    store = Store(tmp_path / "desk.json")
    watch = inbox.Inbox(tmp_path / "inbox", settle=0)  # story.txt was written just now
    problems: list[str] = []
    first = watch.unread(set(), problems.append)
    assert sum(b.added for b in inbox.ingest(store, first, problems.append)) == 4
    known = {os.path.abspath(feed), os.path.abspath(story)}
    # At a start the feed is read again (it may have changed while the desk was closed).
    assert inbox.Inbox(tmp_path / "inbox", settle=0).unread(known, problems.append) == [
        os.path.abspath(feed)]
    assert watch.arrived(problems.append) == []
    write_feed(feed, range(2, 6))  # a refresh: 1 dropped, 4 and 5 new, in place
    changed = watch.arrived(problems.append)
    assert changed == [os.path.abspath(feed)]
    assert sum(b.added for b in inbox.ingest(store, changed, problems.append)) == 2
    assert watch.arrived(problems.append) == []
    assert problems == []

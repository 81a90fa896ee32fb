"""`desk ingest` reads every format; a feed ingested again adds nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

STORIES = Path(__file__).resolve().parents[2] / "stories"


def test_ingesting_the_sample_inbox_twice_adds_nothing_the_second_time(tmp_path, desk_cli):
    inbox = tmp_path / "inbox"
    shutil.copytree(STORIES, inbox)
    store = tmp_path / "desk.json"
    first = desk_cli(store, "ingest", str(inbox))
    assert first.returncode == 0 and first.stderr == "", first.stderr
    files = len(list(inbox.iterdir()))
    # The RSS sample holds 3 entries, the Atom one 2; the seed saved as a web page is a
    # version of the seed story (a near copy), not a story of its own.
    stories = files + 2 + 1 - 1
    assert first.stdout.strip().startswith(f"ingested {stories} new stories from {files} files")
    assert "1 updated" in first.stdout
    assert "020_seed_as_web_page_idlib.html: a new version of story" in first.stdout
    again = desk_cli(store, "ingest", str(inbox))
    assert again.returncode == 0
    assert again.stdout.strip().startswith(f"ingested 0 new stories from {files} files "
                                           f"({stories} already in the store")


def test_bad_files_are_counted_as_files_and_bad_entries_named(tmp_path, desk_cli):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "feed.rss").write_text(
        '<rss version="2.0"><channel><title>F</title>'
        + "".join(f"<item><title>Entry {n}</title><guid>g{n}</guid><description>Body {n}."
                  "</description></item>" for n in range(1, 5))
        + "<item><guid>g5</guid></item></channel></rss>", encoding="utf-8")
    (inbox / "laughs.xml").write_text(
        '<!DOCTYPE nitf [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><nitf><p>&b;</p></nitf>',
        encoding="utf-8")
    result = desk_cli(tmp_path / "desk.json", "ingest", str(inbox))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("ingested 4 new stories from 2 files "
                                     "(0 already in the store, 0 copies merged, 0 updated, "
                                     "1 bad files, 0 skipped)")
    assert result.stderr.splitlines() == [
        f"desk: {inbox / 'feed.rss'}: entry 5 (g5): no title and no text; skipped",
        f"desk: {inbox / 'laughs.xml'}: refused: the XML declares entities, which could expand "
        "without bound or read local files (nothing was expanded)",
    ]

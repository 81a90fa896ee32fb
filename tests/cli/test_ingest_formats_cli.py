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
    stories = files + 2 + 1  # the RSS sample holds 3 entries, the Atom one 2
    assert first.stdout.strip().startswith(f"ingested {stories} new stories from {files} files")
    again = desk_cli(store, "ingest", str(inbox))
    assert again.returncode == 0
    assert again.stdout.strip().startswith(f"ingested 0 new stories from {files} files "
                                           f"({stories} already in the store")

"""`desk ingest` says what it did with every inbox file: read, skipped (and why), an exact
copy merged, or a changed file that updated its story (issue 8, points 4, 5 and 9)."""

from __future__ import annotations

import json
import os
from pathlib import Path

STORY = ("Harbour strike ends after pay deal\n\nOSLO (AP) - Dock workers in Oslo went back "
         "to work on Tuesday after a two-week strike.\n")
REST = "\nUnions said the deal would be put to a vote of members next month.\n"


def rows(json_lines: str) -> list[dict]:
    return [json.loads(line) for line in json_lines.splitlines()]


def settled(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    return path


def test_every_file_is_read_or_listed_as_skipped(tmp_path, desk_cli):
    inbox = tmp_path / "ib"
    inbox.mkdir()
    settled(inbox / "UPPER.TXT", STORY)
    settled(inbox / "copy.txt", STORY)
    settled(inbox / "NOEXT", STORY)
    settled(inbox / "story.txt.part", STORY)
    (inbox / "etc").symlink_to("/etc")
    (inbox / "p.txt").symlink_to("/etc/passwd")
    result = desk_cli(tmp_path / "desk.json", "ingest", str(inbox))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("ingested 1 new stories from 2 files (0 already in the store, "
                        "1 copies merged, 0 updated, 0 bad files, 4 skipped)")
    assert f"{inbox / 'copy.txt'}: an exact copy of " in lines[1]
    assert lines[2:] == [
        f"skipped {inbox / 'NOEXT'}: " + lines[2].split(": ", 1)[1],
        f"skipped {inbox / 'etc'}: a link leading out of the inbox (to /etc)",
        f"skipped {inbox / 'p.txt'}: a link leading out of the inbox (to /etc/passwd)",
        f"skipped {inbox / 'story.txt.part'}: a temporary or partial file (never read)",
    ]
    assert lines[2].split(": ", 1)[1].startswith("no extension")
    listed = rows(desk_cli(tmp_path / "desk.json", "list", "--json").stdout)
    assert [row["source"] for row in listed] in ([str(inbox / "UPPER.TXT")],
                                                 [str(inbox / "copy.txt")])
    assert "/etc/passwd" not in result.stdout.replace("(to /etc/passwd)", "")


def test_a_file_finished_after_it_was_read_updates_its_story(tmp_path, desk_cli):
    inbox = tmp_path / "ib"
    inbox.mkdir()
    wire = settled(inbox / "wire.txt", STORY)  # the first part of the file, read
    store = tmp_path / "desk.json"
    assert desk_cli(store, "ingest", str(inbox)).stdout.startswith("ingested 1 new stories")
    settled(wire, STORY + REST)  # the rest of it lands
    result = desk_cli(store, "ingest", str(inbox))
    assert result.stdout.splitlines()[0] == (
        "ingested 0 new stories from 1 files (0 already in the store, 0 copies merged, "
        "1 updated, 0 bad files, 0 skipped)")
    [row] = rows(desk_cli(store, "list", "--json").stdout)
    assert row["revision"] == 2
    history = desk_cli(store, "history", row["id"]).stdout
    assert "text_id" in history


def test_a_file_still_being_written_is_waited_for(tmp_path, desk_cli):
    inbox = tmp_path / "ib"
    inbox.mkdir()
    (inbox / "fresh.txt").write_text(STORY, encoding="utf-8")  # mtime: now
    (tmp_path / "desk.toml").write_text("[desk]\nsettle = 0.5\n", encoding="utf-8")
    result = desk_cli(tmp_path / "desk.json", "--config", str(tmp_path / "desk.toml"),
                      "ingest", str(inbox))
    assert result.stdout.startswith("ingested 1 new stories from 1 files"), result.stderr


def test_ingest_loads_the_pipeline_for_its_workers_before_anything_else(tmp_path,
                                                                         monkeypatch):
    """The workers are forks of `desk ingest` (reading.fork_from_here): it loads what they
    need before it opens the store or starts a thread, so no fork server is needed. The
    cycle collector rests meanwhile (loading makes ~100,000 objects), and is on after."""
    import gc

    from desk import reading
    from desk.cli import main, store_access

    calls: list[str] = []
    monkeypatch.setattr(reading, "fork_from_here", lambda paths: calls.append(
        f"load {paths}, collector {'on' if gc.isenabled() else 'resting'}"))
    opened = store_access.open_store
    monkeypatch.setattr(store_access, "open_store",
                        lambda settings: calls.append("open") or opened(settings))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert gc.isenabled()
    assert main.main(["--store", str(tmp_path / "desk.json"), "ingest", str(inbox)]) == 0
    assert gc.isenabled()
    assert calls == [f"load {[str(inbox)]}, collector resting", "open"]

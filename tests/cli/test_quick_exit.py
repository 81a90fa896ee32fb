"""`desk ingest` ends with os._exit once its output is out (desk.cli.main.run): nothing of
its output or its store is lost by that, and no other command ends so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STORY = """Storm closes ports along the coast

LISBON (Reuters) - Ports along the coast were closed on Tuesday as a storm moved in.
"""

# Loaded by every Python started with this folder on its path: says whether the usual
# exit (its atexit handlers) ran.
SITECUSTOMIZE = """import atexit, os
atexit.register(lambda: open(os.environ["DESK_TEST_EXITED"], "a").write("atexit\\n"))
"""


def desk(tmp_path: Path, *argv: str) -> tuple[subprocess.CompletedProcess, bool]:
    """`python -m desk ARGV` in `tmp_path`; whether its atexit handlers ran."""
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    marker = tmp_path / "exited"
    marker.unlink(missing_ok=True)
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": f"{hooks}{os.pathsep}{repo}",
           "DESK_TEST_EXITED": str(marker), "PYTHONUNBUFFERED": "1"}
    done = subprocess.run([sys.executable, "-m", "desk", "--store", str(tmp_path / "desk.json"),
                           *argv], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120)
    return done, marker.exists()


def test_ingest_ends_at_once_with_all_its_output_and_its_store_closed(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(STORY, encoding="utf-8")
    (inbox / "copy.txt").write_text(STORY, encoding="utf-8")
    (inbox / "bad.txt").write_bytes(b"\x00\x01\x02\xff")
    done, usual_exit = desk(tmp_path, "ingest", str(inbox))
    assert done.returncode == 0, done.stderr
    assert not usual_exit
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ingested 1 new stories from 3 files (")
    assert "1 copies merged" in lines[0] and "1 bad files" in lines[0]
    assert len(lines) == 2 and "copy.txt" in lines[1]
    assert "bad.txt" in done.stderr
    assert (tmp_path / "desk.json.d" / "index.json").is_file()  # closed: its snapshot left

    listed, usual_exit = desk(tmp_path, "list")
    assert listed.returncode == 0 and "Storm closes ports" in listed.stdout
    assert usual_exit  # only `desk ingest` ends early


def test_an_ingest_of_only_bad_files_still_says_so_by_its_exit_code(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bad.txt").write_bytes(b"\x00\x01\x02\xff")
    done, _ = desk(tmp_path, "ingest", str(inbox))
    assert done.returncode == 1
    assert "bad.txt" in done.stderr

"""Issue 8, point 8 from the shell: a damaged partition is one line, and list, export and
ingest go on for the rest; desk doctor names it and rebuilds what can be; a read-only
store lists; a durable change whose cache write fails is reported done."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desk.store import Store

STORY = "Story {n} headline here\n\nPARIS (AFP) - Body number {n} of the story said things.\n"

pytestmark = pytest.mark.tinydb_only  # partitions, caches, files: TinyDB's own


def _inbox(tmp_path, count=6):
    inbox = tmp_path / "stories"
    inbox.mkdir(exist_ok=True)
    for n in range(count):
        (inbox / f"s{n}.txt").write_text(STORY.format(n=n), encoding="utf-8")
    return inbox


def _damage(store_path) -> tuple[str, bytes, object]:
    """Truncate the partition of one story; (its id, the damaged bytes, the file)."""
    store = Store(store_path)
    victim = sorted(row["id"] for row in store.records())[0]
    part = store.parts_dir / f"{victim[:3]}.json"
    data = part.read_bytes()[:40]
    part.write_bytes(data)
    return victim, data, part


def test_list_export_and_ingest_go_on_past_a_damaged_partition(store_path, desk_cli, tmp_path):
    inbox = _inbox(tmp_path)
    assert desk_cli(store_path, "ingest", str(inbox)).returncode == 0
    for row in Store(store_path).records():
        assert desk_cli(store_path, "approve", row["id"]).returncode == 0
    victim, data, part = _damage(store_path)
    listed = desk_cli(store_path, "list")
    assert listed.returncode == 1 and "Traceback" not in listed.stderr
    assert listed.stderr.count("\n") == 1 and str(part.name) in listed.stderr
    assert len(listed.stdout.splitlines()) == 1 + 5 and victim not in listed.stdout
    out = tmp_path / "out"
    export = desk_cli(store_path, "export", "--out", str(out))
    assert "exported 5 stories" in export.stdout and "Traceback" not in export.stderr
    (inbox / "s9.txt").write_text(STORY.format(n=9), encoding="utf-8")
    ingest = desk_cli(store_path, "ingest", str(inbox))
    assert "ingested 1 new stories" in ingest.stdout, ingest.stderr
    assert str(part.name) in ingest.stderr and "Traceback" not in ingest.stderr
    assert part.read_bytes() == data


def test_doctor_names_the_damage_rebuilds_caches_and_restores_from_the_inbox(
        store_path, desk_cli, tmp_path):
    inbox = _inbox(tmp_path)
    desk_cli(store_path, "ingest", str(inbox))
    victim, data, part = _damage(store_path)
    (store_path.parent / "desk.json.d" / "index.json").write_bytes(b"{")
    doctor = desk_cli(store_path, "doctor")
    assert doctor.returncode == 1
    assert f"problem: {part}: truncated or invalid JSON" in doctor.stdout
    assert "rebuilt: index" in doctor.stdout
    assert part.read_bytes() == data  # reported, never written over
    restored = desk_cli(store_path, "doctor", "--inbox", str(inbox))
    assert restored.returncode == 0, restored.stdout
    assert "1 stories read again from the inbox" in restored.stdout
    [aside] = (store_path.parent / "desk.json.d" / "damaged").iterdir()
    assert aside.read_bytes() == data  # moved whole, bytes untouched
    assert victim in {row["id"] for row in Store(store_path).records()}
    assert desk_cli(store_path, "list").returncode == 0


READ_ONLY_LIST = """
import builtins, errno, io, os, sys
root = sys.argv[1]
def refuse(path):
    raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
def guard(call, writes):
    def wrapper(path, *args, **kwargs):
        if str(path).startswith(root) and writes(*args, **kwargs):
            refuse(path)
        return call(path, *args, **kwargs)
    return wrapper
os.open = guard(os.open, lambda flags, *a, **k: flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
builtins.open = guard(io.open, lambda mode="r", *a, **k: any(c in mode for c in "wax+"))
for name in ("replace", "rename", "link", "unlink", "mkdir", "rmdir"):
    setattr(os, name, guard(getattr(os, name), lambda *a, **k: True))
from desk.cli.main import main
sys.exit(main(["--store", sys.argv[2], "list"]))
"""


def test_desk_list_on_a_read_only_store(store, store_path, new_story, desk_cmd):
    _, env = desk_cmd
    store.add_stories([new_story(n) for n in range(400)])
    (store.root / "index.json").unlink(missing_ok=True)
    result = subprocess.run([sys.executable, "-c", READ_ONLY_LIST, str(store_path.parent),
                             str(store_path)], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 401


CACHE_FAILS_APPROVE = """
import errno, os, sys
import desk.store.index as index
def cache_full(path, *args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
index.atomic_write = cache_full
from desk.cli.main import main
sys.exit(main(["--store", sys.argv[1], "approve", sys.argv[2]]))
"""


def test_a_durable_approval_is_not_reported_failed_when_its_cache_fails(
        store, store_path, new_story, desk_cmd):
    _, env = desk_cmd
    story = new_story(1)
    store.add_stories([story])
    result = subprocess.run([sys.executable, "-c", CACHE_FAILS_APPROVE, str(store_path),
                             story.id], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"approved {story.id} -> ")
    assert Store(store_path).get(story.id)["status"] == "approved"

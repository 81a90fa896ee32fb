"""Issue 8, point 7 from the shell: undo or spike past an export retracts it at once; a
killed export leaves no temp file where a pickup job reads."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time

from desk.store import open_store


def _names(out):
    return sorted(path.name for path in out.iterdir() if not path.name.startswith("."))


def test_undo_and_spike_past_an_export_retract_it(store, store_path, new_story, desk_cli,
                                                  tmp_path):
    out = tmp_path / "out"
    story, other = new_story(1), new_story(2)
    store.add_stories([story, other])
    for sid in (story.id, other.id):
        assert desk_cli(store_path, "approve", sid).returncode == 0
    assert desk_cli(store_path, "export", "--out", str(out)).returncode == 0
    name = open_store(store_path).get(story.id)["filename"]
    undo = desk_cli(store_path, "undo", story.id)
    assert undo.returncode == 0, undo.stderr
    assert f"retracted {story.id}: 3 files moved to {out.resolve()}/.retracted" in undo.stdout
    kill = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert kill["pubstatus"] == "canceled"
    assert not (out / f"{name}.md").exists() and not (out / f"{name}.txt").exists()
    spike = desk_cli(store_path, "spike", other.id)
    assert spike.returncode == 0 and f"retracted {other.id}" in spike.stdout
    assert desk_cli(store_path, "unspike", other.id).stdout.startswith(
        f"unspiked {other.id} -> approved")
    again = desk_cli(store_path, "approve", story.id, "--headline", "Second thoughts")
    assert again.returncode == 0
    export = desk_cli(store_path, "export", "--out", str(out))
    assert export.returncode == 0, export.stderr
    new = open_store(store_path).get(story.id)["filename"]
    other_name = open_store(store_path).get(other.id)["filename"]
    assert _names(out) == sorted([f"{name}.json"] + [
        f"{base}.{fmt}" for base in (new, other_name) for fmt in ("md", "json", "txt")])


def test_a_killed_export_leaves_no_temp_file_for_a_pickup_job(store, store_path, new_story,
                                                              desk_cmd, tmp_path):
    command, env = desk_cmd
    out = tmp_path / "out"
    stories = [new_story(n, paragraphs=(f"Paragraph {n}. " * 400,)) for n in range(120)]
    store.add_stories(stories)
    for story in stories:
        store.approve(story.id)
    rng = random.Random(8)
    for run in range(12):
        proc = subprocess.Popen(command(store_path, "export", "--out", str(out)), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if out.exists():  # what a pickup job would see now: whole files of ours only
            assert [p.name for p in out.iterdir() if p.is_file() and
                    not p.name.endswith((".md", ".json", ".txt"))] == [], run
            for path in out.glob("*.json"):
                json.loads(path.read_text(encoding="utf-8"))
    final = subprocess.run(command(store_path, "export", "--out", str(out)), env=env,
                           capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert not list(out.rglob("*.tmp")) and not (out / ".desk-tmp").exists()
    assert len(_names(out)) == 3 * len(stories)

"""The bar: SIGKILL at random moments loses no reported approval; two editors lose nothing."""

from __future__ import annotations

import random
import re
import select
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from desk.store import open_store

# (rounds, writers killed each round, approvals asked of each): the bar on PostgreSQL is
# 200 kills; two writers at once there, so kills also land while another commits.
KILLS = {"tinydb": (30, 1, 40), "postgresql": (100, 2, 10)}
APPROVED_LINE = re.compile(r"approved ([0-9a-f]{16}) -> (\S+)")


def temp_files(store_path) -> list:
    """Temp files anywhere in the store's folder (the manifest's, the partitions' ...);
    a PostgreSQL store has no files, so none."""
    if not isinstance(store_path, Path):
        return []
    return sorted(path.name for path in store_path.parent.rglob("*.tmp"))


def _reported(text: str) -> dict[str, str]:
    return dict(APPROVED_LINE.findall(text))


def _kill_at_a_random_moment(proc: subprocess.Popen, rng: random.Random) -> str:
    """SIGKILL either mid-start-up or after the first approval line, plus a random delay."""
    first = ""
    if rng.random() < 0.25:
        time.sleep(rng.uniform(0.05, 0.3))
    else:
        ready, _, _ = select.select([proc.stdout], [], [], 20)
        if ready:
            first = proc.stdout.readline()
        time.sleep(rng.uniform(0, 0.06))
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=20)
    return first + rest


def _kill_writers(procs: list[subprocess.Popen], rng: random.Random) -> list[str]:
    """Each writer killed at its own random moment; what each printed before it died."""
    seeds = [rng.random() for _ in procs]
    with ThreadPoolExecutor(len(procs)) as pool:
        return list(pool.map(lambda proc, seed: _kill_at_a_random_moment(
            proc, random.Random(seed)), procs, seeds))


def test_sigkill_never_loses_a_reported_approval(store, store_path, new_story, desk_cmd,
                                                 backend):
    command, env = desk_cmd
    rounds, writers, per_writer = KILLS[backend]
    # Headlines repeat, so filename collisions are claimed while processes die too.
    stories = [new_story(n, headline=f"Crash test story {n % 9}")
               for n in range(rounds * writers * per_writer)]
    store.add_stories(stories)
    ids = iter(story.id for story in stories)
    rng = random.Random(20261126)
    reported: dict[str, str] = {}
    killed_mid_run = 0
    for run in range(rounds):
        batches = [[next(ids) for _ in range(per_writer)] for _ in range(writers)]
        # Re-approve a few reported ones too: a re-approval must keep its filename.
        for batch in batches:
            batch += rng.sample(sorted(reported), min(3, len(reported)))
        procs = [subprocess.Popen(command(store_path, "approve", *batch), env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                 for batch in batches]
        done: dict[str, str] = {}
        for proc, batch, output in zip(procs, batches, _kill_writers(procs, rng), strict=True):
            printed = _reported(output)
            killed_mid_run += proc.returncode == -signal.SIGKILL and 0 < len(printed) < len(batch)
            done.update(printed)
        for story_id, filename in done.items():
            assert reported.setdefault(story_id, filename) == filename

        reopened = open_store(store_path)  # must always open, whatever the moment of the kill
        assert temp_files(store_path) == [], run  # the killed writer's temps are swept
        rows = {row["id"]: row for row in reopened.records()}
        assert len(rows) == len(stories)
        for story_id, filename in reported.items():
            record = reopened.get(story_id)
            assert record["status"] == "approved", (run, story_id)
            assert record["filename"] == filename == rows[story_id]["filename"]
            assert record["approved"]["filename"] == filename
        for story_id in done:  # the record and its history were written together
            assert reopened.history(story_id)[-1]["revision"] == rows[story_id]["revision"]
        names = [row["filename"] for row in rows.values() if row["filename"]]
        assert len(names) == len(set(names))
        reopened.close()
    # Most kills landed between approvals, not after.
    assert killed_mid_run >= rounds * writers // 3


def _approve_all(store_path, ids, desk_cmd) -> subprocess.Popen:
    command, env = desk_cmd
    return subprocess.Popen(command(store_path, "approve", *ids), env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_processes_approving_different_stories_lose_nothing(store, store_path, new_story,
                                                               desk_cmd):
    # Story n of each editor shares its headline with the other's: both claim one filename.
    left = [new_story(n, headline=f"Shared headline {n}") for n in range(200)]
    right = [new_story(1000 + n, headline=f"Shared headline {n}") for n in range(200)]
    store.add_stories(left + right)
    procs = [_approve_all(store_path, [s.id for s in side], desk_cmd) for side in (left, right)]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err for _, err in outputs]
    reported = {}
    for out, _ in outputs:
        reported.update(_reported(out))
    assert len(reported) == 400
    rows = {row["id"]: row for row in open_store(store_path).records("approved")}
    assert {i: row["filename"] for i, row in rows.items()} == reported
    assert len(set(reported.values())) == 400
    assert temp_files(store_path) == []


def test_two_processes_changing_the_same_stories_keep_both_changes(store, store_path,
                                                                  new_story, desk_cmd):
    command, env = desk_cmd
    stories = [new_story(n) for n in range(150)]
    store.add_stories(stories)
    ids = [s.id for s in stories]
    tagger = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from desk.store import open_store\n"
         "s = open_store(sys.argv[1], user='tagger')\n"
         "for i in sys.argv[2:]: s.set_tags(i, ['edited'])",
         str(store_path), *ids], env=env, stderr=subprocess.PIPE, text=True)
    approver = _approve_all(store_path, ids, desk_cmd)
    approver.communicate(timeout=120)
    _, tag_err = tagger.communicate(timeout=120)
    assert (approver.returncode, tagger.returncode) == (0, 0), tag_err
    reopened = open_store(store_path)
    for story_id in ids:
        record = reopened.get(story_id)
        history = reopened.history(story_id)
        assert record["tags"] == ["edited"] and record["revision"] == 3
        assert {e["user"] for e in history} >= {"tagger"}
        assert record["approved"]["filename"] == record["filename"]  # the approval is kept
        # Tagged before approval: approved with the tags. Tagged after: the edit reopens
        # the story for a fresh approval, so the old approved copy is never exported.
        tagged_last = history[-1]["field"] in ("tags", "status") and history[-1]["user"] == \
            "tagger"
        assert record["status"] == ("new" if tagged_last else "approved")


def test_same_story_same_revision_one_wins_one_conflicts(store, store_path, new_story,
                                                        desk_cmd):
    stories = [new_story(n) for n in range(5)]
    store.add_stories(stories)
    command, env = desk_cmd
    for story in stories:
        procs = [subprocess.Popen(
            command(store_path, "approve", story.id, "--expect-revision", "1",
                    "--headline", headline), env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for headline in ("First editor's headline", "Second editor's headline")]
        results = [(proc.wait(timeout=60), *proc.communicate()) for proc in procs]
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 1], results
        loser_err = next(err for code, _, err in results if code == 1)
        assert "conflict" in loser_err
        winner_out = next(out for code, out, _ in results if code == 0)
        record = open_store(store_path).get(story.id)
        assert record["revision"] == 2 and winner_out.startswith(f"approved {story.id}")
        assert [e["field"] for e in open_store(store_path).history(story.id)].count("status") == 2


def test_an_open_store_sees_another_process_after_refresh(store, store_path, new_story,
                                                          desk_cli):
    stories = [new_story(n) for n in range(3)]
    store.add_stories(stories)
    assert {row["status"] for row in store.records()} == {"new"}
    result = desk_cli(store_path, "approve", stories[1].id)
    assert result.returncode == 0, result.stderr
    assert store.refresh() is True
    statuses = {row["id"]: row["status"] for row in store.records()}
    assert statuses[stories[1].id] == "approved"
    assert store.refresh() is False

"""`desk undo`: the command line's session takes back its own changes, never a desk's."""

from __future__ import annotations

import subprocess

from desk.store import open_store


def _desk(desk_cmd, store_path, *args, session=None):
    command, env = desk_cmd
    env = dict(env)
    env.pop("DESK_SESSION", None)
    if session:
        env["DESK_SESSION"] = session
    return subprocess.run(command(store_path, *args), env=env, capture_output=True, text=True,
                          timeout=60)


def test_undo_takes_back_the_shells_own_approval(store, store_path, new_story, desk_cmd):
    story = new_story(1)
    store.add_stories([story])
    assert _desk(desk_cmd, store_path, "approve", story.id).returncode == 0
    other = _desk(desk_cmd, store_path, "undo", story.id, session="another-shell")
    assert other.returncode == 1 and "nothing to undo" in other.stderr
    assert other.stderr.count("\n") == 1
    assert open_store(store_path).get(story.id)["status"] == "approved"
    mine = _desk(desk_cmd, store_path, "undo", story.id[:8])
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout == \
        f"undid r2 of {story.id} (status, slug, filename, approved): approved -> new\n"
    assert open_store(store_path).get(story.id)["status"] == "new"


def test_undo_never_takes_back_a_desks_change(store, store_path, new_story, desk_cmd):
    story = new_story(1)
    store.add_stories([story])
    _desk(desk_cmd, store_path, "approve", story.id)
    open_store(store_path, session="a-desk").set_tags(story.id, ["desk-tag"])
    result = _desk(desk_cmd, store_path, "undo", story.id)
    assert result.returncode == 1
    assert "not undone" in result.stderr and "tags" in result.stderr
    assert open_store(store_path).get(story.id)["tags"] == ["desk-tag"]

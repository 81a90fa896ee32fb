"""What only the PostgreSQL store has: its versioned schema, `desk db init`, `desk migrate`,
and other desks' changes arriving through NOTIFY."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from desk.store import CorruptStoreError, open_store
from desk.store.postgres.store import safe_location
from desk.store.records import INDEX_FIELDS

SCHEMA = ["schema version 1: stories, history, export filenames",
          "schema version 2: the index rows' field list"]


def test_a_new_database_gets_the_schema_once(postgres_url):
    first = open_store(postgres_url)
    assert first.schema_changes == SCHEMA
    assert open_store(postgres_url).schema_changes == []
    versions = first.conn.execute("SELECT version FROM desk_schema ORDER BY 1").fetchall()
    assert versions == [(1,), (2,)]


def test_index_rows_of_other_fields_are_rebuilt_once_on_open(postgres_url, new_story):
    store = open_store(postgres_url)
    store.add_stories([new_story(n) for n in range(3)])
    expected = store.records()
    # As a desk whose queue rows had other fields left them:
    store.conn.execute("UPDATE stories SET index_row = '[\"x\"]'")
    store.conn.execute("UPDATE desk_index SET fields = '[\"id\"]'")
    reopened = open_store(postgres_url)
    assert reopened.schema_changes == [f"index rows for 3 stories ({len(INDEX_FIELDS)} fields)"]
    assert sorted(reopened.records(), key=str) == sorted(expected, key=str)
    assert open_store(postgres_url).schema_changes == []


def test_a_schema_newer_than_this_desk_is_refused(postgres_url):
    store = open_store(postgres_url)
    store.conn.execute("INSERT INTO desk_schema (version, description) VALUES (99, 'later')")
    with pytest.raises(CorruptStoreError, match="schema version 99 is newer"):
        open_store(postgres_url)


def test_desk_db_init_says_what_it_did(postgres_url, desk_cli, tmp_path):
    first = desk_cli(postgres_url, "db", "init")
    assert first.returncode == 0
    assert first.stdout == "".join(f"{postgres_url}: created {line}\n" for line in SCHEMA)
    again = desk_cli(postgres_url, "db", "init")
    assert again.stdout == f"{postgres_url}: schema already at version 2\n"
    file_store = desk_cli(tmp_path / "desk.json", "db", "init")
    assert file_store.returncode == 2 and "is for a postgresql:// store" in file_store.stderr


def test_any_command_on_a_new_database_creates_the_schema_with_a_line(postgres_url, desk_cli):
    result = desk_cli(postgres_url, "list")
    assert result.returncode == 0
    assert result.stderr == "".join(f"desk: {postgres_url}: created {line}\n" for line in SCHEMA)
    assert desk_cli(postgres_url, "list").stderr == ""


def test_a_password_is_never_printed():
    assert safe_location("postgresql://ann:s3cret@db.example/desk") == \
        "postgresql://ann:***@db.example/desk"
    assert safe_location("postgresql://ann@db.example/desk") == "postgresql://ann@db.example/desk"


@pytest.fixture
def tinydb_store(tmp_path, new_story, fixed_now):
    """A file store with history worth copying: approved, edited, spiked, undone."""
    path = tmp_path / "desk.json"
    store = open_store(path, user="alice", clock=lambda: fixed_now)
    stories = [new_story(n, headline=f"Migrated story {n % 4}") for n in range(30)]
    store.add_stories(stories)
    for story in stories[:10]:
        store.approve(story.id)
    store.set_tags(stories[10].id, ["moved"])
    store.spike(stories[11].id)
    store.set_headline(stories[12].id, "Edited before the move")
    store.undo(stories[12].id)
    store.close()
    return path


def _everything(store) -> dict:
    return {row["id"]: (store.get(row["id"]), store.history(row["id"]))
            for row in store.records()}


def test_desk_migrate_copies_everything_and_twice_adds_nothing(tinydb_store, postgres_url,
                                                               desk_cli):
    first = desk_cli(tinydb_store, "migrate", "--from", str(tinydb_store), "--to", postgres_url)
    assert first.returncode == 0, first.stderr
    assert first.stdout == (f"{tinydb_store} -> {postgres_url}: 30 stories read: 30 copied "
                            "with 75 history entries, 0 already there\n")
    assert _everything(open_store(postgres_url)) == _everything(open_store(tinydb_store))
    again = desk_cli(tinydb_store, "migrate", "--from", str(tinydb_store), "--to", postgres_url)
    assert again.returncode == 0
    assert again.stdout.endswith("30 stories read: 0 copied with 0 history entries, "
                                 "30 already there\n")
    assert _everything(open_store(postgres_url)) == _everything(open_store(tinydb_store))


def test_migrated_filenames_stay_claimed(tinydb_store, postgres_url, desk_cli, new_story):
    desk_cli(tinydb_store, "migrate", "--from", str(tinydb_store), "--to", postgres_url)
    store = open_store(postgres_url)
    taken = {row["filename"] for row in store.records("approved")}
    late = new_story(99, headline="Migrated story 1")
    store.add_stories([late])
    assert store.approve(late.id)["filename"] not in taken


def test_a_migration_from_nowhere_says_so(postgres_url, desk_cli, tmp_path):
    result = desk_cli(tmp_path / "x.json", "migrate", "--from", str(tmp_path / "none.json"),
                      "--to", postgres_url)
    assert result.returncode == 2
    assert result.stderr == f"desk: {tmp_path / 'none.json'}: no store file to migrate from\n"


WATCHER = """
import json, sys, time
from desk.store import open_store
store = open_store(sys.argv[1], user="bob", session="desk-b")
base = store.get(sys.argv[2])["revision"]
store.records()
print("ready", flush=True)
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    if store.refresh():
        seen = time.time()
        break
    time.sleep(0.01)
else:
    seen = None
row = next(r for r in store.records() if r["id"] == sys.argv[2])
store.set_headline(sys.argv[2], "Bob's headline", base_revision=base)
print(json.dumps({"seen": seen, "tags": row["tags"]}), flush=True)
"""


def test_two_desks_in_two_processes_see_each_other_within_a_second(postgres_url, new_story,
                                                                    desk_cmd):
    _, env = desk_cmd
    store = open_store(postgres_url, user="alice")
    story = new_story(1)
    store.add_stories([story])
    base = store.get(story.id)["revision"]
    watcher = subprocess.Popen([sys.executable, "-c", WATCHER, postgres_url, story.id], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert watcher.stdout.readline() == "ready\n"
    time.sleep(0.2)
    changed_at = time.time()
    store.set_tags(story.id, ["alice-tag"], base_revision=base, session="desk-a")
    out, err = watcher.communicate(timeout=30)
    report = json.loads(out)
    assert report["seen"] is not None, err
    assert report["seen"] - changed_at <= 1.0
    assert report["tags"] == ["alice-tag"]
    # Both edits from one base revision land: different fields merge.
    record = store.get(story.id)
    assert (record["tags"], record["headline"]) == (["alice-tag"], "Bob's headline")

"""The word index beside the store: lookups, revisions, damage, two desks, a killed writer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from desk.store.words import SUFFIX, Entry, WordIndex, key_of, keys_of, path_for

A, B = "a" * 16, "b" * 16


def entry(story_id: str, revision: int, headline: str, body: str = "", tags: str = "") -> Entry:
    return Entry(story_id, revision, headline, tags, body)


def found(words: WordIndex, expression: str) -> list[int]:
    return words.match(expression).tolist()


def test_words_are_found_by_prefix_and_phrase(tmp_path):
    words = WordIndex(tmp_path / "desk.json.words.sqlite")
    words.add([entry(A, 1, "Harbour strike ends", "Dock workers went back."),
               entry(B, 1, "Markets fall", "Shares fell.", "markets, energy")])
    assert found(words, '"harb"*') == [key_of(A)]
    assert found(words, '"energ"*') == [key_of(B)]  # tags are words too
    assert found(words, '"dock workers"*') == [key_of(A)]
    assert found(words, '"workers dock"*') == []
    assert sorted(found(words, '"s"*')) == sorted([key_of(A), key_of(B)])
    assert found(words, '"zz"*') == []


def test_a_newer_revision_replaces_the_words_and_an_older_one_is_ignored(tmp_path):
    words = WordIndex(tmp_path / "w.sqlite")
    words.add([entry(A, 1, "Harbour strike ends")])
    assert words.add([entry(A, 3, "Ferry fares frozen")]) == 1
    assert found(words, '"harbour"*') == [] and found(words, '"ferry"*') == [key_of(A)]
    assert words.add([entry(A, 2, "Harbour strike ends")]) == 0  # another desk was first
    assert found(words, '"ferry"*') == [key_of(A)]
    assert words.add([entry(A, 4, "Ferry fares frozen")]) == 1  # approved: same words
    assert words.stale([{"id": A, "revision": 4}, {"id": B, "revision": 1}]) == [B]


def test_a_batch_is_written_in_rowid_order_whatever_order_it_comes_in(tmp_path, monkeypatch):
    """FTS5 writes out the words it holds in memory whenever a rowid is not above the last
    one of the transaction: stories in the order they were read (ids are hashes) made it
    do so at nearly every story, and indexing cost about twice its CPU."""
    ids = [f"{n:016x}" for n in (0xF0, 0x10, 0xA0, 0x30, 0x10)] + ["8" + "0" * 15]
    written: list[int] = []
    put = WordIndex._put

    def put_noting_the_rowid(self, each: Entry) -> bool:
        written.append(key_of(each.id))
        return put(self, each)

    monkeypatch.setattr(WordIndex, "_put", put_noting_the_rowid)
    words = WordIndex(tmp_path / "w.sqlite")
    assert words.add([entry(story_id, 1, f"Story {n}") for n, story_id in enumerate(ids)]) == 5
    assert written == sorted(written) and len(written) == len(ids)
    assert found(words, '"story"*') == sorted({key_of(story_id) for story_id in ids})
    assert words.stale([{"id": story_id, "revision": 1} for story_id in ids]) == []


def test_a_deleted_or_damaged_or_foreign_index_starts_again(tmp_path):
    path = tmp_path / "w.sqlite"
    WordIndex(path).add([entry(A, 1, "Harbour")])
    assert len(WordIndex(path)) == 1
    path.write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"w.sqlite{suffix}").unlink(missing_ok=True)
    damaged = WordIndex(path)
    assert len(damaged) == 0 and damaged.problem == ""
    assert damaged.stale([{"id": A, "revision": 1}]) == [A]
    damaged.add([entry(A, 1, "Harbour")])
    damaged.close()
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'desk-words 0' WHERE key = 'format'")
    assert len(WordIndex(path)) == 0  # an older format is rebuilt, not misread


def test_a_folder_that_cannot_hold_it_indexes_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    words = WordIndex(blocker / "w.sqlite")  # its folder would be inside a file
    assert words.path is None and "word index unusable" in words.problem
    words.add([entry(A, 1, "Harbour")])
    assert found(words, '"harb"*') == [key_of(A)]


def test_two_desks_share_one_index(tmp_path):
    path = tmp_path / "w.sqlite"
    first, second = WordIndex(path), WordIndex(path)
    first.add([entry(A, 1, "Harbour strike")])
    second.add([entry(B, 1, "Markets fall")])
    second.add([entry(A, 2, "Ferry fares")])
    assert found(first, '"ferry"*') == [key_of(A)] and found(first, '"harb"*') == []
    assert found(first, '"markets"*') == [key_of(B)]
    assert first.add([entry(A, 2, "Ferry fares")]) == 0  # the second desk did it already


KILLED_WRITER = textwrap.dedent("""
    import os, sys
    from desk.store.words import Entry, WordIndex
    from pathlib import Path
    words = WordIndex(Path(sys.argv[1]))
    def entries():
        for n in range(5000):
            yield Entry(f"{n:016x}", 1, f"Story {n}", "", "words " * 50)
            if n == 2500:
                print("writing", flush=True)
                os.kill(os.getpid(), 9)  # killed inside the transaction
    words.add(entries())
""")


def test_a_desk_killed_while_indexing_leaves_the_index_as_it_was(tmp_path):
    path = tmp_path / "w.sqlite"
    WordIndex(path).add([entry(A, 1, "Harbour strike")])
    run = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path)],
                         capture_output=True, text=True, env={**os.environ}, timeout=60)
    assert run.returncode == -signal.SIGKILL and "writing" in run.stdout
    after = WordIndex(path)
    assert len(after) == 1 and found(after, '"harb"*') == [key_of(A)]
    assert found(after, '"story"*') == []  # the killed transaction left nothing
    assert after.stale([{"id": f"{1:016x}", "revision": 1}]) == [f"{1:016x}"]


@pytest.mark.parametrize(("location", "expected"), [
    ("desk.json", "desk.json" + SUFFIX), ("/srv/news/desk.json", "/srv/news/desk.json" + SUFFIX)])
def test_the_index_lies_beside_a_file_store(location, expected):
    assert str(path_for(location)) == expected


def test_a_postgresql_store_keeps_its_index_in_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = path_for("postgresql://ann:secret@db/desk")
    assert path.parent == tmp_path / "desk" and path.name.endswith(SUFFIX)
    assert "secret" not in str(path)
    assert path != path_for("postgresql://ann:secret@db/other")


def test_keys_of_many_ids_are_each_ids_key():
    ids = ["0" * 16, "f" * 16, "7fffffffffffffff", "8000000000000000", "0123456789abcdef"]
    assert keys_of(ids).tolist() == [key_of(story_id) for story_id in ids]
    odd = ["abc123", "0123456789abcdef0123"]  # other lengths: read one by one
    assert keys_of(odd).tolist() == [key_of(story_id) for story_id in odd]
    assert keys_of([]).tolist() == []

"""Records, index rows, ids, edits, spike/unspike, history and undo."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from desk.store import open_store
from desk.store.records import INDEX_FIELDS
from desk.store.store import ConflictError, StoreError, ValidationError

CONTRACT_FIELDS = {"id", "source", "status", "headline", "original_headline", "tags",
                   "suggested_tags", "slug", "filename", "revision", "received", "credit",
                   "dateline", "word_count", "quote_count", "warning_count", "updated_at",
                   "updated_by", "headline_fixes", "published", "urgency", "versions",
                   "copies", "updated", "guid"}


def test_add_stories_adds_only_new_ids(store, new_story):
    assert store.add_stories([new_story(n) for n in range(10)]) == 10
    assert store.add_stories([new_story(n) for n in range(15)]) == 5
    assert store.add_stories([new_story(1), new_story(1)]) == 0
    assert len(store.records()) == 15


def test_index_rows_carry_the_queue_summary(store, new_story):
    story = new_story(1, warnings=("quote with no speaker",))
    store.add_stories([story])
    [row] = store.records()
    assert set(row) == CONTRACT_FIELDS == set(INDEX_FIELDS)
    assert row["id"] == story.id and row["status"] == "new" and row["revision"] == 1
    assert row["headline"] == row["original_headline"] == "Story number 1 makes news"
    assert (row["credit"], row["dateline"]) == ("AFP", "ANKARA")
    assert (row["word_count"], row["quote_count"], row["warning_count"]) == (story.word_count,
                                                                             1, 1)
    assert row["tags"] == row["suggested_tags"] == ["turkey", "putin"]
    assert row["received"].startswith("2026-03-14T09:30:00")
    assert row["updated_by"] == "alice"


def test_a_story_read_by_a_worker_is_received_at_the_mtime_the_worker_saw(store, new_story):
    """The worker's stat of the file (RawStory.modified) is when the story was received:
    the store's writer stats no file (here there is none to stat)."""
    story = new_story(1)
    assert not os.path.exists(story.raw.source)
    seen = datetime(2026, 2, 1, 8, 15, tzinfo=UTC).timestamp()
    store.add_stories([replace(story, raw=replace(story.raw, modified=seen))])
    [row] = store.records()
    assert datetime.fromisoformat(row["received"]).timestamp() == seen


def test_records_survive_reopening_and_filter_by_status(store, store_path, new_story):
    store.add_stories([new_story(n) for n in range(5)])
    first = store.records()[0]["id"]
    store.approve(first)
    reopened = open_store(store_path)
    assert [row["id"] for row in reopened.records("approved")] == [first]
    assert len(reopened.records("new")) == 4
    assert reopened.get(first)["approved"]["headline"] == reopened.get(first)["headline"]


def test_full_record_holds_the_clean_copy(store, new_story):
    story = new_story(3)
    store.add_stories([story])
    record = store.get(story.id)
    assert record["copy"]["paragraphs"] == list(story.copy.paragraphs)
    assert record["copy"]["quotes"][0]["speaker"] == "Putin"
    assert record["approved"] is None
    assert store.get("ffffffffffffffff") is None and store.get("not-an-id") is None


def test_resolve_prefixes(store, new_story):
    ids = ["abcdef0000000001", "abcdef0000000002", "abcdff0000000003"]
    store.add_stories([new_story(n, story_id=i) for n, i in enumerate(ids)])
    assert store.resolve("abcdff") == ids[2]
    assert store.resolve("ABCDEF0000000001") == ids[0]
    with pytest.raises(StoreError, match="ambiguous"):
        store.resolve("abcdef")
    with pytest.raises(StoreError, match="no story"):
        store.resolve("123456")
    with pytest.raises(StoreError, match="at least 6 hex"):
        store.resolve("abcd")
    with pytest.raises(StoreError, match="at least 6 hex"):
        store.resolve("xyz12345")


def test_headline_and_tags_edits_bump_the_revision(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    record = store.set_headline(story.id, "  Erdogan  presses Putin ")
    assert (record["headline"], record["revision"]) == ("Erdogan presses Putin", 2)
    record = store.set_tags(story.id, ["Middle East", "syria", "SYRIA", " "])
    assert (record["tags"], record["revision"]) == (["middle-east", "syria"], 3)
    assert store.set_tags(story.id, ["middle-east", "syria"])["revision"] == 3  # no change
    with pytest.raises(ValidationError):
        store.set_headline(story.id, "   ")
    row = store.records()[0]
    assert (row["headline"], row["original_headline"]) == ("Erdogan presses Putin",
                                                          "Story number 1 makes news")


def test_unknown_id_is_one_clear_error(store):
    with pytest.raises(StoreError, match="no story with this id"):
        store.approve("0123456789abcdef")


def test_spike_and_unspike_restore_the_status(store, new_story):
    a, b = new_story(1), new_story(2)
    store.add_stories([a, b])
    store.approve(a.id)
    assert store.spike(a.id)["status"] == "spiked"
    assert store.unspike(a.id)["status"] == "approved"
    assert store.spike(b.id)["status"] == "spiked"
    with pytest.raises(StoreError, match="already spiked"):
        store.spike(b.id)
    with pytest.raises(StoreError, match="spiked; unspike"):
        store.approve(b.id)
    assert store.unspike(b.id)["status"] == "new"
    with pytest.raises(StoreError, match="not spiked"):
        store.unspike(b.id)


def test_history_records_who_when_field_old_new(store_path, new_story):
    store = open_store(store_path, user="alice")
    story = new_story(1)
    store.add_stories([story])
    store.set_headline(story.id, "New headline")
    open_store(store_path, user="bob").spike(story.id)
    entries = store.history(story.id)
    assert [(e["revision"], e["user"], e["field"], e["old"], e["new"]) for e in entries] == [
        (1, "alice", "status", None, "new"),
        (2, "alice", "headline", "Story number 1 makes news", "New headline"),
        (3, "bob", "status", "new", "spiked"),
        (3, "bob", "prior_status", None, "new"),
    ]
    assert all(e["at"] for e in entries)


def test_undo_walks_back_one_change_at_a_time(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    store.set_headline(story.id, "Edited")
    approved = store.approve(story.id)
    assert approved["filename"]
    record = store.undo(story.id)
    assert (record["status"], record["approved"], record["filename"]) == ("new", None, None)
    assert record["headline"] == "Edited"
    record = store.undo(story.id)
    assert record["headline"] == "Story number 1 makes news"
    with pytest.raises(StoreError, match="nothing to undo"):
        store.undo(story.id)
    assert [e.get("undoes") for e in store.history(story.id) if e["field"] == "headline"] == \
        [None, 2]
    # approving again takes the same filename it had
    assert store.approve(story.id, headline="Edited")["filename"] == approved["filename"]


def test_undo_of_spike_restores_and_is_itself_recorded(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    store.spike(story.id)
    assert store.undo(story.id)["status"] == "new"
    assert store.history(story.id)[-1]["undoes"] == 2


def test_expect_revision_refuses_a_stale_change(store, store_path, new_story):
    story = new_story(1)
    store.add_stories([story])
    other = open_store(store_path, user="bob")
    other.set_headline(story.id, "Bob was here", expect_revision=1)
    with pytest.raises(ConflictError, match="conflict") as caught:
        store.approve(story.id, expect_revision=1)
    assert "headline" in str(caught.value) and "bob" in str(caught.value)
    assert caught.value.record["headline"] == "Bob was here"
    assert store.get(story.id)["status"] == "new"


def test_store_sees_other_stores_changes_after_refresh(store, store_path, new_story):
    story = new_story(1)
    store.add_stories([story])
    assert store.records()[0]["status"] == "new"
    assert store.refresh() is False
    open_store(store_path, user="bob").approve(story.id)
    assert store.records()[0]["status"] == "new"  # cached until refreshed
    assert store.refresh() is True
    assert store.records()[0]["status"] == "approved"


def test_full_records_reads_every_story_once(store, new_story):
    stories = [new_story(n) for n in range(30)]
    store.add_stories(stories)
    records = list(store.full_records())
    assert sorted(r["id"] for r in records) == sorted(s.id for s in stories)
    assert all(r["copy"]["paragraphs"] for r in records)


@pytest.mark.tinydb_only  # the store's files
@pytest.mark.parametrize("damage", [b"", b'{"stamp": [1, 2, 3], "rows": []}', b"\x00garbage"])
def test_a_lost_or_stale_rows_file_falls_back_to_the_partition(store, store_path, new_story,
                                                                damage):
    story = new_story(1)
    store.add_stories([story])
    store.records()
    open_store(store_path, user="bob").set_headline(story.id, "Changed elsewhere")
    rows_file = store_path.parent / "desk.json.d" / "rows" / f"{story.id[:3]}.json"
    rows_file.write_bytes(damage)
    assert store.refresh() is True
    assert store.records()[0]["headline"] == "Changed elsewhere"
    assert open_store(store_path).records()[0]["headline"] == "Changed elsewhere"

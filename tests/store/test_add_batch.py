"""add_batch: an inbox batch (new stories, new versions, exact copies, texts held as a
version) written as add_stories, revise and add_copy would write it one by one."""

from __future__ import annotations

from dataclasses import replace


def _from(story, source: str):
    return replace(story, raw=replace(story.raw, source=source))


def test_a_batch_adds_revises_and_counts_copies_as_one_by_one(store, new_story):
    first, second = new_story(1), new_story(2)
    store.add_stories([first])
    newer = new_story(1, story_id="ab" * 8, headline="Story number 1, updated")
    arrived = store.add_batch(
        [second], revisions=[(first.id, newer, "update")],
        copies=[(second.id, "/inbox/copy-of-2.txt")],
        held=[(first.id, _from(first, "/inbox/again-1.txt")),  # another file: a copy
              (first.id, first)])  # the version's own file read again: nothing
    assert arrived.added == 1
    assert arrived.revised == [(first.id, newer, "update")]
    assert arrived.held_copies == [(first.id, "/inbox/again-1.txt")]
    record = store.get(first.id)
    assert (record["text_id"], record["versions"], record["headline"]) == (
        newer.id, 2, "Story number 1, updated")
    assert record["copy_sources"] == ["/inbox/again-1.txt"]
    assert store.get(second.id)["copy_sources"] == ["/inbox/copy-of-2.txt"]
    assert [entry["session"] for entry in store.history(first.id)][-1] == "inbox"


def test_a_text_the_story_holds_already_and_a_missing_story_change_nothing(store,
                                                                           new_story):
    story = new_story(1)
    store.add_stories([story])
    before = store.get(story.id)
    arrived = store.add_batch([], revisions=[(story.id, story, "same file"),
                                             ("cd" * 8, new_story(3), "update")],
                              copies=[("cd" * 8, "/inbox/x.txt")])
    assert (arrived.added, arrived.revised, arrived.held_copies) == (0, [], [])
    assert store.get(story.id) == before
    assert store.get("cd" * 8) is None

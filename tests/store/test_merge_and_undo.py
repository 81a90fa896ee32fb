"""Issue 8, points 2 and 3: a change merges per field against the revision its editor started
from, and undo takes back only the undoing session's own changes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desk.store import ConflictError, FieldConflict, UndoRefused, open_store

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def two_desks(store_path, fixed_now):
    """Desks A and B on one store, each its own session."""
    a = open_store(store_path, user="alice", session="desk-a", clock=lambda: fixed_now)
    b = open_store(store_path, user="bob", session="desk-b", clock=lambda: fixed_now)
    return a, b


def test_tags_edited_while_another_desk_reapproves_both_land(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    approved = b.approve(story.id)
    base = approved["revision"]
    # B approves again from the same view: nothing changed, so nothing is written.
    assert b.approve(story.id, base_revision=base)["revision"] == base
    record = a.set_tags(story.id, ["oil", "markets"], base_revision=base)
    assert record["tags"] == ["oil", "markets"] and record["revision"] == base + 1


def test_tags_saved_after_another_desk_approved_from_the_same_base(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    b.approve(story.id, base_revision=1)
    record = a.set_tags(story.id, ["oil"], base_revision=1)
    assert record["tags"] == ["oil"]
    # B's approval is in the history; the approved copy had other tags, so the story waits
    # for a fresh approval rather than exporting tags nobody approved.
    fields = [(e["session"], e["field"]) for e in a.history(story.id)]
    assert ("desk-b", "approved") in fields and ("desk-a", "tags") in fields
    assert record["status"] == "new"


def test_different_fields_from_one_base_both_land(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    a.set_headline(story.id, "Alice's headline", base_revision=1)
    record = b.set_tags(story.id, ["bob-tag"], base_revision=1)
    assert (record["headline"], record["tags"]) == ("Alice's headline", ["bob-tag"])


def test_the_same_field_is_a_conflict_naming_the_other_value_and_who(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    a.set_headline(story.id, "Alice's headline", base_revision=1)
    with pytest.raises(ConflictError) as caught:
        b.set_headline(story.id, "Bob's headline", base_revision=1)
    conflict = caught.value
    assert conflict.conflicts == (FieldConflict(
        field="headline", mine="Bob's headline", theirs="Alice's headline",
        base="Story number 1 makes news", user="alice", session="desk-a",
        at="2026-03-14T09:30:00+01:00", revision=2),)
    assert "alice" in str(conflict) and "\n" not in str(conflict)
    assert b.get(story.id)["headline"] == "Alice's headline"  # nothing written
    # Keep mine: the same change again, against the revision the conflict brought.
    kept = b.set_headline(story.id, "Bob's headline",
                          base_revision=conflict.record["revision"])
    assert kept["headline"] == "Bob's headline" and kept["revision"] == 3


def test_the_same_value_from_both_desks_is_no_conflict(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    a.set_headline(story.id, "Same words", base_revision=1)
    assert b.set_headline(story.id, "Same words", base_revision=1)["revision"] == 2


def _approval_over_alices_tags(a, b, story) -> ConflictError:
    """Alice retags from revision 1; Bob, who saw the ingest's tags, approves from it."""
    a.add_stories([story])
    a.set_tags(story.id, ["alice-tag"], base_revision=1)
    with pytest.raises(ConflictError) as caught:
        b.approve(story.id, base_revision=1)
    assert b.get(story.id)["status"] == "new"
    return caught.value


def test_approval_freezes_what_the_editor_saw(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    conflict = _approval_over_alices_tags(a, b, story)
    (field,) = conflict.conflicts
    assert (field.field, field.mine, field.theirs, field.user) == \
        ("tags", ["turkey", "putin"], ["alice-tag"], "alice")
    # Take theirs: approve what is there now.
    record = b.approve(story.id, base_revision=conflict.record["revision"])
    assert record["status"] == "approved" and record["approved"]["tags"] == ["alice-tag"]


def test_keep_mine_on_an_approval(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    conflict = _approval_over_alices_tags(a, b, story)
    record = b.approve(story.id, tags=conflict.conflicts[0].mine,
                       base_revision=conflict.record["revision"])
    assert record["approved"]["tags"] == ["turkey", "putin"]


def test_spiking_what_another_desk_approved_meanwhile_is_a_conflict(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    a.approve(story.id, base_revision=1)
    with pytest.raises(ConflictError) as caught:
        b.spike(story.id, base_revision=1)
    assert [(c.field, c.theirs, c.user) for c in caught.value.conflicts] == \
        [("status", "approved", "alice")]
    assert b.spike(story.id, base_revision=2)["status"] == "spiked"


def test_an_edit_that_reopened_the_story_does_not_conflict_with_a_spike(two_desks,
                                                                       new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    a.approve(story.id)
    a.set_tags(story.id, ["alice-tag"], base_revision=2)  # back to new, as a side effect
    assert b.spike(story.id, base_revision=2)["status"] == "spiked"


def test_reapproving_an_unchanged_story_writes_nothing(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    first = store.approve(story.id)
    history = store.history(story.id)
    again = store.approve(story.id)
    assert again == first and store.history(story.id) == history
    store.mark_exported(story.id)
    assert store.approve(story.id)["status"] == "exported"  # still published, unchanged
    assert store.approve(story.id, headline="A new headline")["revision"] == 4


def test_history_names_the_session(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    b.spike(story.id)
    assert [e["session"] for e in a.history(story.id)] == ["desk-a", "desk-b", "desk-b"]


def test_undo_takes_back_only_this_sessions_change(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    a.approve(story.id)
    with pytest.raises(UndoRefused, match="nothing to undo"):
        b.undo(story.id)  # B made no change here: A's approval stands
    assert b.get(story.id)["status"] == "approved"
    record = a.undo(story.id)
    assert record["status"] == "new"
    assert a.history(story.id)[-1]["undoes"] == 2


def test_undo_is_refused_once_another_desk_changed_the_story(two_desks, new_story):
    a, b = two_desks
    story = new_story(1)
    a.add_stories([story])
    a.set_headline(story.id, "Alice's headline")
    b.set_tags(story.id, ["bob-tag"])
    with pytest.raises(UndoRefused) as caught:
        a.undo(story.id)
    message = str(caught.value)
    assert "bob" in message and "tags" in message and "\n" not in message
    assert a.get(story.id)["headline"] == "Alice's headline"
    # B's own change is still B's to undo, and then A's is A's again.
    assert b.undo(story.id)["tags"] == ["turkey", "putin"]
    assert a.undo(story.id)["headline"] == "Story number 1 makes news"


def test_undo_session_can_be_given_per_call(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    store.spike(story.id, session="desk-9")
    with pytest.raises(UndoRefused):
        store.undo(story.id)
    assert store.undo(story.id, session="desk-9")["status"] == "new"


def test_undo_in_another_process_cannot_take_back_this_desks_approval(store, store_path,
                                                                      new_story, desk_cmd):
    _, env = desk_cmd
    story = new_story(1)
    store.add_stories([story])
    desk_a = open_store(store_path, user="alice", session="desk-a")
    desk_a.approve(story.id)
    script = ("import sys\nfrom desk.store import UndoRefused, open_store\n"
              "try:\n    open_store(sys.argv[1], user='bob', session='desk-b').undo(sys.argv[2])\n"
              "except UndoRefused as exc:\n    sys.exit(str(exc))\n")
    result = subprocess.run([sys.executable, "-c", script, str(store_path), story.id],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "nothing to undo" in result.stderr
    assert open_store(store_path).get(story.id)["status"] == "approved"
    assert desk_a.undo(story.id)["status"] == "new"

"""Approval: validation, the approved copy, slugs, filenames and collisions."""

from __future__ import annotations

from datetime import date

import pytest

from desk.store import open_store
from desk.store.records import new_record
from desk.store.slugs import slug_for
from desk.store.store import Store, ValidationError

FIXED_DAY = date(2026, 3, 14)  # the conftest store's clock


def test_slug_for_is_lowercase_word_bounded_and_at_most_60():
    assert slug_for("Erdogan presses Putin over Idlib") == "erdogan-presses-putin-over-idlib"
    assert slug_for("[UPDATE] Zürich café: “Prices” rise 5%") == "update-zurich-cafe-prices-rise-5"
    long = slug_for("Markets tumble across Asia as investors weigh the latest "
                    "inflation figures from Washington")
    assert len(long) <= 60 and not long.endswith("-")
    assert long == "markets-tumble-across-asia-as-investors-weigh-the-latest"


def test_approve_stores_the_approved_copy(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    record = store.approve(story.id, tags=["Syria", "Turkey"])
    assert record["status"] == "approved" and record["revision"] == 2
    assert record["slug"] == "story-number-1-makes-news"
    assert record["filename"] == "2026-03-14-story-number-1-makes-news"
    approved = record["approved"]
    assert approved["headline"] == "Story number 1 makes news"
    assert (approved["dateline"], approved["credit"]) == ("ANKARA", "AFP")
    assert approved["body"] == "\n\n".join(story.copy.paragraphs)
    assert approved["tags"] == ["syria", "turkey"]
    assert approved["quotes"] == [{"text": "We are seriously concerned,", "speaker": "Putin",
                                   "mention": "Putin", "cue": "said"}]
    assert (approved["slug"], approved["filename"]) == (record["slug"], record["filename"])
    assert approved["approved_at"] == "2026-03-14T09:30:00+01:00"


def test_approve_with_a_story_uses_that_copy(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    newer = new_story(1, paragraphs=("A fresher first paragraph.",))
    record = store.approve(story.id, story=newer)
    assert record["approved"]["body"] == "A fresher first paragraph."


def test_same_headline_gets_numbered_filenames(store, new_story):
    stories = [new_story(n, headline="Storm hits the coast") for n in range(3)]
    store.add_stories(stories)
    names = [store.approve(s.id)["filename"] for s in stories]
    assert names == ["2026-03-14-storm-hits-the-coast", "2026-03-14-storm-hits-the-coast-2",
                     "2026-03-14-storm-hits-the-coast-3"]


def test_reapproving_keeps_the_filename(store, store_path, new_story):
    story = new_story(1)
    store.add_stories([story])
    first = store.approve(story.id)
    again = open_store(store_path).approve(story.id, headline="A quite different headline now")
    assert again["filename"] == first["filename"]
    assert again["slug"] == "a-quite-different-headline-now"
    assert again["revision"] == 3


def test_filenames_stay_unique_after_an_undone_approval(store, new_story):
    a, b = new_story(1, headline="Same words"), new_story(2, headline="Same words")
    store.add_stories([a, b])
    first = store.approve(a.id)["filename"]
    store.undo(a.id)
    assert store.approve(b.id)["filename"] == first + "-2"  # a's claim is kept for a
    assert store.approve(a.id)["filename"] == first


@pytest.mark.parametrize(("headline", "message"), [
    ("   ", "headline is missing"),
    ("x" * 65, "65 characters, over the limit of 64"),
    ("Putin says “no deal", "unbalanced quotation mark"),
    ('He said "maybe', "unbalanced quotation mark"),
])
def test_invalid_headlines_are_refused(store, new_story, headline, message):
    story = new_story(1)
    store.add_stories([story])
    with pytest.raises(ValidationError, match=message):
        store.approve(story.id, headline=headline)
    assert store.get(story.id)["status"] == "new"
    assert store.get(story.id)["revision"] == 1


def test_headline_limit_is_configurable(store_path, new_story):
    store = open_store(store_path, headline_limit=10)
    story = new_story(1)
    store.add_stories([story])
    with pytest.raises(ValidationError, match="limit of 10"):
        store.approve(story.id)
    assert store.approve(story.id, headline="Short one")["status"] == "approved"


def test_unbalanced_story_needs_force_and_force_is_only_for_quotes(store, new_story):
    story = new_story(1, warnings=("unbalanced quotation mark in paragraph 2: “ never closes",),
                      unbalanced=True)
    store.add_stories([story])
    with pytest.raises(ValidationError, match="unbalanced quotation mark; check it"):
        store.approve(story.id)
    with pytest.raises(ValidationError, match="over the limit"):
        store.approve(story.id, headline="y" * 80, force=True)
    assert store.approve(story.id, force=True)["status"] == "approved"


def test_a_warning_that_only_quotes_the_word_unbalanced_does_not_block(store, new_story):
    story = new_story(1, warnings=("no speaker for the quote in paragraph 2: “An unbalanced "
                                   "budget is a crime”",))
    store.add_stories([story])
    assert store.approve(story.id)["status"] == "approved"


def test_the_flag_is_stored_with_the_copy(store, new_story):
    flagged, clean = new_story(1, unbalanced=True), new_story(2)
    store.add_stories([flagged, clean])
    assert store.get(flagged.id)["copy"]["unbalanced"] is True
    assert store.get(clean.id)["copy"]["unbalanced"] is False


def test_a_record_stored_before_the_flag_still_needs_force(store, new_story):
    """Copies written before the flag existed carry the finder's warnings as text only."""
    story = new_story(1, warnings=("unbalanced quotation mark in paragraph 2: “ never closed "
                                   "near “We are”",))
    old = new_record(story, received="2026-03-01T09:00:00+01:00", at="2026-03-01T09:00:00+01:00",
                     user="an older desk")
    del old["copy"]["unbalanced"]
    store.bulk_import([old])
    with pytest.raises(ValidationError, match="unbalanced quotation mark; check it"):
        store.approve(story.id)
    assert store.approve(story.id, force=True)["status"] == "approved"


def test_headline_that_slugs_to_nothing_is_refused(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    with pytest.raises(ValidationError, match="empty slug"):
        store.approve(story.id, headline="!!! ???")


def test_preview_slug_matches_approval(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    headline = "Erdogan presses Putin over Idlib"
    assert store.preview_slug(headline) == store.approve(story.id, headline=headline)["slug"]


def test_a_claim_left_by_a_crashed_approval_is_reused(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    # As if the process died after claiming the name but before writing the record:
    claimed = store.names.claim(story.id, FIXED_DAY, "story-number-1-makes-news")
    assert store.get(story.id)["filename"] is None
    assert store.approve(story.id)["filename"] == claimed


@pytest.mark.tinydb_only  # the store's files
def test_bulk_import_registers_the_filenames_it_brings(store, new_story, fixed_now):
    a, b = new_story(1, headline="Same words"), new_story(2, headline="Same words")
    store.add_stories([a])
    record = store.approve(a.id)
    other = Store(store.path.parent / "other.json", clock=lambda: fixed_now)
    other.bulk_import([store.get(a.id)])
    other.add_stories([b])
    assert other.approve(b.id)["filename"] == record["filename"] + "-2"


@pytest.mark.tinydb_only  # the store's files
def test_a_change_rewrites_only_its_own_partition(store, new_story):
    stories = [new_story(n) for n in range(60)]
    store.add_stories(stories)
    parts = store.path.parent / "desk.json.d" / "parts"
    before = {p.name: p.stat().st_ino for p in parts.iterdir()}
    store.set_headline(stories[0].id, "Only this one")
    after = {p.name: p.stat().st_ino for p in parts.iterdir()}
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [f"{stories[0].id[:3]}.json"]


def test_an_edit_after_approval_needs_a_fresh_approval(store, new_story):
    story = new_story(7)
    store.add_stories([story])
    first = store.approve(story.id)
    edited = store.set_headline(story.id, "A corrected headline for story seven")
    assert edited["status"] == "new"  # the old approved copy must not be exported as is
    assert edited["approved"]["headline"] == first["headline"]
    again = store.approve(story.id)
    assert again["status"] == "approved"
    assert again["approved"]["headline"] == "A corrected headline for story seven"
    assert again["filename"] == first["filename"]  # re-approval keeps the filename
    assert store.set_tags(story.id, again["tags"])["status"] == "approved"  # no change
    assert store.set_tags(story.id, ["new-tag"])["status"] == "new"
    assert store.undo(story.id)["status"] == "approved"

"""The vocabulary's shared rules: one way to clean tags and one newest-first order, used by
the store, the CLI and the desk alike."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st
from slugify import slugify

from desk.model import Record, Row, clean_tags, newest_first, split_tags, tag_slug
from desk.plain import remove_controls
from desk.store.records import INDEX_FIELDS, new_record
from desk.text.tags import suggest_tags


def test_tags_are_slugs_in_order_without_repeats():
    assert clean_tags(["Syria", " New York ", "syria", "", "Zürich"]) == \
        ["syria", "new-york", "zurich"]
    assert split_tags("Syria, New York,, syria") == ["syria", "new-york"]
    assert split_tags("") == [] and split_tags(" , ,") == []


@given(st.text(alphabet=st.sampled_from(list("aZq09_ '-")), max_size=30))
def test_a_tag_of_letters_digits_spaces_and_dashes_slugs_as_slugify_does(tag):
    """tag_slug takes such a tag (nearly every name suggest_tags ranks) on a fast path."""
    assert tag_slug(tag) == slugify(tag, lowercase=True)


def test_other_tags_slug_as_slugify_does():
    for tag in ("Zürich", "AT&amp;T", "1,000 days", "Jones’s", "\x1b[31mred", "a.b", None):
        assert tag_slug(tag) == slugify(remove_controls(tag or "")[0], lowercase=True)


def test_the_store_keeps_tags_in_the_form_the_editor_typed_them(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    typed = "Idlib, Bashar al-Assad, idlib"
    assert store.set_tags(story.id, typed.split(","))["tags"] == split_tags(typed)


def test_suggested_tags_take_the_same_form(new_story):
    story = new_story(1, paragraphs=("Bashar al-Assad met Vladimir Putin in Moscow.",
                                     "Assad and Putin spoke in Moscow."))
    suggested = suggest_tags(story.copy, story.quotes)
    assert suggested and all(tag == tag_slug(tag) for tag in suggested)
    assert split_tags(", ".join(suggested)) == list(suggested)


def test_newest_first_orders_by_received_then_file_then_id():
    rows = [{"id": "aaa", "received": "2026-03-14T09:00:00+00:00", "source": "2.txt"},
            {"id": "ccc", "received": "2026-03-13T09:00:00+00:00", "source": "0.txt"},
            {"id": "bbb", "received": "2026-03-14T09:00:00+00:00", "source": "1.txt"},
            {"id": "eee", "received": "2026-03-14T09:00:00+00:00", "source": "1.txt"},
            {"id": "ddd", "received": None}]
    assert [row["id"] for row in newest_first(rows)] == ["bbb", "eee", "aaa", "ccc", "ddd"]


def test_the_typed_row_and_record_match_what_the_store_writes(new_story, fixed_now):
    record = new_record(new_story(1), received="2026-03-14T09:00:00+01:00", at="now", user="a")
    assert INDEX_FIELDS == tuple(Row.__annotations__)
    assert set(record) == set(Record.__annotations__)


def test_store_rows_are_typed_rows(store, new_story):
    store.add_stories([new_story(1)])
    [row] = store.records()
    assert tuple(row) == tuple(Row.__annotations__)


def test_a_story_pickles_as_its_constructor_and_fields_and_comes_back_equal(new_story):
    """Stories cross from the inbox reader's workers to the desk by pickle: each model
    class goes as (class, field values), not dataclasses' per-field state (its
    __setstate__ looks the fields up on every load: twice the cost)."""
    story = new_story(7)
    assert story.quotes  # the quotes' own class goes the same way
    for value in (story, story.raw, story.copy, story.quotes[0]):
        constructor, args = value.__reduce__()
        assert constructor is type(value)
        assert constructor(*args) == value
    assert pickle.loads(pickle.dumps(story, protocol=pickle.HIGHEST_PROTOCOL)) == story

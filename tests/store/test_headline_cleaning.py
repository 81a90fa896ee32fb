"""Issue 8, point 6: a headline or tag a person gives goes through the clean copy's rule:
escapes and control characters removed, markup-like tags flagged and refused at approval
unless forced, and never slugged."""

from __future__ import annotations

import pytest

from desk import plain
from desk.store import Store, ValidationError
from desk.text import fixes

EVIL = "\x1b]0;PWNED\x07\x1b[2J Evil"
MARKUP = "[bold]Markets[/bold] rally as oil slips [red]below $70[/red]"


def test_the_clean_copy_and_a_persons_text_share_one_rule():
    assert fixes.remove_controls is plain.remove_controls
    assert plain.plain_line(EVIL) == ("Evil", ["removed 2 terminal escape codes"])
    assert plain.markup_tags(MARKUP) == ["[bold]", "[/bold]", "[red]", "[/red]"]
    assert plain.markup_tags("[UPDATE 2] Zürich café <3 a[1]") == []  # wire marks, text
    assert plain.markup_tags("<b>Markets</b> rally") == ["<b>", "</b>"]


def test_escapes_in_a_headline_never_reach_the_store(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    record = store.set_headline(story.id, EVIL)
    assert record["headline"] == "Evil"
    assert record["headline_fixes"] == ["removed 2 terminal escape codes"]
    approved = store.approve(story.id, headline="\x9b31mRed\x9b0m alert\x00 now")
    assert approved["approved"]["headline"] == "31mRed0m alert now"
    assert "\x9b" not in approved["slug"] and "\x00" not in approved["headline"]


def test_escapes_in_tags_go_whole(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    assert store.set_tags(story.id, ["\x1b]0;PWNED\x07oil", "\x1b[31mgas"])["tags"] == \
        ["oil", "gas"]


def test_markup_in_a_headline_is_flagged_refused_and_never_slugged(store, new_story):
    story = new_story(1)
    store.add_stories([story])
    record = store.set_headline(story.id, MARKUP)
    assert record["headline"] == MARKUP  # the editor sees it as typed, with the flag
    assert record["headline_fixes"] == \
        ["markup-like tags left in: [bold], [/bold], [red], [/red]"]
    with pytest.raises(ValidationError, match=r"markup-like tags \(\[bold\]"):
        store.approve(story.id)
    assert store.get(story.id)["status"] == "new"
    assert Store.preview_slug(MARKUP) == "markets-rally-as-oil-slips-below-70"
    forced = store.approve(story.id, force=True)
    assert forced["slug"] == "markets-rally-as-oil-slips-below-70"
    cleared = store.set_headline(story.id, "Markets rally as oil slips below $70")
    assert cleared["headline_fixes"] == []


def test_markup_in_an_ingested_headline_is_flagged_too(store, new_story):
    story = new_story(1, headline="<b>Markets</b> rally")
    store.add_stories([story])
    assert store.records()[0]["headline_fixes"] == ["markup-like tags left in: <b>, </b>"]
    with pytest.raises(ValidationError, match="markup-like"):
        store.approve(story.id)

"""Rich rendering of clean copy: quotes highlighted, speakers marked, text never markup."""

import pytest
from rich.console import Console

from desk.model import CleanCopy, Quote, RawStory, Story
from desk.render import (
    QUOTE_STYLE,
    body_text,
    meta_line,
    notes_text,
    plain_story,
    quotes_text,
    render_story,
    speaker_colours,
)

BODY = "“We will not back down,” the minister said. Critics called it [bold]reckless[/bold]."


def _story(body=BODY, quotes=None, warnings=(), fixes=("replaced 2 ´ with ’",)):
    raw = RawStory(id="0123456789abcdef", source="inbox/x.txt", format="text", text=body,
                   original=body)
    copy = CleanCopy(headline="[UPDATE] [bold]Markets[/bold] fall", dateline="PARIS",
                     credit="AFP", paragraphs=(body,), fixes=fixes)
    if quotes is None:
        quotes = (Quote("We will not back down,", 1, 23, "the minister", "the minister", "said"),)
    return Story(raw=raw, copy=copy, quotes=quotes, warnings=warnings)


def _plain(renderable) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def _styles_at(text, fragment):
    """The styles of the spans covering the first writing of `fragment` in `text`."""
    at = text.plain.index(fragment)
    return {str(span.style) for span in text.spans
            if span.start <= at and at + len(fragment) <= span.end}


def _colour(styles):
    [colour] = {word for style in styles for word in style.split()
                if word not in ("bold", "italic", "underline", "dim")}
    return colour


def test_the_speaker_named_beside_the_quote_is_marked_where_it_is_written():
    # “…,” the minister said: the text names the speaker, so nothing is inserted.
    quote = Quote("We will not back down,", 1, 23, "the minister", "the minister", "said", 0.9,
                  25, 37)
    text = body_text(_story(quotes=(quote,)))
    assert text.plain == BODY
    quote_styles, mention_styles = _styles_at(text, "We will"), _styles_at(text, "the minister")
    assert _colour(quote_styles) == _colour(mention_styles)  # tied by the speaker's colour
    assert any("underline" in style for style in mention_styles)
    assert not _styles_at(text, "Critics")


def _said(body, fragment, speaker, mention, confidence=0.9, *, quote="We will win,"):
    start = body.index(quote)
    at = body.index(fragment) + fragment.index(mention)
    return Quote(quote, start, start + len(quote), speaker, mention, "said", confidence,
                 at, at + len(mention))


@pytest.mark.parametrize(("body", "fragment", "mention", "shown"), [
    # a pronoun, a surname alone: the resolved name goes right after the mention
    ("“We will win,” she said.", "she said", "she", "“We will win,” she ‹Ann Lee› said."),
    ("“We will win,” Lee said.", "Lee said", "Lee", "“We will win,” Lee ‹Ann Lee› said."),
    ("In a speech she said “We will win,” and left.", "she said", "she",
     "In a speech she ‹Ann Lee› said “We will win,” and left."),
    # the full name, or more of it than the surname: named already
    ("“We will win,” Ann Lee said.", "Ann Lee", "Ann Lee", "“We will win,” Ann Lee said."),
])
def test_the_resolved_name_is_added_only_where_the_text_does_not_name_the_speaker(
        body, fragment, mention, shown):
    text = body_text(_story(body=body, quotes=(_said(body, fragment, "Ann Lee", mention),)))
    assert text.plain == shown
    assert _colour(_styles_at(text, "We will")) == _colour(_styles_at(text, mention))


def test_a_speaker_carried_from_an_earlier_paragraph_is_named_after_the_quote():
    body = "“We will win,” said Ann Lee.\n\n“And we will win again.” The crowd cheered."
    first = _said(body, "Ann Lee", "Ann Lee", "Ann Lee")
    start = body.index("And we")
    second = Quote("And we will win again.", start, start + 22, "Ann Lee", "Ann Lee", "said",
                   0.9, first.mention_start, first.mention_end)
    text = body_text(_story(body=body, quotes=(first, second)))
    assert text.plain == ("“We will win,” said Ann Lee.\n\n"
                          "“And we will win again.” ‹Ann Lee› The crowd cheered.")
    assert _colour(_styles_at(text, "And we")) == _colour(_styles_at(text, "We will"))


def test_a_mention_not_found_near_the_quote_gets_the_name_after_the_quote():
    body = "“We will win,” the crowd heard."
    quote = Quote("We will win,", 1, 13, "Ann Lee", "Ann Lee", None, 0.9)
    assert body_text(_story(body=body, quotes=(quote,))).plain == (
        "“We will win,” ‹Ann Lee› the crowd heard.")


def test_each_speaker_has_a_colour_shared_by_their_quotes_and_mentions():
    body = "“We will win,” said Ann Lee. “We will not,” said Bo Tan. “We did,” said Ann Lee."
    ann1 = _said(body, "Ann Lee", "Ann Lee", "Ann Lee")
    bo = _said(body, "Bo Tan", "Bo Tan", "Bo Tan", quote="We will not,")
    at = body.rindex("Ann Lee")
    ann2 = Quote("We did,", body.index("We did"), body.index("We did") + 7, "Ann Lee",
                 "Ann Lee", "said", 0.9, at, at + 7)
    text = body_text(_story(body=body, quotes=(ann1, bo, ann2)))
    assert text.plain == body
    ann, tan = _colour(_styles_at(text, "We will win")), _colour(_styles_at(text, "We will not"))
    assert ann != tan
    assert _colour(_styles_at(text, "We did")) == ann == _colour(_styles_at(text, "Ann Lee"))
    assert _colour(_styles_at(text, "Bo Tan")) == tan


def test_quote_without_speaker_is_flagged_but_a_scare_quote_gets_no_name():
    story = _story(quotes=(Quote("We will not back down,", 1, 23, None, None, None),))
    assert "‹speaker?›" in body_text(story).plain
    assert "speaker? — “We will not back down,”" in quotes_text(story).plain
    body = "The “reform” was passed."
    scare = _story(body=body, quotes=(Quote("reform", 5, 11, None, None, None),))
    text = body_text(scare)
    assert text.plain == body
    assert _styles_at(text, "reform") == {QUOTE_STYLE}


def test_the_marks_can_be_turned_off():
    quote = Quote("We will win,", 1, 13, "Ann Lee", "she", "said", 0.9, 15, 18)
    story = _story(body="“We will win,” she said.", quotes=(quote,))
    assert body_text(story).plain == "“We will win,” she ‹Ann Lee› said."
    plain = body_text(story, marks=False)
    assert plain.plain == "“We will win,” she said." and not plain.spans


def test_story_text_is_never_markup():
    out = _plain(render_story(_story()))
    assert "[UPDATE] [bold]Markets[/bold] fall" in out
    assert "[bold]reckless[/bold]" in out


def test_meta_line_and_notes():
    story = _story(warnings=("unbalanced quotation mark in paragraph 2",))
    assert meta_line(story).plain == "PARIS · AFP · 12 words · 1 quote · 1 warning"
    notes = notes_text(story).plain
    assert notes.index("unbalanced") < notes.index("replaced 2 ´ with ’")


def test_stale_offsets_never_crash():
    story = _story(quotes=(Quote("x", 500, 600, "A", "A", "said"),))
    assert body_text(story).plain == BODY


def test_touching_quotes_keep_their_own_marks():
    body = "Tom said “yes”“no way” to it."
    quotes = (Quote("yes", 10, 13, "Tom", "Tom", "said", 0.9, 0, 3),
              Quote("no way", 15, 21, "Tom", "Tom", "said", 0.9, 0, 3))
    text = body_text(_story(body=body, quotes=quotes))
    assert text.plain == body
    assert _styles_at(text, "yes”“") == set()  # the marks themselves are not the quote


def test_a_speaker_the_engine_is_unsure_of_is_dimmed_and_asked_in_both_places():
    sure = Quote("We will not back down,", 1, 23, "the minister", "the minister", "said", 0.9,
                 25, 37)
    unsure = Quote("We will not back down,", 1, 23, "the minister", "the minister", "said", 0.3,
                   25, 37)
    assert body_text(_story(quotes=(sure,))).plain == BODY
    assert not any("dim" in style for style in _styles_at(body_text(_story(quotes=(sure,))),
                                                          "the minister"))
    body, panel = body_text(_story(quotes=(unsure,))), quotes_text(_story(quotes=(unsure,)))
    # named beside the quote: a dimmed question mark after the mention asks
    assert body.plain.startswith("“We will not back down,” the minister‹?› said.")
    assert panel.plain.startswith("the minister? (30%) — “We will not back down,”")
    for text in (body, panel):
        assert all("dim" in style for style in _styles_at(text, "the minister"))
    assert all("dim" in style for style in _styles_at(body, "We will not"))
    pronoun = Quote("We will win,", 1, 13, "Ann Lee", "she", "said", 0.3, 15, 18)
    assert body_text(_story(body="“We will win,” she said.", quotes=(pronoun,))).plain == (
        "“We will win,” she ‹Ann Lee?› said.")


@pytest.mark.parametrize(("body", "quote", "shown"), [
    ('He said "we will win" today.', "we will win", '"we will win"'),
    ("He said ‘we will win’ today.", "we will win", "‘we will win’"),
    ("He said ``we will win'' today.", "we will win", "``we will win''"),
    ("He said «we will win» today.", "we will win", "«we will win»"),
    ("He said “we will win and left.", "we will win and left.", "“we will win and left."),
    ("He said “ we will win ” today.", "we will win", "“ we will win ”"),
])
def test_the_quotes_panel_keeps_the_copys_own_marks(body, quote, shown):
    start = body.index(quote)
    story = _story(body=body, quotes=(Quote(quote, start, start + len(quote), "He", "He",
                                            "said", 0.9, 0, 2),))
    assert quotes_text(story).plain == f"He — {shown}"


def test_a_straight_mark_opening_the_next_quote_is_not_this_ones_closing_mark():
    body = 'He said "we will win. "And soon," he added.'
    first = Quote("we will win.", 9, 21, "He", "He", "said", 0.9, 0, 2)
    second = Quote("And soon,", 23, 32, "He", "He", "said", 0.9, 0, 2)
    panel = quotes_text(_story(body=body, quotes=(first, second))).plain
    assert panel == 'He — "we will win.\nHe — "And soon,"'


def test_one_person_named_more_and_less_fully_keeps_one_colour():
    quotes = (Quote("a", 0, 1, "Cal Fire battalion chief Dana Whitfield", "x", "said", 0.9),
              Quote("b", 2, 3, "chief Dana Whitfield", "x", "said", 0.9),
              Quote("c", 4, 5, "Whitfield", "x", "said", 0.9),
              Quote("d", 6, 7, "Dana Lee", "x", "said", 0.9))
    colours = speaker_colours(quotes)
    assert colours["chief Dana Whitfield"] == colours["Cal Fire battalion chief Dana Whitfield"]
    assert len({colours["Whitfield"], colours["Dana Lee"], colours["chief Dana Whitfield"]}) == 3


def test_the_plain_story_reads_word_for_word_as_the_styled_one():
    """`desk inspect` into a pipe writes the story unstyled: the same text, mark for mark,
    on the seed stories, a story with controls in its copy, and stale offsets."""
    from pathlib import Path

    from desk.text.pipeline import load_stories

    stories = [story for path in sorted((Path(__file__).resolve().parents[2] / "stories")
                                        .iterdir())
               for story in load_stories(path, lambda problem: None)]
    stories += [_story(body="“Stop\x07 it,” he said.\x1b[1m Then “go”, she added.",
                       quotes=(Quote("Stop\x07 it,", 1, 10, "Ann Lee", "he", "said"),
                               Quote("go", 38, 40, None, None, None))),
                _story(quotes=(Quote("We will", 1, 500, "Ann Lee", "she", "said", 0.3),))]
    assert any(story.quotes for story in stories)
    for story in stories:
        styled = "".join(f"{part.plain}\n" for part in render_story(story).renderables)
        assert plain_story(story) == styled, story.raw.source


def test_a_fix_or_warning_kept_with_a_control_character_shows_it_written_out():
    """A store written before the cleaner wrote controls out may hold a fix quoting an
    escape: the notes never hand it to the terminal."""
    story = _story(warnings=("odd \x1b]0;title\x07 mark",),
                   fixes=("fixed mojibake in 2 words (\x1b[31mred -> red)",))
    notes = notes_text(story).plain
    assert "\\x1b[31mred" in notes and "\\x1b]0;title\\x07" in notes
    assert "\x1b" not in notes and "\x07" not in notes
    assert "\x1b" not in plain_story(story)

"""Rich rendering of clean copy: quotes highlighted, speakers marked, text never markup."""

from rich.console import Console

from desk.model import CleanCopy, Quote, RawStory, Story
from desk.render import (
    QUOTE_STYLE,
    UNSURE_SPEAKER_STYLE,
    body_text,
    meta_line,
    notes_text,
    quotes_text,
    render_story,
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


def test_quote_is_highlighted_and_speaker_marked_after_closing_mark():
    text = body_text(_story())
    assert text.plain.startswith("“We will not back down,” ‹the minister› the minister said.")
    spans = [(s.start, s.end) for s in text.spans if s.style == QUOTE_STYLE]
    assert spans == [(1, 23)]


def test_quote_without_speaker_is_flagged():
    story = _story(quotes=(Quote("We will not back down,", 1, 23, None, None, None),))
    assert "‹speaker?›" in body_text(story).plain
    assert "speaker? — “We will not back down,”" in quotes_text(story).plain


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
    quotes = (Quote("yes", 10, 13, "Tom", "Tom", "said"),
              Quote("no way", 15, 21, "Tom", "Tom", "said"))
    assert body_text(_story(body=body, quotes=quotes)).plain == (
        "Tom said “yes” ‹Tom›“no way” ‹Tom› to it.")


def test_a_speaker_the_engine_is_unsure_of_is_dimmed_and_asked_in_both_places():
    sure = Quote("We will not back down,", 1, 23, "the minister", "the minister", "said", 0.9)
    unsure = Quote("We will not back down,", 1, 23, "the minister", "the minister", "said", 0.3)
    assert "‹the minister›" in body_text(_story(quotes=(sure,))).plain
    body, panel = body_text(_story(quotes=(unsure,))), quotes_text(_story(quotes=(unsure,)))
    assert "‹the minister?›" in body.plain
    assert panel.plain.startswith("the minister? (30%) — “We will not back down,”")
    for text in (body, panel):
        [style] = {str(s.style) for s in text.spans if "minister" in text.plain[s.start:s.end]}
        assert style == UNSURE_SPEAKER_STYLE and "dim" in style

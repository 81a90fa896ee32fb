"""Properties of cleaning: it never raises, and cleaning clean copy changes nothing."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desk.text.clean import clean, copy_to_text
from desk.text.ingest import story_from_text

# Pieces of real wire trouble, so generated stories hit every rule, not only random noise.
FRAGMENTS = [
    "ANKARA ", "WASHINGTON (Reuters) - ", "Paris, Feb 21 (AFP) \u2013 ", "Washington (AFP) \u2013 ",
    "LONDON, March 3 (AP) \u2014 ", "SPRINGFIELD \u2014 ", "(Reuters) - ", "NEW YORK - ",
    "\u2014AFP", " - Reuters", " (AP)", "\u2014 The Springfield Courier", "AFP", "\u2014",
    "Previous articleGold hits new high", "Next article", "Read more", "Share this",
    "Copyright 2024 AFP", "(Reporting by A B; Editing by C D)", "Related:",
    "\u201cWe will not stop,\u201d he said.", "\u201cOpen quote", "close\u201d", '"', "\u2019",
    "\u2018", "\u00ab", "\u00bb", "regime\u00b4s", "Qatar`s", "alAssad", "elSisi", "ElBaradei",
    "donâ€™t", "Caf\u00c3\u00a9", "â€œ", "\x1b[31m", "\x1b]0;title\x07", "\x07", "\x00",
    "\u200b", "\ufeff",
    "Mr.", "U.S.", "Jan.", "Dr. Smith", "e\u0301", "\u00a0", "\t", "The minister said",
    "it would go ahead.", "Turkish President Erdogan", "Sentence.", "Why?", "Yes!", "5.",
    "[UPDATE]", "[bold]x[/bold]", " ", " ", " ",
    "FLASH: ", "URGENT-", "UPDATE 1-", "CORRECTED-", "(ADDS quotes)", "(Adds details)",
    "Eds: UPDATES with toll", " - adds toll", "(This story corrects a name)", "BULLETIN - ",
]
SEPARATORS = [" ", " ", "\n", "\n\n", "\r\n", "\n\n\n", ""]

stories = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(SEPARATORS),
        st.text(max_size=12),
        st.just(" ".join(["word"] * 29)),  # near the headline and blob limits
        st.just(" ".join(f"Point {n} is made." for n in range(40))),
    ),
    max_size=40,
).map("".join)

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_fixed_point(text: str) -> None:
    copy = clean(story_from_text(text))
    again = clean(story_from_text(copy_to_text(copy)))
    assert (again.headline, again.dateline, again.credit, again.paragraphs) == (
        copy.headline, copy.dateline, copy.credit, copy.paragraphs
    )
    assert again.fixes == ()


@SETTINGS
@given(st.text())
def test_any_text_cleans_to_a_fixed_point(text):
    assert_fixed_point(text)


@SETTINGS
@given(stories)
# One long paragraph split in four: its last piece, alone, shows ftfy a mojibake (mac_roman
# "ŒÖ") that the whole line, mended all in one, did not.
@example("\x80Â\x80" + " ".join(f"Point {n} is made." for n in range(40)) + "\x8cÖ")
@example("ANKARA \n(Reuters) - (ADDS quotes)")  # a wire note that stands alone past the dateline
@example("ANKARA \n (AP)Previous articleGold hits new high")  # and navigation
def test_wire_like_text_cleans_to_a_fixed_point(text):
    assert_fixed_point(text)


@SETTINGS
@given(stories)
def test_clean_copy_has_no_blank_or_multiline_paragraphs(text):
    copy = clean(story_from_text(text))
    assert "\n" not in copy.headline
    for paragraph in copy.paragraphs:
        assert paragraph and paragraph == " ".join(paragraph.split())


@SETTINGS
@given(stories)
@example("Headline \x1b[31mred donâ€™t\n\nBody.")
def test_no_control_character_in_the_copy_or_in_what_its_fixes_say(text):
    """Whatever the file held, the clean copy and every line describing its fixes reach
    the editor's terminal and the exports: none holds a control character."""
    copy = clean(story_from_text(text))
    for line in (copy.headline, copy.dateline or "", copy.credit or "", *copy.paragraphs,
                 *copy.fixes):
        assert not any(unicodedata.category(char) == "Cc" for char in line), repr(line)

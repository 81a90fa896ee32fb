"""desk.plain's control check reads ASCII and Latin-1 text as bytes and searches the
rest: each way finds exactly what the one regex over every control character finds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from desk import plain

LATIN1 = st.characters(max_codepoint=0xFF)
WIDE = st.sampled_from(["\u200b", "\u2060", "\ufeff", "\u2028", "\u2029", "\u201c", "\u2014"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(LATIN1, WIDE), max_size=30) | st.text(LATIN1, max_size=30))
def test_controls_are_found_as_the_regex_finds_them(text):
    assert plain._has_controls(text) == bool(plain._ANY_CONTROL.search(text))

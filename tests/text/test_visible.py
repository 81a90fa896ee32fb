"""The original text view must never send control characters to the terminal."""

from hypothesis import given
from hypothesis import strategies as st

from desk.text.visible import visible_controls


def test_escape_codes_become_glyphs():
    assert visible_controls("\x1b[1mCAIRO\x1b[0m\r\n\tok\x00\x7f\x9b") == (
        "␛[1mCAIRO␛[0m␍\n\tok␀␡\ufffd"
    )


@given(st.text())
def test_no_control_character_survives_but_newline_and_tab(text):
    shown = visible_controls(text)
    assert len(shown) == len(text)
    assert all(ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) for ch in shown)

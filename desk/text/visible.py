"""Control characters made visible: the original inbox text is shown as received, but an
ESC or a NUL must reach the screen as a glyph, never as a command to the terminal."""

from __future__ import annotations

# C0 controls (bar newline and tab) and DEL -> their Unicode "control picture" glyphs.
_PICTURES = {code: 0x2400 + code for code in range(32) if chr(code) not in "\n\t"}
_PICTURES[0x7F] = 0x2421
# C1 controls (U+0080-U+009F) include CSI (U+009B), which some terminals obey as ESC [.
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})


def visible_controls(text: str) -> str:
    """`text` with every control character but newline and tab replaced by a glyph."""
    return text.translate(_PICTURES)


def one_line(text: str) -> str:
    """`text` on one line: newlines and other invisible characters (an escape in a file's
    name, a byte that is not UTF-8) written as Python escapes, so they cannot repaint the
    user's screen or break a UTF-8 terminal."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)

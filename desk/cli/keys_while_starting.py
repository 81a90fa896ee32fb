"""Keys typed while the desk starts reach it as typed.

Until Textual takes the terminal (some tenths of a second after `desk` is run: Python,
then the desk's imports), the terminal is in line mode, and its line editing acts on what
is typed meanwhile: `ctrl+u` wipes the line (`je` lost, so the headline typed next reaches
the desk as commands, its `a` an approval), `enter` arrives as `ctrl+j`, and every key is
echoed over the shell's screen. The desk takes the terminal first thing, as Textual would,
and gives it back as it found it (Textual gives back what it found, which is this). Keys
typed before even that still meet the line mode: no program can help those.

`ctrl+c` keeps stopping a desk that has not started (Textual makes it a key later)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import termios
except ImportError:  # (no terminals of this kind: nothing to do)
    termios = None

_LFLAG, _IFLAG, _CC = 3, 0, 6  # termios.tcgetattr's list: lflag, iflag, control characters


@contextmanager
def keys_as_typed(fd: int) -> Iterator[None]:
    """Within: the terminal at `fd` (if it is one) hands over each key as typed, unechoed,
    `enter` as `enter`; afterwards, its settings as before."""
    before = _settings(fd)
    if before is None:
        yield
        return
    now = [*before[:_CC], list(before[_CC])]
    now[_LFLAG] &= ~(termios.ICANON | termios.ECHO | termios.IEXTEN)
    # Enter is CR; as Textual has it: no CR-to-NL, and ctrl+s / ctrl+q are keys.
    now[_IFLAG] &= ~(termios.ICRNL | termios.INLCR | termios.IGNCR | termios.IXON
                     | termios.IXOFF)
    now[_CC][termios.VMIN], now[_CC][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSANOW, now)
    try:
        yield
    finally:
        try:
            termios.tcsetattr(fd, termios.TCSADRAIN, before)
        except termios.error:  # the terminal went away (a closed SSH session)
            pass


def _settings(fd: int) -> list | None:
    if termios is None or not os.isatty(fd):
        return None
    try:
        return termios.tcgetattr(fd)
    except termios.error:
        return None

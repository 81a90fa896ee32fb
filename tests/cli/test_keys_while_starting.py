"""Keys typed while the desk starts reach it as typed (`desk`, then `je`, `ctrl+u`, a
headline, `enter` at once). Until the desk's screen library takes the terminal, the
terminal is in line mode: `ctrl+u` would wipe `je` from the line, so the headline's
letters would reach the desk as commands (its `a` an approval), and `enter` would come as
`ctrl+j`. The desk takes the terminal as it starts, and gives it back as it found it."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import termios

import pytest

from desk.cli.keys_while_starting import keys_as_typed

# The desk run with Textual's part stood in for: how the terminal is as it would start.
AS_THE_DESK_STARTS = """
import termios, desk.tui.app
def run_app(settings):
    print("line mode" if termios.tcgetattr(0)[3] & termios.ICANON else "keys as typed")
    return 0
desk.tui.app.run_app = run_app
from desk.cli.main import main
main(["--store", {store!r}, "--inbox", {inbox!r}])
print("line mode" if termios.tcgetattr(0)[3] & termios.ICANON else "keys as typed")
"""


@pytest.fixture
def terminal():
    leader, follower = pty.openpty()
    yield leader, follower
    os.close(leader)
    os.close(follower)


def typed(leader: int, follower: int, keys: bytes) -> bytes:
    os.write(leader, keys)
    got = b""
    while select.select([follower], [], [], 0.5)[0]:
        got += os.read(follower, 1024)
    return got


def test_keys_typed_while_starting_come_as_typed(terminal):
    leader, follower = terminal
    with keys_as_typed(follower):
        assert typed(leader, follower, b"je\x15Early bird\ra") == b"je\x15Early bird\ra"


def test_the_terminal_is_given_back_as_it_was(terminal):
    leader, follower = terminal
    before = termios.tcgetattr(follower)
    with keys_as_typed(follower):
        assert termios.tcgetattr(follower) != before
    assert termios.tcgetattr(follower) == before
    assert typed(leader, follower, b"je\x15ab\r") == b"ab\n"  # line mode again


def test_ctrl_c_still_stops_a_desk_that_has_not_started(terminal):
    _, follower = terminal
    with keys_as_typed(follower):
        assert termios.tcgetattr(follower)[3] & termios.ISIG


def test_no_terminal_no_change(tmp_path):
    with open(tmp_path / "keys", "w") as file, keys_as_typed(file.fileno()):
        pass


def test_the_desk_takes_the_terminal_before_textual_and_gives_it_back(terminal, tmp_path,
                                                                       desk_cmd):
    leader, follower = terminal
    _, env = desk_cmd
    script = AS_THE_DESK_STARTS.format(store=str(tmp_path / "desk.json"),
                                       inbox=str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", script], stdin=follower,
                             stdout=follower, stderr=follower, env=env)
    assert child.wait(timeout=120) == 0
    said = b""
    while select.select([leader], [], [], 0.5)[0]:
        said += os.read(leader, 4096)
    assert said.split() == [b"keys", b"as", b"typed", b"line", b"mode"], said

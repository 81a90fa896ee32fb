"""SVG snapshots of the desk: main screen wide and at 80x24, the headline editor, help.

Deterministic: our own inbox with fixed received times, local time pinned to UTC, no
inbox watch, and the input cursor not blinking when the picture is taken.
"""

from __future__ import annotations

from pilot_helpers import ready, until
from textual.widgets import Input

from desk.tui.screens.headline import HeadlineScreen
from desk.tui.screens.help import HelpScreen
from desk.tui.widgets.preview import Preview


async def _on_idlib(pilot) -> None:
    await ready(pilot)
    await pilot.press("j")
    await until(pilot, lambda: "seriously" in pilot.app.desk.query_one(Preview).text.plain)


def test_main_screen_wide(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_on_idlib)


def test_main_screen_80x24(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_on_idlib)


def test_main_screen_200x50(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(200, 50), run_before=_on_idlib)


def test_headline_editor(snap_compare, make_app):
    async def open_editor(pilot) -> None:
        await _on_idlib(pilot)
        await pilot.press("e", "ctrl+u", *"Erdogan presses Putin over Idlib")
        await until(pilot, lambda: isinstance(pilot.app.screen, HeadlineScreen))
        pilot.app.screen.query_one(Input).cursor_blink = False

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=open_editor)


def test_help(snap_compare, make_app):
    async def open_help(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=open_help)

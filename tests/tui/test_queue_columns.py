"""The queue's columns and the footer at every size: urgent and updated said once, in the
labelled flags column; the flags whole beside a scrollbar, and no row lost to a sideways
one; the footer keeps the keys that matter most when it is short of room, and `?` always."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pilot_helpers import ready, screen_text, until, write_story

from desk.tui.widgets.queue import flags, version_marks

ROW = {"id": "a1", "warning_count": 1, "urgency": 2, "updated": True, "versions": 2,
       "copies": 1}


def test_urgent_and_updated_are_flags_not_headline_marks():
    assert flags(ROW, marked=True) == "!▲2u*"
    assert flags({**ROW, "warning_count": 0, "urgency": 5, "updated": False},
                 marked=False) == "     "
    assert version_marks(ROW) == "v2 +1 copy "


def crowd(inbox, count: int = 12) -> None:
    """More stories than an 80x24 queue shows, so its scrollbar is there."""
    for number in range(count):
        write_story(inbox, f"brief{number:02}.txt",
                    f"Brief number {number} from the wire\n\nOSLO (AP) - Brief {number}.\n",
                    datetime(2026, 2, 19, number, tzinfo=UTC))


async def test_beside_the_scrollbar_the_flags_stay_whole_and_no_row_is_lost(make_app, inbox):
    crowd(inbox)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: len(app.desk.queue.rows) == 15)
        await pilot.press("space")
        queue = app.desk.queue
        assert queue.show_vertical_scrollbar
        lines = screen_text(app).splitlines()
        assert lines[0].rstrip().endswith("Words Flags")
        assert lines[1][:79].rstrip().endswith("*")  # the mark, left of the scrollbar
        # The rows are drawn to the queue's width: it never scrolls sideways, so no
        # horizontal scrollbar takes the last row's line.
        assert not queue.show_horizontal_scrollbar
        last = lines[queue.region.bottom - 1]
        assert queue.rows[queue.region.height - 2]["headline"][:20] in last


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_footer_keeps_the_keys_that_matter_and_help(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        footer = screen_text(app).splitlines()[-1]
        for key in ("a Approve", "s Spike", "x Export", "^q Quit", "? Help", "/ Filter",
                    "e Headline", "u Undo"):
            assert key in footer, (key, footer)
        if size[0] >= 120:
            assert "⏎ Read" in footer and "^p palette" in footer


async def test_help_shows_at_40_columns(make_app):
    app = make_app()
    async with app.run_test(size=(40, 20)) as pilot:
        await ready(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer and "a Approve" in footer

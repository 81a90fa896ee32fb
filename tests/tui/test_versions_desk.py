"""Versions and urgency in the desk: a correction landing in the inbox of an open desk marks
the approved story `updated` and sends it back to the queue; urgent stories lead the new ones
(U switches it), flagged in the queue and counted in the status line."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from pilot_helpers import IDLIB, ready, screen_text, until, write_story

from desk.store import Store


def row_of(app, fragment: str) -> dict:
    return next(row for row in app.desk.all_rows if fragment in row["headline"])


async def test_a_correction_dropped_into_the_inbox_marks_the_approved_story_updated(
        make_app, settings, inbox):
    app = make_app(watch_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        idlib = row_of(app, "Idlib")
        Store(settings.store).approve(idlib["id"])
        await until(pilot, lambda: row_of(app, "Idlib")["status"] == "approved")
        corrected = "CORRECTED-" + IDLIB.replace("seriously concerned", "deeply concerned")
        path = inbox / "idlib-corrected.txt"
        path.write_text(corrected, encoding="utf-8")
        stamp = path.stat().st_mtime - 5  # landed whole
        os.utime(path, (stamp, stamp))
        await until(pilot, lambda: row_of(app, "Idlib").get("updated"))
        row = row_of(app, "Idlib")
        assert (row["status"], row["versions"], len(app.desk.all_rows)) == ("new", 2, 3)
        record = Store(settings.store).get(row["id"])
        assert record["arrived_as"] == "update" and record["update"] == "CORRECTED"
        assert record["approved"]["body"] != "\n\n".join(record["copy"]["paragraphs"])
        await until(pilot, lambda: "v2 Erdogan" in screen_text(app))
        assert "updated" not in app.desk.queue.line_text(0)  # said once: the flag `u`
        assert app.desk.queue.line_text(0).rstrip().endswith("u")


async def test_urgent_stories_lead_the_new_ones_flagged_and_counted(make_app, inbox):
    write_story(inbox, "flash.txt", "FLASH: Quake hits Lima\n\nLIMA (Reuters) - A strong "
                "earthquake struck the Peruvian capital on Sunday, witnesses said.\n",
                datetime(2026, 2, 20, 9, 0, tzinfo=UTC))  # the oldest story
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.desk.queue.rows[0]["headline"] == "Quake hits Lima"
        assert "RTRS   Quake hits Lima" in app.desk.queue.line_text(0)  # Reuters, short
        assert app.desk.queue.line_text(0).rstrip().endswith("▲1")  # the flags column
        assert app.desk.queue.line_text(0).count("▲") == 1  # and only there
        assert "1 urgent" in app.desk.status_line.render().plain
        await pilot.press("U")
        await until(pilot, lambda: app.desk.queue.rows[-1]["headline"] == "Quake hits Lima")
        await pilot.press("U", "slash", *"urgent")
        await until(pilot, lambda: len(app.desk.queue.rows) == 1)
        assert app.desk.queue.rows[0]["headline"] == "Quake hits Lima"


async def land_update(pilot, app, inbox) -> None:
    """An update of the Idlib story lands whole in the inbox; the cursor goes to it."""
    path = inbox / "idlib-update.txt"
    path.write_text("UPDATE 1-" + IDLIB.replace("Friday", "Saturday"), encoding="utf-8")
    stamp = path.stat().st_mtime - 5
    os.utime(path, (stamp, stamp))
    await until(pilot, lambda: row_of(app, "Idlib").get("updated"))
    app.desk.queue.move_to(app.desk.queue.rows.index(row_of(app, "Idlib")))


async def test_the_version_view_and_the_warning_before_approving_an_updated_story(
        make_app, settings, inbox):
    from desk.tui.screens.lines import LinesScreen

    app = make_app(watch_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await land_update(pilot, app, inbox)
        await pilot.press("a")  # a newer version arrived since the editor looked: warned
        await until(pilot, lambda: "a newer version of this story arrived" in screen_text(app))
        assert row_of(app, "Idlib")["status"] == "new"
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, LinesScreen))
        text = screen_text(app)
        assert "v1" in text and "v2 (latest)" in text and "update [UPDATE 1]" in text
        assert "idlib-update.txt" in text and "Saturday" in text
        await pilot.press("escape")
        await until(pilot, lambda: not row_of(app, "Idlib").get("updated"))  # seen
        await pilot.press("a")  # seen: approves at once
        await until(pilot, lambda: row_of(app, "Idlib")["status"] == "approved")


async def test_a_second_a_approves_the_updated_story(make_app, inbox):
    app = make_app(watch_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await land_update(pilot, app, inbox)
        await pilot.press("a")
        await until(pilot, lambda: "a newer version" in screen_text(app))
        await pilot.press("a")
        await until(pilot, lambda: row_of(app, "Idlib")["status"] == "approved")
        assert not row_of(app, "Idlib").get("updated")

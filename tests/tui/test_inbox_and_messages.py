"""The desk lists the inbox files it does not read and why (`f`), reads a file only once
it has held still, takes a rewritten file as a new version of its story, and says the
outcome of every action, whole in the message log (`l`) (issue 8, points 4, 5, 9, 10)."""

from __future__ import annotations

import dataclasses
import os

from pilot_helpers import ready, screen_text, until

from desk.store import Store
from desk.tui.screens.lines import LinesScreen


async def test_skipped_files_are_listed_with_their_reasons(make_app, inbox):
    (inbox / "NOTES").write_text("no extension", encoding="utf-8")
    (inbox / "etc").symlink_to("/etc")
    (inbox / "p.txt").symlink_to("/etc/passwd")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert len(app.desk.queue.rows) == 3  # /etc/passwd never became a story
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, LinesScreen))
        text = screen_text(app)
        assert "Skipped inbox files (3)" in text
        assert "NOTES: no extension" in text
        assert "etc: a link leading out of the inbox (to /etc)" in text
        assert "p.txt: a link leading out of the inbox (to /etc/passwd)" in text
        await pilot.press("escape")
        await until(pilot, lambda: "3 inbox file(s) not read" in screen_text(app))


# A story of its own (a copy of one in the inbox would be a version of that one).
LATE = ("Late wire: ferry fares rise on the fjord routes\n\n"
        "BERGEN (AP) - The ferry company serving the fjord villages north of Bergen said on "
        "Monday that fares would rise by a tenth from March, the second rise in a year.\n\n"
        "Village councils said the rise would hurt commuters and small shops, and asked the "
        "county to pay for a discount card for people who cross every day.\n")


async def test_a_half_written_file_waits_and_a_rewritten_one_updates_its_story(
        make_app, settings, inbox):
    app = make_app(settings=dataclasses.replace(settings, settle=0.3), watch_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        half = inbox / "late.txt"
        half.write_text(LATE[:200], encoding="utf-8")
        await pilot.pause(0.15)
        assert len(app.desk.all_rows) == 3  # still being written: not read yet
        await until(pilot, lambda: len(app.desk.all_rows) == 4)
        half.write_text(LATE, encoding="utf-8")
        stamp = half.stat().st_mtime - 5  # held still long enough
        os.utime(half, (stamp, stamp))
        await until(pilot, lambda: "now holds the new text" in screen_text(app))
        rows = Store(settings.store).records()
        assert len(rows) == 4  # one story, not a second one
        [late] = [row for row in rows if row["source"] == str(half)]
        assert late["revision"] == 2 and late["word_count"] > 30
        app.desk.queue.move_to(next(index for index, row in enumerate(app.desk.queue.rows)
                                    if row["id"] == late["id"]))
        await until(pilot, lambda: "discount card" in screen_text(app))


async def test_every_action_says_its_outcome_and_the_log_keeps_it_whole(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("j", "e", "ctrl+u", *"Erdogan presses Putin over Idlib", "enter")
        await until(pilot, lambda: "headline saved: Erdogan presses Putin over Idlib"
                    in app.desk.status_line.render().plain)
        await pilot.press("t", "escape")
        await until(pilot, lambda: "tags edit cancelled" in app.desk.status_line.render().plain)
        await pilot.press("a")
        await until(pilot, lambda: "approved →" in app.desk.status_line.render().plain)
        line = app.desk.status_line.render().plain
        assert line.endswith("…") and len(line) <= 80  # shortened, at a word or a path
        assert "approved → " in line and not line.endswith("→ …")
        full = app.session.messages[-1]
        assert full.endswith("-erdogan-presses-putin-over-idlib: Erdogan presses Putin "
                             "over Idlib")
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LinesScreen))
        assert "headline saved: Erdogan presses Putin over Idlib" in screen_text(app)

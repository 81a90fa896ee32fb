"""The queue's ages move on with the clock while the desk stays open (an editor keeps it
open all shift): a row painted at `5m` says `2h` two hours on, though nothing else about
it changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pilot_helpers import ready, screen_text, until, write_story

import desk.tui.widgets.queue as queue_module
from desk.tui.widgets.queue import QueueTable


async def test_the_ages_move_on_while_the_desk_is_open(make_app, inbox, monkeypatch):
    write_story(inbox, "fresh.txt", "Fresh copy off the wire\n\nOSLO (AP) - Fresh.\n",
                datetime.now(UTC) - timedelta(minutes=5))
    monkeypatch.setattr(QueueTable, "AGE_EVERY", 0.05)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)

        def fresh_line() -> str:
            return next(line for line in screen_text(app).splitlines()
                        if "Fresh copy off" in line)

        assert fresh_line().split()[1] == "5m"

        class TwoHoursOn(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime.now(tz) + timedelta(hours=2)

        monkeypatch.setattr(queue_module, "datetime", TwoHoursOn)
        await until(pilot, lambda: fresh_line().split()[1] == "2h")

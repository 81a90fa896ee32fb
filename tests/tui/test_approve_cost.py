"""An approval at 100,000 stories (issue 12): its cost follows the story, not the desk. It
reads the story's partition once (no second read to look for exports to take back when
the story has none), the watch does not bring the desk's own change back to repaint, and
the screen hears of the cursor's new place once, not of the approved row first."""

from __future__ import annotations

from pilot_helpers import ready

import desk.store.files as files_module
from desk.tui.session import DeskSession
from desk.tui.widgets.queue import QueueTable


def count_partition_reads(monkeypatch) -> list[str]:
    read: list[str] = []
    real = files_module.read_tables_stat

    def counting(path):
        if path.parent.name == "parts":
            read.append(path.name)
        return real(path)

    monkeypatch.setattr(files_module, "read_tables_stat", counting)
    return read


def test_an_approval_reads_its_partition_once(settings, monkeypatch):
    session = DeskSession(settings)
    for _ in session.ingest(session.unread_files(print), print):
        pass
    row = next(row for row in session.rows() if row["headline"].startswith("Harbour"))
    read = count_partition_reads(monkeypatch)
    outcome = session.change(lambda store: store.approve(row["id"],
                                                         base_revision=row["revision"]))
    assert outcome.record["status"] == "approved"
    assert read == [f"{row['id'][:3]}.json"]


async def test_the_watch_does_not_bring_back_the_desks_own_change(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        queue = app.desk.queue
        queue.move_to(next(index for index, row in enumerate(queue.rows)
                           if row["headline"].startswith("Harbour")))
        story_id = queue.current["id"]
        await pilot.press("a")
        assert next(row for row in queue.rows if row["id"] == story_id)["status"] == "approved"
        updated: list[str] = []
        real = QueueTable.update_row
        monkeypatch.setattr(QueueTable, "update_row",
                            lambda queue, row: (updated.append(row["id"]), real(queue, row)))
        shown = list(app.desk.queue.rows)
        app.desk._watch_once()  # what a tick of the watch does, on this thread
        await pilot.pause()
        assert updated == []
        assert app.desk.queue.rows == shown


async def test_an_approval_announces_the_cursor_once(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        queue = app.desk.queue
        at = next(index for index, row in enumerate(queue.rows)
                  if row["headline"].startswith("Harbour"))
        approved = queue.rows[at]["id"]
        queue.move_to(at)
        await pilot.pause()
        heard: list[str | None] = []
        screen = type(app.desk)
        real = screen.on_queue_table_highlighted
        monkeypatch.setattr(screen, "on_queue_table_highlighted", lambda desk, event: (
            heard.append(event.row and event.row["id"]), real(desk, event)))
        await pilot.press("a")
        assert next(row for row in queue.rows if row["id"] == approved)["status"] == "approved"
        assert queue.current["id"] != approved  # on to the next story needing a decision
        assert heard == [queue.current["id"]]  # the approved row's own change went unheard

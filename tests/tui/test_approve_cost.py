"""An approval at 100,000 stories (issue 12): its cost follows the story, not the desk. It
reads the story's partition once (no second read to look for exports to take back when
the story has none), the watch does not bring the desk's own change back to repaint, and
the story it advances to was read ahead while the editor read the one approved."""

from __future__ import annotations

import threading

from pilot_helpers import ready, until

import desk.store.files as files_module
from desk.tui.session import DeskSession
from desk.tui.widgets.preview import Preview
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


async def test_the_story_after_the_one_shown_is_read_ahead(make_app, monkeypatch):
    """While the preview shows a story, the next one's inbox file is read on a worker, so
    the advance after an approval (or j) shows it without reading a file on the keys'
    thread."""
    reads: list[tuple[str, bool]] = []  # (story id, read on the keys' thread)
    real = DeskSession.load_story

    def recording(session, row):
        reads.append((row["id"], threading.current_thread() is threading.main_thread()))
        return real(session, row)

    monkeypatch.setattr(DeskSession, "load_story", recording)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        queue = app.desk.queue
        queue.move_to(next(index for index, row in enumerate(queue.rows)
                           if row["headline"].startswith("Erdogan")))
        following = queue.rows[queue.cursor + 1]
        await until(pilot, lambda: (following["id"], False) in reads)
        reads.clear()
        await pilot.press("a")
        preview = app.desk.query_one(Preview)
        await until(pilot, lambda: following["headline"] in preview.text.plain
                    and "loading" not in preview.text.plain)
        assert reads == []  # nothing read again, on any thread

"""The desk: queue, preview and quotes panel, the filter line and the status line.

The screen owns what the editor sees (which rows, which story, original or clean) and the
workers behind it: reading the inbox, loading a big story, indexing text for the filter,
watching for new files and other desks' changes, exporting. It works through a headless
DeskSession (store, story cache, change(), inbox); workers post messages
(desk.tui.messages) back to the screen, and a thread never touches a widget.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from desk import inbox
from desk.model import Record, Row, Status, newest_first
from desk.store import DeskStore, Store, StoreError
from desk.tui.actions import DESK, bindings
from desk.tui.messages import (
    ExportFinished,
    ExportProgress,
    IngestProblem,
    RowsChanged,
    ScanProgress,
    SearchTextReady,
    StoreProblem,
    StoryLoaded,
)
from desk.tui.screens.conflict import ConflictScreen, describe_conflict
from desk.tui.screens.headline import HeadlineScreen
from desk.tui.screens.tags import TagsScreen
from desk.tui.search import Query, parse_query
from desk.tui.session import DeskSession
from desk.tui.widgets.filter_bar import FilterBar
from desk.tui.widgets.preview import Preview
from desk.tui.widgets.queue import QueueTable
from desk.tui.widgets.quotes_panel import QuotesPanel
from desk.tui.widgets.status_line import StatusLine

PREVIEW_DELAY = 0.05  # seconds the cursor rests before the preview follows it
SHOWN_PROBLEMS = 3  # bad files notified one by one; the rest are counted


class DeskScreen(Screen):
    BINDINGS = bindings(DESK)

    def __init__(self, session: DeskSession, *, watch_interval: float | None = 1.0) -> None:
        super().__init__(id="desk")
        self.session = session
        self.watch_interval = watch_interval
        self.all_rows: list[Row] = []
        self._counts: Counter[str] = Counter()
        self.filter_query: Query = Query()
        self.original = False
        self.scan_done = False  # the first inbox read is over
        self.bodies_indexed = False  # every story's body is in the filter's text
        self._preview_timer: Timer | None = None
        self._shown: tuple = ()  # what the preview shows now, to skip repainting it
        self._problems = 0
        self._store_problem = ""  # the last store problem a worker reported
        self._watching = threading.Lock()

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="queue-pane"):
                yield FilterBar(id="filter")
                yield QueueTable(id="queue")
            with Vertical(id="story-pane"):
                yield Preview(id="preview")
                yield QuotesPanel(id="quotes")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._queue = self.query_one(QueueTable)
        self._status_line = self.query_one(StatusLine)
        # Looked up once: the preview path runs on every cursor rest.
        self._preview = self.query_one(Preview)
        self._quotes = self.query_one(QuotesPanel)
        self.query_one(FilterBar).display = False
        self._queue.focus()
        # Fill the queue from the store's index now; read the inbox behind it.
        try:
            rows = self.session.rows()  # the first read of the partitions
        except StoreError as exc:  # a damaged partition: one line, no traceback
            self.app.exit(return_code=1, message=Text(f"desk: {exc}"))
            return
        self.apply_rows(rows)
        self._read_inbox()
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._watch_tick)

    # -- rows in, rows shown -------------------------------------------------------

    @property
    def queue(self) -> QueueTable:
        return self._queue

    @property
    def status_line(self) -> StatusLine:
        return self._status_line

    def apply_rows(self, rows: list[Row]) -> None:
        """A fresh index from the store: keep the filter and the cursor's story."""
        self.all_rows = newest_first(rows)
        self._counts = Counter(row.get("status") or Status.NEW for row in self.all_rows)
        current = self.queue.current
        self._show_rows(keep=current["id"] if current else None)

    def apply_record(self, record: Row) -> None:
        """One story changed (by us or found changed in the store): update it in place."""
        for index, existing in enumerate(self.all_rows):
            if existing["id"] == record["id"]:
                self._counts[existing.get("status") or Status.NEW] -= 1
                self._counts[record.get("status") or Status.NEW] += 1
                self.all_rows[index] = record
                break
        self.queue.update_row(record)
        self.status_line.set_counts(self._counts, len(self.queue.rows))

    def _show_rows(self, *, keep: str | None, within: list[Row] | None = None) -> None:
        shown = self.session.search.filter(self.all_rows if within is None else within,
                                           self.filter_query)
        self.queue.set_rows(shown, keep=keep)
        self.status_line.set_counts(self._counts, len(shown))

    def refilter(self) -> None:
        """The search text grew (bodies indexed in the background): apply the filter again."""
        if self.filter_query:
            current = self.queue.current
            self._show_rows(keep=current["id"] if current else None)

    # -- preview -------------------------------------------------------------------

    def on_queue_table_highlighted(self, event: QueueTable.Highlighted) -> None:
        # The queue repaints at once; the preview (wrapping a whole story, a relayout)
        # follows when the cursor rests, so holding `j` never waits on it.
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._show_current)

    def _show_current(self) -> None:
        self._preview_timer = None
        self.show_story(self.queue.current)

    def show_story(self, row: Row | None, problem: str = "") -> None:
        if row is None and self.all_rows:
            problem = "No story matches the filter (escape clears it)."
        story = None
        # A problem is the answer to loading: asking again would only report it again, and
        # again (a story whose inbox file is gone would reload in a loop).
        if row is not None and not problem:
            loaded = self.session.story_for(row)
            if loaded is None:  # a big file: a worker reads it, then story_loaded shows it
                self._load_story(row)
                return  # with no "loading" flash for the milliseconds it takes
            story, problem = loaded.story, loaded.problem
        shown = (row and (row["id"], row.get("revision"), row.get("status")),
                 story is not None, self.original, problem)
        if shown == self._shown:
            return  # typing on in the filter often keeps the same first match
        self._shown = shown
        self._preview.show(row, story, limit=self.session.settings.headline_limit,
                           original=self.original, problem=problem)
        self._quotes.show(story)

    @work(thread=True, exclusive=True, group="preview")
    def _load_story(self, row: Row) -> None:
        loaded = self.session.load_story(row)
        self.post_message(StoryLoaded(row["id"], loaded.story, loaded.problem))

    def on_story_loaded(self, message: StoryLoaded) -> None:
        if message.story is not None:
            self.session.remember(message.story)
        current = self.queue.current
        if current is not None and current["id"] == message.story_id:
            self.show_story(current, message.problem)

    def action_original(self) -> None:
        self.original = not self.original
        self.show_story(self.queue.current)

    def action_focus_preview(self) -> None:
        self._preview.focus()

    def action_back(self) -> None:
        if not self.queue.has_focus:
            self.queue.focus()
        elif self.filter_query:
            self._clear_filter()

    # -- filter --------------------------------------------------------------------

    def action_filter(self) -> None:
        bar = self.query_one(FilterBar)
        bar.display = True
        bar.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        previous, self.filter_query = self.filter_query, parse_query(event.value)
        # Typing on narrows the last result: only its rows need testing again.
        within = self.queue.rows if previous and self.filter_query.narrows(previous) else None
        self._show_rows(keep=None, within=within)
        self.queue.move_to(0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        event.stop()
        if not event.value.strip():
            self.query_one(FilterBar).display = False
        self.queue.focus()
        self.queue.move_to(0)

    def on_filter_bar_cleared(self, event: FilterBar.Cleared) -> None:
        self._clear_filter()

    def _clear_filter(self) -> None:
        current = self.queue.current
        self.filter_query = Query()
        bar = self.query_one(FilterBar)
        with bar.prevent(Input.Changed):
            bar.value = ""
        bar.display = False
        self._show_rows(keep=current["id"] if current else None)
        self.queue.focus()

    # -- changes (all through the session's store) ---------------------------------

    def _current(self) -> Row | None:
        row = self.queue.current
        if row is None:
            self.notify("No story selected.", severity="warning")
        return row

    def _change(self, row: Row, action: str,
                call: Callable[[DeskStore], Record]) -> Record | None:
        """Run one store change for the editor; show the result, a refusal or a conflict."""
        outcome = self.session.change(call)
        if outcome.record is not None:
            self.apply_record(outcome.record)
        if outcome.conflict:
            self.app.push_screen(ConflictScreen(describe_conflict(row, outcome.record, action)))
        elif outcome.problem:
            # Story text and store messages are data: markup=False keeps brackets literal.
            self.notify(outcome.problem, title=f"Cannot {action}", severity="error",
                        markup=False)
            self.status_line.set_notice(Text(f"cannot {action}: {outcome.problem}",
                                             style="red"))
        return None if outcome.problem else outcome.record

    def action_approve(self, force: bool = False) -> None:
        if (row := self._current()) is None:
            return
        record = self._change(row, "approve", lambda store: store.approve(
            row["id"], force=force, expect_revision=row["revision"]))
        if record is not None:
            notice = Text("approved → ", style="green")
            notice.append(record.get("filename") or "", style="bold green")
            self.status_line.set_notice(notice)

    def action_approve_anyway(self) -> None:
        """Approve over the unbalanced-quote warning (the store's `force`); the headline
        rules still hold."""
        self.action_approve(force=True)

    def action_spike(self) -> None:
        if (row := self._current()) is None:
            return
        if row.get("status") == Status.SPIKED:
            record = self._change(row, "unspike", lambda store: store.unspike(
                row["id"], expect_revision=row["revision"]))
        else:
            record = self._change(row, "spike", lambda store: store.spike(
                row["id"], expect_revision=row["revision"]))
        if record is not None:
            self.status_line.set_notice(f"{record['status']}: {_short(record)}")

    def action_undo(self) -> None:
        if (row := self._current()) is None:
            return
        record = self._change(row, "undo", lambda store: store.undo(
            row["id"], expect_revision=row["revision"]))
        if record is not None:
            self.status_line.set_notice(f"undone: {_short(record)}")

    def action_headline(self) -> None:
        if (row := self._current()) is None:
            return

        def save(headline: str | None) -> None:
            if headline is None or headline == row.get("headline"):
                return
            self._change(row, "change the headline", lambda store: store.set_headline(
                row["id"], headline, expect_revision=row["revision"]))

        self.app.push_screen(HeadlineScreen(row.get("headline") or "",
                                            limit=self.session.settings.headline_limit,
                                            slug=Store.preview_slug), save)

    def action_tags(self) -> None:
        if (row := self._current()) is None:
            return
        # The index row carries the core's suggestions: no story file needs reading.
        suggestions = tuple(row.get("suggested_tags") or ())

        def save(tags: list[str] | None) -> None:
            if tags is None or tags == list(row.get("tags") or ()):
                return
            self._change(row, "change the tags", lambda store: store.set_tags(
                row["id"], tags, expect_revision=row["revision"]))

        self.app.push_screen(TagsScreen(list(row.get("tags") or ()), suggestions), save)

    # -- the inbox and other desks (workers) ---------------------------------------

    def _reporting_store_problems(self, job: Callable[[], None]) -> None:
        """Run a worker's job; a store failure becomes a notice, since a traceback in a
        thread would end the desk."""
        try:
            job()
        except StoreError as exc:
            self.post_message(StoreProblem(str(exc)))

    def _ingest_problem(self, text: str) -> None:
        self.post_message(IngestProblem(text))

    @work(thread=True, exclusive=True, group="inbox")
    def _read_inbox(self) -> None:
        """Read inbox files the store has not seen, in batches, then index bodies."""
        self._reporting_store_problems(self._read_inbox_once)

    def _read_inbox_once(self) -> None:
        new = self.session.unread_files(self._ingest_problem)
        self._ingest(new)
        self.scan_done = True
        self.post_message(ScanProgress(len(new), len(new)))
        for texts, done, total in self.session.body_texts():
            self.post_message(SearchTextReady(texts, done, total))

    def _ingest(self, paths: list[str]) -> None:
        if len(paths) > inbox.BATCH:  # more than one batch: say so while the first is read
            self.post_message(ScanProgress(0, len(paths)))
        for batch in self.session.ingest(paths, self._ingest_problem):
            self.post_message(ScanProgress(batch.done, batch.total))
            self.post_message(RowsChanged(batch.rows, batch.bodies))

    def _watch_tick(self) -> None:
        if self.scan_done and not self._watching.locked():
            self._watch()

    @work(thread=True, group="watch")
    def _watch(self) -> None:
        """New inbox files and other desks' changes, once a tick."""
        with self._watching:
            self._reporting_store_problems(self._watch_once)

    def _watch_once(self) -> None:
        # Refresh first: the rows an ingest posts then carry other desks' changes too.
        changed = self.session.refresh()
        new = self.session.arrived_files(self._ingest_problem)
        if new:
            self._ingest(new)  # posts the rows
        elif changed:
            self.post_message(RowsChanged(self.session.rows()))

    def on_rows_changed(self, message: RowsChanged) -> None:
        self.session.search.add_bodies(message.bodies)
        self.apply_rows(message.rows)

    def on_scan_progress(self, message: ScanProgress) -> None:
        if message.done < message.total:
            self.status_line.set_activity(f"reading inbox {message.done:,}/{message.total:,}")
        else:
            self.status_line.set_activity("")

    def on_search_text_ready(self, message: SearchTextReady) -> None:
        self.session.search.add_bodies(message.texts)
        self.bodies_indexed = message.done == message.total
        self.status_line.set_activity(
            "" if self.bodies_indexed else f"indexing text {message.done:,}/{message.total:,}")
        self.refilter()

    def on_ingest_problem(self, message: IngestProblem) -> None:
        self._problems += 1
        if self._problems <= SHOWN_PROBLEMS:
            self.notify(message.text, title="Skipped a file", severity="warning", markup=False)
        # The status line is one row: name the file from the inbox, so a deep inbox path
        # does not push the file's name off the edge.
        folder = self.session.settings.inbox
        short = message.text.removeprefix(os.path.join(os.path.abspath(folder), ""))
        short = short.removeprefix(str(folder) + os.sep)
        self.status_line.set_notice(
            Text(f"{self._problems} file(s) skipped: {short}", style="yellow"))

    def on_store_problem(self, message: StoreProblem) -> None:
        # The watch retries every tick: say a lasting problem once, not once a second.
        if message.text != self._store_problem:
            self._store_problem = message.text
            self.notify(message.text, title="Store", severity="error", markup=False)
        self.status_line.set_notice(Text(message.text, style="red"))

    # -- export --------------------------------------------------------------------

    def action_export(self) -> None:
        ids = [row["id"] for row in self.all_rows if row.get("status") == Status.APPROVED]
        if not ids:
            self.notify("Nothing approved to export.", title="Export")
            return
        self.status_line.set_activity(f"exporting 0/{len(ids):,}")
        self._export(ids)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, ids: list[str]) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(ExportProgress(done, total))

        summary, ok = self.session.export(ids, progress)
        self.post_message(ExportFinished(summary, ok=ok))

    def on_export_progress(self, message: ExportProgress) -> None:
        self.status_line.set_activity(f"exporting {message.done:,}/{message.total:,}")

    def on_export_finished(self, message: ExportFinished) -> None:
        self.status_line.set_activity("")
        self.status_line.set_notice(Text(message.summary))
        self.session.refresh()
        self.apply_rows(self.session.rows())
        self.notify(message.summary, title="Export", markup=False,
                    severity="information" if message.ok else "warning")


def _short(record: Row) -> str:
    headline = record.get("headline") or record["id"]
    return headline if len(headline) <= 40 else headline[:39] + "…"

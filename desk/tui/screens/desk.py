"""The desk: queue, preview and quotes panel, the filter line and the status line.

The screen owns what the editor sees (which rows, which story, original or clean); every
change to a story goes through `DeskApp.change`, which calls the store.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from desk.tui.screens.headline import HeadlineScreen
from desk.tui.screens.tags import TagsScreen
from desk.tui.widgets.filter_bar import FilterBar, Query, parse_query
from desk.tui.widgets.preview import Preview
from desk.tui.widgets.queue import QueueTable
from desk.tui.widgets.quotes_panel import QuotesPanel
from desk.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from desk.tui.app import DeskApp


PREVIEW_DELAY = 0.05  # seconds the cursor rests before the preview follows it


def newest_first(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (row.get("received") or "", row["id"]), reverse=True)


class DeskScreen(Screen):
    app: DeskApp

    BINDINGS = [
        Binding("enter", "focus_preview", "Read", id="desk.preview"),
        Binding("escape", "back", "Back", show=False, id="desk.back"),
        Binding("e", "headline", "Headline", id="desk.headline"),
        Binding("t", "tags", "Tags", id="desk.tags"),
        Binding("a", "approve", "Approve", id="desk.approve"),
        Binding("A", "approve_anyway", "Approve anyway", show=False, id="desk.approve_anyway"),
        Binding("s", "spike", "Spike", id="desk.spike"),
        Binding("u", "undo", "Undo", id="desk.undo"),
        Binding("slash", "filter", "Filter", id="desk.filter"),
        Binding("o", "original", "Original", id="desk.original"),
        Binding("x", "export", "Export", id="desk.export"),
    ]

    def __init__(self) -> None:
        super().__init__(id="desk")
        self.all_rows: list[dict] = []
        self._counts: Counter[str] = Counter()
        self.filter_query: Query = Query()
        self.original = False
        self._preview_timer: Timer | None = None
        self._shown: tuple = ()  # what the preview shows now, to skip repainting it

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
        self.app.desk_ready()

    # -- rows in, rows shown -------------------------------------------------------

    @property
    def queue(self) -> QueueTable:
        return self._queue

    @property
    def status_line(self) -> StatusLine:
        return self._status_line

    def apply_rows(self, rows: list[dict]) -> None:
        """A fresh index from the store: keep the filter and the cursor's story."""
        self.all_rows = newest_first(rows)
        self._counts = Counter(row.get("status") or "new" for row in self.all_rows)
        current = self.queue.current
        self._show_rows(keep=current["id"] if current else None)

    def apply_record(self, record: dict) -> None:
        """One story changed (by us or found changed in the store): update it in place."""
        for index, existing in enumerate(self.all_rows):
            if existing["id"] == record["id"]:
                self._counts[existing.get("status") or "new"] -= 1
                self._counts[record.get("status") or "new"] += 1
                self.all_rows[index] = record
                break
        self.queue.update_row(record)
        self.status_line.set_counts(self._counts, len(self.queue.rows))

    def _show_rows(self, *, keep: str | None, within: list[dict] | None = None) -> None:
        shown = self.app.search.filter(self.all_rows if within is None else within,
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

    def show_story(self, row: dict | None, problem: str = "") -> None:
        if row is None and self.all_rows:
            problem = "No story matches the filter (escape clears it)."
        # A problem is the answer to loading: asking again would only report it again, and
        # again (a story whose inbox file is gone would reload in a loop).
        story = self.app.story_for(row) if row and not problem else None
        if row is not None and story is None and not problem:
            return  # loading takes milliseconds: story_loaded() shows it, with no flash
        shown = (row and (row["id"], row.get("revision"), row.get("status")),
                 story is not None, self.original, problem)
        if shown == self._shown:
            return  # typing on in the filter often keeps the same first match
        self._shown = shown
        self._preview.show(row, story, limit=self.app.settings.headline_limit,
                           original=self.original, problem=problem)
        self._quotes.show(story)

    def story_loaded(self, story_id: str, problem: str) -> None:
        current = self.queue.current
        if current is not None and current["id"] == story_id:
            self.show_story(current, problem)

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

    # -- changes (all through the store, via the app) ------------------------------

    def _current(self) -> dict | None:
        row = self.queue.current
        if row is None:
            self.notify("No story selected.", severity="warning")
        return row

    def action_approve(self, force: bool = False) -> None:
        if (row := self._current()) is None:
            return
        record = self.app.change(row, "approve", lambda store: store.approve(
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
        if row.get("status") == "spiked":
            record = self.app.change(row, "unspike", lambda store: store.unspike(
                row["id"], expect_revision=row["revision"]))
        else:
            record = self.app.change(row, "spike", lambda store: store.spike(
                row["id"], expect_revision=row["revision"]))
        if record is not None:
            self.status_line.set_notice(f"{record['status']}: {_short(record)}")

    def action_undo(self) -> None:
        if (row := self._current()) is None:
            return
        record = self.app.change(row, "undo", lambda store: store.undo(
            row["id"], expect_revision=row["revision"]))
        if record is not None:
            self.status_line.set_notice(f"undone: {_short(record)}")

    def action_headline(self) -> None:
        if (row := self._current()) is None:
            return

        def save(headline: str | None) -> None:
            if headline is None or headline == row.get("headline"):
                return
            self.app.change(row, "change the headline", lambda store: store.set_headline(
                row["id"], headline, expect_revision=row["revision"]))

        self.app.push_screen(HeadlineScreen(row.get("headline") or "",
                                            limit=self.app.settings.headline_limit,
                                            slug=self.app.store.preview_slug), save)

    def action_tags(self) -> None:
        if (row := self._current()) is None:
            return
        # The index row carries the core's suggestions: no story file needs reading.
        suggestions = tuple(row.get("suggested_tags") or ())

        def save(tags: list[str] | None) -> None:
            if tags is None or tags == list(row.get("tags") or ()):
                return
            self.app.change(row, "change the tags", lambda store: store.set_tags(
                row["id"], tags, expect_revision=row["revision"]))

        self.app.push_screen(TagsScreen(list(row.get("tags") or ()), suggestions), save)

    def action_export(self) -> None:
        self.app.export_approved()


def _short(record: dict) -> str:
    headline = record.get("headline") or record["id"]
    return headline if len(headline) <= 40 else headline[:39] + "…"

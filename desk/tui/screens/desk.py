"""The desk: queue, preview and quotes panel, the filter line and the status line.

The screen owns what the editor sees (which rows, which story, original or clean) and the
workers behind it: reading the inbox, loading a big story, indexing text for the filter,
watching for new files and other desks' changes, exporting. It works through a headless
DeskSession (store, story cache, change(), inbox); workers post messages
(desk.tui.messages) back to the screen, and a thread never touches a widget.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections import Counter
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input

from desk import inbox
from desk.config import SORTS
from desk.model import Record, Row, Status, is_urgent, tag_vocabulary
from desk.store import DeskStore, FieldConflict, Store, StoreError
from desk.store.store import FORCE_HINT
from desk.store.words import WordIndexError
from desk.text.visible import one_line
from desk.tui.actions import DESK, OPENS_INPUT, bindings, shadowed
from desk.tui.messages import (
    ExportFinished,
    ExportProgress,
    IndexLoaded,
    IndexProgress,
    IngestProblem,
    InputReady,
    RowsArrived,
    RowsUpdated,
    ScanDone,
    ScanProgress,
    StoreProblem,
    StoryLoaded,
    WordsIndexed,
)
from desk.tui.queue_order import SORT_LABELS, ordered, placing
from desk.tui.screens.conflict import ConflictScreen, describe_conflict
from desk.tui.screens.export import ExportScreen
from desk.tui.screens.headline import HeadlineScreen, approval_problems
from desk.tui.screens.lines import LinesScreen
from desk.tui.screens.tags import TagsScreen
from desk.tui.search import Query, parse_query
from desk.tui.session import DeskSession
from desk.tui.settings_file import remember
from desk.tui.widgets.filter_bar import FilterBar
from desk.tui.widgets.filter_count import FilterCount
from desk.tui.widgets.footer import DeskFooter
from desk.tui.widgets.preview import Preview
from desk.tui.widgets.queue import QueueTable
from desk.tui.widgets.quotes_panel import QuotesPanel
from desk.tui.widgets.status_line import StatusLine
from desk.tui.widgets.theirs_note import shown

PREVIEW_DELAY = 0.05  # seconds the cursor rests before the preview follows it
# Seconds typing in the filter rests before the preview follows the first match: longer
# than the gap between keys of someone typing, so a word typed is one repaint, not one a key.
TYPING_REST = 0.25
# Seconds after `/` before the filter readies its list of the queue's rows for the word
# index's answers (~57 ms at 100,000 stories): after the filter line is painted, and
# mostly before a person's first key, which would otherwise wait for it.
FILTER_READY_AFTER = 0.03
# Rows drawn from the head of the store's sorted index before the rest is read: a tall
# terminal's page with room to move; the other 100,000 follow from a worker.
FIRST_PAGE = 200
SHOWN_PROBLEMS = 3  # bad files notified one by one; the rest are counted
UNDO_SHOWN = ("headline", "tags", "status")  # the fields an undo's notice names
FORCE_KEY_HINT = "press A to approve anyway"  # the desk's key for the CLI's --force
CONFIRM_OVER = 5  # marked stories decided without asking; more ask once


class DeskScreen(Screen):
    BINDINGS = bindings(DESK)

    def __init__(self, session: DeskSession, *, watch_interval: float | None = 1.0) -> None:
        super().__init__(id="desk")
        self.session = session
        self.watch_interval = watch_interval
        self.all_rows: list[Row] = []
        self._at: dict[str, int] = {}  # story id -> its place in all_rows
        self._counts: Counter[str] = Counter()
        self._urgent_count = 0
        self.loaded = False  # every row is in, not just the first page
        self.filter_query: Query = Query()
        self.original = False
        self._export_formats = session.settings.export_formats  # what `x` offers ticked
        self.speaker_marks = True  # quotes and their speakers coloured (w turns them off)
        self.urgent_first = True  # new urgent stories lead the queue (U switches it)
        self.sort = session.settings.sort  # the queue's order (S cycles it)
        self._approve_updated: str | None = None  # the updated story `a` warned about
        self.scan_done = False  # the first inbox read is over
        self.bodies_indexed = False  # the word index has caught up with the store
        self._preview_timer: Timer | None = None
        self._typed = False  # the cursor's next move comes from a key typed in the filter
        self._shown: tuple = ()  # what the preview shows now, to skip repainting it
        self._problems = 0
        self._store_problem = ""  # the last store problem a worker reported
        self._watching = threading.Lock()
        self._confirming = ""  # the verb waiting for its key again, over many marked stories
        self._filter_problems = ""  # what the filter's query has wrong, as last said

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="queue-pane"):
                with Horizontal(id="filter-line"):
                    yield FilterBar(id="filter")
                    yield FilterCount(id="filter-count")
                yield QueueTable(id="queue")
            with Vertical(id="story-pane"):
                yield Preview(id="preview")
                yield QuotesPanel(id="quotes")
        yield StatusLine(id="status")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._queue = self.query_one(QueueTable)
        self._status_line = self.query_one(StatusLine)
        # Looked up once: the preview path runs on every cursor rest.
        self._preview = self.query_one(Preview)
        self._quotes = self.query_one(QuotesPanel)
        self._filter_bar = self.query_one(FilterBar)
        self._filter_count = self.query_one(FilterCount)
        self._show_filter_line(False)
        self._queue.focus()
        self._show_order()
        # Draw the queue's first page now; read every row, then the inbox, behind it.
        try:
            # The store keeps its index in the first order; in another, or with no index
            # snapshot to read a page from, the queue fills once every row is read.
            page = self.session.first_rows(FIRST_PAGE) if self.sort == "received" else None
        except StoreError as exc:  # a damaged partition: one line, no traceback
            self.app.exit(return_code=1, message=Text(f"desk: {exc}"))
            return
        self.all_rows = page or []
        self.queue.set_rows(self.all_rows)
        self.status_line.set_loading()
        self.app.post_message(InputReady())  # keys typed before the desk was up: now
        for line in shadowed(self.session.settings.keymap):
            self.say(line, style="yellow")
            self.notify(line, title="desk.toml", severity="warning", markup=False)
        # The store's rows and the inbox are read after the first frame is painted: a
        # worker started now would share the GIL with that paint.
        self.call_after_refresh(self._start_reading)

    def _start_reading(self) -> None:
        self._read_inbox()
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._watch_tick)

    def _say_unavailable(self) -> None:
        """A damaged store file keeps its stories out of the queue: name it, and them."""
        for damaged in self.session.store.unavailable():
            count = len(damaged.stories)
            stories = f"{count} {'story' if count == 1 else 'stories'}" if count else "stories"
            self.say(f"{damaged.problem}: its {stories} unavailable until `desk doctor`",
                     style="red")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The keys that open an input are priority bindings; typed into an input they
        # are text.
        return not (action in OPENS_INPUT and isinstance(self.focused, Input))

    def _open(self, dialog: ModalScreen, callback: Callable) -> None:
        """Open a dialog; keys typed before its input has focus are held for it."""
        self.app.hold_keys()
        self.app.push_screen(dialog, callback)

    # -- rows in, rows shown -------------------------------------------------------

    @property
    def queue(self) -> QueueTable:
        return self._queue

    @property
    def status_line(self) -> StatusLine:
        return self._status_line

    def apply_rows(self, rows: list[Row]) -> None:
        """A fresh index from the store: keep the filter and the cursor's story."""
        self.all_rows = ordered(rows, self.sort, urgent_first=self.urgent_first)
        self._at = {row["id"]: index for index, row in enumerate(self.all_rows)}
        self._counts = Counter(row.get("status") or Status.NEW for row in self.all_rows)
        self._urgent_count = sum(map(_urgent_new, self.all_rows))
        current = self.queue.current
        self._show_rows(keep=current["id"] if current else None)

    def _place_of(self, story_id: str) -> int | None:
        """Where the story stands in all_rows: a lookup, the map rebuilt when stale."""
        index = self._at.get(story_id)
        if index is None or index >= len(self.all_rows) or \
                self.all_rows[index]["id"] != story_id:
            self._at = {row["id"]: index for index, row in enumerate(self.all_rows)}
            index = self._at.get(story_id)
        return index

    def apply_record(self, record: Row) -> None:
        """One story changed (by us or found changed in the store): update it in place."""
        index = self._place_of(record["id"])
        if index is not None:
            existing = self.all_rows[index]
            self._counts[existing.get("status") or Status.NEW] -= 1
            self._counts[record.get("status") or Status.NEW] += 1
            self._urgent_count += _urgent_new(record) - _urgent_new(existing)
            self.all_rows[index] = record
        self.queue.update_row(record)
        self._show_counts(len(self.queue.rows))

    def apply_changed(self, rows: list[Row]) -> None:
        """Rows the store found changed: each updated in place (where it stands in the
        queue), unless a new version of the story arrived: it is news again, and goes
        where the queue's order puts it, as each new story does. An inbox batch costs its
        own rows, never a sort of the whole queue."""
        placed, moved = [], []
        for row in rows:
            index = self._place_of(row["id"]) if row["id"] in self._at else None  # every id
            if index is None:
                placed.append(row)
            elif self.all_rows[index].get("revision") == row.get("revision"):
                continue  # shown already: this desk's own change, come back from the store
            elif self.all_rows[index].get("received") != row.get("received"):
                moved.append(row)
                placed.append(row)
            else:
                self.apply_record(row)
        if not placed:
            return
        current = self.queue.current
        # Where the cursor's story stands in all_rows, followed through the moves below,
        # when the queue shows all_rows itself (no filter): no search for it after.
        cursor = self.queue.cursor if self.queue.rows is self.all_rows else None
        # Rows move: in a list of its own, as the filter knows a list (its stories' keys,
        # in order) by its identity.
        self.all_rows = list(self.all_rows)
        for row in moved:
            index = self._place_of(row["id"])
            self._take_out(index)
            if cursor is not None and index <= cursor:
                cursor = None if index == cursor else cursor - 1  # (its story: searched)
        place = placing(self.sort, urgent_first=self.urgent_first)
        after = 0  # in queue order, each row goes after the one placed before it
        for row in ordered(placed, self.sort, urgent_first=self.urgent_first):
            index = after = self._place(row, place, after)
            self.all_rows.insert(index, row)
            after += 1
            if cursor is not None and index <= cursor:
                cursor += 1
            self._at[row["id"]] = index  # the rows after it moved: _place_of heals
            self._counts[row.get("status") or Status.NEW] += 1
            self._urgent_count += _urgent_new(row)
        self._show_rows(keep=current["id"] if current else None, at=cursor)

    def _place(self, row: Row, place: Callable, low: int) -> int:
        """Where `row` goes in all_rows, at `low` or after it: the row placed before it
        in a batch of new stories is most often its neighbour, so one look, not a search."""
        key = place(row)
        if low >= len(self.all_rows) or key < place(self.all_rows[low]):
            return low
        return bisect.bisect_right(self.all_rows, key, lo=low + 1, key=place)

    def _take_out(self, index: int) -> None:
        row = self.all_rows.pop(index)
        del self._at[row["id"]]
        self._counts[row.get("status") or Status.NEW] -= 1
        self._urgent_count -= _urgent_new(row)

    def _show_rows(self, *, keep: str | None, at: int | None = None) -> None:
        """Show all_rows through the filter, the cursor on story `keep` (at `at` in
        all_rows, where known: it is its place in the queue when no filter is on)."""
        shown = self._filtered(self.all_rows)
        self._show(shown, keep=keep, at=at if shown is self.all_rows else None)

    def _filtered(self, rows: list[Row], previous: Query | None = None) -> list[Row]:
        """The rows of `rows` the filter keeps; given the `previous` query that kept
        them, when the filter narrows it, only what it did not ask is looked up."""
        try:
            if previous is not None:
                return self.session.filter.narrow(rows, self.filter_query, previous)
            return self.session.filter.filter(rows, self.filter_query)
        except WordIndexError as exc:  # the cache failed: say so, show every story
            self.say(str(exc), style="red")
            return list(self.all_rows)

    def _show(self, shown: list[Row], *, keep: str | None, at: int | None = None) -> None:
        self.queue.set_rows(shown, keep=keep, at=at)
        self._show_counts(len(shown))
        self._show_filter_count(len(shown))

    def _show_filter_count(self, shown: int) -> None:
        self._filter_count.show(shown if self.filter_query else None, len(self.all_rows),
                                partial=not self.bodies_indexed, first_page=not self.loaded)

    def _show_counts(self, shown: int) -> None:
        if self.loaded:  # until then the status line says the rows are loading
            self.status_line.set_counts(self._counts, shown, self._urgent_count)

    def refilter(self) -> None:
        """The word index caught up with more stories: apply the filter again."""
        if self.filter_query:
            current = self.queue.current
            self._show_rows(keep=current["id"] if current else None)

    # -- preview -------------------------------------------------------------------

    def on_queue_table_highlighted(self, event: QueueTable.Highlighted) -> None:
        event.stop()  # the screen is where it ends: no hop to the app for nothing
        self._confirming = ""  # moving on is a no to a pending question
        # The queue repaints at once; the preview (wrapping a whole story, a relayout)
        # follows when the cursor rests, so holding `j` never waits on it, nor typing.
        if self._preview_timer is not None:
            self._preview_timer.stop()
        rest = TYPING_REST if self._typed else PREVIEW_DELAY
        self._typed = False
        self._preview_timer = self.set_timer(rest, self._show_current)

    def _show_preview_now(self) -> None:
        """The preview follows at once, if it was waiting for the cursor to rest."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._show_current()

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
                 story is not None, self.original, self.speaker_marks, problem)
        if shown == self._shown:
            return  # typing on in the filter often keeps the same first match
        self._shown = shown
        self._preview.show(row, story, limit=self.session.settings.headline_limit,
                           original=self.original, marks=self.speaker_marks,
                           problem=problem)
        self._quotes.show(story)

    @work(thread=True, exclusive=True, group="preview")
    def _load_story(self, row: Row) -> None:
        loaded = self.session.load_story(row)
        self.post_message(StoryLoaded(row["id"], loaded.story, loaded.problem))

    def on_story_loaded(self, message: StoryLoaded) -> None:
        if message.story is not None:
            self.session.remember(message.story_id, message.story)
        current = self.queue.current
        if current is not None and current["id"] == message.story_id:
            self.show_story(current, message.problem)

    def _show_order(self) -> None:
        order = SORT_LABELS[self.sort]
        if self.urgent_first and self.sort != "urgency":
            order += ", urgent on top"
        self.queue.set_order(order)

    def action_cycle_sort(self) -> None:
        """The next order; desk.toml keeps it for the next desk."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._show_order()
        self.apply_rows(list(self.all_rows))
        following = SORT_LABELS[SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]]
        config = self.session.settings.config_file
        problem = remember(config, "sort", self.sort) if config else ""
        self.say(f"sorted {SORT_LABELS[self.sort]} (S: {following})"
                 + (f"; {problem}" if problem else ""), style="yellow" if problem else "")

    def action_urgent_first(self) -> None:
        self.urgent_first = not self.urgent_first
        self._show_order()
        self.apply_rows(list(self.all_rows))
        self.say("new urgent stories first (U: newest first)" if self.urgent_first
                 else "newest first (U: new urgent stories first)")

    def action_copy_headline(self) -> None:
        if (row := self._current()) is not None:
            self._copy(row.get("headline") or "", "the headline")

    def action_copy_body(self) -> None:
        if (row := self._current()) is not None:
            try:
                body = self.session.body(row["id"])
            except StoreError as exc:
                self.say(f"cannot copy the body: {exc}", style="red")
                return
            self._copy(body, f"the body ({len(body.split()):,} words)")

    def _copy(self, text: str, what: str) -> None:
        """To the system clipboard through the terminal (OSC 52): it reaches the editor's
        own machine over SSH too, where the terminal allows it."""
        if not text:
            self.say(f"nothing to copy: {what} is empty", style="yellow")
            return
        self.app.copy_to_clipboard(text)
        self.say(f"copied {what} to the clipboard")

    def action_original(self) -> None:
        self.original = not self.original
        self.show_story(self.queue.current)
        self.say("showing the original inbox text (o: the clean copy)" if self.original
                 else "showing the clean copy")

    def action_speaker_marks(self) -> None:
        self.speaker_marks = not self.speaker_marks
        self.show_story(self.queue.current)
        self.say("speaker marks on: each quote and its speaker in one colour"
                 if self.speaker_marks else "speaker marks off: the copy alone (w: on)")

    def action_focus_preview(self) -> None:
        self._preview.focus()

    def action_back(self) -> None:
        if not self.queue.has_focus:
            self.queue.focus()
        elif self.filter_query:
            self._clear_filter()

    # -- filter --------------------------------------------------------------------

    def _show_filter_line(self, shown: bool) -> None:
        self.query_one("#filter-line").display = shown
        self._filter_bar.display = shown

    def action_filter(self) -> None:
        self._show_filter_count(len(self.queue.rows))  # its room, before the first key
        self._show_filter_line(True)
        # Now, not after a refresh: the next key in a burst is already on its way.
        self.set_focus(self._filter_bar)
        self.set_timer(FILTER_READY_AFTER, self._ready_filter)

    def _ready_filter(self) -> None:
        if self._filter_bar.display and not self.filter_query:  # no key has done it yet
            self.session.filter.prepare(self.queue.rows)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        event.stop()  # the screen is where it ends: no hop to the app for nothing
        previous = self.filter_query
        self.filter_query = parse_query(event.value, self.session.settings.filters)
        if self.filter_query.clauses != previous.clauses:  # (a blank, `status:` begun: no)
            self._filter_typed(previous)
        problems = "; ".join(self.filter_query.problems)
        if problems != self._filter_problems:  # said once as typed, not at every key
            self._filter_problems = problems
            self.status_line.set_notice(Text(problems, style="bold red"))
            if problems:
                self.session.log(f"filter: {problems}")

    def _filter_typed(self, previous: Query) -> None:
        # Typing on narrows the last result (every row, before the first key): only the
        # rows shown need testing again, and when all of them pass, nothing changes.
        narrows = self.filter_query.narrows(previous)
        shown = self._filtered(self.queue.rows, previous) if narrows else \
            self._filtered(self.all_rows)
        self._typed = True  # the preview waits for typing to rest
        if narrows and len(shown) == len(self.queue.rows):
            self._show_filter_count(len(shown))
        else:
            self._show(shown, keep=None)
        self.queue.move_to(0)

    def action_saved_filter(self, number: int) -> None:
        """Number key n: the n-th saved filter of desk.toml's [filters]."""
        saved = list(self.session.settings.filters.items())
        if not 0 < number <= len(saved):
            self.say(f"no saved filter {number}: desk.toml [filters] has {len(saved)}",
                     style="yellow")
            return
        name, query = saved[number - 1]
        self._show_filter_line(True)
        self._filter_bar.value = query  # filters as if typed (Input.Changed)
        self.say(f"filter {number} @{name}: {query}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        event.stop()
        if not event.value.strip():
            self._show_filter_line(False)
        self._typed = False
        self.queue.focus()
        self.queue.move_to(0)
        self._show_preview_now()  # typing is over

    def on_filter_bar_cleared(self, event: FilterBar.Cleared) -> None:
        self._clear_filter()

    def _clear_filter(self) -> None:
        current = self.queue.current
        self._typed = False
        self.filter_query = Query()
        with self._filter_bar.prevent(Input.Changed):
            self._filter_bar.value = ""
        self._show_filter_line(False)
        if self._filter_problems:
            self._filter_problems = ""
            self.status_line.set_notice(Text())
        self._show_rows(keep=current["id"] if current else None)
        self.queue.focus()

    # -- changes (all through the session's store) ---------------------------------

    def say(self, text: str, *, style: str = "") -> None:
        """An action's outcome: on the status line (shortened to fit) and whole in the log."""
        self.session.log(text)
        self.status_line.set_notice(Text(text, style=style))

    def action_skipped(self) -> None:
        lines = [self._in_inbox(skipped.line()) for skipped in self.session.skipped]
        self.app.push_screen(LinesScreen("Skipped inbox files", lines,
                                         empty="Every file in the inbox was read."))
        self.say(f"{len(lines)} inbox file(s) not read" if lines else "no file skipped")

    def action_history(self) -> None:
        from desk.render import history_text

        if (row := self._current()) is None:
            return
        try:
            entries = self.session.history(row["id"])
        except StoreError as exc:
            self.say(f"cannot show the history: {exc}", style="red")
            return
        self.app.push_screen(LinesScreen(
            f"History · {one_line(row.get('headline') or row['id'])}", history_text(entries),
            empty="No change since it was read into the store."))

    def action_log(self) -> None:
        self.app.push_screen(LinesScreen("Messages", self.session.messages,
                                         empty="No messages yet.", last=True))

    def _current(self) -> Row | None:
        row = self.queue.current
        if row is None:
            self.say("no story selected", style="yellow")
        return row

    def _change(self, row: Row, action: str, call: Callable[[DeskStore], Record], *,
                on_clash: Callable[[Record, tuple[FieldConflict, ...]], None] | None = None,
                ) -> Record | None:
        """Run one store change for the editor; show the result, a refusal or a conflict.
        A clash on a field the editor typed goes to `on_clash`, which keeps their text."""
        outcome = self.session.change(call)
        if outcome.record is not None:
            self.apply_record(outcome.record)
        if outcome.conflict and on_clash is not None and outcome.clashes:
            on_clash(outcome.record, outcome.clashes)
        elif outcome.conflict:
            self.say(f"could not {action}: {outcome.problem}", style="red")
            self.app.push_screen(ConflictScreen(describe_conflict(row, outcome.record, action)))
        elif outcome.problem:
            problem = outcome.problem.replace(FORCE_HINT, FORCE_KEY_HINT)
            # Story text and store messages are data: markup=False keeps brackets literal.
            self.notify(problem, title=f"Cannot {action}", severity="error",
                        markup=False)
            self.say(f"cannot {action}: {problem}", style="red")
        return None if outcome.problem else outcome.record

    def action_versions(self) -> None:
        """Show the story's versions; having seen them, it is no longer `updated`."""
        from desk.render import render_versions

        if (row := self._current()) is None:
            return
        with self.session.lock:
            record = self.session.store.get(row["id"])
        if record is None:
            return
        count = len(record.get("earlier") or []) + 1
        self.app.push_screen(LinesScreen(f"Versions ({count}) of {one_line(row['headline'])}",
                                         render_versions(record), empty="No versions."))
        if record.get("updated"):
            seen = self._change(row, "mark seen", lambda store: store.mark_seen(row["id"]))
            if seen is not None:
                self._approve_updated = None
        self.say(f"{count} version(s) of {_short(record)}")

    def action_approve(self, force: bool = False) -> None:
        verb = "approve anyway" if force else "approve"
        marked = self._marked_to_decide(verb, "A" if force else "a")
        if marked:
            self._decide_marked(verb, marked, lambda row: self._approve(row, force))
        elif marked is None and (row := self._current()) is not None and \
                self._approve(row, force):
            self._advance(row)

    def _approve(self, row: Row, force: bool) -> bool:
        if row.get("updated") and self._approve_updated != row["id"]:
            # A newer version arrived since the editor looked: the copy may not be the one
            # they read. One more `a` approves it; `v` shows what changed.
            self._approve_updated = row["id"]
            self.say(f"a newer version of this story arrived (v{row.get('versions') or 2}): "
                     "v shows what changed; a again approves the latest", style="bold red")
            return False
        self._approve_updated = None
        record = self._change(row, "approve", lambda store: store.approve(
            row["id"], force=force, base_revision=row["revision"]))
        if record is None:
            return False
        if record["revision"] == row["revision"]:  # approved already, and nothing changed
            self.say(f"already approved → {record.get('filename')}: nothing changed, "
                     "nothing written")
        else:
            self.say(f"approved → {record.get('filename')}: {_short(record)}",
                     style="green")
        return True

    def action_approve_anyway(self) -> None:
        """Approve over the unbalanced-quote warning (the store's `force`); the headline
        rules still hold."""
        self.action_approve(force=True)

    def action_spike(self) -> None:
        marked = self._marked_to_decide("spike", "s")
        if marked:
            self._decide_marked("spike", marked, self._spike_marked)
        elif marked is None and (row := self._current()) is not None and \
                row.get("status") != Status.SPIKED and self._spike(row):
            self._advance(row)
        elif marked is None and row is not None:
            self._spike(row)  # unspike: the cursor stays on the story brought back

    def _spike(self, row: Row) -> bool:
        if row.get("status") == Status.SPIKED:
            record = self._change(row, "unspike", lambda store: store.unspike(
                row["id"], base_revision=row["revision"]))
        else:
            record = self._change(row, "spike", lambda store: store.spike(
                row["id"], base_revision=row["revision"]))
        if record is not None:
            self.say(f"{'spiked' if record['status'] == Status.SPIKED else 'unspiked'}: "
                     f"{_short(record)} (now {record['status']})")
        return record is not None

    def _spike_marked(self, row: Row) -> bool:
        """Spiking marked stories never unspikes one already spiked."""
        return row.get("status") == Status.SPIKED or self._spike(row)

    # -- marked stories and moving on ---------------------------------------------

    def _marked_to_decide(self, verb: str, key: str) -> list[Row] | None:
        """The marked stories `verb` acts on now: None when none is marked (it acts on
        the story under the cursor); [] while asking, for more than a handful, to press
        the same key again."""
        rows = self.queue.marked_rows()
        if not rows:
            return None
        if len(rows) > CONFIRM_OVER and self._confirming != verb:
            self._confirming = verb
            self.say(f"{verb} {len(rows)} marked stories? press {key} again to go ahead",
                     style="yellow bold")
            return []
        self._confirming = ""
        return rows

    def _decide_marked(self, verb: str, rows: list[Row],
                       decide: Callable[[Row], bool]) -> None:
        by_id = {row["id"]: row for row in self.queue.rows}
        done = sum(bool(decide(by_id.get(row["id"], row))) for row in rows)
        self.queue.clear_marks()
        self.say(f"{verb}: {done} of {len(rows)} marked stories"
                 + ("" if done == len(rows) else "; `l` lists why not"),
                 style="green" if done == len(rows) else "yellow")
        if (current := self.queue.current) is not None and not _undecided(current):
            self._advance(current)

    def _advance(self, decided: Row | None) -> None:
        """After a decision, on to the next story still needing one (desk.toml
        `advance = false` keeps the cursor where it is)."""
        if decided is None or not self.session.settings.advance:
            return
        index = self.queue.next_index(_undecided)
        if index is not None:
            self.queue.move_to(index)

    def action_next_undecided(self) -> None:
        self._to_undecided(self.queue.next_index(_undecided))

    def action_previous_undecided(self) -> None:
        self._to_undecided(self.queue.next_index(_undecided, step=-1))

    def action_first_undecided(self) -> None:
        self._to_undecided(self.queue.next_index(_undecided, start=-1))

    def _to_undecided(self, index: int | None) -> None:
        if index is None:
            self.say("every story shown has a decision")
        else:
            self.queue.move_to(index)

    def action_undo(self) -> None:
        """Take back this desk's own last change to the story; the store refuses, saying
        why, when another desk changed the story since."""
        if (row := self._current()) is None:
            return
        record = self._change(row, "undo", lambda store: store.undo(row["id"]))
        if record is not None:
            undone = [f"{field} {shown(new)} → {shown(old)}" for field, new, old
                      in self.session.changed_fields(record["id"], record["revision"])
                      if field in UNDO_SHOWN]
            self.say(f"undone: {'; '.join(undone) or _short(record)}")

    def action_headline(self) -> None:
        if (row := self._current()) is not None:
            self._edit(row, "headline", row.get("headline") or "")

    def action_tags(self) -> None:
        if (row := self._current()) is not None:
            self._edit(row, "tags", list(row.get("tags") or ()))

    def _edit(self, row: Row, field: str, typed: object,
              clash: FieldConflict | None = None) -> None:
        """Open the editor of `field` ("headline" or "tags") holding `typed`. After a clash
        with another desk it holds the editor's own text, with theirs beside it."""

        def save(value) -> None:
            if value is None:
                self.say(f"{field} edit cancelled: nothing changed")
            elif clash is not None and value == clash.theirs:
                self.say(f"kept {clash.user}'s {field}: {shown(value)}")
            elif value == row.get(field):
                self.say(f"{field} unchanged")
            elif record := self._change(
                    row, f"change the {field}",
                    lambda store: _setter(store, field)(row["id"], value,
                                                        base_revision=row["revision"]),
                    on_clash=lambda current, clashes: self._clashed(current, field, value,
                                                                    clashes)):
                problems = approval_problems(record[field], self.session.settings.
                                             headline_limit) if field == "headline" else []
                self.say(f"{field} saved: {shown(record[field])}{_reapprove(row, record)}"
                         + "".join(f"; {problem}" for problem in problems),
                         style="yellow" if problems else "green")

        if field == "headline":
            dialog = HeadlineScreen(typed, limit=self.session.settings.headline_limit,
                                    slug=Store.preview_slug, theirs=clash)
        else:  # the index rows carry the core's suggestions and the desk's tags: no file read
            offered = dict.fromkeys([*(row.get("suggested_tags") or ()),
                                     *tag_vocabulary(self.all_rows)])
            dialog = TagsScreen(typed, tuple(offered), theirs=clash)
        self._open(dialog, save)

    def _clashed(self, current: Record, field: str, typed: object,
                 clashes: tuple[FieldConflict, ...]) -> None:
        clash = next((each for each in clashes if each.field == field), clashes[0])
        self.say(f"{clash.user} changed the {field} while you were editing: enter keeps "
                 "yours, ctrl+t takes theirs", style="yellow")
        self._edit(current, field, typed, clash)

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
        """Read inbox files the store has not seen, in batches, then bring the word index up."""
        self._reporting_store_problems(self._read_inbox_once)

    def _read_inbox_once(self) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(IndexProgress(done, total))

        self.post_message(IndexLoaded(self.session.load_rows(progress)))
        self.session.warm_up()
        new = self.session.unread_files(self._ingest_problem)
        self._ingest(new)
        self.post_message(ScanProgress(len(new), len(new)))
        self.post_message(ScanDone())  # set on this screen's side, after the rows
        for done, total in self.session.index_words():
            self.post_message(WordsIndexed(done, total))

    def _ingest(self, paths: list[str]) -> None:
        if len(paths) > inbox.BATCH:  # more than one batch: say so while the first is read
            self.post_message(ScanProgress(0, len(paths)))
        for batch in self.session.ingest(paths, self._ingest_problem):
            self.post_message(ScanProgress(batch.done, batch.total))
            self.post_message(RowsArrived(batch.rows, batch.news))

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
        self.session.refresh()
        new = self.session.arrived_files(self._ingest_problem)
        if new:
            self._ingest(new)  # posts the rows
        elif changed := self.session.changed_rows():
            self.post_message(RowsUpdated(changed))
            if self.bodies_indexed:  # (else the first indexing pass is at work)
                for done, total in self.session.index_words(changed):  # another desk's
                    self.post_message(WordsIndexed(done, total))

    def on_index_progress(self, message: IndexProgress) -> None:
        self.status_line.set_activity(
            f"reading the store {message.done:,}/{message.total:,} files")

    def on_index_loaded(self, message: IndexLoaded) -> None:
        self.loaded = True
        self.status_line.set_activity("")
        self.apply_rows(message.rows)
        self._say_unavailable()

    def on_rows_updated(self, message: RowsUpdated) -> None:
        self.apply_changed(message.rows)

    def on_rows_arrived(self, message: RowsArrived) -> None:
        for line in message.news:
            self.say(line)
        self.apply_changed(message.rows)

    def on_scan_progress(self, message: ScanProgress) -> None:
        if message.done < message.total:
            self.status_line.set_activity(f"reading inbox {message.done:,}/{message.total:,}")
        else:
            self.status_line.set_activity("")

    def on_scan_done(self, message: ScanDone) -> None:
        self.scan_done = True

    def on_words_indexed(self, message: WordsIndexed) -> None:
        self.bodies_indexed = self.bodies_indexed or message.done == message.total
        self.status_line.set_activity(
            "" if self.bodies_indexed else f"indexing text {message.done:,}/{message.total:,}")
        self.refilter()

    def on_ingest_problem(self, message: IngestProblem) -> None:
        self._problems += 1
        if self._problems <= SHOWN_PROBLEMS:
            self.notify(message.text, title="Skipped a file", severity="warning", markup=False)
        # The status line is one row: name the file from the inbox, so a deep inbox path
        # does not push the file's name off the edge.
        self.status_line.set_notice(Text(
            f"{self._problems} file(s) skipped: {self._in_inbox(message.text)}",
            style="yellow"))
        self.session.log(message.text)

    def _in_inbox(self, line: str) -> str:
        """A line naming an inbox file, with the file named from the inbox folder."""
        folder = self.session.settings.inbox
        line = line.removeprefix(os.path.join(os.path.abspath(folder), ""))
        return line.removeprefix(str(folder) + os.sep)

    def on_store_problem(self, message: StoreProblem) -> None:
        # The watch retries every tick: say a lasting problem once, not once a second.
        if message.text != self._store_problem:
            self._store_problem = message.text
            self.notify(message.text, title="Store", severity="error", markup=False)
            self.session.log(message.text)
        self.status_line.set_notice(Text(message.text, style="red"))

    # -- export --------------------------------------------------------------------

    def action_export(self) -> None:
        marked = self._marked_to_decide("export", "x")
        if marked == []:
            return  # asked to press x again
        ids = [row["id"] for row in marked or self.all_rows
               if row.get("status") == Status.APPROVED]
        if not ids:
            if marked:
                self.queue.clear_marks()
            self.say("nothing approved to export" + (" among the marked stories"
                                                     if marked else ""), style="yellow")
            return

        def go(formats: tuple[str, ...] | None) -> None:
            if formats is None:  # the marks stay, for another go
                self.say("export cancelled: nothing written")
                return
            if marked:
                self.queue.clear_marks()
            self._export_formats = formats  # ticked the same way next time
            self.status_line.set_activity(f"exporting 0/{len(ids):,}")
            self._export(ids, formats)

        self._open(ExportScreen(len(ids), self.session.settings.export,
                                self._export_formats), go)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, ids: list[str], formats: tuple[str, ...]) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(ExportProgress(done, total))

        summary, ok = self.session.export(ids, progress, formats)
        # The export wrote through a store of its own: the stories it marked exported
        # reach the word index (`status:exported`) from the store.
        self._reporting_store_problems(self._index_after_export)
        self.post_message(ExportFinished(summary, ok=ok))

    def _index_after_export(self) -> None:
        self.session.refresh()
        for _ in self.session.index_words():
            pass

    def on_export_progress(self, message: ExportProgress) -> None:
        self.status_line.set_activity(f"exporting {message.done:,}/{message.total:,}")

    def on_export_finished(self, message: ExportFinished) -> None:
        self.status_line.set_activity("")
        self.say(message.summary)
        self.session.refresh()
        self.apply_rows(self.session.rows())
        self.notify(message.summary, title="Export", markup=False,
                    severity="information" if message.ok else "warning")


def _urgent_new(row: Row) -> bool:
    return row.get("status") == Status.NEW and is_urgent(row.get("urgency"))


def _undecided(row: Row) -> bool:
    return (row.get("status") or Status.NEW) == Status.NEW


def _setter(store: DeskStore, field: str) -> Callable[..., Record]:
    return store.set_headline if field == "headline" else store.set_tags


def _reapprove(before: Row, after: Row) -> str:
    was_approved = before.get("status") in (Status.APPROVED, Status.EXPORTED)
    return "; approve it again to publish it" if was_approved and \
        after.get("status") == Status.NEW else ""


def _short(record: Row) -> str:
    headline = record.get("headline") or record["id"]
    return headline if len(headline) <= 40 else headline[:39] + "…"

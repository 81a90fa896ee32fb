"""DeskApp: wires the desk screen to the core and the store.

Start-up draws the queue from the store's index at once; reading the inbox, loading a story
for the preview, building the filter's text cache, watching for new files and other desks'
changes, and exporting all run in thread workers that post messages (desk.tui.messages) back.
Every store call holds one lock, since the workers and the screen share one Store.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.cache import LRUCache
from textual.screen import Screen

from desk.config import Settings
from desk.model import Story
from desk.store.errors import os_problem
from desk.store.store import ConflictError, Store, StoreError
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
from desk.tui.paths import styles_dir
from desk.tui.screens.conflict import ConflictScreen, describe_conflict
from desk.tui.screens.desk import DeskScreen
from desk.tui.screens.help import HELP, HelpScreen
from desk.tui.widgets.filter_bar import SearchText

BATCH = 200  # stories added to the store per call while reading the inbox
SHOWN_PROBLEMS = 3  # bad files notified one by one; the rest are counted
# Wire copy is a few KB and reads in about a millisecond: read it inline. Bigger files go
# to a worker so the keys stay live.
INLINE_LOAD_BYTES = 64 * 1024


def _reader():
    """The inbox reader, imported on first use (by the scan worker, as a rule): ftfy,
    charset-normalizer and the quote finder take ~0.2 s to import, and the first frame, the
    queue drawn from the store's index, needs none of them."""
    from desk.text import ingest, pipeline

    return ingest, pipeline


class DeskApp(App, inherit_bindings=False):
    """`DeskApp(settings)`: the factory shared by the CLI, the tests and the benchmark."""

    CSS_PATH = str(styles_dir() / "desk.tcss")
    TITLE = "desk"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    # No ctrl+c/x/v: those are copy, cut and paste in every input.
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="desk.quit"),
        Binding("question_mark", "help", "Help", id="desk.help"),
    ]

    def __init__(self, settings: Settings, *, store: Store | None = None,
                 watch_interval: float | None = 1.0) -> None:
        super().__init__()
        self.settings = settings
        self.store = store or Store(settings.store, headline_limit=settings.headline_limit)
        self.store_lock = threading.RLock()
        self.watch_interval = watch_interval
        self.search = SearchText()  # lowercase story text for `/`, filled by workers
        self.scan_done = False
        self.bodies_indexed = False
        self._stories: LRUCache[str, Story] = LRUCache(32)
        self._files: set[str] = set()  # inbox files (absolute paths) already read
        self._folders: dict[str, int] = {}  # inbox folders -> mtime_ns when last listed
        self._problems = 0
        self._store_problem = ""  # the last store problem a worker reported
        self._watching = threading.Lock()
        if settings.keymap:
            self.set_keymap(settings.keymap)

    def get_default_screen(self) -> Screen:
        return DeskScreen()

    @property
    def desk(self) -> DeskScreen:
        screen = self.screen_stack[0]  # the default screen, under any dialog
        assert isinstance(screen, DeskScreen)
        return screen

    def desk_ready(self) -> None:
        """The desk screen is up: fill it from the index now, read the inbox behind it."""
        try:
            with self.store_lock:
                rows = self.store.records()  # the first read of the partitions
        except (StoreError, OSError) as exc:  # a damaged partition: one line, no traceback
            problem = self._problem(exc)
            self.exit(return_code=1, message=Text(f"desk: {problem}"))
            return
        self.desk.apply_rows(rows)
        self.scan_inbox()
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._watch_tick)

    def _problem(self, exc: StoreError | OSError) -> str:
        return os_problem(exc, self.store) if isinstance(exc, OSError) else str(exc)

    def _reporting_store_problems(self, work: Callable[[], None]) -> None:
        """Run a worker's job; a store failure becomes a notice, since a traceback in a
        thread would end the desk."""
        try:
            work()
        except (StoreError, OSError) as exc:
            self.post_message(StoreProblem(self._problem(exc)))

    def on_store_problem(self, message: StoreProblem) -> None:
        # The watch retries every tick: say a lasting problem once, not once a second.
        if message.text != self._store_problem:
            self._store_problem = message.text
            self.notify(message.text, title="Store", severity="error", markup=False)
        self.desk.status_line.set_notice(Text(message.text, style="red"))

    # -- store changes -------------------------------------------------------------

    def change(self, row: dict, action: str, call: Callable[[Store], dict]) -> dict | None:
        """Run one store change for the editor; show the result, a refusal or a conflict."""
        try:
            with self.store_lock:
                record = call(self.store)
        except ConflictError as exc:
            self.desk.apply_record(exc.record)
            self.push_screen(ConflictScreen(describe_conflict(row, exc.record, action)))
            return None
        except (StoreError, OSError) as exc:  # OSError: a disk full, a permission lost
            problem = self._problem(exc)
            # Story text and store messages are data: markup=False keeps brackets literal.
            self.notify(problem, title=f"Cannot {action}", severity="error", markup=False)
            self.desk.status_line.set_notice(Text(f"cannot {action}: {problem}", style="red"))
            return None
        self.desk.apply_record(record)
        return record

    # -- stories for the preview ---------------------------------------------------

    def story_for(self, row: dict) -> Story | None:
        """The full story: cached, read at once when small, else None while a worker reads it."""
        story = self._stories.get(row["id"])
        if story is not None:
            return story
        source = row.get("source") or ""
        try:
            small = os.stat(source).st_size <= INLINE_LOAD_BYTES
        except OSError:
            small = False  # let the worker report the problem
        if not small:
            self._load_story(row["id"], source)
            return None
        ingest, pipeline = _reader()
        try:
            story = pipeline.load_story(source, row["id"])  # a feed holds many: pick by id
        except (ingest.IngestError, OSError) as exc:
            self.post_message(StoryLoaded(row["id"], None, str(exc)))  # no second read
            return None
        if story.id != row["id"]:  # edited since ingest: say so (on_story_loaded)
            self.post_message(StoryLoaded(row["id"], story))
            return None
        self._stories[row["id"]] = story
        return story

    @work(thread=True, exclusive=True, group="preview")
    def _load_story(self, story_id: str, source: str) -> None:
        ingest, pipeline = _reader()
        try:
            story = pipeline.load_story(source, story_id)
        except (ingest.IngestError, OSError) as exc:
            self.post_message(StoryLoaded(story_id, None, str(exc)))
            return
        self.post_message(StoryLoaded(story_id, story))

    def on_story_loaded(self, message: StoryLoaded) -> None:
        if message.story is not None and message.story.id != message.story_id:
            problem = f"{message.story.raw.source}: changed since it was read into the store"
        elif message.story is not None:
            problem = ""
            self._stories[message.story_id] = message.story
        else:
            problem = message.problem
        self.desk.story_loaded(message.story_id, problem)

    # -- the inbox -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="inbox")
    def scan_inbox(self) -> None:
        """Read inbox files the store has not seen, in batches, then index bodies."""
        self._reporting_store_problems(self._scan_inbox)

    def _scan_inbox(self) -> None:
        with self.store_lock:
            rows = self.store.records()
        known = {os.path.abspath(row["source"]) for row in rows if row.get("source")}
        self._folders = self._folder_stamps(self._inbox_folders())
        files = self._inbox_files()
        new = [path for path in files if path not in known]
        self._files = files
        self._ingest(new)
        self.scan_done = True
        self.post_message(ScanProgress(len(new), len(new)))
        self._index_bodies()

    def _inbox_files(self) -> set[str]:
        def problem(text: str) -> None:
            self.post_message(IngestProblem(text))

        ingest, _ = _reader()
        return {os.path.abspath(path)
                for path in ingest.iter_story_files([self.settings.inbox], problem)}

    def _inbox_folders(self) -> list[str]:
        return [folder for folder, _, _ in os.walk(self.settings.inbox)]

    @staticmethod
    def _folder_stamps(folders: Iterable[str]) -> dict[str, int]:
        stamps = {}
        for folder in folders:
            try:
                stamps[folder] = os.stat(folder).st_mtime_ns
            except OSError:
                stamps[folder] = -1
        return stamps

    def _ingest(self, paths: list[str]) -> None:
        ingest, pipeline = _reader()
        if len(paths) > BATCH:
            self.post_message(ScanProgress(0, len(paths)))
        for start in range(0, len(paths), BATCH):
            stories, bodies = [], {}
            for path in paths[start:start + BATCH]:
                try:
                    found = pipeline.load_stories(path, self._ingest_problem)
                except ingest.IngestError as exc:
                    self._ingest_problem(str(exc))
                    continue
                stories += found
                bodies.update((story.id, story.copy.body) for story in found)
            with self.store_lock:
                self.store.add_stories(stories)
                rows = self.store.records()
            self.post_message(ScanProgress(min(start + BATCH, len(paths)), len(paths)))
            self.post_message(RowsChanged(rows, bodies))

    def _ingest_problem(self, problem: str) -> None:
        self.post_message(IngestProblem(problem))

    def _index_bodies(self) -> None:
        """Bodies for the filter, from the store's records (no inbox file is parsed).
        full_records() only reads whole partition files, so it needs no store lock."""
        with self.store_lock:
            total = len(self.store.records())
        known = self.search.bodies
        texts: dict[str, str] = {}
        for done, record in enumerate(self.store.full_records(), 1):
            if record["id"] not in known:
                texts[record["id"]] = _body_of(record)
            if len(texts) >= 2000:
                self.post_message(SearchTextReady(texts, min(done, total - 1), total))
                texts = {}
        self.post_message(SearchTextReady(texts, total, total))

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
        with self.store_lock:
            changed = self.store.refresh()
        # A file dropped (or renamed) into a folder changes the folder's mtime: stat the
        # folders each tick, list the files (10,000 of them: ~0.2 s) only on a change.
        new: list[str] = []
        stamps = self._folder_stamps(self._folders)
        if stamps != self._folders:
            self._folders = self._folder_stamps(self._inbox_folders())
            files = self._inbox_files()
            new = sorted(files - self._files)
            self._files = files
        if new:
            self._ingest(new)  # posts the rows
        elif changed:
            with self.store_lock:
                rows = self.store.records()
            self.post_message(RowsChanged(rows))

    def on_rows_changed(self, message: RowsChanged) -> None:
        self.search.add_bodies(message.bodies)
        self.desk.apply_rows(message.rows)

    def on_scan_progress(self, message: ScanProgress) -> None:
        status = self.desk.status_line
        if message.done < message.total:
            status.set_activity(f"reading inbox {message.done:,}/{message.total:,}")
        else:
            status.set_activity("")

    def on_search_text_ready(self, message: SearchTextReady) -> None:
        self.search.add_bodies(message.texts)
        self.bodies_indexed = message.done == message.total
        self.desk.status_line.set_activity(
            "" if self.bodies_indexed else f"indexing text {message.done:,}/{message.total:,}")
        self.desk.refilter()

    def on_ingest_problem(self, message: IngestProblem) -> None:
        self._problems += 1
        if self._problems <= SHOWN_PROBLEMS:
            self.notify(message.text, title="Skipped a file", severity="warning", markup=False)
        # The status line is one row: name the file from the inbox, so a deep inbox path
        # does not push the file's name off the edge.
        inbox = os.path.join(os.path.abspath(self.settings.inbox), "")
        short = message.text.removeprefix(inbox).removeprefix(str(self.settings.inbox) + os.sep)
        self.desk.status_line.set_notice(
            Text(f"{self._problems} file(s) skipped: {short}", style="yellow"))

    # -- export --------------------------------------------------------------------

    def export_approved(self) -> None:
        ids = [row["id"] for row in self.desk.all_rows if row.get("status") == "approved"]
        if not ids:
            self.notify("Nothing approved to export.", title="Export")
            return
        self.desk.status_line.set_activity(f"exporting 0/{len(ids):,}")
        self._export(ids)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, ids: list[str]) -> None:
        from desk.export.exporter import export_stories  # only an export needs the writers

        def progress(done: int, total: int) -> None:
            self.post_message(ExportProgress(done, total))

        try:
            # Its own Store (the file lock makes that safe): a long export never holds up
            # the editor's approvals on the shared one.
            store = Store(self.settings.store, headline_limit=self.settings.headline_limit)
            summary = export_stories(store, self.settings.export, ids=ids, progress=progress)
        except (StoreError, OSError) as exc:
            self.post_message(ExportFinished(str(exc), ok=False))
            return
        lines = [summary.line(), *summary.skipped[:3]]
        self.post_message(ExportFinished("; ".join(lines), ok=not summary.skipped))

    def on_export_progress(self, message: ExportProgress) -> None:
        self.desk.status_line.set_activity(f"exporting {message.done:,}/{message.total:,}")

    def on_export_finished(self, message: ExportFinished) -> None:
        self.desk.status_line.set_activity("")
        self.desk.status_line.set_notice(Text(message.summary))
        with self.store_lock:
            self.store.refresh()
            rows = self.store.records()
        self.desk.apply_rows(rows)
        self.notify(message.summary, title="Export", markup=False,
                    severity="information" if message.ok else "warning")

    # -- help and the command palette ----------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(list(self.key_help())))

    def key_help(self) -> Iterable[tuple[str, str]]:
        """Every desk binding with all the keys it has now (keymap applied), in order."""
        keys: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for active in self.desk.active_bindings.values():
            binding = active.binding
            if binding.id and binding.id.startswith("desk."):
                keys.setdefault(binding.id, []).append(self.get_key_display(binding))
                descriptions[binding.id] = HELP.get(binding.id, binding.description)
        for binding_id, shown in keys.items():
            yield " ".join(dict.fromkeys(shown)), descriptions[binding_id]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        desk = self.desk
        for title, help_text, action in _PALETTE:
            yield SystemCommand(title, help_text, getattr(desk, f"action_{action}"))


def _body_of(record: dict) -> str:
    copy = record.get("copy") or {}
    if copy.get("paragraphs"):
        return "\n\n".join(copy["paragraphs"])
    return (record.get("approved") or {}).get("body") or ""


_PALETTE = (
    ("Approve story", "Approve the selected story (store validation applies)", "approve"),
    ("Approve anyway", "Approve over an unbalanced-quote warning", "approve_anyway"),
    ("Spike story", "Spike the selected story, or unspike a spiked one", "spike"),
    ("Undo", "Undo the last change to the selected story", "undo"),
    ("Edit headline", "Edit the selected story's headline", "headline"),
    ("Edit tags", "Edit the selected story's tags", "tags"),
    ("Filter", "Filter the queue (words, status:approved, tag:x, credit:x)", "filter"),
    ("Toggle original", "Show the untouched inbox text, or the clean copy", "original"),
    ("Export approved", "Export every approved story to the export folder", "export"),
)


def run_app(settings: Settings) -> int:
    """`desk` with no command: open the store (a bad one is one line, no traceback)."""
    try:
        store = Store(settings.store, headline_limit=settings.headline_limit)
    except StoreError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return 1
    app = DeskApp(settings, store=store)
    try:
        app.run()
    finally:
        store.close()  # leaves a fresh index snapshot, so the next start opens fast
    return app.return_code or 0

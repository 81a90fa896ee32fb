"""DeskSession: what the desk does with the store and the inbox, without Textual.

It holds the Store and the lock around it (the desk screen and its worker threads share
one Store), the cache of full stories for the preview, `change()` for an editor's edit,
the inbox diffing and ingest (desk.inbox, the rules `desk ingest` uses), the filter (the
word index desk.store.words, kept up with every change, and desk.tui.search over it) and
exports. The desk screen runs these in its workers and turns the results into messages
and paint; tests drive a session without Pilot.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import chain

from desk import inbox
from desk.config import Settings
from desk.model import HistoryEntry, Record, Row, Story
from desk.store import (
    ConflictError,
    DeskStore,
    FieldConflict,
    Store,
    StoreError,
    open_store,
)
from desk.store.records import body_of
from desk.store.words import Entry, WordIndex, WordIndexError, batched_entries, path_for
from desk.tui import cold_read
from desk.tui.search import RowFilter

# Wire copy is a few KB and reads in about a millisecond: read it inline. Bigger files go
# to a worker so the keys stay live.
INLINE_LOAD_BYTES = 64 * 1024
CACHED_STORIES = 32
WORDS_PER_COMMIT = 200  # stories indexed per transaction: an edit waits for one at most
FEW_STALE = 200  # up to this many stale stories are read one by one, more in one pass

Problem = Callable[[str], None]


@dataclass(frozen=True)
class Outcome:
    """What a store change came to. `record` is the story as the store now holds it (None
    when the change failed); `problem` says why it did not go ahead, in one line;
    `conflict` is True when the story changed under the editor."""

    record: Record | None
    problem: str = ""
    conflict: bool = False
    clashes: tuple[FieldConflict, ...] = ()  # fields another desk set since the editor began


@dataclass(frozen=True)
class Loaded:
    """A full story for the preview, or the one line saying why there is none."""

    story: Story | None
    problem: str = ""


@dataclass(frozen=True)
class Ingested:
    """One inbox batch in the store (and in the word index): the rows that changed since
    the last (the batch's stories, other desks' changes), to merge into the queue, and
    `done` of `total` files read."""

    rows: list[Row]
    done: int
    total: int
    news: list[str] = field(default_factory=list)  # copies merged, stories updated


class DeskSession:
    def __init__(self, settings: Settings, store: DeskStore | None = None) -> None:
        self.settings = settings
        self.store = store or open_store(settings.store,
                                         headline_limit=settings.headline_limit)
        self.lock = threading.RLock()
        self.words = WordIndex(path_for(settings.store))  # what `/` looks words up in
        if self.words.problem:
            self.log(self.words.problem)
        self.filter = RowFilter(self.words)
        self.inbox = inbox.Inbox(settings.inbox, settings.settle)
        self._stories: OrderedDict[str, Story] = OrderedDict()
        # The inbox reader's indexing of the words of what it listed (index_words follows)
        self._child_indexing: Iterator[cold_read.Indexed] | None = None
        self.messages: list[str] = []  # every notice in full, oldest first (`l`)

    def log(self, text: str) -> None:
        self.messages.append(f"{time.strftime('%H:%M:%S')}  {text}")

    # -- the store -------------------------------------------------------------------

    def rows(self) -> list[Row]:
        """The store's index rows (raises StoreError)."""
        with self.lock:
            return self.store.records()

    def warm_up(self) -> None:
        """Import what the first filter keystroke and the first preview use (numpy, the
        renderer and the quote engine under it), which the first frame goes without: a
        worker does it after that frame, so neither the frame nor the key waits for it."""
        import numpy  # noqa: F401

        import desk.render  # noqa: F401

    def first_rows(self, count: int) -> list[Row] | None:
        """The queue's first `count` rows, read without the rest; None when the store
        cannot tell them without reading every row (load_rows)."""
        with self.lock:
            return self.store.first_rows(count)

    def load_rows(self, progress: Callable[[int, int], None]) -> list[Row]:
        """Every row, `progress(done, total)` told while a missing index is rebuilt."""
        with self.lock:
            return self.store.load_rows(progress)

    def changed_rows(self) -> list[Row]:
        """The rows that changed since the last call (refresh() finds other desks')."""
        with self.lock:
            return self.store.changed_rows()

    def refresh(self) -> bool:
        """Pick up other desks' changes; True if any row changed."""
        with self.lock:
            return self.store.refresh()

    def change(self, call: Callable[[DeskStore], Record]) -> Outcome:
        """Run one store change (`call(store)` returns the changed record) and say how it
        went: a conflict brings the current record, a refusal or failure its reason."""
        try:
            with self.lock:
                record = call(self.store)
        except ConflictError as exc:
            return Outcome(exc.record, str(exc), conflict=True, clashes=exc.conflicts)
        except StoreError as exc:  # a refusal, or a disk full: one line naming the file
            return Outcome(None, str(exc))
        try:  # the change is durable now: a failed retraction is told, never the change
            if record.get("published"):  # (none: nothing was exported to take back)
                with self.lock:
                    self._retract(record["id"])
        except StoreError as exc:
            self.log(f"could not retract the exports of {record['id']}: {exc}")
        # Not waited for: the filter's next lookup waits for it (WordIndex.settle).
        self.words.add_soon([Entry.of_record(record)], self.log)
        return Outcome(record)

    def index_entries(self, entries: list[Entry]) -> None:
        """Put stories into the word index. It is a cache: a failure is logged, and the
        stories stay stale (the next start indexes them)."""
        try:
            self.words.add(entries)
        except WordIndexError as exc:
            self.log(str(exc))

    def _retract(self, story_id: str) -> None:
        """A spike or undo past an export pulls its files and leaves a kill notice at once:
        a CMS must not keep publishing what the desk withdrew."""
        from desk.export.retract import retract_withdrawn  # only a withdrawal needs it

        summary = retract_withdrawn(self.store, [story_id])
        for line in summary.skipped:
            self.log(line)
        if summary.retracted:
            self.log(f"retracted the exported files of {story_id} (kill notice written)")

    def history(self, story_id: str) -> list[HistoryEntry]:
        """Every change to the story, oldest first (what `desk history` prints)."""
        with self.lock:
            return self.store.history(story_id)

    def body(self, story_id: str) -> str:
        """The story's clean body, paragraphs apart (raises StoreError)."""
        with self.lock:
            record = self.store.get(story_id)
        return body_of(record) if record else ""

    def changed_fields(self, story_id: str, revision: int) -> list[tuple[str, object, object]]:
        """(field, old, new) of each field the change at `revision` set."""
        entries = self.history(story_id)
        return [(entry["field"], entry["old"], entry["new"]) for entry in entries
                if entry["revision"] == revision]

    # -- full stories for the preview ------------------------------------------------

    def story_for(self, row: Row) -> Loaded | None:
        """The story behind `row` if it is cached or small enough to read now; None when
        its file is big: load_story() it in a worker, then remember() it."""
        story = self._stories.get(row["id"])
        if story is not None:
            self._stories.move_to_end(row["id"])
            return Loaded(story)
        try:
            small = os.stat(row.get("source") or "").st_size <= INLINE_LOAD_BYTES
        except OSError:
            small = True  # load_story() names the problem, at once
        if not small:
            return None
        loaded = self.load_story(row)
        if loaded.story is not None:
            self.remember(row["id"], loaded.story)
        return loaded

    def load_story(self, row: Row) -> Loaded:
        """Read and process the inbox file behind `row` (from any thread; caches nothing)."""
        from desk.text.ingest import IngestError
        from desk.text.pipeline import load_story

        try:
            # A feed holds many stories: the row's id picks its own.
            story = load_story(row.get("source") or "", row["id"])
        except (IngestError, OSError) as exc:
            return Loaded(None, str(exc))
        if story.id != row["id"] and story.id != self._text_id(row):
            # edited after it was read; the next look at the inbox revises the story
            return Loaded(None, f"{story.raw.source}: changed since it was read into the store")
        return Loaded(story)

    def _text_id(self, row: Row) -> str | None:
        """The id of the text a revised story holds (its file changed after it was read)."""
        try:
            with self.lock:
                record = self.store.get(row["id"])
        except StoreError:
            return None
        return record.get("text_id") if record else None

    def remember(self, story_id: str, story: Story) -> None:
        self._stories[story_id] = story
        self._stories.move_to_end(story_id)
        if len(self._stories) > CACHED_STORIES:
            self._stories.popitem(last=False)

    # -- the inbox -------------------------------------------------------------------

    def unread_files(self, on_problem: Problem) -> list[str]:
        """List the inbox: the files the store has not read yet."""
        unchanged = {os.path.abspath(row["source"]) for row in self.rows()
                     if row.get("source") and not _rewritten(row)}
        return self.inbox.unread(unchanged, on_problem)

    @property
    def skipped(self) -> list[inbox.Skipped]:
        """The inbox entries the last listing did not read, each with its reason."""
        return self.inbox.skipped

    def arrived_files(self, on_problem: Problem) -> list[str]:
        """Files that landed in the inbox since the last listing."""
        return self.inbox.arrived(on_problem)

    def ingest(self, paths: list[str], on_problem: Problem, *, in_child: bool = True,
               index_later: Callable[[list[Entry]], None] | None = None
               ) -> Iterator[Ingested]:
        """Read `paths` into the store a batch at a time (desk.inbox's rule): many of
        them in a child process (desk.tui.cold_read), unless `in_child` is False. The
        words of new stories are indexed with each batch, or handed to `index_later`."""
        if in_child and len(paths) >= cold_read.IN_CHILD_FROM:
            yield from self._ingest_in_child(paths, on_problem)
            return
        for batch in inbox.ingest(self.store, paths, on_problem, lock=self.lock):
            for revised in batch.revised:  # the preview must not show the old text
                self._stories.pop(revised.story_id, None)
            (index_later or self.index_entries)([Entry.of_new_story(story)
                                          for story in batch.stories])
            yield self._picked_up(batch.done, batch.total,
                                  [each.line() for each in batch.revised] + batch.copies,
                                  words=index_later is None)

    def _ingest_in_child(self, paths: list[str], on_problem: Problem) -> Iterator[Ingested]:
        """This desk only picks the rows up. Once every file is listed, the child goes on
        to index their words: index_words() follows it."""
        events = cold_read.read_in_child(self.settings, self.store.session, paths,
                                         on_problem)
        try:
            for event in events:
                if isinstance(event, cold_read.Indexed):
                    self._child_indexing = chain([event], events)
                    return
                if event.rows and isinstance(self.store, Store):
                    with self.lock:
                        self.store.take_rows(event.rows)
                arrived = self._picked_up(event.done, event.total, event.news, words=False)
                for row in arrived.rows:  # a new version's old text must not be shown
                    self._stories.pop(row["id"], None)
                yield arrived
        except cold_read.ChildFailed as exc:  # the files it had not stored: read here
            self.log(f"{exc}; reading the rest in the desk")
            for batch in self.ingest(paths[exc.done:], on_problem, in_child=False):
                yield replace(batch, done=exc.done + batch.done, total=len(paths))
        self.words.reread()  # (ended early: the desk indexes what it did not)

    def _picked_up(self, done: int, total: int, news: list[str], *,
                   words: bool = True) -> Ingested:
        """The rows a batch brought (and other desks' changes meanwhile), with their words
        indexed (revised stories, other desks' changes) unless `words` is False."""
        with self.lock:
            self.store.refresh()
            rows = self.store.changed_rows()
        for _ in self.index_words(rows) if words else ():
            pass
        return Ingested(rows, done, total, news)

    # -- the word index --------------------------------------------------------------

    def index_words(self, rows: list[Row] | None = None) -> Iterator[tuple[int, int]]:
        """Bring the word index up to the store's `rows` (default: all of them), yielding
        (done, total) stale stories as it goes: every story for a new index, none to a few
        after another desk's change. A few are read one by one; more, in one pass over
        the store's files (full_records() needs no store lock). For all of them, first
        the inbox reader's indexing of what it listed, as it goes."""
        if rows is None:
            yield from self._follow_child_indexing()
        stale = self.words.stale(self.rows() if rows is None else rows)
        total = len(stale)
        if total <= FEW_STALE:
            batches = iter([self._entries(set(stale))] if stale else [])
        else:
            batches = batched_entries(self.store.full_records(), set(stale), WORDS_PER_COMMIT)
        done = 0
        for entries in batches:
            self.index_entries(entries)
            done += len(entries)
            if done < total:
                yield done, total
        yield total, total  # (a story may have left the store, or be in a damaged file)

    def _follow_child_indexing(self) -> Iterator[tuple[int, int]]:
        with self.lock:
            events, self._child_indexing = self._child_indexing, None
        if events is None:
            return
        try:
            for event in events:
                yield event.done, event.total
        except (cold_read.ChildFailed, StoreError) as exc:
            self.log(f"{exc}; the desk indexes the rest")
        finally:
            self.words.reread()

    def _entries(self, ids: set[str]) -> list[Entry]:
        entries = []
        for story_id in ids:
            with self.lock:
                record = self.store.get(story_id)
            if record is not None:
                entries.append(Entry.of_record(record))
        return entries

    # -- export ----------------------------------------------------------------------

    def export(self, ids: list[str], progress: Callable[[int, int], None],
               formats: tuple[str, ...] | None = None) -> tuple[str, bool]:
        """Export the stories `ids` in `formats` (default: the configured ones); (one line
        saying what happened and the folder written to, all went well)."""
        formats = formats or self.settings.export_formats
        from desk.export.exporter import export_stories  # only an export needs the writers

        try:
            # Its own store (its lock or transactions make that safe): a long export never holds up
            # the editor's approvals on the shared one.
            store = open_store(self.settings.store,
                               headline_limit=self.settings.headline_limit)
            summary = export_stories(store, self.settings.export, formats=formats, ids=ids,
                                     progress=progress)
        except StoreError as exc:
            return str(exc), False
        line = f"{summary.line()} — to {self.settings.export} ({', '.join(formats)})"
        return "; ".join([line, *summary.skipped[:3]]), not summary.skipped


def _rewritten(row: Row) -> bool:
    """Was the row's file written after it was read? (`received` is its mtime then.)"""
    try:
        mtime = os.stat(row["source"]).st_mtime
        return mtime > datetime.fromisoformat(row["received"]).timestamp() + 1
    except (OSError, ValueError, KeyError, TypeError):
        return False

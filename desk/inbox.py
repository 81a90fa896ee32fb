"""The inbox: which story files it holds, which arrived since the last look, and reading
them into the store in batches. `desk ingest` and the desk share these rules: one file
filter (desk.text.ingest.iter_story_files) and one batch size.

The inbox file is never modified; a bad file is one line to `on_problem` and the rest goes
on. The text pipeline (ftfy, charset-normalizer, the quote finder: ~0.2 s to import) is
imported on first use, so the desk draws its first frame from the store's index without it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from desk.model import Story
from desk.store import DeskStore
from desk.text.formats import FEED_SUFFIXES

# Stories handed to the store at a time. At 10,000 stories a batch of 200 touches ~195
# partitions and one of 500 ~470: the writes per story are the same either way, so the
# smaller batch costs nothing and lets the desk show new stories and progress sooner.
BATCH = 200

Problem = Callable[[str], None]


def story_files(paths: Iterable[str | os.PathLike], on_problem: Problem) -> list[Path]:
    """Story files under `paths` (folders walked, sorted, hidden entries skipped)."""
    from desk.text.ingest import iter_story_files

    return list(iter_story_files(paths, on_problem))


@dataclass(frozen=True)
class Batch:
    """One batch read into the store: its good stories, how many were new, how far
    through the `total` files the ingest is (bad files count as done), and how many of the
    batch's files gave no story."""

    stories: list[Story]
    added: int
    done: int
    total: int
    bad: int = 0


def ingest(store: DeskStore, paths: list[Path] | list[str], on_problem: Problem, *,
           lock: AbstractContextManager | None = None) -> Iterator[Batch]:
    """Read `paths` into `store`, BATCH files at a time; only new stories are added. A
    file may hold many stories (a feed, a NewsML-G2 message); an entry that is not a story
    is one line to `on_problem`, like a bad file.

    `lock` is held around each store call (the desk shares its Store between threads).
    Store errors propagate: the caller reports them.
    """
    from desk.text.ingest import IngestError
    from desk.text.pipeline import load_stories

    lock = lock or nullcontext()
    total = len(paths)
    for start in range(0, total, BATCH):
        stories: list[Story] = []
        bad = 0
        for path in paths[start:start + BATCH]:
            try:
                stories += load_stories(path, on_problem)
            except IngestError as exc:
                on_problem(str(exc))
                bad += 1
        with lock:
            added = store.add_stories(stories)
        yield Batch(stories, added, min(start + BATCH, total), total, bad)


class Inbox:
    """One inbox folder as last listed: its story files (absolute paths) and the mtime of
    each folder in it. A file dropped (or renamed) into a folder changes the folder's
    mtime, so `arrived()` stats the folders and lists the files (10,000 of them: ~0.2 s)
    only when one moved.

    Feeds (`.rss`, `.atom`) are the exception: a fetcher rewrites one in place as entries
    arrive, which moves no folder. Each is stat'ed at every look (they are few), read again
    when it changed, and read at every start; the store adds only the entries it lacks."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        self._files: set[str] = set()
        self._stamps: dict[str, int] = {}
        self._feeds: dict[str, tuple[int, int]] = {}

    def unread(self, known: set[str], on_problem: Problem) -> list[str]:
        """List the inbox; its files whose absolute path is not in `known`, and its feeds,
        sorted."""
        files = self._list(on_problem)
        return sorted((files - known) | self._feeds.keys())

    def arrived(self, on_problem: Problem) -> list[str]:
        """Files listed now that were not at the last listing, and feeds rewritten since,
        sorted."""
        rewritten = self._rewritten_feeds()
        if _stamps(self._stamps) == self._stamps:
            return sorted(rewritten)
        before = self._files
        return sorted((self._list(on_problem) - before) | rewritten)

    def _list(self, on_problem: Problem) -> set[str]:
        # Folders first: a file landing during the listing moves a stamp taken before it.
        self._stamps = _stamps(folder for folder, _, _ in os.walk(self.folder))
        self._files = {os.path.abspath(path) for path in story_files([self.folder], on_problem)}
        self._feeds = {path: self._feeds.get(path) or _file_stamp(path)
                       for path in self._files if path.lower().endswith(FEED_SUFFIXES)}
        return self._files

    def _rewritten_feeds(self) -> set[str]:
        rewritten = set()
        for path, stamp in self._feeds.items():
            now = _file_stamp(path)
            if now != stamp:
                self._feeds[path] = now
                if now != _GONE:  # a feed deleted is nothing to read
                    rewritten.add(path)
        return rewritten


_GONE = (-1, -1)


def _file_stamp(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return _GONE
    return info.st_mtime_ns, info.st_size


def _stamps(folders: Iterable[str]) -> dict[str, int]:
    stamps = {}
    for folder in folders:
        try:
            stamps[folder] = os.stat(folder).st_mtime_ns
        except OSError:
            stamps[folder] = -1
    return stamps

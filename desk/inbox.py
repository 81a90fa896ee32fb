"""The inbox: which story files it holds, which arrived or changed since the last look,
which it will not read and why, and reading them into the store in batches. `desk ingest`
and the desk share these rules: one listing (`list_files`) and one batch rule (`batch_bounds`).

Every entry of the inbox is either read or skipped with its reason: hidden and temporary
names (`.*`, `*.part`, `*.tmp`, `*~`), no or an unknown extension, links leading out of
the inbox (never followed), and files still being written. A file is read only once its
size and mtime have held still for `settle` seconds; a path whose text changes after it
was read becomes a new version of the same story (Store.revise), never a second story.

The inbox file is never modified; a bad file is one line to `on_problem` and the rest goes
on. The text pipeline (charset-normalizer, the quote finder; ftfy once copy may hold
mojibake) is imported on first use, so the desk draws its first frame from the store's
index without it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from desk.collector import collector_resting
from desk.config import SETTLE_SECONDS as SETTLE
from desk.model import Row, Story
from desk.store import SAME_FILE, DeskStore
from desk.text.formats import FEED_SUFFIXES

if TYPE_CHECKING:
    from desk.arrivals import Arrivals
    from desk.reading import Read

# Stories handed to the store at a time. At 10,000 stories a batch of 200 touches ~195
# partitions and one of 500 ~470: the writes per story are the same either way, so the
# smaller batch costs nothing and lets the desk show new stories and progress sooner.
BATCH = 200
# The first batch is smaller: the store's writer, an ingest's narrowest stage, starts as
# soon as the workers' first stories are back (~0.1 s sooner), and the desk shows them.
FIRST_BATCH = 32
# The last TAPER files go in batches of FIRST_BATCH too. The writer runs a batch behind the
# workers, so once they are done it still has that batch to write while a core stands
# idle: a batch of 32 and not one of 200 ends an ingest of the BBC corpus ~0.09 s sooner,
# for ~1.5 ms more CPU for each batch added.
TAPER = 128
# The desk's look at its inbox when no folder moved: an in-place rewrite is all that can
# have happened, and at 100,000 files a stat of each costs ~0.3 s a look. Feeds and files
# younger than RECENT (a feed as entries arrive, a wire finished after it was read) are
# looked at every time; the others SLICE at a time (~1 ms), so each is seen within
# len/SLICE looks (under 7 minutes at 100,000 files, 40 s at 10,000).
SLICE = 250
RECENT = 600  # seconds
TEMPORARY_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", "~")

Problem = Callable[[str], None]


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def line(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Listing:
    """What a look at the inbox found: files to read (sorted), files still being written
    (read at a later look), and everything else with the reason it is not read."""

    files: list[str] = field(default_factory=list)
    settling: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def list_files(paths: Iterable[str | os.PathLike], on_problem: Problem, *,
               settle: float = SETTLE, now: float | None = None) -> Listing:
    """List `paths` (folders walked, sorted; files named on purpose are read as given).
    A missing path or a folder that cannot be opened is one line to `on_problem`."""

    now = time.time() if now is None else now
    listing = Listing()
    seen: set[str] = set()

    def take(path: str, info: os.stat_result, real: str) -> None:
        if real in seen:  # a link inside the inbox to a file read under its own name
            listing.skipped.append(Skipped(path, f"the same file as {real}"))
        elif _settling(info, now, settle):
            listing.settling.append(path)
        else:
            seen.add(real)
            listing.files.append(path)

    def walk(folder: str, root: str, real_folder: str) -> None:
        # A file's real path is its real folder's and its name, unless it is a link:
        # realpath() only for links (it costs a stat of every folder on the way). Paths
        # are strings (as pathlib writes them): a pathlib.Path a file cost a third of a
        # listing's time, before the workers of `desk ingest` have any file to read.
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            on_problem(f"{folder}: cannot open the folder ({_reason(exc)})")
            return
        for entry in entries:
            path = entry.name if folder == "." else os.path.join(folder, entry.name)
            reason = _name_reason(entry.name)
            if reason:
                listing.skipped.append(Skipped(path, reason))
                continue
            try:
                info = os.stat(path)  # follows a link: where it leads is checked first
            except OSError as exc:
                listing.skipped.append(Skipped(path, _stat_reason(entry, exc)))
                continue
            real = os.path.join(real_folder, entry.name)
            if entry.is_symlink():
                target = real = os.path.realpath(path)
                if os.path.commonpath([target, root]) != root:
                    listing.skipped.append(
                        Skipped(path, f"a link leading out of the inbox (to {target})"))
                    continue
                if entry.is_dir():
                    listing.skipped.append(Skipped(
                        path, "a link to a folder in the inbox (read where it is)"))
                    continue
            if entry.is_dir():
                walk(path, root, real)
                continue
            reason = _type_reason(entry.name)
            if reason:
                listing.skipped.append(Skipped(path, reason))
            else:
                take(path, info, real)

    for path in map(Path, paths):
        try:
            info = os.stat(path)
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError)
            on_problem(f"{path}: " + ("no such file or folder" if missing
                                      else f"cannot open ({_reason(exc)})"))
            continue
        real = os.path.realpath(path)
        if path.is_dir():
            walk(str(path), real, real)
        else:
            take(str(path), info, real)
    listing.files.sort()
    return listing


def _settling(info: os.stat_result, now: float, settle: float) -> bool:
    """Still being written, as far as anyone can tell: changed in the last `settle` s."""
    return now - info.st_mtime < settle and info.st_mtime <= now


def _type_reason(name: str) -> str:
    """Why a file of this name is no story file ("" when it may be one)."""
    from desk.text.ingest import STORY_SUFFIXES

    dot = name.rfind(".")  # pathlib's suffix: none for ".name" nor "name."
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
    if not suffix:
        return f"no extension (story files end in {_suffixes(STORY_SUFFIXES)})"
    if suffix not in STORY_SUFFIXES:
        return f"unsupported file type {suffix}"
    return ""


def _name_reason(name: str) -> str:
    if name.startswith("."):
        return "a hidden name (never read)"
    if name.lower().endswith(TEMPORARY_SUFFIXES):
        return "a temporary or partial file (never read)"
    return ""


def _stat_reason(entry: os.DirEntry, exc: OSError) -> str:
    if entry.is_symlink() and isinstance(exc, FileNotFoundError):
        return "a broken link"
    return f"cannot read ({_reason(exc)})"


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()


def _suffixes(suffixes: Iterable[str]) -> str:
    return ", ".join(suffixes)


def story_files(paths: Iterable[str | os.PathLike], on_problem: Problem) -> list[Path]:
    """Story files under `paths` that are ready to read (see list_files)."""
    return [Path(path) for path in list_files(paths, on_problem).files]


@dataclass(frozen=True)
class Revised:
    """A story that holds a new version now: its one-story file changed after it was read,
    or another file came as its new version (desk.arrivals)."""

    story_id: str
    path: str
    arrived_as: str = SAME_FILE  # or how another file came as its new version

    def line(self) -> str:
        if self.arrived_as != SAME_FILE:
            return f"{self.path}: a new version of story {self.story_id} ({self.arrived_as})"
        return f"{self.path}: changed after it was read; story {self.story_id} now holds " \
            "the new text"


@dataclass(frozen=True)
class Batch:
    """One batch read into the store: its good stories, how many were new, how far
    through the `total` files the ingest is (bad files count as done), how many of the
    batch's files gave no story, the exact copies of stories already in the store (each
    "path: copy of ID"), and the stories whose file changed after it was read (revised)."""

    stories: list[Story]
    added: int
    done: int
    total: int
    bad: int = 0
    copies: list[str] = field(default_factory=list)
    revised: list[Revised] = field(default_factory=list)


def ingest(store: DeskStore, paths: list[Path] | list[str], on_problem: Problem, *,
           lock: AbstractContextManager | None = None) -> Iterator[Batch]:
    """Read `paths` into `store` in batches (batch_bounds); only new stories are added. A
    file may hold many stories (a feed, a NewsML-G2 message); an entry that is not a story
    is one line to `on_problem`, like a bad file. A one-story file the store read before
    whose text changed revises that story.

    `lock` is held around each store call (the desk shares its Store between threads).
    Store errors propagate: the caller reports them.
    """
    from desk.reading import FileReader

    if not paths:  # nothing new: no pass over every story (at 100,000, minutes)
        return
    lock = lock or nullcontext()
    # The cycle collector rests throughout (desk.collector): each batch's stories, records
    # and rows would be walked again and again (~7% of the CPU of an ingest's process).
    with FileReader(paths, on_problem) as reader, collector_resting():
        from desk.arrivals import Arrivals  # after: numpy loads while the workers start

        with lock:
            rows = store.records()
            known = _Known(rows)
            arrivals = Arrivals(store, rows)
        yield from _batches(store, iter(reader), len(paths), known, arrivals, on_problem, lock)


def _batches(store: DeskStore, reads: Iterator[Read], total: int, known: _Known,
             arrivals: Arrivals, on_problem: Problem, lock: AbstractContextManager
             ) -> Iterator[Batch]:
    """Each batch is written on a thread of its own while the next one is read and
    gathered (the write waits mostly on the disk, and the reads keep coming), and is
    yielded once it is written, before the next is written: the caller sees each
    batch's rows with it. The near-duplicate cache is saved once every batch gathered is
    written (it may never name a story the store lacks; one that is behind is filled
    in), also when the caller stops early."""
    with ThreadPoolExecutor(1, thread_name_prefix="desk-ingest-write") as writer:
        writing: Future[Batch] | None = None
        gathered: _Gathered | None = None
        try:
            for start, end in pairwise(batch_bounds(total)):
                gathered = _gather(islice(reads, end - start), known, arrivals, on_problem)
                if writing is not None:
                    yield writing.result()
                writing = writer.submit(_write, store, gathered, end, total, lock)
                gathered = None
            if writing is not None:
                yield writing.result()
        except GeneratorExit:  # what was read is stored, so the cache can be saved
            if gathered is not None:
                writing = writer.submit(_write, store, gathered, total, total, lock)
            if writing is not None:
                writing.result()
            with lock:
                arrivals.save()
            raise
    with lock:
        arrivals.save()


def batch_bounds(total: int) -> list[int]:
    """Where the batches of `total` files start, and the end: FIRST_BATCH files, then
    BATCH at a time, and the last TAPER files FIRST_BATCH at a time again."""
    first = min(FIRST_BATCH, BATCH)
    tail = max(first, total - TAPER)
    return [0, *range(first, tail, BATCH), *range(tail, total, first), total]


@dataclass
class _Gathered:
    """One batch as read, before the store has it."""

    stories: list[Story] = field(default_factory=list)
    bad: int = 0
    copies: list[str] = field(default_factory=list)
    copied: list[tuple[str, str]] = field(default_factory=list)  # (story id, file of copy)
    held: list[tuple[str, Story]] = field(default_factory=list)
    revisions: list[tuple[str, Story, str]] = field(default_factory=list)


def _gather(reads: Iterable[Read], known: _Known, arrivals: Arrivals,
            on_problem: Problem) -> _Gathered:
    from desk.arrivals import HELD, NEW

    batch = _Gathered()
    for read in reads:
        if read.error:
            on_problem(read.error)
            batch.bad += 1
            continue
        path, found = read.path, read.stories
        earlier = known.revisable(path, found)
        if earlier is not None:
            batch.revisions.append((earlier, found[0], SAME_FILE))
            arrivals.record(found[0], earlier)
            continue
        for index, story in enumerate(found):
            copy_of = known.copy_of(story)
            placement = arrivals.place(story, read.sketches[index] if read.sketches
                                       else None) if not copy_of else None
            if copy_of:
                batch.copies.append(f"{path}: an exact copy of {copy_of}")
                batch.copied.append((story.id, str(path)))
            elif placement.arrived_as == NEW or placement.story_id == story.id:
                known.add(story)
                batch.stories.append(story)
                arrivals.record(story, story.id)  # now: a near copy later in the batch
            elif placement.arrived_as == HELD:
                batch.held.append((placement.story_id, story))
            else:
                batch.revisions.append((placement.story_id, story, placement.arrived_as))
                arrivals.record(story, placement.story_id)
    return batch


def _write(store: DeskStore, batch: _Gathered, done: int, total: int,
           lock: AbstractContextManager) -> Batch:
    with lock:
        arrived = store.add_batch(batch.stories, batch.revisions, batch.copied, batch.held)
    copies = batch.copies + [f"{source}: an exact copy of a version of {story_id}"
                             for story_id, source in arrived.held_copies]
    return Batch(batch.stories, arrived.added, done, total, batch.bad, copies,
                 [Revised(story_id, story.raw.source, how)
                  for story_id, story, how in arrived.revised])


class _Known:
    """The store's stories by id and by source file, kept up to date through an ingest."""

    def __init__(self, rows: list[Row]) -> None:
        self.source_of: dict[str, str] = {}
        self.ids_at: dict[str, list[str]] = {}
        for row in rows:
            self._note(row["id"], row.get("source") or "")

    def _note(self, story_id: str, source: str) -> None:
        self.source_of[story_id] = source
        if source:
            self.ids_at.setdefault(os.path.abspath(source), []).append(story_id)

    def add(self, story: Story) -> None:
        self._note(story.id, story.raw.source)

    def copy_of(self, story: Story) -> str:
        """The file of the story this one is an exact copy of ("" if it is new). The
        same file read again is not a copy."""
        source = self.source_of.get(story.id)
        if source is None or os.path.abspath(source) == os.path.abspath(story.raw.source):
            return ""
        return f"{story.id} ({source})"

    def revisable(self, path: str | os.PathLike, found: list[Story]) -> str | None:
        """The id of the one story this one-story file gave before, if its text changed."""
        ids = self.ids_at.get(os.path.abspath(path), [])
        if str(path).lower().endswith(FEED_SUFFIXES):  # a feed's new entry is a new story
            return None
        if len(found) != 1 or len(ids) != 1 or found[0].id == ids[0]:
            return None
        return ids[0]


class Inbox:
    """One inbox folder as last looked at: its story files (absolute paths) with their
    size and mtime, the files still settling, what it skips, and each folder's mtime and
    entries (name and inode).

    A file dropped, renamed or replaced into a folder moves the folder's mtime and gives
    a name a new inode, so when a folder moved `arrived()` reads that folder's entries
    (no stat: 100,000 of them in ~70 ms) and looks at the names that came or changed
    alone; a whole listing (~2 s at 100,000 files) only when a folder came or went or a
    link did. A file rewritten in place moves no folder: it is found by its size and
    mtime, at once for a feed or a young file, within len/SLICE looks for the others."""

    def __init__(self, folder: str | os.PathLike, settle: float = SETTLE) -> None:
        self.folder = Path(folder)
        self.settle = settle
        self.skipped: list[Skipped] = []
        self._files: dict[str, tuple[int, int]] = {}
        self._settling: list[str] = []
        self._stamps: dict[str, int] = {}
        self._names: dict[str, dict[str, int]] = {}  # folder -> its entries' inodes
        self._hot: set[str] = set()  # feeds and young files: looked at every time
        self._round: list[str] = []  # every file, SLICE of them looked at a time
        self._next = 0

    def unread(self, known: set[str], on_problem: Problem) -> list[str]:
        """List the inbox; its files whose absolute path is not in `known`, and its feeds
        (rewritten in place as entries arrive: read at every start), sorted."""
        files = self._list(on_problem)
        return sorted((files.keys() - known) | {path for path in files
                                                if path.lower().endswith(FEED_SUFFIXES)})

    def arrived(self, on_problem: Problem) -> list[str]:
        """Files that are new since the last look, or rewritten since, sorted."""
        changed: list[str] = []
        moved = {folder: stamp for folder, stamp in _stamps(self._stamps).items()
                 if stamp != self._stamps[folder]}
        if moved and not self._look_again(moved, changed):  # only a whole listing can tell
            before = self._files
            self._list(on_problem)
            return sorted(path for path, stamp in self._files.items()
                          if before.get(path) != stamp)
        self._settled(changed)
        for path in self._due():
            stamp = _stamp(path)
            if stamp is not None:
                self._add(path, stamp, changed)
        return sorted(set(changed))

    def _look_again(self, moved: dict[str, int], changed: list[str]) -> bool:
        """Bring the listing up to date from the entries of the `moved` folders (their
        new mtimes): each name new or under another inode is looked at, each name gone
        forgotten. False, changing nothing, when only a whole listing can tell (a folder
        came or went, a link, a folder that cannot be read)."""
        scans = []
        for folder in moved:
            try:
                with os.scandir(folder) as found:
                    entries = list(found)
            except OSError:
                return False
            names = {entry.name: entry.inode() for entry in entries}
            before = self._names[folder]
            came = {name for name, _ in names.items() - before.items()}  # set operations
            fresh = [entry for entry in entries if entry.name in came]  # in C, at 100,000
            gone = before.keys() - names.keys()
            if any(entry.is_symlink() or entry.is_dir() for entry in fresh) or any(
                    os.path.join(folder, name) in self._names for name in gone):
                return False
            scans.append((folder, names, fresh, gone))
        now = time.time()
        for folder, names, fresh, gone in scans:
            self._stamps[folder] = moved[folder]
            self._names[folder] = names
            for name in gone:
                self._files.pop(os.path.abspath(os.path.join(folder, name)), None)
            paths = {os.path.join(folder, name) for name in gone} | {
                os.path.join(folder, entry.name) for entry in fresh}
            self._settling = [path for path in self._settling if path not in paths]
            self.skipped = [skip for skip in self.skipped if skip.path not in paths]
            for entry in fresh:
                self._take(os.path.join(folder, entry.name), entry.name, now, changed)
        return True

    def _take(self, path: str, name: str, now: float, changed: list[str]) -> None:
        """A plain file that came into a folder (or under a name it had): a story file,
        one still being written, or one skipped with its reason."""
        reason = _name_reason(name) or _type_reason(name)
        info = None
        if not reason:
            try:
                info = os.stat(path)
            except OSError as exc:
                reason = f"cannot read ({_reason(exc)})"
        if info is not None and not _settling(info, now, self.settle):
            self._add(os.path.abspath(path), (info.st_size, info.st_mtime_ns), changed)
            return
        self._files.pop(os.path.abspath(path), None)
        if info is not None:
            self._settling.append(path)
        else:
            self.skipped.append(Skipped(path, reason))

    def _add(self, path: str, stamp: tuple[int, int], changed: list[str]) -> None:
        """A story file at `stamp` now; `changed` is told when that is news."""
        before = self._files.get(path)
        if before == stamp:
            return
        if before is None:
            self._round.append(path)
        self._files[path] = stamp
        self._hot.add(path)  # new, or rewritten once: likely rewritten again soon
        changed.append(path)

    def _settled(self, changed: list[str]) -> None:
        """The files that were still being written: those that held still since are in."""
        settling, self._settling, now = self._settling, [], time.time()
        for path in settling:
            try:
                info = os.stat(path)
            except OSError:
                continue  # gone: its folder moved, and the look at it forgot it
            if _settling(info, now, self.settle):
                self._settling.append(path)
            else:
                self._add(os.path.abspath(path), (info.st_size, info.st_mtime_ns), changed)

    def _due(self) -> list[str]:
        """The files to look at now: the young ones and feeds, and the round's next SLICE."""
        old = time.time_ns() - RECENT * 1_000_000_000
        self._hot = {path for path in self._hot if path in self._files and (
            path.lower().endswith(FEED_SUFFIXES) or self._files[path][1] > old)}
        if len(self._round) > 2 * len(self._files) + SLICE:  # mostly forgotten files
            self._round = list(self._files)
        if len(self._round) <= SLICE:
            return list(self._files)
        start, self._next = self._next, (self._next + SLICE) % len(self._round)
        due = dict.fromkeys(self._hot)
        due.update(dict.fromkeys(self._round[start:start + SLICE]))
        due.update(dict.fromkeys(self._round[: max(start + SLICE - len(self._round), 0)]))
        return [path for path in due if path in self._files]

    def _list(self, on_problem: Problem) -> dict[str, tuple[int, int]]:
        # Folders first: a file landing during the listing moves a stamp taken before it,
        # and is a new name to the entries read before it.
        self._stamps, self._names = _folders(str(self.folder))
        listing = list_files([self.folder], on_problem, settle=self.settle)
        self._files = {path: stamp for path in map(os.path.abspath, listing.files)
                       if (stamp := _stamp(path)) is not None}
        self._settling = listing.settling
        self.skipped = listing.skipped
        old = time.time_ns() - RECENT * 1_000_000_000
        self._hot = {path for path, (_, mtime) in self._files.items()
                     if mtime > old or path.lower().endswith(FEED_SUFFIXES)}
        self._round = list(self._files)
        self._next %= max(len(self._round), 1)
        return self._files


def _folders(root: str) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Each folder under `root` (links not followed): its mtime, taken before its entries,
    and its entries' names and inodes (no stat: the folder read gives both)."""
    stamps: dict[str, int] = {}
    names: dict[str, dict[str, int]] = {}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            stamps[folder] = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as found:
                entries = list(found)
        except OSError:
            stamps.setdefault(folder, -1)
            names[folder] = {}
            continue
        names[folder] = {entry.name: entry.inode() for entry in entries}
        folders.extend(entry.path for entry in entries
                       if entry.is_dir(follow_symlinks=False))
    return stamps, names


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _stamps(folders: Iterable[str]) -> dict[str, int]:
    stamps = {}
    for folder in folders:
        try:
            stamps[folder] = os.stat(folder).st_mtime_ns
        except OSError:
            stamps[folder] = -1
    return stamps

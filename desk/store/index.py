"""The queue's view of the store: one index row per story, cheap to open and refresh.

The partition files are the truth. `index.json` is a disposable snapshot of their rows,
stamped with each partition file's (inode, size, mtime). Opening reads the snapshot and
re-reads only the partitions whose stamp changed since; refreshing does the same. Every
change replaces its partition file with a new inode, so a changed partition is always seen.

Each change to a big partition also leaves its rows in `rows/<part>.json`, stamped with the
partition version they came from: a changed partition costs reading those few rows, not
the whole partition, unless the stamps disagree (a crash between the two writes). A small
partition (a young store's, a story or two) is read as cheaply as its rows would be, so it
gets no rows file: a new file costs far more than reading one (see ROWS_FILE_FROM).

The snapshot is one header line (format, fields, stamps, row count) and then one row a
line in the queue's order (model.newest_first, then urgent_first). So the queue's first
page is the snapshot's first lines, with the rows of any partition changed since merged
in (first_rows): the desk draws it without reading the other 100,000 rows, and reads
them after, a chunk of lines at a time. In memory a row is a compact IndexRow (rows.py).
"""

from __future__ import annotations

import gc
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from desk.model import Record, Row, newest_first, urgent_first
from desk.store.changes import ChangeLog
from desk.store.errors import CorruptStoreError
from desk.store.files import dump_json, overwrite, read_tables_stat, replace_streamed
from desk.store.partition import check_partition
from desk.store.records import INDEX_FIELDS, index_values
from desk.store.rows import IndexRow, index_row, row_values

COARSE_MTIME_NS = 2_000_000_000

SNAPSHOT_FORMAT = "desk-index"
SNAPSHOT_VERSION = 2  # 2: a header line, then one row a line in queue order
JOINED = 1000  # snapshot rows encoded, then joined, at a time
PART_SUFFIX = ".json"
PART_CHARS = 3  # a story's partition: the first hex digits of its id
# Snapshot bytes parsed at a time (~2,000 rows): a worker reading it yields the GIL.
CHUNK_BYTES = 1 << 20
# More partitions changed since the snapshot than this, and a first page costs about as
# much as loading every row: the desk loads instead (and the load saves a fresh snapshot).
STALE_PAGE_PARTS = 200
_PART_NAME = re.compile(f"[0-9a-f]{{{PART_CHARS}}}")

Stamp = tuple[int, int, int]
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 100  # partitions read between two progress reports
# A partition this big (about 6 stories) gets a rows file beside it. Below it, parsing the
# partition costs a reader about what parsing its rows would, while a new file costs its
# writer an inode: on a busy ext4 that recycles inodes slowly, ~0.3 ms of kernel time each
# (an ingest into a young store would create one a story).
ROWS_FILE_FROM = 32 * 1024  # bytes
# A refresh sweeps every partition at least this often, whatever the change log says: a
# writer that left no line (killed between its rename and its line) is seen by then.
FULL_SWEEP_SECONDS = 60.0


@contextmanager
def gc_paused(*, keep: bool = False) -> Iterator[None]:
    """Hold off the cycle collector while building many small acyclic objects.

    At 100,000 rows CPython's collector would otherwise rescan every row already built,
    again and again, and more than double the time to open the index. `keep=True` is for
    objects that live as long as the desk (the index): they are frozen out of every later
    collection too (gc.freeze), so the queue's rows are never rescanned at all.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()


def stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def queue_order(rows) -> list[Row]:
    """The desk's first order: new urgent stories first, then newest first."""
    return urgent_first(newest_first(rows))


class StoreIndex:
    def __init__(self, parts_dir: Path, rows_dir: Path, snapshot: Path):
        self.parts_dir = parts_dir
        self.rows_dir = rows_dir
        # Each file's path as a string: a refresh names hundreds, and a pathlib join
        # costs more than the stat.
        self._parts = os.path.join(parts_dir, "")
        self._rows = os.path.join(rows_dir, "")
        self.snapshot = snapshot
        self.loaded = False
        self.rows: dict[str, IndexRow] = {}  # id -> index row
        self._stamps: dict[str, Stamp] = {}
        self._saved_stamps: dict[str, Stamp] = {}
        self._folder_stamp: int | None = None
        self._explained: int | None = None  # the folder's mtime when the log last had news
        self._swept_at = time.monotonic()
        self.log = ChangeLog(parts_dir.parent / "changes.log")
        # partition -> (its path, the problem in one line, ids of stories last seen in it)
        self.damaged: dict[str, tuple[Path, str, tuple[str, ...]]] = {}
        self.changed: dict[str, IndexRow] = {}  # rows put since the last changes() call
        # The rows of each partition this process writes, (part, stamp, rows), kept to
        # hand to another process (take()): the desk's inbox reader does. None: not kept.
        self.written: list[tuple[str, Stamp, list[list]]] | None = None

    def load(self, progress: Progress | None = None) -> None:
        """Read the snapshot, then every partition changed since (`progress(done, total)`
        told as they are read: all of them when the snapshot is gone)."""
        self.log.skip_to_end()  # first: a commit during the sweep is read from the log
        self._folder_stamp = self._folder_mtime()
        with gc_paused(keep=True):
            self._read_snapshot()
            self.sweep(progress)
        self.changed.clear()  # everything is new to whoever reads the rows now
        self.loaded = True

    def first_rows(self, count: int) -> list[Row] | None:
        """The first `count` rows in queue_order, without loading the index: the head of
        the snapshot, less the partitions changed since it was written, plus their rows
        now. None when that would cost about a whole load (no usable snapshot, or many
        partitions changed since): the caller loads instead, where it can wait."""
        if self.loaded:
            return queue_order(self.rows.values())[:count]
        try:
            with open(self.snapshot, "rb") as file:
                header = _header(file.readline())
                if header is None:
                    return None
                saved = {part: tuple(stamp) for part, stamp in header["stamps"].items()}
                now = self._part_stamps()
                stale = {part for part in now.keys() | saved.keys()
                         if now.get(part) != saved.get(part)}
                if len(stale) > STALE_PAGE_PARTS:
                    return None
                head = []
                for line in file:
                    row = json.loads(line)
                    if row[0][:PART_CHARS] not in stale:
                        head.append(index_row(row))
                        if len(head) == count:
                            break
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None
        fresh = [index_row(row) for part in stale if part in now
                 for row in self._fresh_rows(part, now[part])]
        return queue_order(head + fresh)[:count]

    def _part_stamps(self) -> dict[str, Stamp]:
        stamps = {}
        with os.scandir(self.parts_dir) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(PART_SUFFIX) and not name.startswith("."):
                    try:
                        stamps[name[: -len(PART_SUFFIX)]] = stamp_of(entry.stat())
                    except FileNotFoundError:
                        continue
        return stamps

    def _fresh_rows(self, part: str, stamp: Stamp) -> list[list]:
        """A changed partition's rows for a first page; a damaged one shows none (the load
        that follows names it)."""
        rows = self._rows_written_with(part, stamp)
        if rows is not None:
            return rows
        try:
            tables, _ = read_tables_stat(self.parts_dir / f"{part}{PART_SUFFIX}")
            tables = check_partition(self.parts_dir / f"{part}{PART_SUFFIX}", tables)
        except (CorruptStoreError, OSError):
            return []
        return [index_values(record) for record in tables.get("stories", {}).values()]

    def committed(self, written: list[tuple[str, dict[str, Record], Stamp]]) -> None:
        """Partitions were just written (store locked), each (part, its records, its
        stamp): leave each big one's rows beside it. The change is durable already, so
        failing to write this cache fails nothing. A rows file is rewritten in place,
        unsynced: a reader checks the stamp in it, so a lost, stale or torn one is read
        past (the partition itself is read), and an ingest's ~1 file a story costs half."""
        for part, stories, stamp in written:
            rows = [index_values(record) for record in stories.values()]
            if stamp[1] >= ROWS_FILE_FROM:
                try:
                    overwrite(self.rows_dir / f"{part}{PART_SUFFIX}",
                              dump_json({"stamp": list(stamp), "rows": rows}))
                except OSError:
                    pass  # the next open reads the partition itself
            if self.written is not None:
                self.written.append((part, stamp, rows))
            if self.loaded:
                self._put_rows(part, rows, stamp)
        self.log.append(part for part, _, _ in written)

    def take(self, written: list[tuple[str, Stamp, list[list]]]) -> None:
        """Rows another process wrote and handed over (its `written`): each partition's
        are taken as if read from it, unless it changed again since (a refresh reads that
        version) or was read already, so the refresh that follows reads no file for them."""
        if not self.loaded:
            return
        for part, stamp, rows in written:
            stamp = tuple(stamp)
            if self._stamps.get(part) == stamp or not _PART_NAME.fullmatch(part):
                continue
            try:
                if stamp_of(os.stat(f"{self._parts}{part}{PART_SUFFIX}")) != stamp:
                    continue
            except OSError:
                continue
            if _index_rows(rows):
                self._put_rows(part, rows, stamp)

    def changes(self) -> list[IndexRow]:
        """The rows that changed (or arrived) since the last call, each once."""
        changed, self.changed = list(self.changed.values()), {}
        return changed

    @property
    def unsaved_parts(self) -> int:
        """Partitions the snapshot is behind on: each costs a file read at the next open."""
        return sum(1 for part, stamp in self._stamps.items()
                   if self._saved_stamps.get(part) != stamp and part not in self.damaged)

    def sweep_if_touched(self) -> bool:
        """Re-read the partitions other processes wrote since the last look: those the
        change log names (one stat of it when nothing changed, instead of a stat of every
        partition, ~15 ms with 4,096 of them), or every partition when the log cannot
        tell, or the parts folder moved with no line in the log (a writer that left none),
        and at least every FULL_SWEEP_SECONDS."""
        folder = self._folder_mtime()
        parts = self.log.news()
        if parts is None or time.monotonic() - self._swept_at >= FULL_SWEEP_SECONDS:
            touched = True
        elif parts:
            self._explained = self._folder_stamp = folder
            return self._read_parts(self._stamped(parts))
        else:
            # mtimes are coarse: a write in the same clock tick as the last look leaves the
            # stamp unchanged, so a folder touched in the last 2 s is swept, unless the log
            # accounted for that very mtime.
            recent = folder is None or time.time_ns() - folder < COARSE_MTIME_NS
            touched = folder != self._folder_stamp or (recent and folder != self._explained)
        self._folder_stamp = folder
        return self.sweep() if touched else False

    def _folder_mtime(self) -> int | None:
        try:
            return os.stat(self.parts_dir).st_mtime_ns
        except OSError:
            return None

    def _stamped(self, parts: set[str]) -> list[tuple[str, Stamp]]:
        """The partitions of `parts` that changed since they were read, with their stamps."""
        stale = []
        for part in sorted(parts):
            try:
                stamp = stamp_of(os.stat(f"{self._parts}{part}{PART_SUFFIX}"))
            except OSError:
                continue  # gone (a doctor moved it aside): the folder's mtime moved too
            if self._stamps.get(part) != stamp:
                stale.append((part, stamp))
        return stale

    def sweep(self, progress: Progress | None = None) -> bool:
        """Re-read every partition changed since it was last read; True if any was."""
        self._swept_at = time.monotonic()
        return self._read_parts([(part, stamp) for part, stamp in self._part_stamps().items()
                                 if self._stamps.get(part) != stamp], progress)

    def _read_parts(self, stale: list[tuple[str, Stamp]],
                    progress: Progress | None = None) -> bool:
        changed = False
        for done, (part, stamp) in enumerate(stale):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(stale))
            try:
                changed |= self._reload(part, stamp)
            except CorruptStoreError as exc:
                changed |= self._set_aside(part, self.parts_dir / f"{part}{PART_SUFFIX}",
                                           str(exc), stamp)
        return changed

    def _set_aside(self, part: str, path: Path, problem: str, stamp: Stamp) -> bool:
        """A damaged partition: its stories leave the queue and are listed as unavailable
        (by the ids last seen in it, or still legible in it), until the file changes again."""
        ids = {story_id for story_id in self.rows if story_id.startswith(part)}
        ids.update(row[0] for row in self._last_rows(part))
        ids.update(_ids_legible_in(path, part))
        for story_id in ids:
            self.rows.pop(story_id, None)
        self.damaged[part] = (path, problem, tuple(sorted(ids)))
        self._stamps[part] = stamp
        return True

    def _last_rows(self, part: str) -> list[list]:
        """The rows file of a partition whatever version it was written for."""
        try:
            rows = json.loads((self.rows_dir / f"{part}{PART_SUFFIX}").read_bytes())["rows"]
            return [row for row in rows if isinstance(row, list) and row
                    and isinstance(row[0], str)]
        except (OSError, ValueError, TypeError, KeyError):
            return []

    def _reload(self, part: str, stamp: Stamp) -> bool:
        rows = self._rows_written_with(part, stamp)
        if rows is None:
            path = self.parts_dir / f"{part}{PART_SUFFIX}"
            tables, stat = read_tables_stat(path)
            if tables is None:
                return False
            check_partition(path, tables)
            rows = [index_values(record) for record in tables.get("stories", {}).values()]
            stamp = stamp_of(stat)
        self._put_rows(part, rows, stamp)
        return True

    def _rows_written_with(self, part: str, stamp: Stamp) -> list[list] | None:
        """The rows file of a partition, if it was written for exactly that version."""
        try:
            with open(f"{self._rows}{part}{PART_SUFFIX}", "rb") as file:
                saved = json.loads(file.read())
            if tuple(saved["stamp"]) != stamp:
                return None
            rows = saved["rows"]
            if _index_rows(rows):
                return rows
        except (OSError, ValueError, TypeError, KeyError):
            pass
        return None

    def _put_rows(self, part: str, rows: list[list], stamp: Stamp) -> None:
        for values in rows:
            old = self.rows.get(values[0])
            if old is None or row_values(old) != tuple(values):  # (a row unchanged: kept)
                row = index_row(values)
                self.rows[row.id] = self.changed[row.id] = row
        self._stamps[part] = stamp
        self.damaged.pop(part, None)

    def save(self) -> None:
        """Write the snapshot, unsynced: it is a cache, so losing it to a crash only costs
        one slower open (every partition's rows read again)."""
        stamps = {part: stamp for part, stamp in self._stamps.items()
                  if part not in self.damaged}  # so the next open looks at those again
        header = {
            "format": SNAPSHOT_FORMAT,
            "version": SNAPSHOT_VERSION,
            "fields": list(INDEX_FIELDS),
            "stamps": {part: list(stamp) for part, stamp in stamps.items()},
            "count": len(self.rows),
        }
        # Rows as lists, not objects: a third of the size and much faster to parse; each
        # through orjson (a row a line: it writes no raw newline), ~4x the standard
        # encoder, which an ingest waits on at its end. Written JOINED rows at a time, as
        # they are encoded: all 100,000 lines at once, then joined, doubled the desk's
        # peak for a moment and left its heap larger for good.
        rows = (dump_json(row_values(row)) for row in queue_order(self.rows.values()))

        def blocks() -> Iterator[bytes]:
            yield dump_json(header)
            while block := list(islice(rows, JOINED)):
                yield b"\n" + b"\n".join(block)
            yield b"\n"

        replace_streamed(self.snapshot, blocks())
        self._saved_stamps = stamps

    def _read_snapshot(self) -> None:
        rows: dict[str, IndexRow] = {}
        width = len(INDEX_FIELDS)
        try:
            with open(self.snapshot, "rb") as file:
                header = _header(file.readline())
                if header is None:
                    return  # missing or foreign: every partition will be read instead
                stamps = {part: tuple(stamp) for part, stamp in header["stamps"].items()}
                while lines := file.readlines(CHUNK_BYTES):
                    for values in json.loads(b"[" + b",".join(lines) + b"]"):
                        if len(values) != width or not isinstance(values[0], str):
                            return
                        rows[values[0]] = index_row(values)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return  # a damaged cache: every partition will be read instead
        if len(rows) != header["count"]:
            return  # cut short
        self.rows, self._stamps, self._saved_stamps = rows, stamps, dict(stamps)


def _index_rows(rows: list) -> bool:
    """Is each of `rows` an index row as a cache holds it: INDEX_FIELDS' values, id first?
    (What another process wrote is read as data, never trusted.)"""
    return all(isinstance(row, list) and len(row) == len(INDEX_FIELDS)
               and isinstance(row[0], str) for row in rows)


def _ids_legible_in(path: Path, part: str) -> set[str]:
    """The story ids a damaged partition file still names (a record's "id", a history
    entry's "story"): a file cut short or garbled in places names most of its stories."""
    try:
        data = path.read_bytes()
    except OSError:
        return set()
    pattern = rb'"(?:id|story)":\s*"(' + part.encode("ascii") + rb'[0-9a-f]{3,61})"'  # ID_PATTERN
    return {found.decode("ascii") for found in re.findall(pattern, data)}


def _header(line: bytes) -> dict | None:
    """The snapshot's header if it is one this desk writes, else None."""
    try:
        header = json.loads(line)
    except ValueError:
        return None
    if not (
        isinstance(header, dict)
        and header.get("format") == SNAPSHOT_FORMAT
        and header.get("version") == SNAPSHOT_VERSION
        and header.get("fields") == list(INDEX_FIELDS)
        and isinstance(header.get("stamps"), dict)
        and isinstance(header.get("count"), int)
    ):
        return None
    return header

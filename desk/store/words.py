"""The filter's word index: SQLite FTS5 on disk, so `/` looks words up instead of reading
every story's text on every keystroke, and no story text stays in memory for it.

Each story's headline, tags and body are indexed, and beside them the fields the filter
narrows by (credit, dateline, status, urgency, and flags: warning, updated, urgent), so one
FTS5 expression answers a whole query, fields and all. A word typed alone is looked for in
the text and in the credit and dateline.

It is a cache beside the store (`desk.json.words.sqlite` for `desk.json`; a PostgreSQL
store's lives in the user's cache folder). The store stays the record of truth: each story
is indexed with the revision it was read at, so a story whose revision moved on is stale
and indexed again, and a missing, damaged or older-format file is rebuilt from the store.

Two desks on one store share the file: WAL mode lets one write while others read, and each
write is one transaction that re-reads the story's entry first, so a revision is never
replaced by an older one. An editor's change is written on the index's own writer thread
(add_soon), so the key that made it does not wait for the index; every read waits for the
writes handed over before it. A desk killed mid-write leaves the last transaction rolled back:
the stories it had not committed are stale, and the next desk indexes them again.

Stories are keyed by their id read as a 64-bit number, FTS5's rowid. The index is
contentless (FTS5 keeps only the words); each entry keeps its text zlib-compressed, since
removing a story's words from a contentless index needs the text it was indexed with.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

from desk.model import Record, Row, Status, Story, is_urgent
from desk.store.records import body_of
from desk.user_cache import cache_folder

if TYPE_CHECKING:  # numpy is imported where used: the desk's first frame needs none of it
    import numpy as np

FORMAT = "desk-words 2"
SUFFIX = ".words.sqlite"
BUSY_MS = 10_000  # how long a write waits for another desk's transaction
# Prefix indexes for the first one to three letters typed: a short prefix reads one list
# instead of merging the lists of every word that starts with it.
SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE docs(key INTEGER PRIMARY KEY, id TEXT NOT NULL,"
    " revision INTEGER NOT NULL, text BLOB NOT NULL)",
    "CREATE VIRTUAL TABLE words USING fts5(headline, tags, body, credit, dateline, status,"
    " urgency, flags, content='', prefix='1 2 3', tokenize='unicode61 remove_diacritics 2')",
)
COLUMNS = ("headline", "tags", "body", "credit", "dateline", "status", "urgency", "flags")
# Where a word typed is looked for: the dateline and credit too, which opened the copy as
# filed ("KAMPALA (AFP) -") before the cleaner lifted them out of the body.
TEXT = "{headline tags body credit dateline}"
EVERY = "flags : doc"  # every story's flags hold `doc`: what a NOT is taken from
_SEPARATOR = "\x1f"  # between the columns in a compressed entry


class WordIndexError(Exception):
    """The index file cannot be opened or written; one line naming it."""


@dataclass(frozen=True)
class Entry:
    """What the index holds of one story (the columns of COLUMNS), and the revision it is
    from."""

    id: str
    revision: int
    headline: str
    tags: str = ""
    body: str = ""
    credit: str = ""
    dateline: str = ""
    status: str = Status.NEW.value
    urgency: str = ""
    flags: str = "doc"

    @classmethod
    def of_record(cls, record: Record) -> Entry:
        return cls(record["id"], int(record.get("revision") or 1), record.get("headline") or "",
                   " ".join(record.get("tags") or ()), body_of(record),
                   record.get("credit") or "",
                   record.get("dateline") or "", record.get("status") or Status.NEW.value,
                   *_urgency_and_flags(record.get("urgency"), bool(record.get("warning_count")),
                                       bool(record.get("updated"))))

    @classmethod
    def of_new_story(cls, story: Story) -> Entry:
        """A story just added to the store (revision 1), without reading it back."""
        return cls(story.id, 1, story.copy.headline, " ".join(story.tags),
                   "\n\n".join(story.copy.paragraphs), story.copy.credit,
                   story.copy.dateline, Status.NEW.value,
                   *_urgency_and_flags(story.copy.urgency, bool(story.warnings), False))

    def columns(self) -> tuple[str, ...]:
        return tuple(getattr(self, column) for column in COLUMNS)

    def packed(self) -> bytes:
        return zlib.compress(_SEPARATOR.join(self.columns()).encode(), 1)


def _urgency_and_flags(urgency: int | None, warning: bool, updated: bool) -> tuple[str, str]:
    flags = ["doc", *(["warning"] if warning else []), *(["updated"] if updated else []),
             *(["urgent"] if is_urgent(urgency) else [])]
    return ("" if urgency is None else str(urgency)), " ".join(flags)


def _rowid_order(entry: Entry) -> int:
    return key_of(entry.id)


def key_of(story_id: str) -> int:
    """A story's FTS5 rowid: its id's first 16 hex digits as a signed 64-bit number."""
    return int(story_id[:16], 16) - (1 << 63)


def keys_of(story_ids: Iterable[str]) -> np.ndarray:
    """key_of each id, as an int64 array (flipping the top bit is subtracting 2**63).
    Ids of 16 hex digits (all of a store's) are read as one block of bytes: 100,000 in
    a few milliseconds, where int() on each takes tens."""
    import numpy as np

    ids = list(story_ids)
    joined = "".join(ids)
    if len(joined) == 16 * len(ids) and joined.isascii():
        digits = _hex_values()[np.frombuffer(joined.encode(), dtype=np.uint8).reshape(-1, 16)]
        numbers = np.zeros(len(ids), dtype=np.uint64)
        for column in range(16):
            numbers = (numbers << np.uint64(4)) | digits[:, column]
    else:
        numbers = np.fromiter((int(story_id[:16], 16) for story_id in ids), dtype=np.uint64,
                              count=len(ids))
    return (numbers ^ np.uint64(1 << 63)).view(np.int64)


@cache
def _hex_values() -> np.ndarray:
    """An id's hex digits (as bytes) -> their values."""
    import numpy as np

    values = np.zeros(256, dtype=np.uint64)
    for value, digit in enumerate(b"0123456789abcdef"):
        values[digit] = value
    return values


def path_for(store_location: str | os.PathLike) -> Path:
    """Where the index of the store at `store_location` lives."""
    location = str(store_location)
    if "://" not in location:
        return Path(location + SUFFIX)
    return cache_folder() / f"{sha256(location.encode()).hexdigest()[:16]}{SUFFIX}"


def prefix_term(text: str, columns: str = TEXT) -> str | None:
    """`text` in `columns` as an FTS5 phrase matched as a prefix (`{headline tags body} :
    "harbour pl"*`: the word harbour, then a word starting pl). Punctuation separates
    words, as the tokenizer does; None when `text` holds no word at all."""
    if not any(char.isalnum() for char in text):
        return None
    return f'{columns} : "{text.replace(chr(34), " ")}"*'


class WordIndex:
    """The word index of one store. Thread-safe: the desk's workers write, its screen reads,
    each on a connection of its own, so a key never waits for a write (WAL)."""

    def __init__(self, path: Path | None) -> None:
        """Open (or create) the index at `path`; None keeps it in memory (a store whose
        folder cannot be written). A damaged or foreign file is set aside and rebuilt."""
        self.path = path
        self.problem = ""  # one line, when the file could not be used and memory serves
        self._lock = threading.Lock()  # the writing connection's
        self._read_lock = threading.Lock()
        self._revisions: dict[str, int] | None = None
        # Stories indexed, as of (another connection's last commit, this one's writes).
        self._size: tuple[tuple[int, int] | None, int] = (None, 0)
        self._writes = 0
        self._vocabulary = False  # the reader's view of the terms, made at the first use
        self._writer: ThreadPoolExecutor | None = None  # add_soon's thread, started at need
        self._pending: Future | None = None  # the last write add_soon handed over
        try:
            self._db = self._open(path)
            self._reader = self._connect(str(path)) if path is not None else self._db
        except (sqlite3.Error, OSError) as exc:
            self.problem = f"{path}: word index unusable ({exc}); indexing in memory"
            self.path = None
            self._db = self._reader = self._open(None)
        if self._reader is self._db:  # in memory: one connection, so one lock
            self._read_lock = self._lock

    # -- opening ---------------------------------------------------------------------

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is None:
            return self._connect(":memory:")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self._connect(str(path))
            if self._format(db) == FORMAT:
                return db
            db.close()
        except sqlite3.DatabaseError:  # not a database, or damaged: it is only a cache
            pass
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return self._connect(str(path))

    def _connect(self, location: str) -> sqlite3.Connection:
        db = sqlite3.connect(location, isolation_level=None, check_same_thread=False,
                             timeout=BUSY_MS / 1000)
        db.execute("PRAGMA journal_mode=WAL")
        # A commit is not synced: a crash can only lose the last entries, which are then
        # stale (their revision behind the store's) and indexed again.
        db.execute("PRAGMA synchronous=NORMAL")
        with _transaction(db):
            if self._format(db) is None:
                for statement in SCHEMA:
                    db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
        return db

    @staticmethod
    def _format(db: sqlite3.Connection) -> str | None:
        tables = {name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            return None if not tables else ""
        found = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        return found[0] if found else ""

    def close(self) -> None:
        self.settle()
        if self._writer is not None:
            self._writer.shutdown()
        with self._read_lock:
            self._reader.close()
        with self._lock:
            self._db.close()

    # -- what is stale ---------------------------------------------------------------

    def stale(self, rows: Iterable[Row]) -> list[str]:
        """The ids of `rows` whose words are not indexed at their revision (all of them
        for a new index)."""
        self.settle()
        revisions = self._known()
        return [row["id"] for row in rows if revisions.get(row["id"]) != row["revision"]]

    def _known(self) -> dict[str, int]:
        with self._lock, self._errors_named():
            if self._revisions is None:
                self._revisions = dict(self._db.execute("SELECT id, revision FROM docs"))
            return self._revisions

    @contextmanager
    def _errors_named(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise WordIndexError(f"{self.path or 'word index'}: {exc}") from None

    def __len__(self) -> int:
        return len(self._known())

    def reread(self) -> None:
        """Another process indexed stories (the desk's inbox reader): what the index holds
        is read again at the next look, not taken for stale."""
        with self._lock:
            self._revisions = None

    # -- writing ---------------------------------------------------------------------

    def add(self, entries: Iterable[Entry]) -> int:
        """Index `entries` in one transaction; an entry at an older revision than the one
        indexed (another desk got there first) is left alone. Returns how many changed."""
        revisions = self._known()
        changed = 0
        with self._lock, self._errors_named(), _transaction(self._db):
            self._writes += 1
            # In rowid order: FTS5 writes out the words it holds in memory whenever a rowid
            # is not above the transaction's last, which stories in the order read (their
            # ids are hashes) made it do at nearly every story (twice the CPU).
            for entry in sorted(entries, key=_rowid_order):
                changed += self._put(entry)
                # Ours or newer: it is what the index now holds.
                revisions[entry.id] = max(entry.revision, revisions.get(entry.id, 0))
        return changed

    def add_soon(self, entries: list[Entry], on_error: Callable[[str], None]) -> None:
        """add() on the index's writer thread, in the order handed over; a failure goes to
        `on_error` in one line (the stories stay stale: the next start indexes them)."""

        def write() -> None:
            try:
                self.add(entries)
            except WordIndexError as exc:
                on_error(str(exc))

        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="desk-words-write")
        self._pending = self._writer.submit(write)

    def settle(self) -> None:
        """Wait for the writes add_soon handed over (at once when there are none)."""
        pending = self._pending
        if pending is not None:
            pending.result()

    def _put(self, entry: Entry) -> bool:
        key = key_of(entry.id)
        old = self._db.execute("SELECT revision, text FROM docs WHERE key = ?",
                               (key,)).fetchone()
        if old is not None and old[0] >= entry.revision:
            return False
        packed = entry.packed()
        if old is not None and old[1] == packed:  # a decision, not an edit: same words
            self._db.execute("UPDATE docs SET revision = ? WHERE key = ?",
                             (entry.revision, key))
            return True
        if old is not None:
            self._db.execute(_DELETE, (key, *zlib.decompress(old[1]).decode().split(
                _SEPARATOR, len(COLUMNS) - 1)))
        self._db.execute(_INSERT, (key, *entry.columns()))
        self._db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?)",
                         (key, entry.id, entry.revision, packed))
        return True

    # -- reading ---------------------------------------------------------------------

    def match(self, expression: str) -> np.ndarray:
        """The keys (see key_of) of the stories matching an FTS5 `expression`, ascending.

        group_concat hands the whole answer over as one string: creating a Python object
        per match would cost more than the lookup itself at 100,000 stories."""
        import numpy as np

        self.settle()
        with self._read_lock, self._errors_named():
            found = self._reader.execute(
                "SELECT group_concat(rowid) FROM words WHERE words MATCH ?",
                (expression,)).fetchone()[0]
        if not found:
            return np.empty(0, dtype=np.int64)
        return np.fromstring(found, dtype=np.int64, sep=",")

    def holds_word_between(self, low: str, high: str) -> bool:
        """Whether a word the index holds (in any column) sorts from `low` up to `high`
        (not included): a look at the index's term list, not at any story's entry."""
        self.settle()
        with self._read_lock, self._errors_named():
            if not self._vocabulary:
                self._reader.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocabulary"
                                     " USING fts5vocab(main, words, row)")
                self._vocabulary = True
            return self._reader.execute(
                "SELECT 1 FROM temp.vocabulary WHERE term >= ? AND term < ? LIMIT 1",
                (low, high)).fetchone() is not None

    def count(self, expression: str = EVERY) -> int:
        """How many stories match (default: how many are indexed); far cheaper than
        match() when most of them do. The count of all is kept until a desk writes."""
        self.settle()
        with self._read_lock, self._errors_named():
            if expression == EVERY:
                version = (self._reader.execute("PRAGMA data_version").fetchone()[0],
                           self._writes)
                if self._size[0] != version:
                    self._size = (version, self._count(EVERY))
                return self._size[1]
            return self._count(expression)

    def _count(self, expression: str) -> int:
        return self._reader.execute("SELECT count(*) FROM words WHERE words MATCH ?",
                                    (expression,)).fetchone()[0]


_DELETE = (f"INSERT INTO words(words, rowid, {', '.join(COLUMNS)})"
           f" VALUES ('delete', ?, {', '.join('?' * len(COLUMNS))})")
_INSERT = (f"INSERT INTO words(rowid, {', '.join(COLUMNS)})"
           f" VALUES (?, {', '.join('?' * len(COLUMNS))})")


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT (or ROLLBACK on an exception): the write lock is taken
    at the start, so a transaction never fails half-way for another desk's writing."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


def batched_entries(records: Iterator[Record], ids: set[str], size: int
                    ) -> Iterator[list[Entry]]:
    """Entries of the records among `ids`, `size` at a time."""
    batch: list[Entry] = []
    for record in records:
        if record.get("id") in ids:
            batch.append(Entry.of_record(record))
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch

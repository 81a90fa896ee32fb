"""The desk's memory in PostgreSQL: the TinyDB store's API and rules, on tables.

    stories   one row a story: revision, status, the queue's index row, the full record
    history   one row a field changed, in order
    names     export filenames; the primary key is the claim
    desk_schema  the versions applied (schema.py)

A change is one transaction: the story's row is locked (SELECT ... FOR UPDATE), its
revision checked, its history read for the per-field merge and undo, a new filename
claimed by inserting it (the unique key refuses a name another story holds), the row and
history written, and the story's id sent on the `desk_changes` channel. NOTIFY is
delivered at commit, so other desks learn of a change only once it is there to read, and a
writer killed at any moment leaves nothing half-written: the transaction is rolled back.

The approval, merge and undo rules are the TinyDB Store's (this class inherits them);
only the storage underneath differs.
"""

from __future__ import annotations

import functools
import json
import weakref
from collections.abc import Callable, Iterator
from datetime import date, datetime

import psycopg
from psycopg.types.json import Jsonb

from desk.model import Changes, HistoryEntry, Record, Row, Status
from desk.store.errors import ConflictError, StoreError, Unavailable
from desk.store.history import Since, conflict_message
from desk.store.index import Progress, gc_paused, queue_order
from desk.store.postgres import schema
from desk.store.records import INDEX_FIELDS, arrival, index_values, next_revision
from desk.store.rows import index_row
from desk.store.slugs import filename_candidates
from desk.store.store import (
    ID_PATTERN,
    INBOX_SESSION,
    Edit,
    Store,
    _iso,
    _now,
    current_user,
    new_session,
    only_match,
)

STATUS_AT = INDEX_FIELDS.index("status")
NOTIFY_BYTES = 7000  # PostgreSQL takes payloads under 8,000 bytes


def safe_location(url: str) -> str:
    """The URL as it may be printed: any password replaced."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    if "password" not in info:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{info.get('user', '')}:***@{rest.split('@', 1)[-1]}"


def _database_errors(method):
    """A database failure leaves the store as a StoreError: one line naming the store."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except psycopg.Error as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StoreError(f"{self.path}: {first}") from exc

    return wrapper


def _close_all(connections: list[psycopg.Connection]) -> None:
    for conn in connections:
        conn.close()


class PostgresNames:
    """Export filenames, claimed inside the change's transaction."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def claim(self, story_id: str, day: date, slug: str) -> str:
        """The first free `YYYY-MM-DD-slug[-n]`. A second transaction claiming the same
        name waits on the key until the first ends, then sees it taken."""
        for candidate in filename_candidates(day, slug):
            taken = self.conn.execute(
                "INSERT INTO names (filename, story) VALUES (%s, %s) "
                "ON CONFLICT (filename) DO NOTHING RETURNING story", (candidate, story_id))
            if taken.fetchone() is not None:
                return candidate
            owner = self.conn.execute("SELECT story FROM names WHERE filename = %s",
                                      (candidate,)).fetchone()
            if owner is not None and owner[0] == story_id:
                return candidate
        raise AssertionError("filename_candidates never ends")

    def reserve(self, story_id: str, day: date, slug: str) -> tuple[str, None]:
        """claim(): in the change's transaction, nothing is left to write after it."""
        return self.claim(story_id, day, slug), None


class PostgresStore(Store):
    """A store in a PostgreSQL database, given as `postgresql://user@host/dbname`.

    Opening creates or upgrades the schema, and the index rows when this desk's queue
    has other fields (`schema_changes` lists what it did, for the caller to say). Like
    Store it is not thread-safe: a desk sharing one holds its lock.
    """

    def __init__(self, url: str, *, user: str | None = None, headline_limit: int = 64,
                 clock: Callable[[], datetime] | None = None, session: str | None = None,
                 on_problem: Callable[[str], None] | None = None):
        self.url = url
        self.on_problem = on_problem or (lambda line: None)  # no partition to lose
        self.path = safe_location(url)  # what every message names
        self.user = user or current_user()
        self.session = session or new_session(self.user)
        self.headline_limit = headline_limit
        self._clock = clock or _now
        self._rows: dict[str, list] | None = None
        self._listener: psycopg.Connection | None = None
        self._changed: set[str] = set()  # story ids other desks changed, from NOTIFY
        self._fresh: set[str] = set()  # ids whose rows changed since changed_rows()
        # A store dropped without close() still closes its connections, quietly.
        self._connections: list[psycopg.Connection] = []
        weakref.finalize(self, _close_all, self._connections)
        self.schema_changes = self._connect()

    def _open_connection(self) -> psycopg.Connection:
        conn = psycopg.connect(self.url, autocommit=True)
        self._connections.append(conn)
        return conn

    @_database_errors
    def _connect(self) -> list[str]:
        self.conn = self._open_connection()
        self.names = PostgresNames(self.conn)
        return schema.migrate(self.conn) + schema.rebuild_index_rows(self.conn)

    # -- reading -----------------------------------------------------------------------

    def _ensure_rows(self) -> dict[str, list]:
        if self._rows is None:
            self._listen()  # before reading, so no change falls between the two
            text = self.conn.execute(
                "SELECT '[' || coalesce(string_agg(index_row, ','), '') || ']' FROM stories"
            ).fetchone()[0]
            with gc_paused(keep=True):
                self._rows = {row[0]: row for row in json.loads(text)}
        return self._rows

    @_database_errors
    def unavailable(self) -> list[Unavailable]:
        """No store file to damage: the database answers whole or not at all."""
        return []

    def records(self, status: Status | None = None) -> list[Row]:
        rows = self._ensure_rows().values()
        with gc_paused():
            return [index_row(list(row)) for row in rows
                    if status is None or row[STATUS_AT] == status]

    def first_rows(self, count: int) -> list[Row] | None:
        return queue_order(self.records())[:count]

    def load_rows(self, progress: Progress | None = None) -> list[Row]:
        return self.records()  # one query: nothing to tell progress of

    def changed_rows(self) -> list[Row]:
        fresh, self._fresh = self._fresh, set()
        rows = self._rows or {}
        return [index_row(list(rows[story_id])) for story_id in sorted(fresh)
                if story_id in rows]

    @_database_errors
    def get(self, story_id: str) -> Record | None:
        if not ID_PATTERN.fullmatch(story_id or ""):
            return None
        found = self.conn.execute("SELECT record FROM stories WHERE id = %s",
                                  (story_id,)).fetchone()
        return found[0] if found else None

    @_database_errors
    def full_records(self) -> Iterator[Record]:
        with self.conn.cursor(name="desk_full_records") as cursor, self.conn.transaction():
            cursor.itersize = 500
            yield from (record for (record,) in cursor.execute(
                "SELECT record FROM stories ORDER BY id"))

    @_database_errors
    def resolve(self, prefix: str) -> str:
        wanted = (prefix or "").strip().lower()
        if not ID_PATTERN.fullmatch(wanted):
            raise StoreError(f"{prefix!r}: not a story id (give at least 6 hex digits)")
        matches = [story_id for (story_id,) in self.conn.execute(
            "SELECT id FROM stories WHERE id >= %s AND id < %s ORDER BY id LIMIT 5",
            (wanted, wanted + "g"))]
        return only_match(prefix, matches, self.path)

    @_database_errors
    def history(self, story_id: str) -> list[HistoryEntry]:
        if not ID_PATTERN.fullmatch(story_id or ""):
            return []
        return self._history(story_id)

    def _history(self, story_id: str) -> list[HistoryEntry]:
        return [entry for (entry,) in self.conn.execute(
            "SELECT entry FROM history WHERE story = %s ORDER BY seq", (story_id,))]

    def stories_with_history(self) -> Iterator[tuple[Record, list[HistoryEntry]]]:
        for record in self.full_records():
            yield record, self.history(record["id"])

    # -- other desks' changes ----------------------------------------------------------

    def _listen(self) -> None:
        if self._listener is None:
            self._listener = self._open_connection()
            changed = self._changed  # not self: a handler holding the store would be a cycle

            def noticed(notice: psycopg.Notify) -> None:
                changed.update(notice.payload.split(","))

            self._listener.add_notify_handler(noticed)
            self._listener.execute(f"LISTEN {schema.CHANNEL}")

    @_database_errors
    def refresh(self) -> bool:
        """Pick up changes other desks made; True if any index row changed.

        What changed comes from NOTIFY. One empty round trip on the listening connection
        first: the server sends every notice of a commit made before it ahead of the
        answer, so a change committed before refresh() is always seen. Only the stories
        named are read again; with none named, nothing is."""
        if self._rows is None or self._listener is None:
            return False
        self._listener.execute("SELECT 1")
        changed = sorted(self._changed)
        self._changed.clear()
        if not changed:
            return False
        seen = False  # our own changes come back too, already in the rows
        for story_id, text in self.conn.execute(
                "SELECT id, index_row FROM stories WHERE id = ANY(%s)", (changed,)):
            row = json.loads(text)
            if self._rows.get(story_id) != row:
                seen = True
                self._fresh.add(story_id)
            self._rows[story_id] = row
        return seen

    def close(self) -> None:
        _close_all(self._connections)

    # -- adding stories ----------------------------------------------------------------

    def _insert(self, records: list[Record], *, durable: bool = True) -> int:
        return len(self.import_stories([(record, [arrival(record, self.session)])
                                        for record in records]))

    def _write_batch(self, records: list[Record], edits: list[Edit], *,
                     durable: bool = True) -> int:
        """The inserts in one transaction, then each edit in its own (a transaction
        costs no file of its own here)."""
        added = self._insert(records)
        for story_id, make, system in edits:
            if self.get(story_id) is not None:
                self._change(story_id, None, make, session=INBOX_SESSION, system=system)
        return added

    @_database_errors
    def import_stories(self, items: list[tuple[Record, list[HistoryEntry]]]) -> set[str]:
        """Insert stories with their history, skipping ids already here; returns the ids
        added. One transaction: a second run adds nothing, a killed one nothing at all."""
        for record, _ in items:
            if not ID_PATTERN.fullmatch(record["id"]):
                raise StoreError(f"{record['source']}: story id {record['id']!r} is not hex")
        if not items:
            return set()
        with self.conn.transaction():
            self.conn.execute("CREATE TEMP TABLE incoming (LIKE stories) ON COMMIT DROP")
            with self.conn.cursor().copy("COPY incoming (id, revision, status, index_row, "
                                         "record) FROM STDIN") as copy:
                for record, _ in items:
                    copy.write_row((record["id"], record["revision"], record["status"],
                                    json.dumps(index_values(record), ensure_ascii=False),
                                    Jsonb(record)))
            added = {story_id for (story_id,) in self.conn.execute(
                "INSERT INTO stories SELECT DISTINCT ON (id) * FROM incoming "
                "ON CONFLICT (id) DO NOTHING RETURNING id")}
            fresh = [(record, entries) for record, entries in items if record["id"] in added]
            with self.conn.cursor().copy("COPY history (story, entry) FROM STDIN") as copy:
                for record, entries in fresh:
                    for entry in entries:
                        copy.write_row((record["id"], Jsonb(entry)))
            self._claim_imported(fresh)
            self._notify(sorted(added))
        return added

    @_database_errors
    def revisions(self, story_ids: list[str]) -> dict[str, int]:
        """The revision of each of `story_ids` that is here."""
        return dict(self.conn.execute("SELECT id, revision FROM stories WHERE id = ANY(%s)",
                                      (story_ids,)).fetchall())

    def _claim_imported(self, fresh: list[tuple[Record, list[HistoryEntry]]]) -> None:
        for record, _ in fresh:
            name = record.get("filename")
            if not name:
                continue
            owner = self.conn.execute(
                "INSERT INTO names (filename, story) VALUES (%s, %s) ON CONFLICT (filename) "
                "DO UPDATE SET filename = EXCLUDED.filename RETURNING story",
                (name, record["id"])).fetchone()[0]
            if owner != record["id"]:
                raise StoreError(f"{name}: filename already used by {owner}")

    def _notify(self, story_ids: list[str]) -> None:
        """Tell listening desks which stories changed (delivered at commit)."""
        chunk: list[str] = []
        for story_id in story_ids:
            if chunk and (len(chunk) + 1) * (len(story_id) + 1) > NOTIFY_BYTES:
                self.conn.execute("SELECT pg_notify(%s, %s)", (schema.CHANNEL, ",".join(chunk)))
                chunk = []
            chunk.append(story_id)
        if chunk:
            self.conn.execute("SELECT pg_notify(%s, %s)", (schema.CHANNEL, ",".join(chunk)))

    # -- changes -----------------------------------------------------------------------

    @_database_errors
    def _change(self, story_id: str, expect_revision: int | None,
                make: Callable[[Record, Since], Changes], *,
                base_revision: int | None = None, session: str | None = None,
                undoes: Callable[[], int] | None = None, system: bool = False,
                after: list | None = None) -> Record:
        """One transaction: lock the row, check the revision, merge, claim, write, notify.
        (`after` stays empty: a claim here is part of the transaction.)"""
        if not ID_PATTERN.fullmatch(story_id or ""):
            raise StoreError(f"{story_id!r}: not a story id")
        with self.conn.transaction():
            found = self.conn.execute("SELECT record FROM stories WHERE id = %s FOR UPDATE",
                                      (story_id,)).fetchone()
            if found is None:
                raise StoreError(f"{story_id}: no story with this id in {self.path}")
            record = found[0]
            entries = self._history(story_id)
            if expect_revision is not None and record["revision"] != expect_revision:
                raise ConflictError(conflict_message(story_id, expect_revision, record,
                                                     entries), record)
            session = session or self.session
            since = Since(entries, record, base_revision, session)
            changes = {field: value for field, value in make(record, since).items()
                       if record.get(field) != value}
            if not changes:
                return record
            updated, new_entries = next_revision(
                record, changes, at=_iso(self._clock()), user=self.user, session=session,
                undoes=undoes() if undoes else None, system=system)
            row = index_values(updated)
            self.conn.execute(
                "UPDATE stories SET revision = %s, status = %s, index_row = %s, record = %s "
                "WHERE id = %s", (updated["revision"], updated["status"],
                                  json.dumps(row, ensure_ascii=False), Jsonb(updated), story_id))
            with self.conn.cursor() as cursor:
                cursor.executemany("INSERT INTO history (story, entry) VALUES (%s, %s)",
                                   [(story_id, Jsonb(entry)) for entry in new_entries])
            self._notify([story_id])
        if self._rows is not None:
            self._rows[story_id] = row
            self._fresh.add(story_id)
        return updated

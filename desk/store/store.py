"""The desk's memory: every decision on every story, in TinyDB, crash- and race-safe.

On disk, for a store at `desk.json`:

    desk.json                    TinyDB manifest: marks the store as ours (never rewritten)
    desk.json.d/parts/abc.json   TinyDB partition: records + history of ids starting `abc`
    desk.json.d/names/xyz.json   TinyDB registry of export filenames, by hash of the name
    desk.json.d/rows/abc.json    each partition's index rows, stamped (see index.py)
    desk.json.d/index.json       disposable snapshot of all index rows (see index.py)
    desk.json.d/changes.log      the partitions each commit wrote (see changes.py)
    desk.json.d/lock             flock'ed around every change

A change locks the store, re-reads its story's partition (so another process's changes are
seen), checks the revision, and replaces that one small file atomically and durably. Its
cost follows the partition (about 25 stories at 100,000), never the whole store.
"""

from __future__ import annotations

import functools
import getpass
import os
import re
import secrets
import socket
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as default
from datetime import datetime
from pathlib import Path

from desk.model import (
    Changes,
    HistoryEntry,
    Published,
    Record,
    Row,
    Status,
    StoredCopy,
    Story,
    clean_tags,
)
from desk.plain import markup_fix, markup_tags, plain_line
from desk.store.errors import (
    ConflictError,
    CorruptStoreError,
    StoreError,
    StoreFileError,
    Unavailable,
    ValidationError,
)
from desk.store.files import DurableStorage, create_new, dump_json, read_tables, sweep_temps
from desk.store.history import Since, conflict_message, own_last_change
from desk.store.index import PART_CHARS, PART_SUFFIX, Progress, Stamp, StoreIndex, stamp_of
from desk.store.locking import exclusive_lock
from desk.store.names import NameRegistry
from desk.store.partition import Partition, commit_all, doc_id_of, read_partition
from desk.store.records import (
    approved_copy,
    copy_of,
    earlier_version,
    has_unbalanced_mark,
    new_record,
    still_approved,
    unbalanced_mark,
    version_sources,
)
from desk.store.slugs import slug_for

# How a refusal that can be overridden says so; the desk names its own key instead.
FORCE_HINT = "approve with --force"

__all__ = [
    "ConflictError", "CorruptStoreError", "Store", "StoreError", "StoreFileError",
    "ValidationError", "slug_for",
]

INBOX_SESSION = "inbox"  # the session of the changes an inbox file makes (Store.revise)
SAME_FILE = "same file"  # a version that came as its story's inbox file rewritten
MANIFEST = {"format": "desk-store", "version": 1, "partition": "first 3 hex digits of the id"}
ID_PATTERN = re.compile(r"[0-9a-f]{6,64}")
# After this many partitions changed behind the snapshot, an open rewrites it.
RESAVE_AFTER = 200
# Partitions an ingest writes under one hold of the lock, synced together (one syncfs a
# group): a batch of 200 stories is two groups. Over BBC's ingest the lock is held 37 ms
# (median; 89 ms p90, 110 at most), which an editor's change may wait; 64 a group held it
# 20 ms (56, 98) but synced three times a batch, ~5% of the ingest's time.
PARTS_AT_ONCE = 128


Make = Callable[[Record, Since], Changes]  # a change: its fields, from the record now
Edit = tuple[str, Make, bool]  # (story id, the change, a system change)


@dataclass
class Arrived:
    """What add_batch wrote: how many stories were new, the new versions that landed
    (story id, its new text, how it came), and the (story id, file) of each text held
    as a version of a story that came from another file (a copy of that version)."""

    added: int = 0
    revised: list[tuple[str, Story, str]] = default(default_factory=list)
    held_copies: list[tuple[str, str]] = default(default_factory=list)


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment or the password database
        return "unknown"


def new_session(user: str) -> str:
    """A session id unique to one desk (or one Store): who, where, which process, which
    opening. History entries carry it, so undo takes back only this session's changes."""
    return f"{user}@{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def only_match(prefix: str, matches: list[str], path: Path) -> str:
    """The one story id an id prefix names, or a one-line StoreError saying why not."""
    if not matches:
        raise StoreError(f"{prefix}: no story with this id in {path}")
    if len(matches) > 1:
        raise StoreError(f"{prefix}: ambiguous id, matches {', '.join(matches[:4])}"
                         + (" ..." if len(matches) > 4 else ""))
    return matches[0]


def _now() -> datetime:
    return datetime.now().astimezone()


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _files_named(method):
    """Every way into the store's files goes through a method wrapped in this: an OSError
    leaves the store as a StoreFileError naming the file, so callers catch StoreError only."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except OSError as exc:
            raise StoreFileError(exc, self.path) from exc

    return wrapper


class Store:
    """Every story's record and history; see the module docstring for the files.

    Reads never lock (every file is replaced whole, so a reader sees a complete version);
    each change takes the store's lock, so changes from any number of processes serialise.
    A Store is not thread-safe: a desk sharing one between threads holds its own lock.
    Every failure is a StoreError (a file problem a StoreFileError naming the file).

    Each change is made by a session (`session`, default a new id for this Store; any
    change method takes `session=` to act for another) and recorded with it in history.

    Changes take either of two guards. `base_revision=N` (the revision the editor started
    from) merges per field: fields nobody else changed since N land; a field another
    session set to a different value since N is a ConflictError whose `.conflicts` name
    each field, its value now and who set it. `expect_revision=N` refuses any change at
    all once the story moved past N (scripts: `desk approve --expect-revision`).
    """

    def __init__(self, path: str | Path, *, user: str | None = None, headline_limit: int = 64,
                 clock: Callable[[], datetime] | None = None, session: str | None = None,
                 on_problem: Callable[[str], None] | None = None):
        self.path = Path(path)
        self.root = self.path.with_name(self.path.name + ".d")
        self.parts_dir = self.root / "parts"
        self.names_dir = self.root / "names"
        self.rows_dir = self.root / "rows"
        self.lock_path = self.root / "lock"
        self.names = NameRegistry(self.names_dir)
        self.user = user or current_user()
        self.session = session or new_session(self.user)
        # Told (one line) what a bulk pass skipped: stories of a damaged partition.
        self.on_problem = on_problem or (lambda line: None)
        self.headline_limit = headline_limit
        self._clock = clock or _now
        self._index = StoreIndex(self.parts_dir, self.rows_dir, self.root / "index.json")
        self.schema_changes: list[str] = []  # a file store creates nothing worth saying
        self._open_manifest()

    # -- opening -----------------------------------------------------------------------

    @_files_named
    def _open_manifest(self) -> None:
        tables = read_tables(self.path)
        if tables is None:
            tables = self._create()
        doc = tables.get("desk", {}).get("1")
        if not isinstance(doc, dict) or doc.get("format") != MANIFEST["format"]:
            raise CorruptStoreError(
                f"{self.path}: not a desk store (foreign JSON); left untouched")
        if doc.get("version") != MANIFEST["version"]:
            raise CorruptStoreError(
                f"{self.path}: desk store version {doc.get('version')} is not supported")
        for folder in (self.root, self.parts_dir, self.names_dir, self.rows_dir):
            folder.mkdir(exist_ok=True)
        sweep_temps(self.path.parent, prefix=f".{self.path.name}.")  # left by a killed
        for folder in (self.root, self.parts_dir, self.names_dir, self.rows_dir):  # writer
            sweep_temps(folder)

    def _create(self) -> dict:
        tables = {"desk": {"1": {**MANIFEST, "created_at": _iso(self._clock())}}}
        try:
            for folder in (self.root, self.parts_dir, self.names_dir, self.rows_dir):
                folder.mkdir(exist_ok=True)
            create_new(self.path, dump_json(tables))
        except FileExistsError:  # another process created it first: use theirs
            return read_tables(self.path) or {}
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create store: {exc.strerror}") from None
        return tables

    # -- reading -----------------------------------------------------------------------

    def _part_path(self, story_id: str) -> Path:
        return self.parts_dir / f"{story_id[:PART_CHARS]}{PART_SUFFIX}"

    def _stories_in(self, story_id: str) -> dict[str, Record]:
        return read_partition(self._part_path(story_id)).get("stories", {})

    def _ensure_index(self, progress: Progress | None = None) -> StoreIndex:
        if not self._index.loaded:
            self._index.load(progress)
            if self._index.unsaved_parts >= RESAVE_AFTER:
                try:
                    self._index.save()
                except OSError:
                    pass  # a read-only store: reading goes on without the cache
        return self._index

    @_files_named
    def records(self, status: Status | None = None) -> list[Row]:
        """Index rows of every story, or of one status.

        In no set order (model.newest_first for a queue). The rows are the index's own
        compact, read-only rows (store.rows.IndexRow): a change brings a new row.
        """
        rows = self._ensure_index().rows.values()
        if status is None:
            return list(rows)
        return [row for row in rows if row.status == status]

    @_files_named
    def load_rows(self, progress: Progress | None = None) -> list[Row]:
        """records(), telling `progress(done, total)` partition files read while the
        index is built (every one of them when its snapshot is gone)."""
        self._ensure_index(progress)
        return self.records()

    @_files_named
    def first_rows(self, count: int) -> list[Row] | None:
        """The first `count` rows in the desk's first order (new urgent stories, then
        newest first), read from the head of the index snapshot without loading every
        row: what a desk draws first. None when only loading every row could tell (no
        usable snapshot): the desk does that behind an empty queue, with progress."""
        return self._index.first_rows(count)

    def keep_written_rows(self) -> None:
        """From now on keep the index rows of what this store writes, for written_rows():
        a process writing for a desk (its inbox reader) hands them over."""
        self._index.written = []

    def written_rows(self) -> list[tuple[str, Stamp, list[list]]]:
        """The rows written since the last call (keep_written_rows()), each partition's
        with the version they are of, for the desk's take_rows()."""
        written, self._index.written = self._index.written or [], []
        return written

    @_files_named
    def take_rows(self, written: list[tuple[str, Stamp, list[list]]]) -> None:
        """Take the rows another process wrote (its written_rows()) into the index, so
        the next refresh need not read their partitions."""
        self._index.take(written)

    @_files_named
    def changed_rows(self) -> list[Row]:
        """The rows refresh() and this store's own changes brought since the last call (a
        desk updates just those), each once; [] before the index is loaded."""
        return self._index.changes() if self._index.loaded else []

    @_files_named
    def unavailable(self) -> list[Unavailable]:
        """The damaged partition files the index found (at open or at the last refresh),
        each with its problem and the ids of the stories last seen in it; records()
        leaves those stories out. Nothing ever writes over such a file (desk doctor)."""
        self._ensure_index()
        return [Unavailable(path, problem, ids)
                for path, problem, ids in sorted(self._index.damaged.values())]

    def get(self, story_id: str) -> Record | None:
        if not ID_PATTERN.fullmatch(story_id or ""):
            return None
        return self._stories_in(story_id).get(str(doc_id_of(story_id)))

    def full_records(self) -> Iterator[Record]:
        """Every full record, one partition file read at a time (for a bulk pass such as
        indexing bodies for search: far cheaper than get() per story)."""
        for path in sorted(self.parts_dir.glob(f"*{PART_SUFFIX}")):
            try:
                tables = read_partition(path)
            except CorruptStoreError:
                continue  # a damaged partition: its stories are in unavailable()
            yield from tables.get("stories", {}).values()

    def stories_with_history(self) -> Iterator[tuple[Record, list[HistoryEntry]]]:
        """Every record with its history, one partition file read at a time (migrations)."""
        for path in sorted(self.parts_dir.glob(f"*{PART_SUFFIX}")):
            tables = read_tables(path) or {}
            entries = tables.get("history", {})
            by_story: dict[str, list[HistoryEntry]] = defaultdict(list)
            for key in sorted(entries, key=int):
                by_story[entries[key]["story"]].append(entries[key])
            for record in tables.get("stories", {}).values():
                yield record, by_story[record["id"]]

    def resolve(self, prefix: str) -> str:
        wanted = (prefix or "").strip().lower()
        if not ID_PATTERN.fullmatch(wanted):
            raise StoreError(f"{prefix!r}: not a story id (give at least 6 hex digits)")
        matches = sorted(record["id"] for record in self._stories_in(wanted).values()
                         if record["id"].startswith(wanted))
        return only_match(prefix, matches, self.path)

    def history(self, story_id: str) -> list[HistoryEntry]:
        if not ID_PATTERN.fullmatch(story_id or ""):
            return []
        entries = read_partition(self._part_path(story_id)).get("history", {})
        return [entries[key] for key in sorted(entries, key=int)
                if entries[key]["story"] == story_id]

    @_files_named
    def refresh(self) -> bool:
        """Pick up changes made by other processes; True if any index row changed."""
        if not self._index.loaded:
            return False  # nothing cached yet: the next records() reads it all fresh
        return self._index.sweep_if_touched()

    @_files_named
    def close(self) -> None:
        """Leave a fresh index snapshot behind, so the next open reads only that file."""
        if self._index.loaded and self._index.unsaved_parts:
            self._index.save()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @staticmethod
    def preview_slug(headline: str) -> str:
        return slug_for(headline)

    # -- adding stories ----------------------------------------------------------------

    def add_stories(self, stories: Iterable[Story]) -> int:
        """Add the stories whose ids are new to the store; returns how many were added."""
        return self._insert(self._new_records(stories))

    def _new_records(self, stories: Iterable[Story]) -> list[Record]:
        at = self._clock()
        return [new_record(story, received=_received(story, at), at=_iso(at), user=self.user)
                for story in stories]

    def add_batch(self, stories: Iterable[Story],
                  revisions: Iterable[tuple[str, Story, str]] = (),
                  copies: Iterable[tuple[str, str]] = (),
                  held: Iterable[tuple[str, Story]] = ()) -> Arrived:
        """An inbox batch in one grouped commit (each partition written once, the group's
        syncs side by side), as add_stories, revise and add_copy would write it one by one:
        the new `stories`; `revisions` (story id, new text, how it came), unless the story
        holds that text already; exact `copies` (story id, file); and texts `held` as a
        version of a story (story id, text), each a copy unless it came from that
        version's own file. Stories that are not in the store are passed over."""
        arrived = Arrived()
        edits: list[Edit] = [(story_id, self._revising_once(story, how, arrived), False)
                             for story_id, story, how in revisions]
        edits += [(story_id, _counting(source), True) for story_id, source in copies]
        edits += [(story_id, _held_copy(story.raw.source, story_id, arrived), True)
                  for story_id, story in held]
        arrived.added = self._write_batch(self._new_records(stories), edits)
        return arrived

    def _revising_once(self, story: Story, arrived_as: str, arrived: Arrived) -> Make:
        revising = self._revising(story, arrived_as)

        def once(record: Record, since: Since) -> Changes:
            if record.get("text_id") == story.id:
                return {}
            arrived.revised.append((record["id"], story, arrived_as))
            return revising(record, since)

        return once

    def bulk_import(self, records: Iterable[Record], *, durable: bool = True) -> int:
        """Insert complete records (approved ones included) in one pass per partition.

        For loading a store wholesale (benchmarks, migrations): `durable=False` skips the
        fsync of each file and syncs the file system once at the end instead.
        """
        return self._insert(list(records), durable=durable)

    def _insert(self, records: list[Record], *, durable: bool = True) -> int:
        return self._write_batch(records, [], durable=durable)

    @_files_named
    def _write_batch(self, records: list[Record], edits: list[Edit], *,
                     durable: bool = True) -> int:
        """Insert `records` whose ids are new, then make each of `edits` (in order), a
        group of partitions at a time; returns how many records were new."""
        if not records and not edits:  # a batch of bad files only: no lock, no sweep
            return 0
        by_part: dict[str, tuple[list[Record], list[Edit]]] = defaultdict(lambda: ([], []))
        for record in records:
            if not ID_PATTERN.fullmatch(record["id"]):
                raise StoreError(f"{record['source']}: story id {record['id']!r} is not hex")
            by_part[record["id"][:PART_CHARS]][0].append(record)
        for edit in edits:
            if ID_PATTERN.fullmatch(edit[0]):
                by_part[edit[0][:PART_CHARS]][1].append(edit)
        if records:
            with exclusive_lock(self.lock_path):
                self.names.claim_imported(records, durable=durable)  # first: it may refuse
        added = 0
        groups = list(by_part.items())
        for start in range(0, len(groups), PARTS_AT_ONCE):
            # A group of partitions at a time, so a big ingest never holds up an editor
            # for long, and the group's files reach the disk together (files.replace_all).
            with exclusive_lock(self.lock_path):
                added += self._write_parts(groups[start:start + PARTS_AT_ONCE], durable)
        if not durable:
            os.sync()
        return added

    def _write_parts(self, groups: list[tuple[str, tuple[list[Record], list[Edit]]]],
                     durable: bool) -> int:
        written: list[Partition] = []
        added = 0
        for part_name, (records, edits) in groups:
            try:
                part = Partition(self.parts_dir / f"{part_name}{PART_SUFFIX}", durable=durable)
            except CorruptStoreError as exc:  # never written over; the others go on
                self.on_problem(f"{exc} ({len(records) + len(edits)} stories not added "
                                "or updated)")
                continue
            count = part.insert_new(records, self.session)
            changed = False
            for story_id, make, system in edits:
                record = part.get(story_id)
                if record is not None:
                    changed |= self._apply(part, record, make, session=INBOX_SESSION,
                                           system=system) is not None
            if count or changed:
                written.append(part)
                added += count
        commit_all(written)
        self._after_commit(*written)
        return added

    def _apply(self, part: Partition, record: Record, make: Make, *,
               base_revision: int | None = None, session: str,
               undoes: Callable[[], int] | None = None, system: bool = False
               ) -> Record | None:
        """`make`'s changes to `record` as its next revision in `part` (not committed
        yet); None when they change nothing."""
        since = Since(part.history_of(record["id"]), record, base_revision, session)
        changes = {field: value for field, value in make(record, since).items()
                   if record.get(field) != value}
        if not changes:
            return None
        return part.apply(record, changes, at=_iso(self._clock()), user=self.user,
                          session=session, undoes=undoes() if undoes else None,
                          system=system)

    # -- changes -----------------------------------------------------------------------

    def set_headline(self, story_id: str, headline: str, *, base_revision: int | None = None,
                     expect_revision: int | None = None, session: str | None = None) -> Record:
        """A new headline, cleaned (desk.plain); what cleaning did or found is recorded
        beside it in `headline_fixes`."""
        fields = _headline_fields(headline)
        if not fields["headline"]:
            raise ValidationError(f"{story_id}: a headline cannot be empty")
        return self._change(story_id, expect_revision, _edit(story_id, fields),
                            base_revision=base_revision, session=session)

    def set_tags(self, story_id: str, tags: list[str], *, base_revision: int | None = None,
                 expect_revision: int | None = None, session: str | None = None) -> Record:
        return self._change(story_id, expect_revision,
                            _edit(story_id, {"tags": clean_tags(tags)}),
                            base_revision=base_revision, session=session)

    def approve(self, story_id: str, *, headline: str | None = None,
                tags: list[str] | None = None, force: bool = False,
                base_revision: int | None = None, expect_revision: int | None = None,
                story: Story | None = None, session: str | None = None) -> Record:
        """Approve the story's copy under a slugged filename; durable when it returns.

        An approval freezes the headline, tags and copy the editor saw (at `base_revision`):
        one another session changed since is a conflict. Approving an approved (or
        exported) story that nothing changed is a no-op returning the record.
        """

        def approval(record: Record, since: Since) -> Changes:
            given = _headline_fields(headline) if headline is not None else {}
            final = given.get("headline", since.base_value("headline") or "")
            final_tags = clean_tags(tags) if tags is not None else since.base_value("tags")
            since.require(story_id, {"headline": final, "tags": final_tags,
                                     "copy": since.base_value("copy")})
            if record["status"] == Status.SPIKED:
                raise StoreError(f"{story_id}: story is spiked; unspike it before approving")
            copy = copy_of(story) if story is not None else record["copy"]
            self._validate(story_id, final, copy, force)
            slug = slug_for(final)
            if not slug:
                raise ValidationError(f"{story_id}: headline gives an empty slug; "
                                      "it needs letters or digits")
            moment = self._clock()
            if record["filename"] and _approves_nothing_new(record, copy, final, final_tags):
                return {}
            filename = record["filename"]
            if not filename:  # claimed now, on disk before the record (see _change)
                filename, unwritten = self.names.reserve(story_id, moment.date(), slug)
                claims.extend([unwritten] if unwritten is not None else [])
            return {
                **given,
                "headline": final,
                "tags": final_tags,
                "status": Status.APPROVED.value,
                "slug": slug,
                "filename": filename,
                "approved": approved_copy(copy, headline=final, tags=final_tags, slug=slug,
                                          filename=filename, at=_iso(moment),
                                          before=record.get("approved")),
                **({"updated": False} if record.get("updated") else {}),
            }

        claims: list[DurableStorage] = []
        return self._change(story_id, expect_revision, approval, base_revision=base_revision,
                            session=session, after=claims)

    def spike(self, story_id: str, *, base_revision: int | None = None,
              expect_revision: int | None = None, session: str | None = None) -> Record:
        def spiking(record: Record, since: Since) -> Changes:
            since.require(story_id, {"status": Status.SPIKED.value})
            if record["status"] == Status.SPIKED:
                raise StoreError(f"{story_id}: already spiked")
            # A spike retracts an export: unspiking brings the approval back, not `exported`.
            prior = Status.APPROVED.value if record["status"] == Status.EXPORTED \
                else record["status"]
            return {"status": Status.SPIKED.value, "prior_status": prior}

        return self._change(story_id, expect_revision, spiking, base_revision=base_revision,
                            session=session)

    def unspike(self, story_id: str, *, base_revision: int | None = None,
                expect_revision: int | None = None, session: str | None = None) -> Record:
        def unspiking(record: Record, since: Since) -> Changes:
            if record["status"] != Status.SPIKED:
                raise StoreError(f"{story_id}: not spiked (status {record['status']})")
            prior = record.get("prior_status") or Status.NEW.value
            if prior == Status.EXPORTED:  # spiked before spikes retracted exports
                prior = Status.APPROVED.value
            return {"status": prior, "prior_status": None}

        return self._change(story_id, expect_revision, unspiking, base_revision=base_revision,
                            session=session)

    def mark_exported(self, story_id: str, *, expect_revision: int | None = None,
                      folder: str | None = None, formats: Iterable[str] = ()) -> Record:
        """The approved copy's files are written: the story is `exported`, and `folder`
        (absolute) records which files are live there, for a later retraction."""

        def exporting(record: Record, since: Since) -> Changes:
            if record["status"] not in (Status.APPROVED, Status.EXPORTED):
                raise StoreError(f"{story_id}: not approved (status {record['status']})")
            changes: Changes = {}
            if folder is not None:
                live: Published = {"filename": record["filename"], "formats": sorted(formats),
                                   "approved_at": record["approved"]["approved_at"]}
                changes["published"] = {**(record.get("published") or {}), folder: live}
            return {**changes, "status": Status.EXPORTED.value}  # status last in history

        return self._change(story_id, expect_revision, exporting, system=True)

    def withdrawn(self, ids: Iterable[str] | None = None) -> list[tuple[Record, str, Published]]:
        """Exports no approval stands behind any more (a spike, an undone approval), as
        (record, folder, what is live there): for desk.export to take back."""
        if ids is None:  # the index rows rule out every story a standing approval backs
            ids = [row["id"] for row in self.records() if any(
                not still_approved(row, live) for live in (row.get("published") or {}).values())]
        found = []
        for story_id in ids:
            try:
                record = self.get(story_id)
            except CorruptStoreError:
                continue  # listed in unavailable(); retracted once doctor restores it
            for folder, live in ((record or {}).get("published") or {}).items():
                if not still_approved(record, live):
                    found.append((record, folder, live))
        return found

    def mark_retracted(self, story_id: str, folder: str, live: Published) -> Record:
        """The files `live` in `folder` were taken back: forget them (unless they changed
        meanwhile)."""

        def retracting(record: Record, since: Since) -> Changes:
            published = dict(record.get("published") or {})
            if published.get(folder) != live:
                return {}
            del published[folder]
            return {"published": published or None}

        return self._change(story_id, None, retracting, system=True)

    def revise(self, story_id: str, story: Story, arrived_as: str = SAME_FILE) -> Record:
        """A new version of the story arrived (its inbox file changed after it was read, a
        ninjs item with its uri and a later version, an update or a near copy of it): the
        story keeps its id, its decisions and its history, keeps the version it held among
        its `earlier` ones, and takes the new text as its next revision (`text_id` names
        the text it now holds) marked `updated`. A headline nobody edited follows the new
        text; an approval of the old text no longer stands, so the story is new again (its
        exported files untouched until it is approved again). The change is the inbox's
        (INBOX_SESSION), so no editor's undo takes it back unawares."""
        return self._change(story_id, None, self._revising(story, arrived_as),
                            session=INBOX_SESSION)

    def _revising(self, story: Story, arrived_as: str) -> Callable[[Record, Since], Changes]:
        def revising(record: Record, since: Since) -> Changes:
            copy = copy_of(story)
            earlier = [*(record.get("earlier") or []), earlier_version(record)]
            changes: Changes = {
                "text_id": story.id, "copy": copy, "received": _received(story, self._clock()),
                "original_headline": copy["headline"], "suggested_tags": list(story.tags),
                "credit": copy["credit"], "dateline": copy["dateline"],
                "word_count": story.word_count, "quote_count": len(copy["quotes"]),
                "warning_count": len(copy["warnings"]),
                "version_source": story.raw.source, "arrived_as": arrived_as,
                "update": story.copy.update,
                "urgency": story.copy.urgency or record.get("urgency"),
                "source_version": story.raw.version, "guid": story.raw.guid or record.get("guid"),
                "earlier": earlier, "versions": len(earlier) + 1, "updated": True,
            }
            if record["headline"] == record["original_headline"]:
                changes["headline"] = copy["headline"]
                changes["headline_fixes"] = markup_fix(copy["headline"])
            if record["status"] in (Status.APPROVED, Status.EXPORTED):
                changes["status"] = Status.NEW.value
            return changes

        return revising

    def add_copy(self, story_id: str, source: str) -> Record:
        """An exact copy of the story arrived from `source` and was merged into it (counted
        once for each file, however often the inbox is read)."""
        return self._change(story_id, None, _counting(source), session=INBOX_SESSION,
                            system=True)

    def mark_seen(self, story_id: str, *, session: str | None = None) -> Record:
        """The editor has looked at the story's versions: it is no longer `updated`."""

        def seeing(record: Record, since: Since) -> Changes:
            return {"updated": False} if record.get("updated") else {}

        return self._change(story_id, None, seeing, session=session, system=True)

    def undo(self, story_id: str, *, session: str | None = None,
             expect_revision: int | None = None) -> Record:
        """Take back this session's last change to the story not already undone; the undo
        is a change too (its history entries carry `undoes`: the revision taken back, and
        each field's value before and after). Returns the story after the undo.

        Refused (UndoRefused, a StoreError, saying why) when the session has nothing left
        to undo there, or another session changed the story after that change.
        """
        undone_revision = 0
        session = session or self.session

        def reverting(record: Record, since: Since) -> Changes:
            nonlocal undone_revision
            undone_revision, fields = own_last_change(since.entries, session, story_id)
            after = {**record, **fields}
            if after["status"] == Status.EXPORTED and not any(
                    still_approved(after, live)
                    for live in (after.get("published") or {}).values()):
                fields["status"] = Status.APPROVED.value  # its files were taken back
            return fields

        return self._change(story_id, expect_revision, reverting, session=session,
                            undoes=lambda: undone_revision)

    def _validate(self, story_id: str, headline: str, copy: StoredCopy, force: bool) -> None:
        if not headline:
            raise ValidationError(f"{story_id}: headline is missing; approval needs one")
        if len(headline) > self.headline_limit:
            raise ValidationError(f"{story_id}: headline is {len(headline)} characters, "
                                  f"over the limit of {self.headline_limit}")
        if force:
            return
        if markup_tags(headline):
            raise ValidationError(f"{story_id}: headline has markup-like tags "
                                  f"({', '.join(markup_tags(headline)[:3])}); remove them or "
                                  f"{FORCE_HINT}")
        mark = unbalanced_mark(headline)
        if mark:
            raise ValidationError(f"{story_id}: headline has an unbalanced quotation mark "
                                  f"({mark}); fix it or {FORCE_HINT}")
        if has_unbalanced_mark(copy):
            raise ValidationError(f"{story_id}: story has an unbalanced quotation mark; "
                                  f"check it or {FORCE_HINT}")

    @_files_named
    def _change(self, story_id: str, expect_revision: int | None,
                make: Callable[[Record, Since], Changes], *,
                base_revision: int | None = None, session: str | None = None,
                undoes: Callable[[], int] | None = None, system: bool = False,
                after: list[DurableStorage] | None = None) -> Record:
        """Lock, re-read the partition, check the revision, merge, apply, write durably.

        `make(record, since)` returns the fields to set (refusing with a StoreError);
        `since` is what changed after `base_revision`, for the per-field merge. `after`:
        files `make` leaves unwritten (a filename's claim) that go to disk before the
        partition, in one round of syncs with it.
        """
        if not ID_PATTERN.fullmatch(story_id or ""):
            raise StoreError(f"{story_id!r}: not a story id")
        with exclusive_lock(self.lock_path):
            part = Partition(self._part_path(story_id))
            record = part.get(story_id)
            if record is None:
                raise StoreError(f"{story_id}: no story with this id in {self.path}")
            if expect_revision is not None and record["revision"] != expect_revision:
                message = conflict_message(story_id, expect_revision, record,
                                           part.history_of(story_id))
                raise ConflictError(message, record)
            updated = self._apply(part, record, make, base_revision=base_revision,
                                  session=session or self.session, undoes=undoes,
                                  system=system)
            if updated is None:
                return record
            part.commit(after=after or ())
            self._after_commit(part)
        return updated

    def _after_commit(self, *parts: Partition) -> None:
        """Tell the index about partitions we just wrote (still locked). The change is
        durable already: a cache that cannot be told is no failure of it (the index finds
        a partition changed at its next sweep)."""
        written = []
        for part in parts:
            try:
                stamp = stamp_of(os.stat(part.path))
            except OSError:
                continue
            written.append((part.path.name[: -len(PART_SUFFIX)], part.records, stamp))
        self._index.committed(written)


def _received(story: Story, fallback: datetime) -> str:
    mtime = story.raw.modified
    if mtime is None:
        try:
            mtime = os.stat(story.raw.source).st_mtime
        except (OSError, ValueError):
            return _iso(fallback)
    return _iso(datetime.fromtimestamp(mtime).astimezone())


def _counting(source: str) -> Callable[[Record, Since], Changes]:
    """The change an exact copy from `source` makes: counted once for each file."""

    def counting(record: Record, since: Since) -> Changes:
        sources = record.get("copy_sources") or []
        if source in sources:
            return {}
        return {"copy_sources": [*sources, source], "copies": len(sources) + 1}

    return counting


def _held_copy(source: str, story_id: str, arrived: Arrived) -> Make:
    """The change a text held as a version of a story makes: a copy, unless it came
    from that version's own file."""
    counting = _counting(source)

    def make(record: Record, since: Since) -> Changes:
        if os.path.abspath(source) in version_sources(record):
            return {}
        arrived.held_copies.append((story_id, source))
        return counting(record, since)

    return make


def _approves_nothing_new(record: Record, copy: StoredCopy, headline: str,
                          tags: list[str]) -> bool:
    """An approved story approved again with the same headline, tags and copy."""
    approved = record.get("approved")
    if record["status"] not in (Status.APPROVED, Status.EXPORTED) or not approved:
        return False
    again = approved_copy(copy, headline=headline, tags=tags, slug=approved["slug"],
                          filename=approved["filename"], at=approved["approved_at"],
                          before=approved)
    same = {key: again.get(key) for key in approved} == approved  # as an older store kept it
    return (record["headline"], record["tags"]) == (headline, tags) and same \
        and slug_for(headline) == approved["slug"]


def _headline_fields(headline: str) -> Changes:
    """A headline a person gave, as the store keeps it: cleaned, with its fixes beside."""
    cleaned, fixes = plain_line(headline)
    return {"headline": cleaned, "headline_fixes": fixes + markup_fix(cleaned)}


def _edit(story_id: str, fields: Changes) -> Callable[[Record, Since], Changes]:
    """An editor's change of the headline or the tags. Approved copy is what gets
    exported, so an edit after approval sends the story back to `new`: it is exported
    again only once re-approved, never silently with the old headline or tags."""

    def make(record: Record, since: Since) -> Changes:
        since.require(story_id, fields)
        changes = {field: value for field, value in fields.items() if record.get(field) != value}
        if set(changes) <= {"headline_fixes"}:  # the same headline: no change (an older
            return {}                            # record may lack the fixes field)
        if record["status"] in (Status.APPROVED, Status.EXPORTED):
            changes["status"] = Status.NEW.value
        return changes

    return make

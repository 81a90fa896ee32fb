"""Reading a story's history: what changed since an editor's base revision (the per-field
merge), what this session's undo takes back, and what a conflict reports.

Each history entry names the session that made it (`session`). Entries the export
machinery writes (`system`: marking a story exported or its files retracted) are nobody's
editorial decision: they neither conflict with an edit nor block an undo.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from desk.model import Changes, HistoryEntry, Record
from desk.store.errors import ConflictError, FieldConflict, StoreError


class UndoRefused(StoreError):
    """This session has nothing left to undo on the story, or another session changed the
    story after this session's last change (undoing it would undo theirs too)."""


_COPY_FIELDS = frozenset({"headline", "tags", "copy"})


def _editorial(entry: HistoryEntry) -> bool:
    return not entry.get("system")


class Since:
    """A story's changes after the revision an editor started from (their `base`).

    `base=None` (or the current revision) means nothing changed meanwhile: every field is
    as the editor saw it, and no conflict is possible.
    """

    def __init__(self, entries: list[HistoryEntry], record: Record, base: int | None,
                 session: str):
        self.entries = entries
        self.record = record
        self.session = session
        self.after = [entry for entry in entries
                      if base is not None and entry["revision"] > base]
        # An edit of approved copy sends the story back to `new` as a side effect: that
        # status change was nobody's decision, so it conflicts with nothing.
        edited = {entry["revision"] for entry in self.after if entry["field"] in _COPY_FIELDS}
        self._reopens = {entry["revision"] for entry in self.after
                         if entry["field"] == "status" and entry["revision"] in edited}

    def base_value(self, field: str) -> Any:
        """The field as the editor saw it at the base revision."""
        for entry in self.after:
            if entry["field"] == field:
                return entry["old"]
        return self.record.get(field)

    def theirs(self, field: str) -> HistoryEntry | None:
        """The last change to `field` by another session after the base, if any."""
        for entry in reversed(self.after):
            if entry["field"] == field and _editorial(entry) \
                    and entry.get("session") != self.session \
                    and not (field == "status" and entry["revision"] in self._reopens):
                return entry
        return None

    def require(self, story_id: str, mine: Changes) -> None:
        """Refuse (ConflictError, every field at once) where another session set a field of
        `mine` to a different value since the base; fields nobody else touched merge."""
        conflicts = []
        for field, value in mine.items():
            entry = self.theirs(field)
            current = self.record.get(field)
            if entry is not None and current != value:
                conflicts.append(FieldConflict(
                    field=field, mine=value, theirs=current, base=self.base_value(field),
                    user=entry["user"], session=entry.get("session"), at=entry["at"],
                    revision=entry["revision"]))
        if conflicts:
            raise ConflictError(_conflict_line(story_id, self.record, conflicts), self.record,
                                tuple(conflicts))


def _conflict_line(story_id: str, record: Record, conflicts: list[FieldConflict]) -> str:
    said = "; ".join(f"{c.user} set {c.field} at {c.at}" for c in conflicts)
    return (f"conflict: {story_id} changed since you started (now revision "
            f"{record['revision']}): {said}; keep yours or take theirs")


def own_last_change(entries: list[HistoryEntry], session: str,
                    story_id: str) -> tuple[int, Changes]:
    """The newest change by `session` not yet undone, as (revision, fields to restore).

    Undos are changes too, marked with the revision they undo, so undoing again walks
    further back instead of redoing. Refused (UndoRefused, saying why) when the session
    has nothing left to undo, or another session changed the story after that change.
    """
    by_revision: dict[int, list[HistoryEntry]] = defaultdict(list)
    for entry in entries:
        by_revision[entry["revision"]].append(entry)
    undone: set[int] = set()
    others: list[HistoryEntry] = []  # other sessions' changes that stand, newest first
    for revision in sorted(by_revision, reverse=True):
        group = by_revision[revision]
        if any(entry["field"] == "status" and entry["old"] is None for entry in group):
            break  # the story's arrival: nothing before it to go back to
        if not _editorial(group[0]) or revision in undone:
            continue  # bookkeeping, or a change taken back (with its undo, it is no change)
        if "undoes" in group[0]:
            undone.add(group[0]["undoes"])
        elif group[0].get("session") != session:
            others.append(group[0])
        else:
            if others:
                raise UndoRefused(_blocked(story_id, revision, others[0], by_revision))
            return revision, {entry["field"]: entry["old"] for entry in group}
    raise UndoRefused(f"{story_id}: nothing to undo (no change of yours to take back)")


def _blocked(story_id: str, revision: int, entry: HistoryEntry,
             by_revision: dict[int, list[HistoryEntry]]) -> str:
    fields = ", ".join(sorted({e["field"] for e in by_revision[entry["revision"]]}))
    return (f"{story_id}: not undone: {entry['user']} changed {fields} at {entry['at']} "
            f"(revision {entry['revision']}) after your change (revision {revision})")


def conflict_message(story_id: str, expected: int, record: Record,
                     entries: list[HistoryEntry]) -> str:
    """One line: the revision the caller saw, the one on disk, and who changed what."""
    later = {entry["field"] for entry in entries if entry["revision"] > expected}
    what = ", ".join(sorted(later)) or "the story"
    return (f"conflict: {story_id} is at revision {record['revision']}, not {expected}; "
            f"{record.get('updated_by')} changed {what} at {record.get('updated_at')}")

"""Reading a story's history: what undo goes back to, and what a conflict reports."""

from __future__ import annotations

from collections import defaultdict

from desk.model import Changes, HistoryEntry, Record


def last_undoable(entries: list[HistoryEntry]) -> tuple[int, Changes]:
    """The newest change not undone (and not an undo), as (revision, fields to restore).

    Undos are changes too, marked with the revision they undo, so undoing again walks
    further back instead of redoing.
    """
    by_revision: dict[int, list[HistoryEntry]] = defaultdict(list)
    for entry in entries:
        by_revision[entry["revision"]].append(entry)
    undone: set[int] = set()
    for revision in sorted(by_revision, reverse=True):
        group = by_revision[revision]
        if any(entry["field"] == "status" and entry["old"] is None for entry in group):
            break  # the story's arrival: nothing before it to go back to
        if "undoes" in group[0]:
            undone.add(group[0]["undoes"])
        elif revision not in undone:
            return revision, {entry["field"]: entry["old"] for entry in group}
    return 0, {}


def conflict_message(story_id: str, expected: int, record: Record,
                     entries: list[HistoryEntry]) -> str:
    """One line: the revision the caller saw, the one on disk, and who changed what."""
    later = {entry["field"] for entry in entries if entry["revision"] > expected}
    what = ", ".join(sorted(later)) or "the story"
    return (f"conflict: {story_id} is at revision {record['revision']}, not {expected}; "
            f"{record.get('updated_by')} changed {what} at {record.get('updated_at')}")

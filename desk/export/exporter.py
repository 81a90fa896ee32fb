"""Export approved stories to `<out>/<filename>.<md|json|txt>`, atomically, never clobbering.

A file already at the target path is replaced only if it was exported for the same story
(its embedded id says so); anything else there is left alone and reported as skipped.
Stories whose files were all written become `exported` (and can be exported again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desk.export.formats import RENDERERS, owner_of
from desk.model import Status
from desk.store import ConflictError, DeskStore, StoreError
from desk.store.files import atomic_write, create_new

FORMATS = tuple(RENDERERS)  # ("md", "json", "txt")
EXPORTABLE = (Status.APPROVED, Status.EXPORTED)


@dataclass
class ExportSummary:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: what and why
    stories: list[str] = field(default_factory=list)  # ids now marked exported

    def line(self) -> str:
        return (f"exported {len(self.stories)} stories: wrote {len(self.written)} files, "
                f"skipped {len(self.skipped)}")


def export_stories(store: DeskStore, out_dir: Path, *, formats: Iterable[str] = FORMATS,
                   ids: Iterable[str] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> ExportSummary:
    """Write each approved story (all approved/exported ones when `ids` is None)."""
    formats = tuple(formats)
    unknown = [fmt for fmt in formats if fmt not in RENDERERS]
    if unknown:
        raise StoreError(f"unknown export format {unknown[0]!r} (use md, json or txt)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{out_dir}: cannot create export folder: {exc.strerror}") from None
    if ids is None:
        ids = [row["id"] for row in store.records() if row["status"] in EXPORTABLE]
    ids = list(ids)
    summary = ExportSummary()
    for done, story_id in enumerate(ids, 1):
        _export_one(store, story_id, out_dir, formats, summary)
        if progress:
            progress(done, len(ids))
    return summary


def _export_one(store: DeskStore, story_id: str, out_dir: Path, formats: tuple[str, ...],
                summary: ExportSummary) -> None:
    record = store.get(story_id)
    if record is None:
        summary.skipped.append(f"{story_id}: no such story")
        return
    if record["status"] not in EXPORTABLE or not record.get("approved"):
        summary.skipped.append(f"{story_id}: not approved (status {record['status']})")
        return
    complete = True
    for fmt in formats:
        target = out_dir / f"{record['filename']}.{fmt}"
        try:
            problem = _write(target, fmt, story_id, RENDERERS[fmt](record))
        except OSError as exc:
            problem = f"{target}: cannot write: {exc.strerror}"
        if problem:
            summary.skipped.append(problem)
            complete = False
        else:
            summary.written.append(target)
    if not complete:
        return
    try:
        store.mark_exported(story_id, expect_revision=record["revision"])
    except ConflictError:
        summary.skipped.append(f"{story_id}: changed while exporting; export it again")
        return
    summary.stories.append(story_id)


def _write(target: Path, fmt: str, story_id: str, text: str) -> str | None:
    """Write `text` to `target` unless another story's (or a stranger's) file is there."""
    data = text.encode("utf-8", "replace")
    try:
        existing = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        try:
            create_new(target, data)  # fails rather than replace a file that just appeared
        except FileExistsError:
            return f"{target}: appeared while exporting; not overwritten"
        return None
    except (OSError, UnicodeDecodeError):
        return f"{target}: exists and is not a desk export; not overwritten"
    owner = owner_of(existing, fmt)
    if owner != story_id:
        whose = f"story {owner}" if owner else "a file the desk did not write"
        return f"{target}: belongs to {whose}; not overwritten"
    atomic_write(target, data)
    return None

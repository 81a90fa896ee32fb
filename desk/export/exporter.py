"""Export approved stories to `<out>/<filename>.<md|json|txt>`, atomically, never clobbering.

A file already at the target path is replaced only if it was exported for the same story
(its embedded id says so); anything else there is left alone and reported as skipped.
Stories whose files were all written become `exported` (and can be exported again), and
the store records which files are live in which folder. Exports no approval stands behind
any more are retracted first (desk.export.retract); temp files are written in a hidden
subfolder (desk.export.folder), never beside the files a pickup job reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from desk.export.folder import move_aside, temp_area, write_owned
from desk.export.formats import RENDERERS
from desk.export.retract import retract_withdrawn
from desk.export.summary import ExportSummary
from desk.model import Status
from desk.store import ConflictError, DeskStore, StoreError

FORMATS = tuple(RENDERERS)  # ("md", "json", "txt")
EXPORTABLE = (Status.APPROVED, Status.EXPORTED)


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
    if ids is not None:
        ids = list(ids)
    # First take back what no approval stands behind: one live version a story.
    summary = retract_withdrawn(store, ids)
    if ids is None:
        ids = [row["id"] for row in store.records() if row["status"] in EXPORTABLE]
    with temp_area(out_dir) as temps:
        for done, story_id in enumerate(ids, 1):
            _export_one(store, story_id, out_dir, formats, summary, temps)
            if progress:
                progress(done, len(ids))
    return summary


def _export_one(store: DeskStore, story_id: str, out_dir: Path, formats: tuple[str, ...],
                summary: ExportSummary, temps: Path) -> None:
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
            problem = write_owned(target, fmt, story_id, RENDERERS[fmt](record), temps)
        except OSError as exc:
            problem = f"{target}: cannot write: {exc.strerror}"
        if problem:
            summary.skipped.append(problem)
            complete = False
        else:
            summary.written.append(target)
    if not complete:
        return
    folder = str(out_dir.resolve())
    earlier = (record.get("published") or {}).get(folder)
    for fmt in sorted(set(earlier["formats"] if earlier else ()) - set(formats)):
        # A format this export left out would keep an older version live beside it.
        move_aside(out_dir / f"{record['filename']}.{fmt}", fmt, story_id, f"r{record['revision']}")
    try:
        store.mark_exported(story_id, expect_revision=record["revision"], folder=folder,
                            formats=formats)
    except ConflictError:
        summary.skipped.append(f"{story_id}: changed while exporting; export it again")
        return
    summary.stories.append(story_id)

"""Taking back exports no approval stands behind any more (a spike, an undone approval):
the story's files move aside into `<out>/.retracted/` and a ninjs kill notice
(`pubstatus: canceled`) takes their place at `<out>/<filename>.json` for the CMS.

Run after an undo or a spike (the CLI does; any desk can), and before every export: an
export folder then holds at most one live version of a story. Retracting again after a
crash half-way does what was left.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from desk.export.folder import move_aside, temp_area, write_owned
from desk.export.formats import render_kill
from desk.export.summary import ExportSummary
from desk.model import Published, Record
from desk.store import DeskStore


def retract_withdrawn(store: DeskStore, ids: Iterable[str] | None = None,
                      summary: ExportSummary | None = None) -> ExportSummary:
    """Retract every withdrawn export (of `ids` only, when given)."""
    summary = summary or ExportSummary()
    for record, folder, live in store.withdrawn(ids):
        try:
            _retract(record, Path(folder), live, summary)
        except OSError as exc:
            summary.skipped.append(f"{exc.filename or folder}: cannot retract "
                                   f"{record['id']}: {exc.strerror or exc}")
            continue
        store.mark_retracted(record["id"], folder, live)
        summary.retracted.append(record["id"])
    return summary


def _retract(record: Record, folder: Path, live: Published, summary: ExportSummary) -> None:
    story_id, filename = record["id"], live["filename"]
    tag = f"r{record['revision']}"
    for fmt in dict.fromkeys([*live["formats"], "json"]):
        aside = move_aside(folder / f"{filename}.{fmt}", fmt, story_id, tag)
        if aside is not None:
            summary.moved.append(aside)
    notice = folder / f"{filename}.json"
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    with temp_area(folder) as temps:
        problem = write_owned(notice, "json", story_id, render_kill(record, filename, at), temps)
    if problem:
        summary.skipped.append(f"kill notice: {problem}")
    else:
        summary.written.append(notice)

"""The shape of a store record: built from a Story, cut down to an index row, approved."""

from __future__ import annotations

import os
from dataclasses import fields
from typing import cast

from desk.model import (
    ApprovedCopy,
    Changes,
    HistoryEntry,
    Published,
    Quote,
    Record,
    Row,
    Status,
    StoredCopy,
    Story,
    Version,
)
from desk.plain import markup_fix

# What the queue needs to draw a story without opening its file or its full record: the
# fields of model.Row, in order (the index keeps each row as a list in this order).
INDEX_FIELDS = tuple(Row.__annotations__)

FIRST = "first"  # how a story's first version arrived (see model.Version.arrived_as)
_QUOTE_FIELDS = tuple(field.name for field in fields(Quote))  # each a str, int or None
_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("«", "»"))
LEGACY_UNBALANCED_WARNING = "unbalanced quotation mark in paragraph"


def copy_of(story: Story) -> StoredCopy:
    """The clean copy as the desk saw it at ingest, so approval needs no inbox file."""
    return {
        "headline": story.copy.headline,
        "dateline": story.copy.dateline,
        "credit": story.copy.credit,
        "paragraphs": list(story.copy.paragraphs),
        # What dataclasses.asdict gives, at a tenth of its cost (the fields are flat).
        "quotes": [{name: getattr(quote, name) for name in _QUOTE_FIELDS}
                   for quote in story.quotes],
        "warnings": list(story.warnings),
        "fixes": list(story.copy.fixes),
        "unbalanced": story.unbalanced,
    }


def body_of(record: Record) -> str:
    """The story's clean body, paragraphs apart (an older record may hold only its
    approved copy's)."""
    paragraphs = (record.get("copy") or {}).get("paragraphs")
    if paragraphs:
        return "\n\n".join(paragraphs)
    return (record.get("approved") or {}).get("body") or ""


def new_record(story: Story, *, received: str, at: str, user: str) -> Record:
    copy = copy_of(story)
    return {
        "id": story.id,
        "source": story.raw.source,
        "status": Status.NEW.value,
        "headline": copy["headline"],
        "original_headline": copy["headline"],
        "tags": list(story.tags),
        "suggested_tags": list(story.tags),
        "slug": None,
        "filename": None,
        "revision": 1,
        "received": received,
        "credit": copy["credit"],
        "dateline": copy["dateline"],
        "word_count": story.word_count,
        "quote_count": len(copy["quotes"]),
        "warning_count": len(copy["warnings"]),
        "updated_at": at,
        "updated_by": user,
        "headline_fixes": markup_fix(copy["headline"]),
        "published": None,
        "urgency": story.copy.urgency,
        "versions": 1,
        "copies": 0,
        "updated": False,
        "guid": story.raw.guid,
        "prior_status": None,
        "copy": copy,
        "approved": None,
        "text_id": story.id,
        "version_source": story.raw.source,
        "copy_sources": [],
        "arrived_as": FIRST,
        "update": story.copy.update,
        "source_version": story.raw.version,
        "earlier": [],
    }


def earlier_version(record: Record) -> Version:
    """The story as it stands, kept as an earlier version when a later one arrives."""
    return {
        "text_id": record.get("text_id") or record["id"],
        "source": record.get("version_source") or record["source"],
        "received": record["received"],
        "arrived_as": record.get("arrived_as") or FIRST,
        "update": record.get("update") or "",
        "headline": record["headline"],
        "tags": list(record["tags"]),
        "copy": record["copy"],
    }


def arrival(record: Record, session: str) -> HistoryEntry:
    """The history entry of a story's arrival in the store (its status from nothing)."""
    return {"story": record["id"], "revision": record["revision"], "at": record["updated_at"],
            "user": record["updated_by"], "session": session, "field": "status", "old": None,
            "new": record["status"]}


def next_revision(record: Record, changes: Changes, *, at: str, user: str, session: str,
                  undoes: int | None = None,
                  system: bool = False) -> tuple[Record, list[HistoryEntry]]:
    """`changes` applied to `record` as its next revision, with one history entry a field.

    Each entry names the session that made it; `undoes` the revision an undo took back;
    `system` marks the export machinery's bookkeeping (see store.history)."""
    revision = record["revision"] + 1
    extra: dict = {"undoes": undoes} if undoes is not None else {}
    if system:
        extra["system"] = True
    entries: list[HistoryEntry] = [
        {"story": record["id"], "revision": revision, "at": at, "user": user,
         "session": session, "field": field, "old": record.get(field), "new": value, **extra}
        for field, value in changes.items()
    ]
    updated = cast(Record, {**record, **changes, "revision": revision, "updated_at": at,
                            "updated_by": user})
    return updated, entries


def index_values(record: Record) -> list:
    """An index row as a list in INDEX_FIELDS order: how the index keeps it in memory."""
    return [record.get(field) for field in INDEX_FIELDS]


def approved_copy(copy: StoredCopy, *, headline: str, tags: list[str], slug: str,
                  filename: str, at: str, before: ApprovedCopy | None = None) -> ApprovedCopy:
    """`before` is the story's last approval: approving copy that changed since (a newer
    version arrived) makes this one a correction of it."""
    body = "\n\n".join(copy["paragraphs"])
    corrections = (before or {}).get("corrections", 0)
    if before is not None and (before["body"], before["headline"]) != (body, headline):
        corrections += 1
    return {
        "headline": headline,
        "dateline": copy["dateline"],
        "credit": copy["credit"],
        "body": body,
        "tags": list(tags),
        "quotes": [
            {key: quote.get(key) for key in ("text", "speaker", "mention", "cue")}
            for quote in copy["quotes"]
        ],
        "slug": slug,
        "filename": filename,
        "approved_at": at,
        "corrections": corrections,
    }


def unbalanced_mark(text: str) -> str | None:
    """The first quotation mark left open or unopened in `text`, if any."""
    for opener, closer in _QUOTE_PAIRS:
        if opener == closer:
            if text.count(opener) % 2:
                return opener
        elif text.count(opener) != text.count(closer):
            return opener if text.count(opener) > text.count(closer) else closer
    return None


def has_unbalanced_mark(copy: StoredCopy) -> bool:
    """Did the quote finder find a quotation mark left open or never opened?"""
    if "unbalanced" in copy:
        return copy["unbalanced"]
    # A copy stored before the flag existed has only the finder's warnings, as text; its
    # unbalanced-mark warnings open with these words (a no-speaker warning never does).
    return any(warning.startswith(LEGACY_UNBALANCED_WARNING) for warning in copy["warnings"])


def still_approved(record: Record | Row, live: Published) -> bool:
    """Do the files an export left live (`live`) still carry a standing approval?

    A spike, an undone approval or an approval undone to an older one withdraws them. An
    edit that reopens the story keeps them until it is approved again, when the next
    export replaces them under the same filename; so does a fresh approval. (An index row,
    which has no approved copy, answers False where only the record can tell.)
    """
    if record["status"] == Status.SPIKED or record.get("filename") != live["filename"]:
        return False
    if record["status"] in (Status.APPROVED, Status.EXPORTED):
        return True
    approved = record.get("approved")
    return bool(approved) and approved["approved_at"] == live["approved_at"]


def version_sources(record: Record) -> set[str]:
    """The files every version of a stored story came from (absolute paths)."""
    sources = {record["source"], record.get("version_source") or record["source"]}
    return {os.path.abspath(path) for path in sources | {
        version["source"] for version in record.get("earlier") or []}}

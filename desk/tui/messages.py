"""What the desk screen's workers tell it.

Worker threads never touch widgets; they post one of these and the screen acts on it in the
event loop. Widget-local messages stay nested in their widget class.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from desk.model import Row, Story


@dataclass
class RowsArrived(Message):
    """An inbox batch is in the store: the rows it added or changed (and other desks'
    changes meanwhile), to merge into the queue; the other rows are as they were."""

    rows: list[Row]
    news: list[str] = field(default_factory=list)  # copies merged, stories revised


@dataclass
class IndexLoaded(Message):
    """Every index row, read after the first page was drawn."""

    rows: list[Row]


@dataclass
class IndexProgress(Message):
    """Building the index with no snapshot to start from: `done` of `total` store files."""

    done: int
    total: int


@dataclass
class RowsUpdated(Message):
    """Rows the store found changed (another desk's edits, stories another process added):
    update just those."""

    rows: list[Row]


@dataclass
class ScanProgress(Message):
    """Reading the inbox: `done` of `total` new files processed (`total` 0: nothing new)."""

    done: int
    total: int


class ScanDone(Message):
    """The first inbox read is over; posted after the rows it found, so a handler sees
    them all in the queue."""


@dataclass
class StoreProblem(Message):
    """A store read or write failed in a worker; `text` is one line naming the file."""

    text: str


@dataclass
class IngestProblem(Message):
    """A file the inbox reader could not use; `text` is one line naming it."""

    text: str


@dataclass
class StoryLoaded(Message):
    """A big story read by a worker, for the preview (`story` None: `problem`)."""

    story_id: str
    story: Story | None
    problem: str = ""


@dataclass
class WordsIndexed(Message):
    """The word index is catching up with the store: `done` of `total` stale stories."""

    done: int
    total: int


@dataclass
class ExportProgress(Message):
    done: int
    total: int


@dataclass
class ExportFinished(Message):
    summary: str
    ok: bool = True


@dataclass
class InputReady(Message):
    """A dialog's input has focus: the keys typed since the key that opened it go there.
    Also posted by the desk screen once mounted, for the keys typed before it was up."""

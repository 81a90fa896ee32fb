"""The vocabulary every layer shares: plain typed data, and the few rules every layer must
apply alike (what a tag looks like, which story comes first). Imports nothing of desk."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any, NotRequired, TypedDict

from slugify import slugify

from desk.plain import remove_controls


class Status(StrEnum):
    NEW = "new"
    APPROVED = "approved"
    SPIKED = "spiked"
    EXPORTED = "exported"


# Rows and records are the store's JSON as read: TypedDicts, so they stay plain dicts (the
# queue holds 100,000 of them) while every field has a name and a type.


class Row(TypedDict):
    """What the queue needs to draw a story (the store's index row), in this field order."""

    id: str
    source: str
    status: str  # a Status value: compare with Status members
    headline: str
    original_headline: str
    tags: list[str]
    suggested_tags: list[str]
    slug: str | None
    filename: str | None
    revision: int
    received: str  # ISO time the inbox file was written
    credit: str
    dateline: str
    word_count: int
    quote_count: int
    warning_count: int
    updated_at: str
    updated_by: str
    # What cleaning did to the headline and what it leaves for the editor (desk.plain):
    # "removed 2 terminal escape codes", "markup-like tags left in: [bold], [/bold]".
    headline_fixes: NotRequired[list[str]]  # absent in records stored before it
    # Where its approved copy is live: export folder -> Published (None: nowhere).
    published: NotRequired[dict[str, Published] | None]
    # One story, many versions (absent, so None, in records stored before versions):
    urgency: NotRequired[int | None]  # 1 (flash) ... 8; None: nothing said (1..3 urgent)
    versions: NotRequired[int | None]  # how many versions the story has had (None: one)
    copies: NotRequired[int | None]  # exact copies of it merged at ingest (None: none)
    updated: NotRequired[bool | None]  # a version arrived since the editor looked or approved
    guid: NotRequired[str | None]  # the source's own id (ninjs uri): a later one is a version


class Published(TypedDict):
    """What an export left live in one folder, so a retraction knows what to take back."""

    filename: str
    formats: list[str]
    approved_at: str  # which approval the files carry


class StoredCopy(TypedDict):
    """The clean copy as the desk saw it at ingest, so approval needs no inbox file."""

    headline: str
    dateline: str
    credit: str
    paragraphs: list[str]
    quotes: list[dict[str, Any]]  # each a Quote, as dataclasses.asdict gives it
    warnings: list[str]
    fixes: list[str]
    # Records stored before this flag existed lack it (see store.records.has_unbalanced_mark).
    unbalanced: NotRequired[bool]


class ApprovedCopy(TypedDict):
    """What an approval froze for export."""

    headline: str
    dateline: str
    credit: str
    body: str
    tags: list[str]
    quotes: list[dict[str, str | None]]  # text, speaker, mention, cue
    slug: str
    filename: str
    approved_at: str
    # Approved again after a newer version arrived: the export is a correction (its ninjs
    # `version` is this plus one; its Markdown front matter says `corrected`).
    corrections: NotRequired[int]


class Version(TypedDict):
    """An earlier version of a story, as it stood when a later one arrived."""

    text_id: str  # the id of that version's text
    source: str
    received: str
    arrived_as: str  # how it came: first, same file, ninjs version, update, near copy
    update: str  # what the copy said of itself ("UPDATE 1", "Adds quotes")
    headline: str  # the editor's headline then
    tags: list[str]
    copy: StoredCopy


class Record(Row):
    """A story's full record: its index row, the copy, and the approved copy once approved."""

    prior_status: str | None  # the status before a spike, restored by unspike
    copy: StoredCopy
    approved: ApprovedCopy | None
    # Versions (absent in older records): the text the story holds now, how it came, what
    # it said of itself, the source's version, and every earlier version, oldest first.
    text_id: NotRequired[str]
    version_source: NotRequired[str]  # the file of the version it holds (`source`: the first)
    copy_sources: NotRequired[list[str]]  # the files of the exact copies merged into it
    arrived_as: NotRequired[str]
    update: NotRequired[str]
    source_version: NotRequired[str | None]
    earlier: NotRequired[list[Version]]


Changes = dict[str, Any]  # some fields of a Record, set together as one revision


class HistoryEntry(TypedDict):
    """One field's change in one revision; an undo names the revision it undoes."""

    story: str
    revision: int
    at: str
    user: str
    field: str
    old: Any
    new: Any
    session: NotRequired[str]  # the desk session that made it (absent in older stores)
    undoes: NotRequired[int]
    system: NotRequired[bool]  # the export machinery's bookkeeping, nobody's decision


URGENT_UP_TO = 3  # IPTC urgency 1 (flash) .. 3 is urgent: flagged, counted, sorted up


def is_urgent(urgency: int | None) -> bool:
    return urgency is not None and urgency <= URGENT_UP_TO


def urgent_first(rows: list[Row]) -> list[Row]:
    """New urgent stories first (most urgent first), the rest after, each in their order."""
    return sorted(rows, key=urgent_rank)


def urgent_rank(row: Row) -> int:
    """A new urgent story's urgency (1 flash ... 3), 9 for every other story."""
    urgency = row.get("urgency")
    return urgency if row.get("status") == Status.NEW and is_urgent(urgency) else 9


def newest_first(rows: Iterable[Row]) -> list[Row]:
    """The queue's order and `desk list`'s: newest received first (to the second); stories
    received in one second in file order, the stories of one file (a feed) by id."""
    in_files = sorted(rows, key=lambda row: (row.get("source") or "", row["id"]))
    return sorted(in_files, key=lambda row: row.get("received") or "", reverse=True)  # stable


# ASCII letters, digits, spaces, underscores, hyphens and apostrophes: slugify makes each
# run of what is not a letter or digit one hyphen, and lowercases the rest. Nearly every
# name suggest_tags ranks is such; slugify takes ten times as long to say so.
_SIMPLE_TAG = re.compile(r"[\w '-]+", re.ASCII)
_NOT_IN_SLUG = re.compile("[^a-z0-9]+")


def tag_slug(tag: str) -> str:
    """A tag in the one form the desk keeps and suggests: a lowercase slug (`new-york`).
    An escape code goes whole first (desk.plain), so no `0-pwned` is left of it."""
    if tag and _SIMPLE_TAG.fullmatch(tag):
        return _NOT_IN_SLUG.sub("-", tag.lower()).strip("-")
    return slugify(remove_controls(tag or "")[0], lowercase=True)


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as slugs, in order, without empties or repeats."""
    seen: list[str] = []
    for tag in tags:
        slug = tag_slug(tag)
        if slug and slug not in seen:
            seen.append(slug)
    return seen


def split_tags(value: str) -> list[str]:
    """An editor's comma list as tags: `"Syria, New York,,"` -> `["syria", "new-york"]`."""
    return clean_tags(value.split(","))


def tag_vocabulary(rows: Iterable[Row]) -> tuple[str, ...]:
    """The tags the desk already uses, most used first (then A-Z): what `t` offers beside
    the story's own suggestions, so one desk's tags stay one spelling."""
    uses = Counter(tag for row in rows for tag in row.get("tags") or ())
    return tuple(sorted(uses, key=lambda tag: (-uses[tag], tag)))


def _pickled_by_fields(cls):
    """Pickle `cls` as its constructor and its field values. Stories cross from the inbox
    reader's workers by pickle, and a slotted dataclass's own __setstate__ looks its
    fields up on every load: this halves the cost of both ends."""
    values = attrgetter(*(each.name for each in fields(cls)))  # a tuple, read in C

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class RawStory:
    """A decoded inbox file, before cleaning.

    `text` is the normalised text (the id is hashed from it); `original` is the file's text
    exactly as decoded, for the editor's "original" view. A structured story (ninjs, a web
    page, a feed entry, NITF, NewsML-G2) carries its headline and body separately, and what
    its source says about it: the agency's guid, version, urgency and slugline, the byline,
    where it was filed, when it was published and on which site.
    """

    id: str
    source: str
    format: str  # text, ninjs, html, rss, atom, rdf, nitf, newsml
    text: str
    original: str
    encoding: str = "utf-8"
    headline: str | None = None
    body: str | None = None
    byline: str | None = None
    located: str | None = None
    ingest_fixes: tuple[str, ...] = ()
    guid: str | None = None
    version: str | None = None
    urgency: int | None = None  # IPTC: 1 (flash) ... 9 (lowest)
    slugline: str | None = None
    published: str | None = None
    site: str | None = None
    # The file's mtime as it was read (the inbox reader's workers stat it, off the store's
    # writer; None: the store looks): when the story was received.
    modified: float | None = field(default=None, compare=False)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class CleanCopy:
    headline: str
    dateline: str
    credit: str
    paragraphs: tuple[str, ...]
    fixes: tuple[str, ...] = ()
    # What the copy and its source said of it, read while cleaning (desk.text.wire):
    urgency: int | None = None  # 1 (flash) ... 8 (lowest); None when nothing said
    update: str = ""  # it says it updates an earlier story: "UPDATE 2", "Adds quotes"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: `text` is inside the marks; offsets index the clean body.
    `confidence` is how sure the engine is of the speaker (0-1; None: not scored).
    `mention_start:mention_end` is where the mention the speaker was found by is written
    (None when it is not found near the quote), so the preview can mark it there."""

    text: str
    start: int
    end: int
    speaker: str | None
    mention: str | None
    cue: str | None
    confidence: float | None = None
    mention_start: int | None = None
    mention_end: int | None = None


@dataclass(frozen=True, slots=True)
class QuoteScan:
    quotes: tuple[Quote, ...]
    warnings: tuple[str, ...] = ()  # for the editor, in words
    # A quotation mark left open or never opened: approval needs a `force` over it.
    unbalanced: bool = False


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Story:
    """A story as the desk shows it: clean copy, quotes, warnings and tag suggestions."""

    raw: RawStory
    copy: CleanCopy
    quotes: tuple[Quote, ...]
    warnings: tuple[str, ...]
    tags: tuple[str, ...] = field(default=())
    unbalanced: bool = False  # QuoteScan.unbalanced
    # word_count, when counted already: the inbox reader's workers count it, off the
    # store's writer (an ingest's narrowest stage); None: counted when asked.
    counted_words: int | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return self.raw.id

    @property
    def word_count(self) -> int:
        if self.counted_words is not None:
            return self.counted_words
        return sum(len(p.split()) for p in self.copy.paragraphs)

    def to_json(self) -> dict:
        return {
            "id": self.raw.id,
            "source": self.raw.source,
            "format": self.raw.format,
            "headline": self.copy.headline,
            "dateline": self.copy.dateline,
            "credit": self.copy.credit,
            "body": self.copy.body,
            "paragraphs": list(self.copy.paragraphs),
            "word_count": self.word_count,
            "quotes": [asdict(q) for q in self.quotes],
            "fixes": list(self.copy.fixes),
            "warnings": list(self.warnings),
            "tags": list(self.tags),
            "byline": self.raw.byline,
            "guid": self.raw.guid,
            "version": self.raw.version,
            "urgency": self.copy.urgency,
            "update": self.copy.update,
            "slugline": self.raw.slugline,
            "published": self.raw.published,
            "site": self.raw.site,
        }

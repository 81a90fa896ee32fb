"""The vocabulary every layer shares: plain dataclasses, no behaviour beyond shape."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    APPROVED = "approved"
    SPIKED = "spiked"
    EXPORTED = "exported"


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


@dataclass(frozen=True, slots=True)
class CleanCopy:
    headline: str
    dateline: str
    credit: str
    paragraphs: tuple[str, ...]
    fixes: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: `text` is inside the marks; offsets index the clean body."""

    text: str
    start: int
    end: int
    speaker: str | None
    mention: str | None
    cue: str | None


@dataclass(frozen=True, slots=True)
class QuoteScan:
    quotes: tuple[Quote, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """A story as the desk shows it: clean copy, quotes, warnings and tag suggestions."""

    raw: RawStory
    copy: CleanCopy
    quotes: tuple[Quote, ...]
    warnings: tuple[str, ...]
    tags: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.raw.id

    @property
    def word_count(self) -> int:
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
            "urgency": self.raw.urgency,
            "slugline": self.raw.slugline,
            "published": self.raw.published,
            "site": self.raw.site,
        }

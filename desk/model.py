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
    exactly as decoded, for the editor's "original" view. A ninjs story carries its
    headline and body separately.
    """

    id: str
    source: str
    format: str  # "text" or "ninjs"
    text: str
    original: str
    encoding: str = "utf-8"
    headline: str | None = None
    body: str | None = None
    byline: str | None = None
    located: str | None = None
    ingest_fixes: tuple[str, ...] = ()


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
    """A direct quotation: `text` is inside the marks; offsets index the clean body.
    `confidence` is how sure the engine is of the speaker (0-1; None: not scored)."""

    text: str
    start: int
    end: int
    speaker: str | None
    mention: str | None
    cue: str | None
    confidence: float | None = None


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
        }

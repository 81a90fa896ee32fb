"""What every reader gives back: one story's headline, body and metadata, format-free."""

from __future__ import annotations

from dataclasses import dataclass


class FormatError(ValueError):
    """A file (or an entry in it) that cannot be a story; the message is one line."""


@dataclass(frozen=True, slots=True)
class Article:
    """`body` holds paragraphs separated by one blank line; `original` is what the editor's
    "original" view shows (the file for a one-story file, the entry for a feed entry)."""

    format: str
    headline: str
    body: str
    byline: str | None = None
    located: str | None = None
    guid: str | None = None
    version: str | None = None
    urgency: int | None = None
    slugline: str | None = None
    published: str | None = None
    site: str | None = None
    original: str | None = None


def squash(text: str | None) -> str:
    """Whitespace collapsed to single spaces: markup's line breaks are not the copy's."""
    return " ".join((text or "").split())


def urgency_of(value) -> int | None:
    """IPTC urgency 1..9 from a number or its text; anything else is no urgency."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 9 else None


def article_for(word: str) -> str:
    """"a" or "an", for messages that name a kind of item ("an audio item")."""
    return "an" if word[:1].lower() in "aeiou" else "a"

"""Slugs and export filenames for approved copy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from slugify import slugify

from desk.plain import without_markup

SLUG_MAX = 60


def slug_for(headline: str) -> str:
    """The approved headline as a lowercase slug of at most 60 characters, cut at a word;
    markup-like tags are no words of it (`[bold]Markets[/bold]` -> `markets`)."""
    return slugify(without_markup(headline), lowercase=True, word_boundary=True,
                   max_length=SLUG_MAX)


def filename_candidates(day: date, slug: str) -> Iterator[str]:
    """`YYYY-MM-DD-<slug>`, then `-2`, `-3`... for the collision rule."""
    base = f"{day.isoformat()}-{slug}"
    yield base
    n = 2
    while True:
        yield f"{base}-{n}"
        n += 1

"""One way through the core: inbox file -> ingest -> clean -> quotes -> tags -> Story."""

from __future__ import annotations

from pathlib import Path

from desk.model import RawStory, Story
from desk.text.clean import clean
from desk.text.ingest import read_story
from desk.text.quotes import find_quotes
from desk.text.tags import suggest_tags


def build_story(raw: RawStory) -> Story:
    copy = clean(raw)
    scan = find_quotes(copy.body)
    tags = suggest_tags(copy, scan.quotes)
    return Story(raw=raw, copy=copy, quotes=scan.quotes, warnings=scan.warnings, tags=tags,
                 unbalanced=scan.unbalanced)


def load_story(path: str | Path) -> Story:
    """Read and process one inbox file; raises ingest.IngestError for a bad file."""
    return build_story(read_story(path))

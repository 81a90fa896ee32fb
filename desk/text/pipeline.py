"""One way through the core: inbox file -> ingest -> clean -> quotes -> tags -> Story."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desk.model import RawStory, Story
from desk.text.clean import clean
from desk.text.ingest import read_stories, read_story
from desk.text.quotes import find_quotes
from desk.text.tags import suggest_tags


def build_story(raw: RawStory) -> Story:
    copy = clean(raw)
    scan = find_quotes(copy.body)
    tags = suggest_tags(copy, scan.quotes)
    return Story(raw=raw, copy=copy, quotes=scan.quotes, warnings=scan.warnings, tags=tags,
                 unbalanced=scan.unbalanced)


def load_stories(path: str | Path, on_problem: Callable[[str], None]) -> list[Story]:
    """Read and process every story of one inbox file (a feed holds many); raises
    ingest.IngestError for a file with no story, and tells `on_problem` of bad entries."""
    return [build_story(raw) for raw in read_stories(path, on_problem)]


def load_story(path: str | Path, story_id: str | None = None) -> Story:
    """Read and process one story: a one-story file's, or the story `story_id` of any
    file; raises ingest.IngestError for a bad file."""
    return build_story(read_story(path, story_id))

"""One way through the core: inbox file -> ingest -> clean -> quotes -> tags -> Story.

Many files go through a stage at a time (`load_files`): each stage's code and data stay
hot in the CPU's caches over a chunk of stories, which bench/core.py measures at ~15% more
stories per second than taking each story through every stage in turn. The stories and
lines that come out are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from desk.model import RawStory, Story
from desk.text.clean import clean
from desk.text.ingest import IngestError, read_stories, read_story
from desk.text.quotes import find_quotes
from desk.text.tags import suggest_tags


class FileStories(NamedTuple):
    """One inbox file read: its stories, the one line saying why it gave none (`error`),
    and the lines about entries it skipped (`problems`)."""

    stories: list[Story]
    error: str
    problems: list[str]


def build_story(raw: RawStory) -> Story:
    return build_stories([raw])[0]


def build_stories(raws: list[RawStory]) -> list[Story]:
    """build_story for each of `raws`, a stage at a time."""
    copies = [clean(raw) for raw in raws]
    scans = [find_quotes(copy.body) for copy in copies]
    return [Story(raw=raw, copy=copy, quotes=scan.quotes, warnings=scan.warnings,
                  tags=suggest_tags(copy, scan.quotes), unbalanced=scan.unbalanced)
            for raw, copy, scan in zip(raws, copies, scans, strict=True)]


def load_stories(path: str | Path, on_problem: Callable[[str], None]) -> list[Story]:
    """Read and process every story of one inbox file (a feed holds many); raises
    ingest.IngestError for a file with no story, and tells `on_problem` of bad entries."""
    return build_stories(read_stories(path, on_problem))


def load_files(paths: list[str] | list[Path]) -> list[FileStories]:
    """load_stories for each of `paths`, in order, a stage at a time over all of them; a
    bad file is named in its `error` and the others go on."""
    read: list[tuple[list[RawStory], str, list[str]]] = []
    for path in paths:
        problems: list[str] = []
        try:
            read.append((read_stories(path, problems.append), "", problems))
        except IngestError as exc:
            read.append(([], str(exc), problems))
    stories = iter(build_stories([raw for raws, _, _ in read for raw in raws]))
    return [FileStories([next(stories) for _ in raws], error, problems)
            for raws, error, problems in read]


def load_story(path: str | Path, story_id: str | None = None) -> Story:
    """Read and process one story: a one-story file's, or the story `story_id` of any
    file; raises ingest.IngestError for a bad file."""
    return build_story(read_story(path, story_id))

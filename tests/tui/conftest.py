"""Fixtures for the desk's Pilot tests: fixed times, no clock, a fresh store each test."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

# The tests import pilot_helpers by name; with --import-mode=importlib this folder is not
# on sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))

from pilot_helpers import STORIES, write_story  # noqa: E402

from desk.config import Settings  # noqa: E402
from desk.tui.app import DeskApp  # noqa: E402


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Received times are shown in local time: make local time UTC for every test."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    for name, text, received in STORIES:
        write_story(folder, name, text, received)
    return folder


@pytest.fixture
def settings(tmp_path: Path, inbox: Path) -> Settings:
    # No settle wait: the tests write whole files (test_inbox_watch covers settling).
    return Settings(inbox=inbox, store=tmp_path / "desk.json", export=tmp_path / "approved",
                    settle=0)


@pytest.fixture
def make_app(settings: Settings) -> Callable[..., DeskApp]:
    def make(**options) -> DeskApp:
        options.setdefault("watch_interval", None)
        return DeskApp(options.pop("settings", settings), **options)

    return make



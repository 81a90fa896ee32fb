"""Store test fixtures: stories built straight from the vocabulary (no inbox, no cleaner)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import desk
from desk.model import CleanCopy, Quote, RawStory, Story
from desk.store.store import Store

REPO = Path(desk.__file__).resolve().parents[1]
FIXED_NOW = datetime(2026, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def make_story(n: int, *, headline: str | None = None, warnings: tuple[str, ...] = (),
               story_id: str | None = None, paragraphs: tuple[str, ...] | None = None,
               tags: tuple[str, ...] = ("turkey", "putin"),
               unbalanced: bool = False) -> Story:
    story_id = story_id or hashlib.sha256(f"story {n}".encode()).hexdigest()[:16]
    headline = headline if headline is not None else f"Story number {n} makes news"
    paragraphs = paragraphs or (
        f"Officials said on day {n} that talks would go on.",
        "“We are seriously concerned,” Putin said.",
    )
    body = "\n\n".join(paragraphs)
    quotes = ()
    start = body.find("“")
    if start >= 0:
        end = body.find("”", start) + 1
        quotes = (Quote(body[start + 1:end - 1], start, end, "Putin", "Putin", "said"),)
    raw = RawStory(id=story_id, source=f"/nonexistent/inbox/{n:05d}.txt", format="text",
                   text=body, original=body)
    copy = CleanCopy(headline=headline, dateline="ANKARA", credit="AFP", paragraphs=paragraphs)
    return Story(raw=raw, copy=copy, quotes=quotes, warnings=warnings, tags=tags,
                 unbalanced=unbalanced)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.json"


@pytest.fixture
def fixed_now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def store(store_path: Path) -> Store:
    return Store(store_path, user="alice", clock=lambda: FIXED_NOW)


def desk_env() -> dict[str, str]:
    """The environment for a `python -m desk` child: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("DESK_STORE", None)
    return env


def desk_command(store_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desk", "--store", str(store_path), *args]


def run_desk(store_path: Path, *args: str, cwd: Path | None = None):
    return subprocess.run(desk_command(store_path, *args), capture_output=True, text=True,
                          env=desk_env(), cwd=cwd, timeout=120)


@pytest.fixture
def new_story():
    """The story factory: new_story(n, headline=..., warnings=..., unbalanced=..., ...)."""
    return make_story


@pytest.fixture
def desk_cli():
    """Run `python -m desk --store PATH ARGS...` in a child process."""
    return run_desk


@pytest.fixture
def desk_cmd():
    """The argv and environment for a `desk` child the test drives itself."""
    return desk_command, desk_env()

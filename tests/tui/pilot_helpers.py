"""Shared by the desk's Pilot tests: a tiny inbox of our own, and ways to wait and look."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from desk.tui.app import DeskApp

IDLIB = """Erdogan urges Putin to rein in Idlib offensive

ANKARA (AFP) - Turkish President Recep Tayyip Erdogan urged Russian leader Vladimir Putin on \
Friday to rein in the Syrian offensive in Idlib, the last rebel stronghold.

Putin told Erdogan that he was “seriously concerned” by the “aggressive actions” of armed \
groups in the province, the Kremlin said in a statement.

“We will not stay silent while civilians flee,” Erdogan said.
"""

MARKETS = """[REPORT] [bold]Markets[/bold] fall

PARIS (Reuters) - European shares fell on Monday as oil prices rose for a third day.

“We are worried about energy costs,” said Anne Roux, a trader in Paris.
"""

HARBOUR = """Harbour strike ends after pay deal

OSLO (AP) - Dock workers in Oslo returned to work on Tuesday after unions accepted a pay \
offer that ends a two-week strike at the city's harbour.
"""

# (file name, text, received): fixed mtimes make the queue order and times deterministic.
STORIES = (
    ("idlib.txt", IDLIB, datetime(2026, 2, 21, 10, 0, tzinfo=UTC)),
    ("markets.txt", MARKETS, datetime(2026, 2, 21, 11, 30, tzinfo=UTC)),
    ("harbour.txt", HARBOUR, datetime(2026, 2, 21, 9, 15, tzinfo=UTC)),
)


def write_story(folder: Path, name: str, text: str, received: datetime) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    stamp = received.timestamp()
    os.utime(path, (stamp, stamp))
    return path


async def until(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds (workers post back asynchronously)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        await pilot.pause(0.02)


def screen_text(app: DeskApp) -> str:
    """Every character on the terminal, line by line, as the editor sees it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def preview_loaded(app: DeskApp) -> bool:
    """The preview shows the selected story in full (its meta line is there)."""
    from desk.tui.widgets.preview import Preview

    row = app.desk.queue.current
    shown = app.desk.query_one(Preview).text.plain
    return row is not None and shown.startswith(row["headline"]) and " words" in shown


async def ready(pilot) -> None:
    """Inbox read, bodies indexed, and the selected story's preview on screen."""
    app = pilot.app
    await until(pilot, lambda: app.desk.scan_done and app.desk.bodies_indexed)
    await until(pilot, lambda: preview_loaded(app))
    await pilot.pause()


async def burst(pilot, *keys: str) -> None:
    """Keys arriving all at once, as from a paste, a slow link or `tmux send-keys`: every
    key event is queued before the desk handles the first (Pilot.press waits in between)."""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        app.post_message(events.Key(name, key if len(key) == 1 else None))
    await pilot.pause()
    await pilot.pause()

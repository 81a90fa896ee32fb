"""Two desks on one store (the other one a `desk` process): changes to different fields
both land, a clash on one field keeps the editor's text beside the other desk's and lets
them choose, and `u` takes back only this desk's own change (issue 8, points 2 and 3)."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest
from pilot_helpers import ready, screen_text, until
from textual.widgets import Input

from desk.store import Store
from desk.tui.screens.headline import HeadlineScreen


@pytest.fixture
def other_desk(desk_cmd):
    """Another desk's change: a `desk` process of its own (its own store session)."""
    command, env = desk_cmd

    def run(settings, *args: str) -> None:
        subprocess.run(command(settings.store, *args), check=True, capture_output=True,
                       env=env, timeout=120)

    return run


def stored(settings, story_id: str) -> dict:
    return Store(settings.store).get(story_id)


def status_text(app) -> str:
    return app.desk.status_line.render().plain


async def test_changes_to_different_fields_of_one_story_both_land(make_app, settings, other_desk):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        row = app.desk.queue.current
        other_desk(settings, "approve", row["id"], "--headline", "Markets slide on oil")
        await pilot.press("t", "ctrl+u", *"energy, europe", "enter")  # the desk saw no change
        await until(pilot, lambda: "tags saved" in status_text(app))
        record = stored(settings, row["id"])
        assert record["headline"] == "Markets slide on oil"  # theirs stands
        assert record["tags"] == ["energy", "europe"]  # mine landed


async def test_a_clash_keeps_my_text_beside_theirs_and_i_keep_mine(make_app, settings, other_desk):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        row = app.desk.queue.current
        other_desk(settings, "approve", row["id"], "--headline", "Their markets headline")
        await pilot.press("e", "ctrl+u", *"My markets headline", "enter")
        await until(pilot, lambda: isinstance(app.screen, HeadlineScreen)
                    and "Their markets headline" in screen_text(app))
        assert app.screen.query_one(Input).value == "My markets headline"  # nothing lost
        text = screen_text(app)
        assert "changed it to" in text and "root" in text
        assert stored(settings, row["id"])["headline"] == "Their markets headline"
        await pilot.press("enter")  # keep mine
        await until(pilot, lambda: stored(settings, row["id"])["headline"]
                    == "My markets headline")
        await until(pilot, lambda: "headline saved: My markets headline" in status_text(app))


async def test_a_clash_can_take_theirs(make_app, settings, other_desk):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        row = app.desk.queue.current
        # --force, A: the top story's headline has markup-like tags (issue 8, point 6).
        other_desk(settings, "approve", row["id"], "--tags", "oil", "--force")
        await pilot.press("t", "ctrl+u", *"markets", "enter")
        await until(pilot, lambda: "ctrl+t takes theirs" in screen_text(app))
        assert app.screen.query_one(Input).value == "markets"  # mine, still there
        await pilot.press("ctrl+t")
        await until(pilot, lambda: "kept root's tags" in status_text(app))
        assert stored(settings, row["id"])["tags"] == ["oil"]


async def test_undo_takes_back_only_this_desks_own_change(make_app, settings, other_desk):
    app = make_app(settings=replace(settings, advance=False))  # `u` after `a`, on one story
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        row = app.desk.queue.current
        await pilot.press("e", "ctrl+u", *"Markets fall in Paris", "enter")
        await until(pilot, lambda: "headline saved" in status_text(app))
        await pilot.press("u")
        await until(pilot, lambda: "undone: headline" in status_text(app))
        assert "Markets fall in Paris" in status_text(app)
        assert stored(settings, row["id"])["headline"] == row["headline"]
        await pilot.press("A")
        await until(pilot, lambda: "approved →" in status_text(app))
        other_desk(settings, "approve", row["id"], "--tags", "paris", "--force")
        await pilot.press("u")
        await until(pilot, lambda: "cannot undo" in status_text(app))
        assert "changed" in app.session.messages[-1] and "after your change" in \
            app.session.messages[-1]
        record = stored(settings, row["id"])
        assert record["status"] == "approved" and record["tags"] == ["paris"]  # theirs stands


async def test_approving_an_approved_story_again_writes_nothing(make_app, settings):
    app = make_app(settings=replace(settings, advance=False))  # `a` twice on one story
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")  # the Idlib story (the first's headline is refused)
        row = app.desk.queue.current
        await pilot.press("A")
        await until(pilot, lambda: "approved →" in status_text(app))
        revision = stored(settings, row["id"])["revision"]
        await pilot.press("A")
        await until(pilot, lambda: "already approved" in status_text(app))
        assert stored(settings, row["id"])["revision"] == revision

"""A desk over many stories (issue 12): the first page is drawn before every row is
loaded, and another desk's change updates just its row."""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime, timedelta

from pilot_helpers import ready, screen_text, until

import desk.tui.screens.desk as desk_screen
from desk.store.index import StoreIndex
from desk.store.store import Store
from desk.tui.session import DeskSession

FIXED_NOW = datetime(2026, 3, 1, 12, 0).astimezone()


def headlines(app) -> list[str]:
    return [row["headline"] for row in app.desk.queue.rows]


def fill(path, new_story, count: int) -> None:
    """`count` stories a minute apart (story 0 the oldest), and the index snapshot."""
    for n in range(count):
        with Store(path, clock=lambda n=n: FIXED_NOW + timedelta(minutes=n)) as store:
            store.add_stories([new_story(n)])
    with Store(path) as store:
        store.records()


async def test_the_first_page_is_shown_before_every_row_is_loaded(
        make_app, settings, tmp_path, new_story, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    settings = dataclasses.replace(settings, inbox=empty)
    fill(settings.store, new_story, 8)
    monkeypatch.setattr(desk_screen, "FIRST_PAGE", 3)
    loading = threading.Event()
    real_load = DeskSession.load_rows

    def slow_load(session, progress):
        loading.wait(5)  # held until the test has looked (5 s: never forever)
        return real_load(session, progress)

    monkeypatch.setattr(DeskSession, "load_rows", slow_load)
    app = make_app(settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.desk.queue.rows) == 3, timeout=3)
        assert not loading.is_set()  # the full load is still under way
        assert headlines(app) == [f"Story number {n} makes news" for n in (7, 6, 5)]
        assert "loading" in screen_text(app)
        loading.set()
        await until(pilot, lambda: len(app.desk.queue.rows) == 8)
        await until(pilot, lambda: "8 stories" in screen_text(app))
        assert app.desk.queue.current["headline"] == "Story number 7 makes news"


async def test_another_desks_change_updates_only_its_row(make_app, settings, monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        rebuilt = []
        monkeypatch.setattr(app.desk, "apply_rows", lambda rows: rebuilt.append(rows))
        other = Store(settings.store, user="colleague")
        other.spike(next(row["id"] for row in other.records() if "Harbour" in row["headline"]))
        app.desk._watch()
        await until(pilot, lambda: "1 spiked" in screen_text(app))
        harbour = next(row for row in app.desk.all_rows if "Harbour" in row["headline"])
        assert harbour["status"] == "spiked"
        assert rebuilt == []  # no re-sort of every row for one change


async def test_a_change_lands_on_its_own_row_after_the_queue_was_reordered(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        before = {row["id"] for row in app.desk.all_rows}
        app.desk.all_rows.reverse()  # as a merge of new rows would move them
        await pilot.press("s")
        assert {row["id"] for row in app.desk.all_rows} == before  # none lost, none twice
        spiked = [row["headline"] for row in app.desk.all_rows if row["status"] == "spiked"]
        assert spiked == [app.desk.queue.rows[0]["headline"]]
        assert "1 spiked" in screen_text(app)


async def test_without_an_index_snapshot_the_desk_rebuilds_it_showing_progress(
        make_app, settings, tmp_path, new_story, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    settings = dataclasses.replace(settings, inbox=empty)
    fill(settings.store, new_story, 8)
    (tmp_path / "desk.json.d" / "index.json").unlink()
    gate = threading.Event()
    real_reload = StoreIndex._reload

    def held(index, *args):
        gate.wait(5)  # each store file waits until the test has looked
        return real_reload(index, *args)

    monkeypatch.setattr(StoreIndex, "_reload", held)
    app = make_app(settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "reading the store 0/" in screen_text(app), timeout=3)
        assert "loading stories" in screen_text(app) and app.desk.queue.rows == []
        gate.set()
        await until(pilot, lambda: "8 stories" in screen_text(app))
        assert len(app.desk.queue.rows) == 8

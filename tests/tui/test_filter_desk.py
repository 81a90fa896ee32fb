"""The `/` filter in the desk (issue 11 point 8, issue 12): a term that means nothing is
named, `-word` and `OR`, the count as you type, saved filters by name and number key, and
the word index beside the store rebuilt (with progress) when deleted or behind another
desk."""

from __future__ import annotations

import subprocess
import threading
from dataclasses import replace
from pathlib import Path

from pilot_helpers import ready, screen_text, until

from desk.store import Store
from desk.tui import session as session_module
from desk.tui.screens.export import ExportScreen
from desk.tui.screens.help import HelpScreen
from desk.tui.widgets.filter_bar import FilterBar
from desk.tui.widgets.filter_count import FilterCount
from desk.tui.widgets.status_line import StatusLine

SAVED = {"syria": "idlib OR tag:syria", "fresh": "status:new -harbour"}


def headlines(app) -> list[str]:
    return [row["headline"].split()[0] for row in app.desk.queue.rows]


def status_text(app) -> str:
    return app.desk.status_line.render().plain


def count_text(app) -> str:
    return app.desk.query_one(FilterCount).render().plain


async def test_a_status_that_does_not_exist_is_named_not_a_silent_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"status:aproved")
        assert "status:aproved: no such status (new, approved, spiked, exported)" \
            in status_text(app)
        assert len(headlines(app)) == 3  # the term is left out, not turned into 0 matches
        await pilot.press("backspace", *"ved")
        assert "no such status" in status_text(app)
        await pilot.press("ctrl+u", *"status:approved")
        assert "no such status" not in status_text(app)
        assert headlines(app) == [] and count_text(app) == "no match"
        assert any("status:aproved: no such status" in line for line in app.session.messages)


async def test_the_count_follows_each_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        assert count_text(app) == ""
        await pilot.press("o")
        assert count_text(app) == "3 of 3"  # oil, offensive, Oslo: every story
        await pilot.press("i")
        assert count_text(app) == "1 of 3" and headlines(app) == ["[REPORT]"]
        await pilot.press("x")
        assert count_text(app) == "no match"
        await pilot.press("escape")
        assert not app.desk.query_one(FilterBar).display and len(headlines(app)) == 3


async def test_minus_leaves_out_and_or_joins(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"-putin")
        assert sorted(headlines(app)) == ["Harbour", "[REPORT]"]
        await pilot.press("ctrl+u", *"putin OR dock")
        assert sorted(headlines(app)) == ["Erdogan", "Harbour"]
        await pilot.press("ctrl+u", *"putin OR dock -strike")
        assert headlines(app) == ["Erdogan"]
        await pilot.press("ctrl+u", *"status:exported")
        assert headlines(app) == []


async def test_saved_filters_by_number_key_and_by_name(make_app, settings):
    app = make_app(settings=replace(settings, filters=SAVED))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        assert app.desk.query_one(FilterBar).value == "idlib OR tag:syria"
        assert headlines(app) == ["Erdogan"] and "filter 1 @syria" in status_text(app)
        await pilot.press("escape", "2")
        assert sorted(headlines(app)) == ["Erdogan", "[REPORT]"]
        await pilot.press("escape", "3")
        assert "no saved filter 3: desk.toml [filters] has 2" in status_text(app)
        await pilot.press("slash", *"@fresh oil")
        assert headlines(app) == ["[REPORT]"]
        await pilot.press("ctrl+u", *"@syrai")
        assert "@syrai: no saved filter of that name (syria, fresh)" in status_text(app)
        await pilot.press("escape", "escape", "question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("end")  # the saved filters come last
        text = screen_text(app)
        assert "filter @syria: idlib OR tag:syria" in text
        assert "filter @fresh: status:new -harbour" in text
        assert "-word" in text and "a OR b" in text and "spiked|exported" in text


async def test_decisions_and_exports_are_found_by_status_at_once(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("G", "a")  # approves the Harbour story
        await pilot.press("slash", *"status:approved")
        assert headlines(app) == ["Harbour"]
        await pilot.press("escape", "escape", "x")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")
        await until(pilot, lambda: "1 exported" in status_text(app))
        await pilot.press("slash", *"status:exp")
        await until(pilot, lambda: headlines(app) == ["Harbour"])
        await pilot.press("ctrl+u", *"status:approved")
        assert headlines(app) == []


async def test_digits_typed_in_the_filter_are_the_query(make_app, settings):
    app = make_app(settings=replace(settings, filters=SAVED))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"urgency:2")
        assert app.desk.query_one(FilterBar).value == "urgency:2"


async def test_a_deleted_word_index_is_built_again_with_progress(make_app, settings,
                                                                  monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
    app.session.words.close()
    index = Path(f"{settings.store}.words.sqlite")
    assert index.exists()
    index.unlink()
    monkeypatch.setattr(session_module, "FEW_STALE", 0)  # read in one pass, as at scale
    monkeypatch.setattr(session_module, "WORDS_PER_COMMIT", 1)
    activities: list[str] = []
    set_activity = StatusLine.set_activity
    monkeypatch.setattr(StatusLine, "set_activity", lambda line, text: (
        activities.append(text), set_activity(line, text)))
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "indexing text 1/3" in activities and "indexing text 2/3" in activities
        await pilot.press("slash", *"dock")
        assert headlines(again) == ["Harbour"]
    assert index.exists()


async def test_while_the_index_is_built_the_count_says_so_far_not_no_match(
        make_app, settings, monkeypatch):
    """A story not indexed yet cannot match: a count taken then must not read as the
    answer (`no match` would tell the editor the story is not there)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
    app.session.words.close()
    Path(f"{settings.store}.words.sqlite").unlink()
    monkeypatch.setattr(session_module, "FEW_STALE", 0)
    monkeypatch.setattr(session_module, "WORDS_PER_COMMIT", 1)
    go_on = threading.Event()
    index_entries = session_module.DeskSession.index_entries
    batches: list[int] = []

    def held_after_the_first(session, entries):
        batches.append(len(entries))
        if len(batches) > 1:
            go_on.wait(10)
        index_entries(session, entries)

    monkeypatch.setattr(session_module.DeskSession, "index_entries", held_after_the_first)
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        try:
            await until(pilot, lambda: again.desk.scan_done and len(batches) > 1)
            await pilot.press("slash", *"zzyzx")
            assert count_text(again) == "none so far"
            await pilot.press(*["backspace"] * 5, *"status:new")
            assert count_text(again) == "3 of 3 so far"
        finally:
            go_on.set()
        await until(pilot, lambda: again.desk.bodies_indexed)
        assert count_text(again) == "3 of 3"
        await pilot.press(*["backspace"] * 10, *"zzyzx")
        assert count_text(again) == "no match"


async def test_while_only_the_first_page_is_in_the_count_names_no_total(
        make_app, monkeypatch):
    """The desk draws its first page before every row is read: a count then is of that
    page, not of the desk (`1 so far`, not `1 of 3`)."""
    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
    first.session.store.close()  # as `desk` does at exit: the next desk draws a first page
    go_on = threading.Event()
    load_rows = session_module.DeskSession.load_rows

    def rows_held_back(session, progress):
        go_on.wait(10)
        return load_rows(session, progress)

    monkeypatch.setattr(session_module.DeskSession, "load_rows", rows_held_back)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await until(pilot, lambda: len(app.desk.queue.rows) == 3)
            await pilot.press("slash", *"harb")
            assert not app.desk.loaded and count_text(app) == "1 so far"
            await pilot.press(*"zz")
            assert count_text(app) == "none so far"
        finally:
            go_on.set()
        await until(pilot, lambda: app.desk.loaded and app.desk.bodies_indexed)
        assert count_text(app) == "no match"
        await pilot.press("backspace", "backspace")
        assert count_text(app) == "1 of 3"


async def test_another_desks_headline_is_found_by_this_desks_filter(make_app, settings,
                                                                     desk_cmd):
    app = make_app(watch_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        row = next(row for row in app.desk.queue.rows if row["headline"].startswith("Harbour"))
        command, env = desk_cmd
        subprocess.run(command(settings.store, "approve", row["id"], "--headline",
                               "Ferry fares frozen"), check=True, capture_output=True,
                       env=env, timeout=120)
        await until(pilot, lambda: any(row["headline"].startswith("Ferry")
                                       for row in app.desk.queue.rows))
        await pilot.press("slash", *"ferry")
        await until(pilot, lambda: headlines(app) == ["Ferry"])
        record = Store(settings.store).get(row["id"])
        assert app.session.words.stale([record]) == []

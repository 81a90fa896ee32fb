"""Triage at the speed of the wire: one key per decision, marks, undecided-story keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from pilot_helpers import ready, screen_text, until, write_story

from desk.model import Status
from desk.store import Store


def statuses(app) -> list[str]:
    return [row["status"] for row in app.desk.queue.rows]


async def test_a_decision_moves_the_cursor_to_the_next_undecided_story(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        queue = app.desk.queue
        markets, idlib, harbour = (row["id"] for row in queue.rows)
        await pilot.press("j", "a")
        assert queue.current["id"] == harbour
        await pilot.press("s")  # wraps round to the one left above
        assert queue.current["id"] == markets
        await pilot.press("a")  # refused (markup in the headline): the cursor stays
        assert queue.current["id"] == markets
        await pilot.press("A")
        assert statuses(app) == [Status.APPROVED, Status.APPROVED, Status.SPIKED]
        assert queue.current["id"] == markets  # nothing undecided is left
        await pilot.press("G", "s")  # unspike: the cursor stays on the story
        assert queue.current["id"] == harbour and queue.current["status"] == Status.NEW
        await pilot.press("g", "n")
        assert queue.current["id"] == harbour
        await pilot.press("g", "p")
        assert queue.current["id"] == harbour
        await pilot.press("G", "N")
        assert queue.current["id"] == harbour
    store = Store(settings.store)
    assert store.get(idlib)["status"] == Status.APPROVED
    store.close()


async def test_advance_off_keeps_the_cursor_on_the_decided_story(make_app, settings):
    app = make_app(settings=replace(settings, advance=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        first = app.desk.queue.current["id"]
        await pilot.press("a")
        assert app.desk.queue.current["id"] == first
        assert app.desk.queue.current["status"] == Status.APPROVED


async def test_space_marks_and_a_decides_every_marked_story(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        queue = app.desk.queue
        await pilot.press("space", "j", "space")  # the first and the third
        assert queue.line_text(0).rstrip().endswith("*")
        assert not queue.line_text(1).rstrip().endswith("*")
        assert "Flags" in screen_text(app)
        await pilot.press("s")
        assert statuses(app) == [Status.SPIKED, Status.NEW, Status.SPIKED]
        assert queue.marked == set()
        assert queue.current["id"] == queue.rows[1]["id"]  # on to the one left
        assert "spike: 2 of 2 marked stories" in app.desk.session.messages[-1]


async def test_many_marked_stories_ask_once_before_a_decision(make_app, inbox):

    towns = ("Bergen", "Tromsø", "Stavanger", "Trondheim", "Narvik")
    for number, town in enumerate(towns):
        text = (f"{town} council opens new library\n\n{town.upper()} (AP) - The council "
                f"of {town} opened a library on day {number} of the month, with "
                f"{number + 3} reading rooms and a café by the {town} fjord.\n")
        write_story(inbox, f"more{number}.txt", text,
                    datetime(2026, 2, 20, number, tzinfo=UTC))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: len(app.desk.queue.rows) == 8)
        await pilot.press(*["space"] * 6)
        await pilot.press("a")
        assert statuses(app).count(Status.APPROVED) == 0
        assert "approve 6 marked stories? press a again" in app.desk.session.messages[-1]
        await pilot.press("a")  # the markets story's headline is refused
        assert statuses(app).count(Status.APPROVED) == 5
        assert "approve: 5 of 6 marked stories" in app.desk.session.messages[-1]
        assert app.desk.queue.current["status"] == Status.NEW


async def test_export_acts_on_the_marked_approved_stories(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a", "a")  # two approved
        await pilot.press("j", "space", "x", "enter")
        await until(pilot, lambda: "exported" in " ".join(app.desk.session.messages[-1:]))
    written = sorted(path.suffix for path in settings.export.iterdir())
    assert len(written) == len(set(written))  # one story's files, not two stories'


async def test_the_headline_editor_says_what_approval_will_refuse(make_app, settings):
    from desk.tui.screens.headline import HeadlineScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "e", "ctrl+u", *("x" * 64))
        counter = app.screen.query_one("#headline-counter").render()
        assert isinstance(app.screen, HeadlineScreen)
        assert str(counter).startswith("64/64  at the limit")
        assert counter.spans[0].style == "bold red"
        await pilot.press("y")
        assert "1 over the limit: approval will refuse it" in str(
            app.screen.query_one("#headline-counter").render())
        await pilot.press("enter")
        assert "1 over the limit: approval will refuse it" in app.desk.session.messages[-1]


async def test_a_refusal_names_the_desks_key_that_forces_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("e")  # the markets story: markup-like tags in its headline
        assert "a will refuse it, A approves anyway" in str(
            app.screen.query_one("#headline-counter").render())
        await pilot.press("escape", "a")
        assert "press A to approve anyway" in app.desk.session.messages[-1]
        assert "--force" not in app.desk.session.messages[-1]


async def test_the_focused_preview_scrolls_with_less_keys(make_app):
    from desk.tui.widgets.preview import Preview

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await until(pilot, lambda: "Idlib" in app.desk.query_one(Preview).text.plain[:60])
        preview = app.desk.query_one(Preview)
        cursor = app.desk.queue.cursor
        await pilot.press("enter", "j", "j")
        assert preview.scroll_y == 2 and app.desk.queue.cursor == cursor
        await pilot.press("k")
        assert preview.scroll_y == 1
        await pilot.press("G")
        assert preview.scroll_y == preview.max_scroll_y > 1
        await pilot.press("g")
        assert preview.scroll_y == 0
        await pilot.press("space")
        assert preview.scroll_y > 1 and not app.desk.queue.marked
        await pilot.press("b")
        assert preview.scroll_y == 0

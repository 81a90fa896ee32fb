"""Keys typed straight after a key that opens an input reach that input, in order, however
fast they come (issue 8, point 1): the burst is queued whole before the desk sees `/`."""

from __future__ import annotations

from pilot_helpers import burst, ready, screen_text, until

from desk.model import Status
from desk.store import Store
from desk.tui.widgets.filter_bar import FilterBar
from desk.tui.widgets.preview import Preview


def statuses(settings) -> set[str]:
    return {row["status"] for row in Store(settings.store).records()}


async def test_a_burst_after_slash_is_the_query_and_spikes_nothing(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await burst(pilot, "/", *"spain")
        await until(pilot, lambda: app.desk.query_one(FilterBar).value == "spain")
        assert statuses(settings) == {Status.NEW}
        await burst(pilot, "ctrl+u", *"oil")
        await until(pilot, lambda: app.desk.query_one(FilterBar).value == "oil")
        assert not app.desk.original


async def test_a_burst_after_slash_oil_never_flips_to_the_original(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await burst(pilot, "/", *"oil")
        await until(pilot, lambda: app.desk.query_one(FilterBar).value == "oil")
        assert not app.desk.original


async def test_a_burst_after_e_is_the_new_headline(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await burst(pilot, "e", "ctrl+u", *"Spain votes", "enter")
        await until(pilot, lambda: "Spain votes" in {
            row["headline"] for row in Store(settings.store).records()})
        assert statuses(settings) == {Status.NEW}
        await until(pilot, lambda: "│ Spain votes " in screen_text(app))


async def test_moves_before_e_in_a_burst_pick_the_story_edited(make_app, settings):
    """`j j e` at once: `e` opens the editor (at once, to hold what follows for it) only
    after the moves typed before it: the third story is edited, not the first."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        third = app.desk.queue.rows[2]["id"]
        await burst(pilot, "j", "j", "e", "ctrl+u", *"Spain votes", "enter")
        await until(pilot, lambda: "Spain votes" in {
            row["headline"] for row in Store(settings.store).records()})
        assert Store(settings.store).get(third)["headline"] == "Spain votes"


async def test_moves_before_a_in_a_burst_pick_the_story_approved(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        second = app.desk.queue.rows[1]["id"]
        await burst(pilot, "j", "a")
        await until(pilot, lambda: Status.APPROVED in statuses(settings))
        assert Store(settings.store).get(second)["status"] == Status.APPROVED


async def test_a_burst_after_t_is_the_tag_list(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await burst(pilot, "t", "ctrl+u", *"spain, oil", "enter")
        await until(pilot, lambda: ["spain", "oil"] in [
            row["tags"] for row in Store(settings.store).records()])
        assert statuses(settings) == {Status.NEW}
        assert app.desk.query_one(Preview) is not None


async def test_editing_keys_in_a_burst_keep_their_place(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await burst(pilot, "/", *"spx", "backspace", *"ain")
        await until(pilot, lambda: app.desk.query_one(FilterBar).value == "spain")


async def test_keys_held_for_a_dialog_that_never_comes_are_let_go(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        first = app.desk.queue.current["id"]
        app.hold_keys()  # as `e` does, but no dialog will say its input is ready
        await burst(pilot, "j")
        assert app.desk.queue.current["id"] == first  # held
        await until(pilot, lambda: app.desk.queue.current["id"] != first)  # then let go


async def test_keys_after_enter_in_a_burst_leave_the_filter_for_the_queue(make_app):
    """`/ query enter j` in one burst: enter ends the query, and `j` moves in the rows it
    found (it used to be typed into the query: `/said` + `j` filtered on "saidj")."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await burst(pilot, "/", *"said", "enter", "j")
        await until(pilot, lambda: app.desk.queue.has_focus and app.desk.queue.cursor == 1)
        assert app.desk.query_one(FilterBar).value == "said"
        assert len(app.desk.queue.rows) > 1


async def test_a_key_after_enter_in_a_burst_acts_on_the_desk(make_app, settings):
    """`e … enter s` in one burst: the headline is saved, then `s` spikes the story (it
    used to be typed into the closing editor, and lost)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await burst(pilot, "e", "ctrl+u", *"Spain votes", "enter", "s")
        await until(pilot, lambda: any(
            row["headline"] == "Spain votes" and row["status"] == Status.SPIKED
            for row in Store(settings.store).records()))


async def test_keys_after_escape_in_a_burst_move_in_the_whole_queue(make_app):
    """`/ query escape j` in one burst: escape clears the filter, and `j` moves in the
    whole queue (not a query of "j")."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        everything = len(app.desk.queue.rows)
        await burst(pilot, "/", *"said", "escape", "j")
        await until(pilot, lambda: app.desk.queue.has_focus and app.desk.queue.cursor == 1)
        assert app.desk.query_one(FilterBar).value == ""
        assert len(app.desk.queue.rows) == everything


async def test_a_key_after_escape_in_the_headline_editor_acts_on_the_desk(make_app, settings):
    """`e … escape s` in one burst: the edit is cancelled, then `s` spikes the story with
    its headline as it was (the `s` used to go into the closing editor, and was lost)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        before = {row["id"]: row["headline"] for row in Store(settings.store).records()}
        await burst(pilot, "e", "ctrl+u", *"Not kept", "escape", "s")
        await until(pilot, lambda: statuses(settings) == {Status.NEW, Status.SPIKED})
        after = {row["id"]: row["headline"] for row in Store(settings.store).records()}
        assert after == before


async def test_keys_after_escape_in_the_tags_editor_move_in_the_queue(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await burst(pilot, "t", "ctrl+u", *"lost", "escape", "k")
        await until(pilot, lambda: app.desk.queue.has_focus and app.desk.queue.cursor == 0)
        assert all("lost" not in row["tags"] for row in Store(settings.store).records())

"""A filter keystroke costs what it changes (issue 12): a key that leaves the query as it was
looks nothing up, a key that keeps the same stories leaves the queue as it is, and the
preview follows the first match once typing rests, not at every key. Calls are counted,
not timed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pilot_helpers import HARBOUR, preview_loaded, ready, screen_text, until, write_story

from desk.tui.screens import desk as desk_screen
from desk.tui.widgets.filter_count import FilterCount
from desk.tui.widgets.preview import Preview
from desk.tui.widgets.queue import QueueTable


def headlines(app) -> list[str]:
    return [row["headline"].split()[0] for row in app.desk.queue.rows]


def count_text(app) -> str:
    return app.desk.query_one(FilterCount).render().plain


def calls_of(monkeypatch, owner, name: str) -> list[tuple]:
    """Every call of `owner.name` from now on, by its arguments (the call goes through)."""
    calls: list[tuple] = []
    original = getattr(owner, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return calls


async def test_a_blank_after_a_word_looks_nothing_up(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"putin")
        words = app.session.words
        matches = calls_of(monkeypatch, words, "match")
        counts = calls_of(monkeypatch, words, "count")
        await pilot.press("space")
        assert matches == [] and counts == []
        assert headlines(app) == ["Erdogan"]


async def test_a_letter_keeping_the_same_stories_leaves_the_queue_as_it_is(make_app,
                                                                          monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"erd")
        rows = app.desk.queue.rows
        set_rows = calls_of(monkeypatch, QueueTable, "set_rows")
        await pilot.press(*"ogan")
        assert set_rows == [] and app.desk.queue.rows is rows
        assert headlines(app) == ["Erdogan"]
        await pilot.press(*["backspace"] * 6)
        assert headlines(app) == ["[REPORT]", "Erdogan", "Harbour"]  # `e`: wider, more


async def test_the_preview_waits_until_typing_rests(make_app, monkeypatch):
    """`t` keeps the first story, `tu` brings Idlib's first, `tue` Harbour's: while the
    keys come, the preview stays; when they stop, it shows the first match once."""
    monkeypatch.setattr(desk_screen, "TYPING_REST", 30.0)  # typing never rests in the test
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        before = app.desk.query_one(Preview).text
        shown = calls_of(monkeypatch, Preview, "show")
        await pilot.press("slash")
        for key in "tue":
            await pilot.press(key)
            await pilot.pause(2 * desk_screen.PREVIEW_DELAY)  # the cursor has rested
        assert headlines(app) == ["Harbour"]
        assert shown == [] and app.desk.query_one(Preview).text is before
        await pilot.press("enter")  # done typing: the preview follows at once
        await until(pilot, lambda: preview_loaded(app))
        assert len(shown) == 1
        assert app.desk.query_one(Preview).text.plain.startswith("Harbour")


async def test_the_preview_follows_the_first_match_when_typing_rests(make_app, monkeypatch):
    monkeypatch.setattr(desk_screen, "TYPING_REST", 0.2)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"tue")
        await until(pilot, lambda: preview_loaded(app))
        assert app.desk.query_one(Preview).text.plain.startswith("Harbour")
        assert app.focused is app.desk.query_one("#filter")  # still typing in it


async def test_a_query_longer_than_the_line_shows_its_end_as_typed(make_app):
    """The filter line is laid out once, not at every key: its text still scrolls to the
    cursor."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        query = "putin OR erdogan OR kremlin OR idlib OR syria OR offensive zz9"
        await pilot.press("slash", *query)
        line = screen_text(app).splitlines()[0]
        assert "offensive zz9" in line and "putin OR" not in line
        await pilot.press("home")
        assert "putin OR" in screen_text(app).splitlines()[0]


async def test_a_key_that_keeps_the_stories_lays_nothing_out(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"erd")
        await pilot.pause()
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app.desk, layouts.append)
        await pilot.press("o", "g", "space")
        await pilot.pause()
        assert layouts == [] and headlines(app) == ["Erdogan"]


async def test_the_count_changing_width_as_typed_lays_nothing_out(make_app):
    """`3 of 3` -> `1 of 3` -> `no match` -> `1 of 3`: the count's box is as wide as the
    longest count this desk can show from the first key on, so nothing moves."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "o")
        await pilot.pause()
        width = app.desk.query_one(FilterCount).size.width
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app.desk, layouts.append)
        for key, count in (("i", "1 of 3"), ("x", "no match"), ("backspace", "1 of 3")):
            await pilot.press(key)
            await pilot.pause()
            assert count_text(app) == count
        assert layouts == [] and app.desk.query_one(FilterCount).size.width == width


async def test_the_first_key_and_a_field_begun_lay_nothing_out(make_app):
    """The count's box is there from `/` on: the first key, or `status:` (no term yet,
    no count) then `status:ne`, do not make room for it again."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app.desk, layouts.append)
        await pilot.press("o")
        await pilot.pause()
        assert count_text(app) == "3 of 3"
        await pilot.press("ctrl+u", *"status:")
        await pilot.pause()
        assert count_text(app) == ""
        await pilot.press(*"ne")
        await pilot.pause()
        assert count_text(app) == "3 of 3" and layouts == []


async def test_a_story_a_new_version_moves_is_filtered_where_it_now_stands(make_app, inbox):
    """The filter keeps what it learnt of the desk's list (its stories' keys, in order)
    only while the list is as it was: a new version takes its story to the top."""
    app = make_app(watch_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"dock OR putin", "enter")
        assert headlines(app) == ["Erdogan", "Harbour"]
        path = write_story(inbox, "harbour-update.txt",
                           "UPDATE 1-" + HARBOUR.replace("two-week", "three-week"),
                           datetime.now(UTC) - timedelta(seconds=5))
        assert path.exists()
        await until(pilot, lambda: any(row.get("versions") == 2 for row in app.desk.all_rows))
        await until(pilot, lambda: headlines(app)[:1] == ["Harbour"])
        assert headlines(app) == ["Harbour", "Erdogan"]
        assert app.desk.all_rows[0]["headline"].startswith("Harbour")


async def test_a_story_changed_in_place_is_kept_as_it_is_now(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"dock OR putin", "escape")  # the desk's list, learnt
        await pilot.press("G", "a")  # approves the Harbour story, in place
        await until(pilot, lambda: app.desk.all_rows[-1]["status"] == "approved")
        await pilot.press("slash", *"dock OR putin")
        assert [row["status"] for row in app.desk.queue.rows] == ["new", "approved"]


async def test_the_filter_gets_its_list_ready_while_the_editor_starts_typing(
        make_app, monkeypatch):
    """The first key after `/` would sort every row's key for the word index's answers
    (~57 ms at 100,000 stories): that is done once `/` is shown, in the moment before
    the first key comes, and the key finds it done."""
    from desk.tui.listed_rows import ListedRows

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        made = calls_of(monkeypatch, ListedRows, "of")
        await pilot.press("slash")
        await until(pilot, lambda: made)
        assert made == [(app.desk.queue.rows,)]
        await pilot.press(*"erd")
        assert headlines(app) == ["Erdogan"]
        assert len(made) == 1  # the keys used the list made after `/`

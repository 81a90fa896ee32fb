"""Keys typed before the desk has drawn anything (an editor who starts the desk and types
`/` or `j` at once, or `tmux send-keys` straight after the command) are held until the
desk screen is up, then acted on in order: none is lost, none crashes the desk."""

from __future__ import annotations

from pilot_helpers import ready, until
from textual import events

from desk.model import Status
from desk.store import Store
from desk.tui.app import DeskApp
from desk.tui.widgets.filter_bar import FilterBar


class KeysFirst(DeskApp):
    """A desk whose first keys are in its queue before its screen has mounted."""

    def __init__(self, *args, keys: tuple[tuple[str, str | None], ...], **options) -> None:
        super().__init__(*args, **options)
        self.early = keys

    def on_mount(self) -> None:
        for key, character in self.early:
            self.post_message(events.Key(key, character))
        super().on_mount()


async def test_a_filter_typed_before_the_first_frame_is_the_query(settings):
    keys = (("slash", "/"), *((letter, letter) for letter in "harb"))
    app = KeysFirst(settings, keys=keys, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.desk.query_one(FilterBar).value == "harb")
        assert [row["headline"].split()[0] for row in app.desk.queue.rows] == ["Harbour"]
    assert app.return_code in (None, 0)


async def test_an_approve_typed_before_the_first_frame_lands_on_the_story_moved_to(
        settings, make_app):
    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
    first.session.store.close()  # as `desk` does at exit: the next desk draws a first page
    app = KeysFirst(settings, keys=(("j", "j"), ("a", "a")), watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        rows = app.desk.queue.rows
        await until(pilot, lambda: Store(settings.store).get(rows[1]["id"])["status"]
                    == Status.APPROVED)
        store = Store(settings.store)
        assert [store.get(row["id"])["status"] for row in rows] == [
            Status.NEW, Status.APPROVED, Status.NEW]
    assert app.return_code in (None, 0)

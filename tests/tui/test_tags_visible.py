"""Issue 11 point 7: tags show without opening the editor, `t` offers the desk's own tag
vocabulary (tags already used in the store, most used first) besides the story's, and the
editor never shows an empty `suggested —`."""

from __future__ import annotations

from pilot_helpers import preview_loaded, ready, until

from desk.model import tag_vocabulary
from desk.store import Store
from desk.tui.screens.tags import TagsScreen
from desk.tui.widgets.preview import Preview


def preview_plain(app) -> str:
    return app.desk.query_one(Preview).text.plain


def test_vocabulary_is_the_store_tags_most_used_first():
    rows = [{"tags": ["syria", "turkey"]}, {"tags": ["syria"]}, {"tags": []},
            {"tags": ["markets", "syria", "turkey"]}, {}]
    assert tag_vocabulary(rows) == ("syria", "turkey", "markets")


async def test_the_meta_line_shows_the_tags(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        meta = preview_plain(app).splitlines()[2]
        tags = app.desk.queue.current["tags"]
        assert tags and all(f"#{tag}" in meta for tag in tags)
        await pilot.press("t", "ctrl+u", "enter")
        await until(pilot, lambda: "no tags" in preview_plain(app).splitlines()[2])
        await pilot.press("t", "ctrl+u", *"syria, diplomacy", "enter")
        await until(pilot, lambda: "#syria" in preview_plain(app).splitlines()[2])
        assert "#diplomacy" in preview_plain(app).splitlines()[2]
        row = app.desk.queue.current
        assert Store(settings.store).get(row["id"])["tags"] == ["syria", "diplomacy"]


async def test_t_offers_tags_used_on_the_desk(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("t", "ctrl+u", *"ceasefire-talks", "enter")
        await until(pilot, lambda: "#ceasefire-talks" in preview_plain(app))
        await pilot.press("j")
        await until(pilot, lambda: preview_loaded(app))
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagsScreen))
        offered = str(app.screen.query_one("#tags-suggestions").render())
        assert "ceasefire-talks" in offered
        await pilot.press("ctrl+u", *"cease", "tab", "enter")
        await until(pilot, lambda: "#ceasefire-talks" in preview_plain(app))
        assert app.desk.queue.current["tags"] == ["ceasefire-talks"]


async def test_no_empty_suggested_line(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagsScreen))
        screen = app.screen
        everything = ", ".join(screen._suggestions)
        await pilot.press("ctrl+u", *everything)
        shown = str(screen.query_one("#tags-suggestions").render())
        assert "—" not in shown and "suggested" not in shown
        assert "no more suggestions" in shown

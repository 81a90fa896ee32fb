"""The footer follows focus by drawing again, mounting nothing: Textual's own Footer mounts
a widget for every key at each focus change, ~90 ms of CPU at every `/` and escape. A
key in it is still a button: a click runs it, and one its screen disables (drawn dim)
rings."""

from __future__ import annotations

from pilot_helpers import ready, screen_text

from desk.tui.screens.help import HelpScreen
from desk.tui.widgets.footer import DeskFooter


async def test_a_focus_change_draws_the_footer_again_and_mounts_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        widgets = list(app.screen.walk_children(with_self=True))
        assert "a Approve" in screen_text(app).splitlines()[-1]
        await pilot.press("slash")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "esc Clear filter" in footer and "a Approve" not in footer
        await pilot.press("escape")
        await pilot.pause()
        assert "a Approve" in screen_text(app).splitlines()[-1]
        assert list(app.screen.walk_children(with_self=True)) == widgets


async def test_a_click_on_a_footer_key_runs_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        footer = screen_text(app).splitlines()[-1]
        await pilot.click(DeskFooter, offset=(footer.index("? Help") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_key_under_the_mouse_is_lit(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)

        def background_of(word: str):
            strip = app.screen._compositor.render_strips()[-1]
            return next(segment.style.bgcolor for segment in strip if word in segment.text)

        footer = screen_text(app).splitlines()[-1]
        unlit = background_of("Help")
        await pilot.hover(DeskFooter, offset=(footer.index("? Help") + 1, 0))
        await pilot.pause()
        assert background_of("Help") != unlit
        assert background_of("Approve") == unlit


async def test_a_key_its_screen_disables_is_dim_and_a_click_on_it_rings(make_app, monkeypatch):
    from desk.tui.screens.desk import DeskScreen

    app = make_app()
    real = DeskScreen.check_action
    monkeypatch.setattr(DeskScreen, "check_action", lambda screen, action, parameters: (
        None if action == "approve" else real(screen, action, parameters)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.screen.refresh_bindings()
        await pilot.pause()
        strip = app.screen._compositor.render_strips()[-1]

        def color_of(word: str):  # dim is drawn as a fainter colour
            return next(segment.style.color for segment in strip if word in segment.text)

        assert color_of("Approve") != color_of("Spike")
        rung: list[bool] = []
        monkeypatch.setattr(app, "bell", lambda: rung.append(True))
        status = app.desk.queue.current["status"]
        footer = screen_text(app).splitlines()[-1]
        await pilot.click(DeskFooter, offset=(footer.index("a Approve") + 1, 0))
        await pilot.pause()
        assert rung == [True]
        assert app.desk.queue.current["status"] == status

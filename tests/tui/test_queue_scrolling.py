"""Scrolling a long queue one row at a time (issue 12: approves in a row at 100,000
stories): the scrollbar is repainted only when its thumb moves, yet always shows where the
queue is; each repaint works out the rows' style and width once, not once a line."""

from __future__ import annotations

from pilot_helpers import ready
from textual.app import App, ComposeResult

from desk.tui.widgets.queue import QueueTable

ROWS = [{"id": f"{n:05}", "headline": f"Story number {n}", "status": "new",
         "received": "2026-03-01T12:00:00+00:00", "word_count": 100} for n in range(5000)]


class QueueApp(App):
    def compose(self) -> ComposeResult:
        yield QueueTable(id="queue")

    def on_mount(self) -> None:
        queue = self.query_one(QueueTable)
        queue.set_rows(ROWS)
        queue.focus()


def scrollbar_on_screen(app: QueueApp) -> list[list[tuple]]:
    """The scrollbar's column as the terminal has it: each cell's text and style."""
    x = app.query_one(QueueTable).region.right - 1
    return [[(segment.text, segment.style) for segment in strip.crop(x, x + 1)]
            for strip in app.screen._compositor.render_strips()]


async def test_the_scrollbar_shows_where_the_queue_is_after_every_one_row_scroll():
    app = QueueApp()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = app.query_one(QueueTable)
        bar = queue.vertical_scrollbar
        assert queue.show_vertical_scrollbar
        painted = []
        real_render = bar.render
        bar.render = lambda: painted.append(queue.scroll_y) or real_render()
        await pilot.press(*["j"] * 22)  # the cursor at the bottom of the page
        await pilot.pause()
        painted.clear()
        for _ in range(300):
            await pilot.press("j")
        await pilot.pause()
        assert queue.scroll_y == 300
        assert len(painted) < 30  # its thumb moves an eighth of a cell every ~27 rows here
        for _ in range(60):
            await pilot.press("j")
            await pilot.pause()
            shown = scrollbar_on_screen(app)
            bar.refresh()  # drawn afresh for where the queue really is
            await pilot.pause(0.05)
            assert scrollbar_on_screen(app) == shown, f"at row {queue.scroll_y}"


async def test_a_scroll_works_out_the_rows_style_and_width_once(monkeypatch):
    app = QueueApp()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = app.query_one(QueueTable)
        await pilot.press(*["j"] * 22)
        looked_up = []
        real_width = QueueTable._width
        monkeypatch.setattr(QueueTable, "_width", property(
            lambda table: looked_up.append("width") or real_width.fget(table)))
        await pilot.press("j")  # a scroll: every visible row repainted
        await pilot.pause()
        assert queue.scroll_y == 1
        assert looked_up == ["width"]



async def test_the_rows_kept_styles_follow_focus_and_the_theme(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        queue = app.desk.queue

        def cursor_style():
            queue._lines.clear()  # the row drawn afresh, with the styles kept
            return list(queue.render_line(1 + queue.cursor - round(queue.scroll_y)))[2].style

        focused = cursor_style()
        queue.blur()
        await pilot.pause()
        assert cursor_style() != focused
        queue.focus()
        await pilot.pause()
        assert cursor_style() == focused
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert cursor_style() != focused

"""Issue 11 point 9: corrections of text the editor sees (quote marks, excerpts, the
filename, history, export)."""

from __future__ import annotations

from pilot_helpers import preview_loaded, ready, screen_text, until
from rich.text import Text

from desk.store.store import Store
from desk.tui.screens.lines import LinesScreen
from desk.tui.widgets.preview import Preview
from desk.tui.widgets.text_view import wrap_lines


def test_a_long_hyphenated_word_breaks_after_a_hyphen_not_mid_word():
    text = "46/64 · approved → 2026-02-21-erdogan-urges-putin-to-rein-in-idlib-offensive"
    lines = [line.plain for line in wrap_lines(Text(text), 30)]
    assert "".join(lines) == text and len(lines) == 3
    assert all(len(line) <= 30 for line in lines)
    assert all(line.endswith(("-", " ")) for line in lines[:-1]), lines


def test_a_word_with_no_hyphen_still_folds_at_the_width():
    lines = wrap_lines(Text("x" * 25), 10)
    assert [line.plain for line in lines] == ["x" * 10, "x" * 10, "x" * 5]


async def test_the_approved_filename_in_the_preview_breaks_only_at_hyphens(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a")
        await until(pilot, lambda: "approved →" in screen_text(app))
        await pilot.press("k")  # the cursor moved on: back to the approved story
        await until(pilot, lambda: preview_loaded(app)
                    and "approved →" in app.desk.query_one(Preview).text.plain)
        filename = app.desk.queue.current["filename"]
        preview = [line.split("│")[-2].strip() for line in screen_text(app).splitlines()
                   if line.count("│") >= 2]
        start = next(n for n, line in enumerate(preview) if "approved →" in line)
        end = next(n for n, line in enumerate(preview) if " words · " in line)
        lines = preview[start:end]
        assert len(lines) > 1  # too long for one line of the preview at 120x40
        assert all(line.endswith("-") for line in lines[:-1]), lines
        assert "".join(lines).endswith("approved → " + filename)


async def test_h_shows_the_storys_history_with_who_and_when(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "e", "ctrl+u", *"Erdogan presses Putin", "enter")
        await until(pilot, lambda: "headline saved" in screen_text(app))
        await pilot.press("a")
        await until(pilot, lambda: "approved →" in screen_text(app))
        await pilot.press("k", "h")
        await until(pilot, lambda: isinstance(app.screen, LinesScreen))
        entries = Store(settings.store).history(app.desk.queue.current["id"])
        shown = screen_text(app)
        assert "History" in shown and "Erdogan presses Putin" in shown
        assert len(entries) >= 2
        for entry in entries:  # who and when (local time: UTC in the tests)
            assert f"r{entry['revision']}  {entry['user']}  {entry['field']}: " in shown
            assert entry["at"][:19].replace("T", " ") in shown
        assert 'headline: "Erdogan urges Putin to rein in Idlib offensive" ->' in shown
        assert '"Erdogan presses Putin"' in shown
        assert 'status: "new" -> "approved"' in shown
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, LinesScreen))


async def test_a_new_storys_history_is_its_arrival_and_its_headline_stays_data(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, LinesScreen))
        shown = screen_text(app)
        assert "History · [REPORT] [bold]Markets[/bold] fall" in shown  # never markup
        assert 'status: null -> "new"' in shown

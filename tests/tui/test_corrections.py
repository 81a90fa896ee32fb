"""Issue 11 point 9: corrections of text the editor sees (quote marks, excerpts, the
filename, history, export)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from pilot_helpers import burst, preview_loaded, ready, screen_text, until, write_story
from rich.text import Text
from textual.widgets import Static

from desk.store.store import Store
from desk.tui.screens.export import ExportScreen
from desk.tui.screens.lines import LinesScreen
from desk.tui.widgets.preview import Preview
from desk.tui.widgets.quotes_panel import QuotesPanel
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


def store_row(settings, headline_start: str) -> dict:
    return next(row for row in Store(settings.store).records()
                if row["headline"].startswith(headline_start))


def _files(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


async def test_x_asks_which_formats_and_says_the_folder_it_wrote_to(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a", "x")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        shown = screen_text(app)
        assert "Export 1 approved story" in shown
        folder = app.screen.query_one("#export-folder", Static).content
        assert str(folder) == f"to {settings.export}"  # shown whole (wrapped if long)
        assert all(name in shown for name in ("Markdown", "ninjs JSON", "plain text"))
        assert app.screen.formats() == ("md", "json", "txt")  # every configured one ticked
        await pilot.press("down", "space", "enter")  # untick json, export
        await until(pilot, lambda: "exported 1 stories" in screen_text(app))
        filename = store_row(settings, "Erdogan")["filename"]
        assert _files(settings.export) == [f"{filename}.md", f"{filename}.txt"]
        said = app.desk.session.messages[-1]
        assert f"to {settings.export}" in said and "(md, txt)" in said


async def test_escape_cancels_the_export_and_writes_nothing(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a", "x", "escape")
        await until(pilot, lambda: "export cancelled" in screen_text(app))
        assert not isinstance(app.screen, ExportScreen)
        assert _files(settings.export) == []
        assert store_row(settings, "Erdogan")["status"] == "approved"


async def test_the_dialog_ticks_the_configured_formats_and_needs_one(make_app, settings):
    app = make_app(settings=replace(settings, export_formats=("txt",)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a", "x")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert app.screen.formats() == ("txt",)
        await pilot.press("down", "down", "space", "enter")  # nothing ticked: it stays
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen) and "tick a format" in screen_text(app)
        await pilot.press("space", "enter")
        await until(pilot, lambda: "exported 1 stories" in screen_text(app))
        assert [name.rsplit(".", 1)[1] for name in _files(settings.export)] == ["txt"]


async def test_cancelling_keeps_the_marks_exporting_clears_them(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a", "k", "space", "x", "escape")
        await until(pilot, lambda: "export cancelled" in screen_text(app))
        assert len(app.desk.queue.marked_rows()) == 1
        await pilot.press("x", "enter")
        await until(pilot, lambda: "exported 1 stories" in screen_text(app))
        assert app.desk.queue.marked_rows() == []


async def test_a_burst_in_the_export_dialog_ticks_before_enter_exports(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a")
        await burst(pilot, "x", "down", "space", "enter")  # as tmux send-keys types them
        await until(pilot, lambda: "exported 1 stories" in screen_text(app))
        assert [name.rsplit(".", 1)[1] for name in _files(settings.export)] == ["md", "txt"]
        assert app.desk.queue.marked_rows() == []  # the space was the dialog's, not the queue's
        await pilot.press("a", "x")  # the next story; ticked as last time: md, txt
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await burst(pilot, "space", "enter")  # open already: the same order (md unticked)
        await until(pilot, lambda: len(_files(settings.export)) == 3)
        assert [name.rsplit(".", 1)[1] for name in _files(settings.export)].count("txt") == 2


COUNCIL = """Council puts off traders' vote

The council said "we need more time to consult the traders" on Tuesday, according to \
Mayor Ann Lee.

Opposition leader Tom Hadley said the plan was “unworkable and will never pass, whatever \
the council decides.

The councillors postponed the decision once more, saying it needs work.” Traders welcomed \
the delay.
"""


async def test_the_quotes_panel_keeps_the_copys_marks_and_excerpts_start_at_a_word(
        make_app, inbox):
    write_story(inbox, "council.txt", COUNCIL, datetime(2026, 2, 21, 12, 0, tzinfo=UTC))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.desk.queue.current["headline"] == "Council puts off traders' vote"
        panel = app.desk.query_one(QuotesPanel).text.plain
        # Straight marks stay straight; the quote left open gains no closing mark.
        assert 'Mayor Ann Lee — "we need more time to consult the traders"' in panel
        assert panel.endswith("— “unworkable and will never pass, whatever the council decides.")
        notes = app.desk.query_one(Preview).text.plain
        assert "with no opening mark near “once more, saying it needs work" in notes

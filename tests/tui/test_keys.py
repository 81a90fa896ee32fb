"""Every key path of the desk, asserting on the store and on what is on screen."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from pilot_helpers import preview_loaded, ready, screen_text, until, write_story

from desk.store.store import Store
from desk.tui.screens.conflict import ConflictScreen
from desk.tui.screens.headline import HeadlineScreen
from desk.tui.screens.help import HelpScreen
from desk.tui.widgets.filter_bar import FilterBar
from desk.tui.widgets.preview import Preview
from desk.tui.widgets.queue import QueueTable


def headlines(app) -> list[str]:
    return [row["headline"] for row in app.desk.queue.rows]


def store_row(settings, headline_start: str) -> dict:
    store = Store(settings.store)
    return next(row for row in store.records() if row["headline"].startswith(headline_start))


async def test_queue_newest_first_with_literal_markup(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert headlines(app) == ["[REPORT] [bold]Markets[/bold] fall",
                                  "Erdogan urges Putin to rein in Idlib offensive",
                                  "Harbour strike ends after pay deal"]
        text = screen_text(app)
        # Story text is data: the brackets show exactly as written, in queue and preview.
        assert "│ [REPORT] [bold]Markets[/bold] fall " in text  # the preview's headline
        assert "│ 34/64 · new " in text
        assert "02-21 RTRS   [REPORT] [bold]Markets" in text
        assert "3 stories: 3 new" in text
        assert "Anne Roux — “We are worried about energy costs,”" in text


async def test_approve_writes_record_with_slugged_filename(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a")
        row = store_row(settings, "Erdogan urges")
        assert row["status"] == "approved"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d-erdogan-urges-putin-to-rein-in-idlib-offensive",
                            row["filename"])
        text = screen_text(app)
        assert f"approved → {row['filename']}" in text
        assert "1 approved" in text


async def test_approve_refusal_shows_the_store_reason(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("e", "ctrl+u", *("Too long " * 8), "enter")
        assert store_row(settings, "Too long")["headline"] == ("Too long " * 8).strip()
        await pilot.press("a")
        await until(pilot, lambda: "cannot approve" in screen_text(app))
        assert "over the limit of 64" in screen_text(app)
        assert store_row(settings, "Too long")["status"] == "new"


async def test_headline_edit_updates_counter_slug_and_store(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "e")
        await until(pilot, lambda: isinstance(app.screen, HeadlineScreen))
        assert "46/64" in screen_text(app)
        await pilot.press("ctrl+u", *"Erdogan presses Putin over Idlib")
        text = screen_text(app)
        assert "32/64" in text
        assert "slug erdogan-presses-putin-over-idlib" in text
        await pilot.press(*(" and more" * 4))
        assert "over the limit" in screen_text(app)
        await pilot.press("escape")  # cancel: nothing saved
        assert store_row(settings, "Erdogan")["headline"].startswith("Erdogan urges")
        await pilot.press("e", "ctrl+u", *"Erdogan presses Putin over Idlib", "enter")
        await pilot.pause()
        row = store_row(settings, "Erdogan")
        assert row["headline"] == "Erdogan presses Putin over Idlib"
        await until(pilot, lambda: "│ 32/64 · new" in screen_text(app))
        assert "│ Erdogan presses Putin over Idlib " in screen_text(app)
        await pilot.press("a")
        assert store_row(settings, "Erdogan")["filename"].endswith(
            "-erdogan-presses-putin-over-idlib")


async def test_spike_and_undo(make_app, settings):
    app = make_app(settings=replace(settings, advance=False))  # the cursor stays put
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("G", "s")
        assert store_row(settings, "Harbour")["status"] == "spiked"
        assert "1 spiked" in screen_text(app)
        await pilot.press("u")
        assert store_row(settings, "Harbour")["status"] == "new"
        await pilot.press("a", "u")
        assert store_row(settings, "Harbour")["status"] == "new"
        assert "undone" in screen_text(app)


async def test_filter_over_body_status_and_clear(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"concerned")  # a word only in the Idlib story's body
        assert headlines(app) == ["Erdogan urges Putin to rein in Idlib offensive"]
        assert "1 shown" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is app.desk.queue
        await until(pilot, lambda: "seriously concerned" in screen_text(app))
        await pilot.press("a", "slash", "ctrl+u", *"status:approved")
        assert headlines(app) == ["Erdogan urges Putin to rein in Idlib offensive"]
        await pilot.press("ctrl+u", *"status:new tag:")
        assert len(headlines(app)) == 2
        await pilot.press("escape")
        assert len(headlines(app)) == 3
        assert not app.desk.query_one(FilterBar).display
        assert app.desk.queue.current["headline"].startswith("[REPORT]")  # cursor kept


async def test_new_inbox_file_appears(make_app, inbox):
    app = make_app(watch_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        write_story(inbox, "late.txt", "Late story lands\n\nLIMA (AP) - It came late.\n",
                    datetime(2026, 2, 22, 8, 0, tzinfo=UTC))
        await until(pilot, lambda: len(app.desk.queue.rows) == 4, timeout=2.0)
        assert "Late story lands" in screen_text(app)


async def test_another_desks_change_appears(make_app, settings):
    app = make_app(watch_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        other = Store(settings.store, user="colleague")
        other.spike(store_row(settings, "Harbour")["id"])
        await until(pilot, lambda: "1 spiked" in screen_text(app), timeout=2.0)


async def test_conflict_is_shown_with_what_changed(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        other = Store(settings.store, user="colleague")
        other.set_headline(store_row(settings, "Erdogan")["id"], "Putin and Erdogan talk Idlib")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        text = screen_text(app)
        assert "changed under you" in text
        assert "colleague" in text
        assert "Putin and Erdogan talk Idlib" in text
        assert store_row(settings, "Putin and")["status"] == "new"  # nothing overwritten
        await pilot.press("escape")
        assert app.desk.queue.current["headline"] == "Putin and Erdogan talk Idlib"


async def test_tags_editor_accepts_a_suggestion(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "t", "ctrl+u", *"breaking, ", "tab", "enter")
        await pilot.pause()
        row = store_row(settings, "Erdogan")
        assert row["tags"][0] == "breaking"
        assert len(row["tags"]) == 2 and row["tags"][1] in row["suggested_tags"]


async def test_original_toggle_and_preview_focus(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await until(pilot, lambda: "seriously concerned" in screen_text(app))
        await pilot.press("o")
        assert "ANKARA (AFP) - Turkish President" in screen_text(app)
        await pilot.press("o", "enter")
        assert isinstance(app.focused, Preview)
        await pilot.press("escape")
        assert isinstance(app.focused, QueueTable)


async def test_help_and_palette_list_the_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for key, does in (("a", "approve"), ("s", "spike"), ("u", "undo"), ("/", "filter"),
                          ("e", "edit the headline"), ("o", "toggle the untouched"),
                          ("x", "export"), ("↓ j", "next story")):
            assert re.search(rf"│ {re.escape(key)} +desk\.\w+ +{does}", text), key
        await pilot.press("escape")
        titles = [command.title for command in app.get_system_commands(app.desk)]
        assert {"Approve story", "Spike story", "Edit headline", "Filter"} <= set(titles)


async def test_keymap_remaps_a_binding(make_app, settings):
    from dataclasses import replace

    app = make_app(settings=replace(settings, keymap={"desk.approve": "y"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        # Not the top story: its headline's markup-like tags need a forced approval.
        await pilot.press("j")
        await until(pilot, lambda: preview_loaded(app))
        await pilot.press("a")
        assert store_row(settings, "Erdogan")["status"] == "new"
        await pilot.press("y")
        assert store_row(settings, "Erdogan")["status"] == "approved"


async def test_bad_file_is_one_line_notice(make_app, inbox):
    (inbox / "empty.txt").write_bytes(b"")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert len(app.desk.queue.rows) == 3
        assert "empty.txt" in screen_text(app)


async def test_changes_survive_reopening(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("G", "s")
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert again.desk.queue.rows[-1]["status"] == "spiked"
        assert "1 spiked" in screen_text(again)




async def test_export_writes_approved_stories(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a", "x", "enter")  # enter: the formats ticked (all three)
        await until(pilot, lambda: store_row(settings, "Erdogan")["status"] == "exported")
        filename = store_row(settings, "Erdogan")["filename"]
        assert sorted(path.name for path in settings.export.iterdir()) == [
            f"{filename}.{ext}" for ext in ("json", "md", "txt")]
        await until(pilot, lambda: "exported 1 stories" in screen_text(app))


async def test_narrow_terminal_stacks_queue_above_preview(make_app, settings):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "-narrow" in app.desk.classes
        queue, preview = app.desk.queue.region, app.desk.query_one(Preview).region
        assert queue.bottom <= preview.y and queue.width == preview.width == 80
        await pilot.press("j", "a")
        assert store_row(settings, "Erdogan")["status"] == "approved"
        await until(pilot, lambda: "approved → " in screen_text(app))


def test_a_corrupt_store_is_one_line_not_a_traceback(settings, capsys):
    from desk.tui.app import run_app

    settings.store.write_text("{not json", encoding="utf-8")
    assert run_app(settings) == 1
    err = capsys.readouterr().err
    assert err.startswith("desk: ") and err.count("\n") == 1 and str(settings.store) in err
    assert settings.store.read_text(encoding="utf-8") == "{not json"  # left untouched


async def test_a_click_moves_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.click(QueueTable, offset=(20, 3))  # line 0 is the header
        assert app.desk.queue.current["headline"].startswith("Harbour")
        await until(pilot, lambda: "Dock workers" in screen_text(app))


async def test_unbalanced_quote_needs_approve_anyway(make_app, settings, inbox):
    write_story(inbox, "open.txt", "Minister quits over leak\n\nROME (AP) - The minister said "
                "“we were betrayed by our own staff and she left the room.\n",
                datetime(2026, 2, 22, 7, 0, tzinfo=UTC))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.desk.queue.current["headline"] == "Minister quits over leak"
        assert "⚠" in screen_text(app)  # the warning stands out in the preview
        await pilot.press("a")
        assert store_row(settings, "Minister")["status"] == "new"
        assert "unbalanced quotation mark" in screen_text(app)
        await pilot.press("A")
        assert store_row(settings, "Minister")["status"] == "approved"


async def test_original_shows_terminal_codes_as_glyphs_not_commands(make_app, inbox):
    write_story(inbox, "esc.txt", "\x1b[1mLoud\x1b[0m headline\n\nCAIRO (AFP) - Talks "
                "resumed.\n", datetime(2030, 1, 1, tzinfo=UTC))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("g")
        await until(pilot, lambda: "Loud headline" in screen_text(app))
        await pilot.press("o")
        await until(pilot, lambda: "␛[1mLoud␛[0m headline" in screen_text(app))
        assert "\x1b" not in screen_text(app)


async def test_filter_matching_nothing_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"zzqx")
        await until(pilot, lambda: "No story matches the filter" in screen_text(app))
        assert headlines(app) == []


async def test_another_desks_change_is_shown_when_new_files_land_in_the_same_tick(
        make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        other = Store(settings.store, user="colleague")
        other.spike(store_row(settings, "Harbour")["id"])
        write_story(settings.inbox, "late.txt", "Late story lands\n\nOSLO - It came late.\n",
                    datetime(2026, 2, 22, 8, 0, tzinfo=UTC))
        app.desk._watch()  # one tick that both reads a new file and finds the other desk's spike
        await until(pilot, lambda: len(app.desk.queue.rows) == 4, timeout=2.0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 spiked" in screen_text(app)


async def test_a_failed_store_write_is_a_notice_not_a_crash(make_app, monkeypatch):
    import desk.store.files as store_files

    def disk_full(path, *args, **kwargs):
        raise OSError(28, "No space left on device", str(path))

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        monkeypatch.setattr(store_files, "atomic_write", disk_full)
        await pilot.press("s")
        await pilot.pause()
        assert "cannot spike:" in screen_text(app)
        assert app.desk.queue.current["status"] == "new"


async def test_a_damaged_partition_does_not_end_the_desk(make_app, settings):
    Store(settings.store)  # an empty store, then one damaged partition in it
    part = settings.store.with_name(settings.store.name + ".d") / "parts" / "abc.json"
    part.write_text('{"stories": {"1": ', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.return_code is None  # the desk starts (issue 8, point 8)
        assert [item.path for item in app.session.store.unavailable()] == [part]
        told = "\n".join(app.session.messages)
        assert str(part) in told and "unavailable until `desk doctor`" in told
    assert part.read_text(encoding="utf-8") == '{"stories": {"1": '  # never written over


async def test_a_story_whose_file_is_gone_shows_the_problem_once(make_app, settings,
                                                                  monkeypatch):
    from desk.tui.session import DeskSession

    app = make_app()
    asked: list[str] = []
    story_for = DeskSession.story_for

    def counting(self, row):
        asked.append(row["id"])
        return story_for(self, row)

    monkeypatch.setattr(DeskSession, "story_for", counting)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for path in settings.inbox.iterdir():
            path.unlink()
        asked.clear()
        await pilot.press("j")
        await until(pilot, lambda: "idlib.txt" in app.desk.query_one(Preview).text.plain)
        await pilot.pause(0.3)
        assert len(asked) <= 2  # not reloaded over and over


async def test_a_store_failure_in_the_inbox_reader_is_a_notice_not_a_crash(make_app,
                                                                           monkeypatch):
    import desk.store.files as store_files

    def disk_full(path, *args, **kwargs):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(store_files, "atomic_write", disk_full)
    monkeypatch.setattr(store_files, "replace_all",  # an ingest's partitions, together
                        lambda files, **options: disk_full(files[0][0]))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # The status line (not the screen: a deep tmp path can run past 120 columns).
        await until(pilot, lambda: "No space left on device"
                    in app.desk.status_line.render().plain)
        assert app.is_running
        assert app.desk.queue.rows == []

"""Issue 11 point 4: the speaker marked where it is written, in the preview."""

from __future__ import annotations

from pilot_helpers import preview_loaded, ready, screen_text, until

from desk.tui.widgets.preview import Preview


def _colours(text, fragment):
    """The colours of the spans covering the first writing of `fragment` in the preview."""
    at = text.plain.index(fragment)
    return {word for span in text.spans if span.start <= at < span.end
            for word in str(span.style).split()
            if word not in ("bold", "italic", "underline", "dim")}


async def _open_idlib(pilot):
    app = pilot.app
    await ready(pilot)
    await pilot.press("j")
    await until(pilot, lambda: app.desk.queue.current["headline"].startswith("Erdogan")
                and preview_loaded(app))
    return app.desk.query_one(Preview)


async def test_the_speaker_is_marked_where_it_is_written(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        preview = await _open_idlib(pilot)
        shown = preview.text
        # Named in full beside the quote: nothing repeats it.
        assert "“We will not stay silent while civilians flee,” Erdogan" in shown.plain
        assert "‹the Kremlin›" not in shown.plain
        # A surname alone: the resolved name right after it, not after every quote.
        assert "Putin ‹Vladimir Putin› told Erdogan that he was “seriously concerned”" \
            in shown.plain
        assert shown.plain.count("‹Vladimir Putin›") == 1
        # The quote and the words naming its speaker share the speaker's colour.
        [putin] = _colours(shown, "seriously concerned")
        assert _colours(shown, "Putin ‹Vladimir") == {putin}
        [erdogan] = _colours(shown, "We will not stay silent")
        assert erdogan != putin and _colours(shown, "Erdogan ‹Turkish") == {erdogan}
        assert "Putin ‹Vladimir Putin› told Erdogan" in screen_text(app)


async def test_w_turns_the_speaker_marks_off_and_on(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        preview = await _open_idlib(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert "‹" not in preview.text.plain
        assert "Putin told Erdogan that he was “seriously concerned”" in preview.text.plain
        assert not _colours(preview.text, "seriously concerned")
        assert "speaker marks off" in screen_text(app)
        await pilot.press("j", "k")  # the choice holds from story to story
        await until(pilot, lambda: preview_loaded(app) and
                    app.desk.queue.current["headline"].startswith("Erdogan"))
        assert "‹" not in preview.text.plain
        await pilot.press("w")
        await pilot.pause()
        assert "Putin ‹Vladimir Putin› told" in preview.text.plain
        assert "speaker marks on" in screen_text(app)

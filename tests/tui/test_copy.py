"""`y` copies the headline, `Y` the clean body, to the system clipboard: Textual's
copy_to_clipboard, which the terminal gets as OSC 52 (so it works over SSH too)."""

from __future__ import annotations

import base64

from pilot_helpers import ready

from desk.store import Store


def osc52(text: str) -> str:
    return f"\x1b]52;c;{base64.b64encode(text.encode('utf-8')).decode('ascii')}\a"


async def test_y_copies_the_headline_and_Y_the_clean_body(make_app, settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        sent: list[str] = []
        write = app._driver.write
        app._driver.write = lambda data: (sent.append(data), write(data))[1]
        await pilot.press("j", "y")
        row = app.desk.queue.current
        assert app.clipboard == row["headline"] == \
            "Erdogan urges Putin to rein in Idlib offensive"
        assert osc52(row["headline"]) in sent
        assert "copied the headline to the clipboard" in app.desk.session.messages[-1]
        await pilot.press("Y")
        record = Store(settings.store).get(row["id"])
        body = "\n\n".join(record["copy"]["paragraphs"])
        assert app.clipboard == body
        assert body.startswith("Turkish President Recep Tayyip Erdogan urged")  # no dateline
        assert "ANKARA" not in body
        assert osc52(body) in sent
        assert "copied the body (58 words)" in app.desk.session.messages[-1]


async def test_copy_with_no_story_says_so(make_app, inbox):
    for path in inbox.iterdir():
        path.unlink()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == ""
        assert "no story selected" in app.desk.session.messages[-1]

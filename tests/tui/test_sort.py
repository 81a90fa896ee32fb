"""Sorting the queue: by received time (to the second, then file order), urgency, credit,
length or status; `S` cycles, the header says which, desk.toml keeps the choice."""

from __future__ import annotations

import os
import stat
from dataclasses import replace

import pytest
from pilot_helpers import ready, screen_text, until

from desk.config import SORTS, load_settings
from desk.model import newest_first
from desk.tui.queue_order import SORT_LABELS, ordered
from desk.tui.settings_file import remember

T0, T1 = "2026-02-21T10:00:00+00:00", "2026-02-21T10:00:01+00:00"
ROWS = [
    {"id": "e1", "source": "/in/b.txt", "received": T0, "urgency": None, "credit": "AP",
     "word_count": 300, "status": "new"},
    {"id": "a2", "source": "/in/c.txt", "received": T1, "urgency": 5, "credit": "",
     "word_count": 80, "status": "spiked"},
    {"id": "f3", "source": "/in/a.txt", "received": T0, "urgency": 2, "credit": "Reuters",
     "word_count": 120, "status": "approved"},
    {"id": "b4", "source": "/in/a.txt", "received": T0, "urgency": None, "credit": "afp",
     "word_count": 120, "status": "new"},
]


def ids(rows) -> list[str]:
    return [row["id"] for row in rows]


def test_newest_first_to_the_second_then_in_file_order():
    # One second newer leads; the three of 10:00:00 come in file order (a.txt before b.txt),
    # never in hash order; two stories of one file (a feed) by id.
    assert ids(newest_first(ROWS)) == ["a2", "b4", "f3", "e1"]


@pytest.mark.parametrize(("sort", "expected"), [
    ("received", ["a2", "b4", "f3", "e1"]),
    ("urgency", ["f3", "a2", "b4", "e1"]),  # 2, 5, then none (newest first)
    ("credit", ["b4", "e1", "f3", "a2"]),  # afp, AP, Reuters: any case; no credit last
    ("length", ["e1", "b4", "f3", "a2"]),  # longest first
    ("status", ["b4", "e1", "f3", "a2"]),  # new, approved, exported, spiked
])
def test_each_sort(sort, expected):
    assert ids(ordered(ROWS, sort, urgent_first=False)) == expected


def test_urgent_first_puts_new_urgent_stories_on_top_of_any_sort():
    urgent = {**ROWS[3], "urgency": 1}
    rows = [*ROWS[:3], urgent]
    assert ids(ordered(rows, "length", urgent_first=True)) == ["b4", "e1", "f3", "a2"]
    assert ids(ordered(rows, "credit", urgent_first=True))[0] == "b4"


def test_every_sort_has_a_label():
    assert set(SORT_LABELS) == set(SORTS)


async def test_s_cycles_the_sort_shows_it_in_the_header_and_keeps_it(make_app, settings,
                                                                   tmp_path):
    config = tmp_path / "desk.toml"
    config.write_text('# my desk\n[desk]\nheadline_limit = 70  # house style\n\n'
                      '[keymap]\n"desk.spike" = "d"\n', encoding="utf-8")
    os.chmod(config, 0o600)  # it may hold a database password
    app = make_app(settings=replace(settings, config_file=config))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        queue = app.desk.queue
        assert "Headline · newest first" in screen_text(app)
        newest = ids(queue.rows)
        await pilot.press("S")
        await until(pilot, lambda: "Headline · most urgent first" in screen_text(app))
        await pilot.press("S")
        await until(pilot, lambda: "Headline · by credit" in screen_text(app))
        # AFP (Idlib), AP (Harbour), Reuters (Markets)
        assert [row["headline"].split()[0] for row in queue.rows] == \
            ["Erdogan", "Harbour", "[REPORT]"]
        assert ids(queue.rows) != newest
        assert "sorted by credit" in screen_text(app)
    text = config.read_text(encoding="utf-8")
    assert text == ('# my desk\n[desk]\nheadline_limit = 70  # house style\n'
                    'sort = "credit"\n\n[keymap]\n"desk.spike" = "d"\n')
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".desk.toml")] == []
    assert load_settings(config, environ={}).sort == "credit"


async def test_the_sort_in_desk_toml_is_the_first_order(make_app, settings):
    app = make_app(settings=replace(settings, sort="length"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        counts = [row["word_count"] for row in app.desk.queue.rows]
        assert counts == sorted(counts, reverse=True)
        assert "Headline · longest first" in screen_text(app)
        await pilot.press("S")  # status follows length; received follows status
        await pilot.press("S")
        await until(pilot, lambda: "Headline · newest first" in screen_text(app))


async def test_without_a_config_file_the_sort_is_not_saved(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()  # settings built in code: no desk.toml to keep it in
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("S")
        await until(pilot, lambda: "Headline · most urgent first" in screen_text(app))
    assert not (tmp_path / "desk.toml").exists()


def test_remember_creates_desk_toml_when_there_is_none(tmp_path):
    config = tmp_path / "desk.toml"
    assert remember(config, "sort", "status") == ""
    assert load_settings(config, environ={}).sort == "status"


def test_remember_keeps_top_level_settings_top_level(tmp_path):
    config = tmp_path / "desk.toml"
    config.write_text('inbox = "wire"\n\n[keymap]\n"desk.spike" = "d"\n', encoding="utf-8")
    assert remember(config, "sort", "urgency") == ""
    settings = load_settings(config, environ={})
    assert settings.sort == "urgency" and settings.keymap == {"desk.spike": "d"}
    assert settings.inbox == tmp_path / "wire"


def test_remember_follows_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "desk.toml"
    real.parent.mkdir()
    real.write_text("[desk]\n", encoding="utf-8")
    link = tmp_path / "desk.toml"
    link.symlink_to(real)
    assert remember(link, "sort", "credit") == ""
    assert link.is_symlink() and 'sort = "credit"' in real.read_text(encoding="utf-8")


def test_remember_leaves_a_broken_desk_toml_alone_and_says_why(tmp_path):
    config = tmp_path / "desk.toml"
    config.write_text("[desk\n", encoding="utf-8")
    problem = remember(config, "sort", "credit")
    assert str(config) in problem and "not saved" in problem and "\n" not in problem
    assert config.read_text(encoding="utf-8") == "[desk\n"

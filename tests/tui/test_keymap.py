"""desk.toml's [keymap]: a remap that takes a key another action answers to is said at
start-up, in one line naming the key and both ids; `?` shows each key's binding id; the
README's example shadows nothing."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

from pilot_helpers import ready, screen_text, until

from desk.tui.actions import shadowed
from desk.tui.screens.help import HelpScreen

README = Path(__file__).resolve().parents[2] / "README.md"


def test_a_remap_onto_a_key_of_the_same_screen_hides_the_other_action():
    [line] = shadowed({"desk.approve": "A"})
    assert line == ("keymap: A is desk.approve's and desk.approve_anyway's key; it runs "
                    "desk.approve, and desk.approve_anyway has no key left")


def test_the_focused_widget_wins_over_the_screen():
    lines = shadowed({"desk.approve": "j"})  # the queue's j (and the preview's, focused)
    assert "keymap: j is desk.approve's and desk.down's key; it runs desk.down, and " \
        "desk.approve has no key left" in lines
    assert any("it runs desk.preview_down" in line for line in lines)


def test_a_key_left_to_the_hidden_action_is_named():
    lines = shadowed({"desk.spike": "g"})  # the queue's and the focused preview's g
    assert [line.split("; ")[1] for line in lines] == [
        "it runs desk.top, and desk.spike has no key left",
        "it runs desk.preview_top, and desk.spike has no key left"]
    [line] = shadowed({"desk.up": "j"})  # desk.down keeps down
    assert line == ("keymap: j is desk.up's and desk.down's key; it runs desk.up, and "
                    "desk.down keeps down")


def test_free_keys_swaps_and_the_defaults_shadow_nothing():
    assert shadowed({}) == []
    assert shadowed({"desk.spike": "d"}) == []
    assert shadowed({"desk.approve": "s", "desk.spike": "a"}) == []  # a swap
    assert shadowed({"desk.approve": "a,ctrl+a"}) == []


def test_the_readme_keymap_example_shadows_nothing():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", text, re.S).group(1)
    keymap = tomllib.loads(block)["keymap"]
    assert keymap and shadowed(keymap) == []


async def test_the_desk_says_a_shadowing_remap_at_start(make_app, settings):
    app = make_app(settings=replace(settings, keymap={"desk.approve": "A"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        said = [line for line in app.desk.session.messages if "keymap:" in line]
        assert len(said) == 1 and "desk.approve_anyway" in said[0]
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        assert re.search(r"│ A +desk\.approve +approve: validated", text)
        assert "desk.approve_anyway" in text  # listed, with no key


async def test_help_shows_the_binding_id_beside_each_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert not [line for line in app.desk.session.messages if "keymap:" in line]
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for key, binding_id in (("a", "desk.approve"), ("A", "desk.approve_anyway"),
                                ("S", "desk.sort"), ("y", "desk.copy_headline")):
            assert re.search(rf"│ {key} +{re.escape(binding_id)} ", text), binding_id

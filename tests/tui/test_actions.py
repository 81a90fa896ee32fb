"""The action table is the one place keys are written: every binding, the `?` help, the
palette and the README's key table agree with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desk.tui import actions
from desk.tui.app import DeskApp
from desk.tui.screens.conflict import ConflictScreen
from desk.tui.screens.desk import DeskScreen
from desk.tui.screens.export import ExportScreen
from desk.tui.screens.headline import HeadlineScreen
from desk.tui.screens.help import HelpScreen
from desk.tui.screens.lines import LinesScreen
from desk.tui.screens.tags import TagsScreen
from desk.tui.widgets.filter_bar import FilterBar
from desk.tui.widgets.preview import Preview
from desk.tui.widgets.queue import QueueTable

README = Path(__file__).resolve().parents[2] / "README.md"
OWNERS = (
    (DeskApp, actions.APP), (QueueTable, actions.QUEUE), (Preview, actions.PREVIEW),
    (DeskScreen, actions.DESK),
    (FilterBar, actions.FILTER_BAR), (HeadlineScreen, actions.HEADLINE),
    (TagsScreen, actions.TAGS), (HelpScreen, actions.HELP), (LinesScreen, actions.LINES),
    (ConflictScreen, actions.CONFLICT), (ExportScreen, actions.EXPORT),
)
# How the README writes a Textual key name.
README_KEYS = {"slash": "/", "question_mark": "?"}
PALETTE_KEY = "ctrl+p"  # Textual's own binding for the command palette


def test_ids_are_unique_and_every_action_is_in_one_owner():
    ids = [action.id for action in actions.ALL]
    assert len(ids) == len(set(ids))
    assert sum(len(group) for _, group in OWNERS) == len(actions.ALL)


@pytest.mark.parametrize(("owner", "group"), OWNERS, ids=lambda o: getattr(o, "__name__", ""))
def test_bindings_come_from_the_table_and_have_their_action(owner, group):
    assert [(b.id, b.key, b.action, b.description, b.show, b.priority)
            for b in owner.BINDINGS] == [
        (a.id, a.keys, a.action, a.label, bool(a.footer), a.priority) for a in group]
    for action in group:
        name = action.action.split("(")[0]  # saved_filter(1): the action and its argument
        assert callable(getattr(owner, f"action_{name}", None)), action.id


def test_the_palette_offers_desk_actions_by_name():
    entries = actions.palette()
    assert {entry.palette for entry in entries} >= {"Approve story", "Spike story",
                                                    "Edit headline", "Filter"}
    for entry in entries:
        assert entry.palette_help and callable(getattr(DeskScreen, f"action_{entry.action}"))


def readme_key_rows() -> list[set[str]]:
    """The backticked keys in the key column of each row of the README's "Using it" table."""
    section = README.read_text(encoding="utf-8").split("## Using it", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("| `"):
            keys_cell = line.split("|")[1]
            rows.append(set(re.findall(r"`([^`]+)`", keys_cell)))
    return rows


def test_the_readme_key_table_lists_every_action_with_its_keys():
    rows = readme_key_rows()
    assert rows, "the README's Using it table was not found"
    listed = [action for action in actions.APP + actions.QUEUE + actions.DESK if action.help]
    for action in listed:
        keys = {README_KEYS.get(key, key) for key in action.keys.split(",")}
        assert any(keys <= row for row in rows), f"{action.id} ({', '.join(sorted(keys))})"
    known = {README_KEYS.get(key, key) for action in listed for key in action.keys.split(",")}
    for row in rows:
        assert row <= known | {PALETTE_KEY}, f"README lists unknown keys {row - known}"


def test_help_lines_come_from_the_table():
    class Active:
        def __init__(self, binding):
            self.binding = binding

    active = [Active(b) for b in DeskApp.BINDINGS + QueueTable.BINDINGS[:1]]
    lines = actions.key_help(active, lambda binding: binding.key)
    assert lines[:3] == [("ctrl+q", "desk.quit", "quit"), ("question_mark", "desk.help",
                                                           "this help"),
                         ("j,down", "desk.down", "next story")]
    # The rest no key reaches now (a keymap can leave one so): listed, with no key.
    unbound = [a for a in actions.APP + actions.DESK + actions.QUEUE
               if a.help and a.id not in ("desk.quit", "desk.help", "desk.down")]
    assert sorted(lines[3:]) == sorted(("", a.id, a.help) for a in unbound)

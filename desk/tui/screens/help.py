"""`?`: every key the desk answers to, as currently mapped (desk.toml's keymap applied)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# What each binding does, in an editor's words (keyed by binding id, so remaps keep them).
HELP = {
    "desk.down": "next story",
    "desk.up": "previous story",
    "desk.top": "newest story",
    "desk.bottom": "oldest story",
    "desk.preview": "read the story (focus the preview; escape returns)",
    "desk.back": "back to the queue; clears an active filter",
    "desk.headline": "edit the headline (live n/limit counter and slug; enter saves)",
    "desk.tags": "edit tags (comma list; tab accepts a suggestion)",
    "desk.approve": "approve: validated by the store, saved under a slugged filename",
    "desk.approve_anyway": "approve over an unbalanced-quote warning (you checked it)",
    "desk.spike": "spike the story (again: unspike)",
    "desk.undo": "undo the last change to the story",
    "desk.filter": "filter: words, \"a phrase\", status:approved, tag:x, credit:x, is:warning",
    "desk.original": "toggle the untouched inbox text",
    "desk.export": "export approved stories (md, ninjs json, txt)",
    "desk.help": "this help",
    "desk.quit": "quit",
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss_help", "Close", id="desk.help_close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._keys = keys  # (key as shown, what it does)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description in self._keys:
            table.add_row(Text(key), Text(description))
        with VerticalScroll(id="help-dialog", classes="dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "escape closes · ctrl+p finds any action by name"
            yield Static(table)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

"""`?`: every key the desk answers to, as currently mapped (desk.toml's keymap applied),
with the binding id that [keymap] remaps it by."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from desk.tui.actions import HELP, bindings

FLAGS_LEGEND = ("The queue's Flags: ! a warning · ▲1-▲3 urgent (1 a flash) · u updated "
                "(a newer version since you looked) · * marked")


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings(HELP)

    def __init__(self, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._keys = keys  # (key as shown, binding id, what it does)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(style="dim", no_wrap=True)
        table.add_column()
        for key, binding_id, description in self._keys:
            table.add_row(Text(key), Text(binding_id), Text(description))
        with VerticalScroll(id="help-dialog", classes="dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "escape closes · ctrl+p finds any action by name"
            yield Static(table)
            yield Static(Text(FLAGS_LEGEND, style="dim"), id="help-flags")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

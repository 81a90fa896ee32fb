"""`x`: which formats to export, ticked as desk.toml's `export_formats` says, and the folder
the files go to. Space ticks, enter exports, escape cancels."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from desk.config import EXPORT_FORMATS
from desk.tui.actions import EXPORT, bindings
from desk.tui.messages import InputReady
from desk.tui.widgets.ordered_selection_list import OrderedSelectionList

FORMAT_NAMES = {"md": "Markdown", "json": "ninjs JSON", "txt": "plain text"}


class ExportScreen(ModalScreen[tuple[str, ...] | None]):
    """Dismisses with the formats ticked (in the exporter's order), or None."""

    BINDINGS = bindings(EXPORT)

    def __init__(self, stories: int, folder: Path, ticked: tuple[str, ...]) -> None:
        super().__init__()
        self._stories = stories
        self._folder = folder
        self._ticked = ticked

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog") as dialog:
            count = f"{self._stories} approved {'story' if self._stories == 1 else 'stories'}"
            dialog.border_title = f"Export {count}"
            # The folder is the editor's own path: data, never markup.
            yield Static(Text(f"to {self._folder}"), id="export-folder")
            yield OrderedSelectionList[str](*(
                (f"{fmt:<5}{FORMAT_NAMES.get(fmt, fmt)}", fmt, fmt in self._ticked)
                for fmt in EXPORT_FORMATS), id="export-formats")
            yield Static(Text("space ticks · enter exports · escape cancels", style="dim"),
                         id="export-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(SelectionList))
        self.app.post_message(InputReady())  # keys typed behind `x` come here now

    def formats(self) -> tuple[str, ...]:
        ticked = set(self.query_one(SelectionList).selected)
        return tuple(fmt for fmt in EXPORT_FORMATS if fmt in ticked)

    def on_ordered_selection_list_submitted(self) -> None:
        self.action_go()

    def action_go(self) -> None:
        formats = self.formats()
        if formats:
            self.dismiss(formats)
        else:
            self.query_one("#export-hint", Static).update(
                Text("tick a format first (space)", style="bold yellow"))

    def action_cancel(self) -> None:
        self.dismiss(None)

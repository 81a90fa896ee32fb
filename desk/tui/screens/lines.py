"""A list of plain lines to read and scroll: the message log (`l`) and the skipped inbox
files (`f`). Lines are data (file names, store messages): shown as Text, never markup."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from desk.tui.actions import LINES, bindings


class LinesScreen(ModalScreen[None]):
    BINDINGS = bindings(LINES)

    def __init__(self, title: str, lines: list[str] | Text, *, empty: str,
                 last: bool = False) -> None:
        super().__init__()
        self._title = title
        # A copy: the desk goes on adding while this is open. Rich Text comes styled (the
        # version view), built from plain strings.
        self._lines = lines.copy() if isinstance(lines, Text) else list(lines)
        self._empty = empty
        self._last = last  # start at the bottom (a log's newest line)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="lines-dialog", classes="dialog") as dialog:
            if isinstance(self._lines, Text):
                dialog.border_title = Text(self._title)  # a headline in it is data too
                yield Static(self._lines if self._lines.plain else Text(self._empty))
            else:
                dialog.border_title = Text(f"{self._title} ({len(self._lines):,})")
                yield Static(Text("\n".join(self._lines) or self._empty))
            dialog.border_subtitle = "escape closes"

    def on_mount(self) -> None:
        if self._last:
            self.query_one(VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

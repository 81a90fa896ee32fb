"""A conflict: the story changed under the editor. Say what changed; keep nothing hidden."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from desk.model import Row
from desk.tui.actions import CONFLICT, bindings

_FIELDS = ("status", "headline", "tags", "filename")


def describe_conflict(mine: Row, theirs: Row, action: str) -> Text:
    """What the editor saw against what the store holds now, field by field."""
    text = Text()
    text.append(f"Could not {action}: the story changed under you.\n", style="bold red")
    who = theirs.get("updated_by") or "someone"
    when = theirs.get("updated_at") or "?"
    text.append(f"{who} changed it at {when} (revision {mine.get('revision')} → "
                f"{theirs.get('revision')}).\n\n")
    changed = False
    for field in _FIELDS:
        old, new = mine.get(field), theirs.get(field)
        if old == new:
            continue
        changed = True
        text.append(f"{field}: ", style="bold")
        text.append(_show(old), style="strike dim")
        text.append("  →  ")
        text.append(_show(new), style="bold")
        text.append("\n")
    if not changed:
        text.append("(no visible field changed; the revision moved on)\n", style="dim")
    text.append("\nThe queue now shows the current story; redo your change if it still "
                "stands.", style="italic")
    return text


def _show(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or "—"
    return "—" if value in (None, "") else str(value)


class ConflictScreen(ModalScreen[None]):
    BINDINGS = bindings(CONFLICT)

    def __init__(self, report: Text) -> None:
        super().__init__()
        self._report = report

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-dialog", classes="dialog") as dialog:
            dialog.border_title = "Conflict"
            dialog.border_subtitle = "enter or escape closes"
            yield Static(self._report)

    def action_close(self) -> None:
        self.dismiss(None)

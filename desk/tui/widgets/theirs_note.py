"""Beside an editor's own text after a clash: what another desk set the same field to, who
and when, and the two ways out (enter keeps yours, ctrl+t takes theirs)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from desk.store import FieldConflict


def shown(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or "no tags"
    return str(value or "—")


class TheirsNote(Static):
    def __init__(self, clash: FieldConflict) -> None:
        text = Text(f"{clash.user} changed it to ", style="bold yellow")
        text.append(shown(clash.theirs), style="bold")  # data: a Text, never markup
        text.append(f"  (at {clash.at}, while you were editing)\n", style="yellow")
        text.append("enter keeps yours · ctrl+t takes theirs · escape cancels", style="dim")
        super().__init__(text, classes="theirs")

"""The status line: counts by status, what the background work is doing, the last notice."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.widget import Widget

from desk.model import Status

_ORDER = tuple(Status)  # new, approved, spiked, exported


class StatusLine(Widget):
    """One line; repainting it never relayouts the screen (a Static's update would)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counts: Counter[str] = Counter()
        self._shown = 0
        self._activity = ""
        self._notice = Text()
        self._text = Text()

    def set_counts(self, counts: Counter[str], shown: int) -> None:
        self._counts, self._shown = counts, shown
        self._paint()

    def set_activity(self, activity: str) -> None:
        self._activity = activity
        self._paint()

    def set_notice(self, notice: Text | str) -> None:
        self._notice = notice if isinstance(notice, Text) else Text(notice)
        self._paint()

    def _paint(self) -> None:
        # Short counts first, so a long notice (a filename) is what gets cut on 80 columns.
        total = sum(self._counts.values())
        text = Text(f"{total:,} {'story' if total == 1 else 'stories'}", style="bold")
        counts = [f"{self._counts[status]:,} {status}" for status in _ORDER
                  if self._counts.get(status)]
        if counts:
            text.append(": " + ", ".join(counts), style="dim")
        if self._shown != total:
            text.append(f" · {self._shown:,} shown", style="bold yellow")
        if self._activity:
            text.append(f" · {self._activity}", style="italic")
        if self._notice:
            text.append(" · ")
            text.append_text(self._notice)
        self._text = text
        self.refresh()

    def render(self) -> Text:
        return self._text

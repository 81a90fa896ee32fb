"""The status line: counts by status, what the background work is doing, the last notice.

A notice too long for the line is shortened at a word, with an ellipsis; the desk keeps
every notice whole in its message log (`l`).
"""

from __future__ import annotations

from collections import Counter

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from desk.model import Status

_ORDER = tuple(Status)  # new, approved, spiked, exported


class StatusLine(Widget):
    """One line; repainting it never relayouts the screen (a Static's update would)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counts: Counter[str] = Counter()
        self._urgent = 0
        self._shown = 0
        self._activity = ""
        self._notice = Text()
        self._head = Text()
        self._loading = False

    def set_loading(self) -> None:
        """The queue shows its first page; the counts come once every row is read."""
        self._loading = True
        self._paint()

    def set_counts(self, counts: Counter[str], shown: int, urgent: int = 0) -> None:
        """Stories by status, how many the filter shows, how many new ones are urgent."""
        self._counts, self._shown, self._urgent = counts, shown, urgent
        self._loading = False
        self._paint()

    def set_activity(self, activity: str) -> None:
        self._activity = activity
        self._paint()

    def set_notice(self, notice: Text | str) -> None:
        self._notice = notice if isinstance(notice, Text) else Text(notice)
        self._paint()

    def _paint(self) -> None:
        # Short counts first, so a long notice (a filename) is what gets cut on 80 columns.
        if self._loading:
            text = Text("loading stories…", style="bold")
        else:
            text = self._count_text()
        if self._activity:
            text.append(f" · {self._activity}", style="italic")
        if self._notice:
            text.append(" · ")
        self._head = text
        self.refresh()

    def _count_text(self) -> Text:
        total = sum(self._counts.values())
        text = Text(f"{total:,} {'story' if total == 1 else 'stories'}", style="bold")
        counts = [f"{self._counts[status]:,} {status}" for status in _ORDER
                  if self._counts.get(status)]
        if counts:
            text.append(": " + ", ".join(counts), style="dim")
        if self._urgent:
            text.append(f" · {self._urgent:,} urgent", style="bold red")
        if self._shown != total:
            text.append(f" · {self._shown:,} shown", style="bold yellow")
        return text

    def render(self) -> Text:
        room = self.size.width - self._head.cell_len
        return self._head + shorten(self._notice, room) if self._notice else self._head


def shorten(text: Text, width: int) -> Text:
    """`text` in at most `width` cells. A long path gives up its head first (the file's
    name and what happened to it matter most); then the text is cut at the last word that
    fits, with an ellipsis."""
    if text.cell_len <= width:
        return text
    plain = _shorten_paths(text.plain, text.cell_len - width)
    if cell_len(plain) > width:
        plain = _cut_at_word(plain, width)
    return Text(plain, style=text.style)


def _shorten_paths(plain: str, over: int) -> str:
    words = plain.split(" ")
    for index in sorted(range(len(words)), key=lambda i: -len(words[i])):
        word = words[index]
        if over <= 0 or "/" not in word[1:]:
            break
        keep = max(len(word.rstrip(":").rsplit("/", 1)[-1]) + 2, len(word) - over - 1)
        if keep < len(word) - 1:
            words[index] = "…" + word[-keep:]
            over -= len(word) - len(words[index])
    return " ".join(words)


def _cut_at_word(plain: str, width: int) -> str:
    if width <= 1:
        return "…"[:width]
    cut = plain.rfind(" ", 0, width)
    if cut < width // 2:  # one long word: cut inside it rather than lose it all
        cut = width - 1
    short = plain[:cut].rstrip()
    while cell_len(short) > width - 1:  # wide characters take two cells
        short = short[:-1]
    return short + "…"

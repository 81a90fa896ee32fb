"""The queue: one line per story, drawn with the Line API straight from the store's index.

Nothing is built per row up front, so 10,000 stories cost no more at start-up than 40: only
the visible lines are rendered (and cached by the row's revision), and a cursor move
repaints two lines. A DataTable filled row by row takes seconds at this size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from desk.model import Row, Status, is_urgent
from desk.tui.actions import QUEUE, bindings
from desk.tui.widgets.text_view import set_virtual_size

STATUS_MARKS = {Status.NEW: "•", Status.APPROVED: "✓", Status.SPIKED: "✗", Status.EXPORTED: "↗"}
URGENT_MARK = "▲"

# (title, width, justify); the headline takes what is left.
_FIXED = (("", 1, "left"), ("Age", 5, "left"), ("Credit", 6, "left"))
_TAIL = (("Words", 5, "right"), ("Flags", 5, "left"))
_NARROW = 60  # below this width the credit column is dropped


def _fit(cell: str, size: int, justify: str) -> str:
    """Pad or cut `cell` to exactly `size` terminal cells (wide characters counted)."""
    cell = " ".join(cell.split()) if "\n" in cell or "\t" in cell else cell
    if cell_len(cell) > size:
        return set_cell_size(cell, size - 1) + "…"
    padding = " " * (size - cell_len(cell))
    return padding + cell if justify == "right" else cell + padding


def received_label(received: str, now: datetime | None = None) -> str:
    """A received time as an age: `3m`, `2h`, `Tue` within a week, else `02-21`."""
    try:
        when = datetime.fromisoformat(received)
    except ValueError:
        return received[5:10]
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    seconds = (now - when).total_seconds()
    if seconds < 0 or seconds >= 7 * 86400:
        return when.astimezone().strftime("%m-%d")
    if seconds < 3600:
        return f"{max(int(seconds // 60), 0)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    return when.astimezone().strftime("%a")


def _age(row: Row) -> str:
    return received_label(row.get("received") or "")


# The wire's own short names for the agencies whose names do not fit.
AGENCY_SHORT = {"reuters": "RTRS", "associated press": "AP", "agence france-presse": "AFP",
                "bloomberg": "BBG", "xinhua": "XIN"}


def credit_label(credit: str, size: int = 6) -> str:
    """A credit that fits `size` cells: as given if it fits, the agency's short name, else
    its initials (`The Springfield Courier` -> `SC`), else cut."""
    if cell_len(credit) <= size:
        return credit
    if short := AGENCY_SHORT.get(credit.lower()):
        return short
    words = [word for word in credit.split() if word.lower() not in ("the", "of", "and")]
    initials = "".join(word[0].upper() for word in words if word[:1].isalnum())
    return initials if 1 < len(initials) <= size else credit


def flags(row: Row, marked: bool) -> str:
    """The flags column, each flag in its own place so the editor reads it like `ls -l`:
    `!` a warning, `▲1`-`▲3` urgent (1 a flash), `u` updated (a version arrived since the
    editor looked or approved), `*` marked."""
    urgency = row.get("urgency")
    return "".join(("!" if row.get("warning_count") else " ",
                    f"{URGENT_MARK}{urgency}" if is_urgent(urgency) else "  ",
                    "u" if row.get("updated") else " ",
                    "*" if marked else " "))


def version_marks(row: Row) -> str:
    """What leads a headline in the queue: the version count (`v3`) and the copies merged
    (`+2 copies`). Urgent and updated are flags (their own column), not said twice."""
    marks = []
    if (row.get("versions") or 1) > 1:
        marks.append(f"v{row['versions']}")
    if row.get("copies"):
        marks.append(f"+{row['copies']} {'copy' if row['copies'] == 1 else 'copies'}")
    return " ".join(marks) + " " if marks else ""


def thumb_cells(bar: ScrollBar, position: float) -> tuple[int, int] | None:
    """Where a vertical `bar` draws its thumb for scroll `position`, in eighths of a cell
    (Textual's ScrollBarRender.render_bar, as ScrollBar._render_bar calls it); None where
    it draws no thumb."""
    size = bar.size.height
    virtual_size = ceil(bar.window_virtual_size)
    window_size = ceil(bar.window_size if bar.window_size < bar.window_virtual_size else 0)
    if not (window_size and size and virtual_size and size != virtual_size):
        return None
    thumb_size = max(1, window_size / (virtual_size / size))
    start = int((size - thumb_size) * (bar.validate_position(position)
                                       / (virtual_size - window_size)) * 8)
    return start, start + ceil(thumb_size * 8)


class QueueTable(ScrollView, can_focus=True):
    """A virtual table over the store's index rows."""

    BINDINGS = bindings(QUEUE)

    COMPONENT_CLASSES = {
        "queue--header",
        "queue--cursor",
        "queue--new",
        "queue--approved",
        "queue--spiked",
        "queue--exported",
        "queue--warning",
        "queue--dim",
    }

    cursor = reactive(0, always_update=False, repaint=False)
    AGE_EVERY = 60.0  # seconds between repaints for the ages (`3m`, `2h`) to move on

    @dataclass
    class Highlighted(Message):
        """The cursor is on another story (`row` None: the queue is empty)."""

        queue: QueueTable
        row: Row | None

        def can_replace(self, message: Message) -> bool:
            # Only where the cursor is now matters: an approve announces the row it
            # changed, then the cursor's move on; the screen hears of the move alone.
            return isinstance(message, QueueTable.Highlighted) and message.queue is self.queue

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.marked: set[str] = set()  # ids of the stories marked with space
        self.order = ""  # the order the rows are in, as the header says it ("newest first")
        self._lines: LRUCache[tuple, Strip] = LRUCache(256)
        self._header_line: tuple[tuple, Strip] | None = None  # (what it shows, its strip)
        self._painting: tuple[int, Style] | None = None  # (width, style) of this repaint
        self._kept_styles: dict[tuple[str, bool, bool], Style] = {}  # _component_style's

    # -- data ------------------------------------------------------------------------

    @property
    def current(self) -> Row | None:
        return self._row(self.cursor)

    def set_rows(self, rows: list[Row], *, keep: str | None = None,
                 at: int | None = None) -> None:
        """Show `rows`; the cursor stays on story `keep` if present (`at`, where the
        caller knows it is: no search), else on its old index. Only a new story (or a new
        row of it) under the cursor is announced: rows arriving around it are no move."""
        before = self.current
        self.rows = rows
        set_virtual_size(self, Size(self.size.width, len(rows) + 1))
        index = None
        if keep is not None:
            if at is not None and 0 <= at < len(rows) and rows[at]["id"] == keep:
                index = at
            else:
                index = next((i for i, row in enumerate(rows) if row["id"] == keep), None)
        if index is None:
            index = min(self.cursor, max(len(rows) - 1, 0))
        self._move(index, force=True, announce=before is None or self._row(index) is not before)
        self.refresh()

    def set_order(self, order: str) -> None:
        self.order = order
        self.refresh(Region(0, 0, self.size.width, 1))

    def update_row(self, record: Row) -> None:
        """Replace the row for `record["id"]` in place, if it is shown."""
        current = self.current  # most changes are to the story under the cursor
        start = self.cursor if current is not None and current["id"] == record["id"] else 0
        for index in range(start, len(self.rows)):
            if self.rows[index]["id"] == record["id"]:
                self.rows[index] = record
                self._refresh_row(index)
                if index == self.cursor:
                    self.post_message(self.Highlighted(self, record))
                return

    # -- cursor ----------------------------------------------------------------------

    def _row(self, index: int) -> Row | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _move(self, index: int, *, force: bool = False, announce: bool = True) -> None:
        index = max(0, min(index, len(self.rows) - 1))
        if index == self.cursor and not force:
            return
        old = self.cursor
        self.cursor = index
        self._refresh_row(old)
        self._refresh_row(index)
        self._scroll_to_cursor()
        if announce:
            self.post_message(self.Highlighted(self, self.current))

    def move_to(self, index: int) -> None:
        self._move(index)

    def _scroll_to_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)  # the header line does not scroll
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView's own watcher, but the scrollbar is repainted only when its thumb
        # moves: it draws in eighths of a cell, so at 100,000 rows a one-row scroll mostly
        # leaves it as it was, and repainting it cost as much as the rows.
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            if thumb_cells(bar, new_value) == thumb_cells(bar, bar.position):
                bar.set_reactive(ScrollBar.position, bar.validate_position(new_value))
            else:
                bar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

    def _refresh_row(self, index: int) -> None:
        y = index - round(self.scroll_y) + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self.rows) - 1)

    def action_mark(self) -> None:
        """Mark the story (again: unmark it) and move down, as in a mail reader."""
        if (row := self.current) is None:
            return
        self.marked.symmetric_difference_update({row["id"]})
        self._refresh_row(self.cursor)
        self._move(self.cursor + 1)

    def marked_rows(self) -> list[Row]:
        """The marked stories, in queue order (a filter hides none of them)."""
        if not self.marked:  # no pass over 100,000 rows for every decision
            return []
        return [row for row in self.rows if row["id"] in self.marked]

    def clear_marks(self) -> None:
        self.marked.clear()
        self.refresh()

    def next_index(self, matches, *, step: int = 1, start: int | None = None) -> int | None:
        """The index of the next row (by `step`, from after `start`, wrapping round) for
        which `matches(row)` holds; None when none does."""
        count = len(self.rows)
        origin = self.cursor if start is None else start
        for offset in range(1, count + 1):
            index = (origin + step * offset) % count
            if matches(self.rows[index]):
                return index
        return None

    def action_page_down(self) -> None:
        self._move(self.cursor + max(self.size.height - 2, 1))

    def action_page_up(self) -> None:
        self._move(self.cursor - max(self.size.height - 2, 1))

    def on_click(self, event: Click) -> None:
        if event.y >= 1:  # below the header line
            self._move(round(self.scroll_y) + event.y - 1)

    def on_mount(self) -> None:
        self.set_interval(self.AGE_EVERY, self.refresh)

    def on_resize(self) -> None:
        # The rows kept stay good: a row's strip is kept by the width it was drawn at.
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._header_line = None
        self._kept_styles.clear()

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    # -- painting --------------------------------------------------------------------

    @property
    def _width(self) -> int:
        """The width the rows are drawn at: left of the scrollbar, when it is there."""
        return self.scrollable_content_region.width

    def render_lines(self, crop: Region) -> list[Strip]:
        # One width and base style for all the lines of a repaint: each is a walk up the
        # DOM and its styles, and a scroll repaints every visible line.
        self._painting = (self._width, self.rich_style)
        try:
            return super().render_lines(crop)
        finally:
            self._painting = None

    def render_line(self, y: int) -> Strip:
        width, base = self._painting or (self._width, self.rich_style)
        if y == 0:
            return self._header(width, base)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        is_cursor = index == self.cursor
        age = _age(row)  # moves on with the clock: part of the key
        key = (row["id"], row.get("revision"), row.get("status"), row.get("headline"),
               row.get("updated"), width, is_cursor, is_cursor and self.has_focus,
               row["id"] in self.marked, age)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._row_strip(row, width, base, is_cursor, age)
            self._lines[key] = strip
        return strip

    def _component_style(self, name: str, *, partial: bool = False) -> Style:
        """get_component_rich_style, kept until the styles change: Textual's own copy is
        dropped at every refresh, and each row repainted is one (~50 us a lookup)."""
        key = (name, partial, self.has_focus)  # the cursor's style follows focus
        style = self._kept_styles.get(key)
        if style is None:
            style = self._kept_styles[key] = self.get_component_rich_style(name, partial=partial)
        return style

    def _columns(self, width: int) -> list[tuple[str, int, str]]:
        fixed = list(_FIXED if width >= _NARROW else _FIXED[:2])
        taken = sum(w for _, w, _ in fixed + list(_TAIL)) + len(fixed) + len(_TAIL)
        return fixed + [("Headline", max(width - taken, 8), "left")] + list(_TAIL)

    def _header(self, width: int, base: Style) -> Strip:
        shows = (width, base, self.order)
        if self._header_line is None or self._header_line[0] != shows:
            style = base + self._component_style("queue--header")
            cells = [f"{title} · {self.order}" if title == "Headline" and self.order
                     else title for title, _, _ in self._columns(width)]
            self._header_line = (shows, self._strip(cells, width, style, [None] * len(cells)))
        return self._header_line[1]

    def _row_strip(self, row: Row, width: int, base: Style, is_cursor: bool,
                   age: str) -> Strip:
        status = row.get("status", Status.NEW)
        status_style = self._component_style(f"queue--{status}", partial=True)
        dim = self._component_style("queue--dim", partial=True)
        warn = self._component_style("queue--warning", partial=True)
        values = {
            "": STATUS_MARKS.get(status, "?"),
            "Age": age,
            "Credit": credit_label(row.get("credit") or ""),
            "Headline": version_marks(row) + (row.get("headline") or "(no headline)"),
            "Words": str(row.get("word_count") or 0),
            "Flags": flags(row, row["id"] in self.marked),
        }
        cells, styles = [], []
        for position, (title, _, _) in enumerate(self._columns(width)):
            cells.append(values[title])
            if position == 0:
                styles.append(status_style)
            elif title == "Flags":
                styles.append(warn)
            else:
                styles.append(dim if title in ("Age", "Credit") else None)
        style = base
        if status == Status.SPIKED:
            style += status_style
        if is_cursor:
            style += self._component_style("queue--cursor")
        return self._strip(cells, width, style, styles)

    def _strip(self, cells: list[str], width: int, style: Style,
               styles: list[Style | None]) -> Strip:
        # Plain segments: a headline's "[bold]" is data and shows exactly as typed.
        segments = []
        for position, ((_, size, justify), cell, cell_style) in enumerate(
            zip(self._columns(width), cells, styles, strict=True)
        ):
            if position:
                segments.append(Segment(" ", style))
            segments.append(Segment(_fit(cell, size, justify),
                                    style + cell_style if cell_style else style))
        return Strip(segments).crop_extend(0, width, style)

    def line_text(self, index: int) -> str:
        """The plain text of a row as painted at the current width (for tests and search)."""
        row = self.rows[index]
        strip = self._row_strip(row, self._width, Style(), False, _age(row))
        return strip.text

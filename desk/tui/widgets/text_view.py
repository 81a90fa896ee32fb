"""A read-only rich Text drawn with the Line API.

Showing a new story in a Static re-wraps it and relayouts the screen; here the text is
wrapped once per width into lines and only this widget's region repaints, which keeps the
preview's cost to a few milliseconds however long the story.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

# What a line may break between: runs of space, and words, a word ending after a hyphen
# between letters too ("2026-11-29-council-" | "delays-").
_PIECES = re.compile(r"\s+|\S+?(?:(?<=\w-)(?=\w)|(?=\s)|$)")


def wrap_lines(text: Text, width: int) -> list[Text]:
    """`text` in lines of at most `width` cells, broken between words or after a hyphen
    between letters (an export filename is one long hyphenated word), a word longer than a
    line with no hyphen at the width. (Rich's Text.wrap folds any long word mid-word.)"""
    lines: list[Text] = []
    for line in text.split(allow_blank=True):
        if "\t" in line.plain:
            line.expand_tabs()
        for piece in line.divide(_breaks(line.plain, width)):
            piece.rstrip_end(width)  # the space a line ends with may run past the width
            piece.truncate(width, overflow="fold")
            lines.append(piece)
    return lines


def _breaks(line: str, width: int) -> list[int]:
    """Where lines start after the first: greedy, as Rich's own wrapping is."""
    breaks: list[int] = []
    used = 0  # cells on the current line
    for match in _PIECES.finditer(line):
        piece = match.group()
        cells = cell_len(piece)
        if piece[0].isspace():
            used += cells
            continue
        if used and used + cells > width:
            breaks.append(match.start())
            used = 0
        at = match.start()
        for chunk in chop_cells(piece, width)[:-1] if cells > width else ():
            at += len(chunk)  # a word longer than a line, with no hyphen left to break at
            breaks.append(at)
            cells -= cell_len(chunk)
        used += cells
    return breaks


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give a Line-API view a new scrollable size without a screen-wide layout pass.

    Setting `virtual_size` relayouts the whole screen (~20 ms here); the view's own size does
    not change (its scrollbar gutter is stable), so updating the scrollbar in place is
    enough unless the scrollbar appears or goes, which does need the layout.
    """
    if size == view.virtual_size:
        return
    had_scrollbar = view.show_vertical_scrollbar
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)  # Textual 8.2.8: scrollbar window + scroll limits
    view.refresh(layout=view.show_vertical_scrollbar != had_scrollbar)


class TextView(ScrollView):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._title: str | None = None
        self._lines: list[Text] = []
        self._wrapped_at = -1
        self._strips: LRUCache[int, Strip] = LRUCache(256)
        self._base: Style | None = None  # the widget's own style, looked up once a paint

    @property
    def text(self) -> Text:
        return self._text

    def set_title(self, title: str) -> None:
        # Setting border_title repaints the whole widget, even to the same title.
        if title != self._title:
            self._title = title
            self.border_title = title

    def set_text(self, text: Text) -> None:
        self._text = text
        self._wrapped_at = -1
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._wrap()
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_at:
            return
        self._lines = wrap_lines(self._text, width)
        self._wrapped_at = width
        self._strips.clear()
        set_virtual_size(self, Size(width, len(self._lines)))

    def on_resize(self) -> None:
        self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base = None

    def render_line(self, y: int) -> Strip:
        self._wrap()
        width = self._wrapped_at
        index = round(self.scroll_y) + y
        if self._base is None:
            self._base = self.rich_style
        base = self._base
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            line = self._lines[index]
            strip = Strip(line.render(self.app.console)).apply_style(base)
            self._strips[index] = strip
        return strip.crop_extend(0, width, base)

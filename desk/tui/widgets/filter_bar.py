"""The `/` filter's input line; the query language is desk.tui.search."""

from __future__ import annotations

from textual.geometry import Size
from textual.message import Message

from desk.tui.actions import FILTER_BAR, bindings
from desk.tui.widgets.ordered_input import OrderedInput


class FilterBar(OrderedInput):
    """The filter line: the screen filters on every change; enter and escape end it."""

    BINDINGS = bindings(FILTER_BAR)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="filter: words, -word, a OR b, status:approved, tag:syria, @saved",
            id=id)

    class Cleared(Message):
        """Escape: the filter was emptied and the editor is done with it."""

    def action_clear_filter(self) -> None:
        self.done_with_keys()  # keys behind escape are for the queue
        self.value = ""
        self.post_message(self.Cleared())

    def _watch_value(self, value: str) -> None:
        # Input follows its text's width with its virtual size, a change that lays the
        # whole screen out again at every key. This line's size never follows its text
        # (1fr wide, one high): the scroll range is set without a layout.
        self.set_reactive(FilterBar.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

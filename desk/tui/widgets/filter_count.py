"""Beside the filter line: how many stories the query keeps, as it is typed."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

NO_MATCH = "no match"


class FilterCount(Widget):
    """`12 of 4,310`, `no match`, or nothing while the query is empty.

    Its box is as wide as the longest count the desk can show (`4,310 of 4,310`), from
    `/` on, the count right-aligned in it (desk.tcss): a count coming, going or changing
    width as the editor types never lays the screen out again, nor moves the query."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._width = 0

    def show(self, matches: int | None, total: int) -> None:
        """The count of `matches` among `total` stories; None: no query (yet)."""
        width = max(cell_len(NO_MATCH), cell_len(f"{total:,} of {total:,}"))
        if matches is None:
            text = Text()
        else:
            text = Text(NO_MATCH, style="bold red") if matches == 0 else \
                Text(f"{matches:,} of {total:,}")
        if width != self._width:
            self._width = width
            self.refresh(layout=True)
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return self._text

    def get_content_width(self, container, viewport) -> int:
        return self._width

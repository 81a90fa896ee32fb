"""Beside the filter line: how many stories the query keeps, as it is typed."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class FilterCount(Widget):
    """`12 of 4,310`, `no match`, or nothing while the query is empty."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    def show(self, matches: int | None, total: int) -> None:
        if matches is None:
            text = Text()
        elif matches == 0:
            text = Text("no match", style="bold red")
        else:
            text = Text(f"{matches:,} of {total:,}")
        if text != self._text:
            self._text = text
            self.refresh(layout=text.cell_len != self.size.width)

    def render(self) -> Text:
        return self._text

    def get_content_width(self, container, viewport) -> int:
        return self._text.cell_len

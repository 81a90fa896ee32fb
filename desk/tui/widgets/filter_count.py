"""Beside the filter line: how many stories the query keeps, as it is typed."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

NO_MATCH = "no match"
NONE_YET = "none so far"
SO_FAR = " so far"


class FilterCount(Widget):
    """`12 of 4,310`, `no match`, or nothing while the query is empty. While the word
    index is being built, the stories not in it yet cannot match: `12 of 4,310 so far`,
    `none so far`, so a count taken then never reads as the answer.

    Its box is as wide as the longest count the desk can show (`4,310 of 4,310`), from
    `/` on, the count right-aligned in it (desk.tcss): a count coming, going or changing
    width as the editor types never lays the screen out again, nor moves the query."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._width = 0

    def show(self, matches: int | None, total: int, *, partial: bool = False) -> None:
        """The count of `matches` among `total` stories; None: no query (yet). `partial`:
        the index does not hold every story yet."""
        longest = f"{total:,} of {total:,}" + (SO_FAR if partial else "")
        width = max(cell_len(NONE_YET if partial else NO_MATCH), cell_len(longest))
        if matches is None:
            text = Text()
        elif partial:
            text = Text(NONE_YET, style="yellow") if matches == 0 else \
                Text(f"{matches:,} of {total:,}{SO_FAR}")
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

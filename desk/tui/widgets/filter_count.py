"""Beside the filter line: how many stories the query keeps, as it is typed."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

NO_MATCH = "no match"
NONE_YET = "none so far"
SO_FAR = " so far"


class FilterCount(Widget):
    """`12 of 4,310`, `no match`, or nothing while the query is empty. A count taken
    before the desk knows every story never reads as the answer: while the word index
    is being built (a story not in it yet cannot match) it is `12 of 4,310 so far` or
    `none so far`, and while the desk holds only its first page (the rest of the rows
    still loading, their number unknown) `12 so far`.

    Its box is as wide as the longest count the desk can show (`4,310 of 4,310`), from
    `/` on, the count right-aligned in it (desk.tcss): a count coming, going or changing
    width as the editor types never lays the screen out again, nor moves the query."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._width = 0

    def show(self, matches: int | None, total: int, *, partial: bool = False,
             first_page: bool = False) -> None:
        """The count of `matches` among `total` stories; None: no query (yet).
        `partial`: the word index does not hold every story yet; `first_page`: `total`
        is only the stories of the first page."""
        so_far = partial or first_page
        width = max(cell_len(NONE_YET if so_far else NO_MATCH),
                    cell_len(self._count(total, total, so_far, first_page)))
        if matches is None:
            text = Text()
        elif matches == 0:
            text = Text(NONE_YET, style="yellow") if so_far else \
                Text(NO_MATCH, style="bold red")
        else:
            text = Text(self._count(matches, total, so_far, first_page))
        if width != self._width:
            self._width = width
            self.refresh(layout=True)
        if text != self._text:
            self._text = text
            self.refresh()

    @staticmethod
    def _count(matches: int, total: int, so_far: bool, first_page: bool) -> str:
        among = "" if first_page else f" of {total:,}"
        return f"{matches:,}{among}{SO_FAR if so_far else ''}"

    def render(self) -> Text:
        return self._text

    def get_content_width(self, container, viewport) -> int:
        return self._width

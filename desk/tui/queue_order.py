"""The queue's orders (desk.toml `sort`, cycled by `S`): each a stable sort over newest
first, so stories equal by the chosen key stay newest first, then in file order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cmp_to_key
from typing import Any

from desk import model
from desk.model import Row, Status

_STATUS_ORDER = {Status.NEW: 0, Status.APPROVED: 1, Status.EXPORTED: 2, Status.SPIKED: 3}
_LAST = 99

# The key each order sorts by, ascending; "received" is newest_first itself.
_KEYS: dict[str, Callable[[Row], Any]] = {
    "urgency": lambda row: row.get("urgency") or _LAST,  # 1 (flash) first, none last
    "credit": lambda row: ((row.get("credit") or "").casefold() or "\uffff"),  # none last
    "length": lambda row: -(row.get("word_count") or 0),  # longest first
    "status": lambda row: _STATUS_ORDER.get(row.get("status") or Status.NEW, _LAST),
}

# What the queue's header says of each order.
SORT_LABELS = {"received": "newest first", "urgency": "most urgent first",
               "credit": "by credit", "length": "longest first", "status": "new first"}


def ordered(rows: Iterable[Row], sort: str, *, urgent_first: bool) -> list[Row]:
    """`rows` in the queue's order `sort`; with `urgent_first`, new urgent stories lead."""
    result = model.newest_first(rows)
    if sort in _KEYS:
        result.sort(key=_KEYS[sort])
    return model.urgent_first(result) if urgent_first else result


def placing(sort: str, *, urgent_first: bool) -> Callable[[Row], Any]:
    """A key that places a row where `ordered` puts it, for bisect.insort into a queue in
    that order: an inbox batch joins the queue without sorting every row again."""
    parts: list[tuple[Callable[[Row], Any], bool]] = []  # (key, descending)
    if urgent_first:
        parts.append((model.urgent_rank, False))
    if sort in _KEYS:
        parts.append((_KEYS[sort], False))
    parts += [(lambda row: row.get("received") or "", True),
              (lambda row: (row.get("source") or "", row["id"]), False)]

    def compare(first: Row, second: Row) -> int:
        for key, descending in parts:
            a, b = key(first), key(second)
            if a != b:
                return (a < b) - (a > b) if descending else (a > b) - (a < b)
        return 0

    return cmp_to_key(compare)

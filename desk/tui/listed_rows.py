"""A list of queue rows as the filter keeps it, for array operations over the word index's
answers (desk.tui.search): which rows an answer holds is a search of one sorted array in
another, with no pass over the rows in Python.

The keys are those of the list as it was handed over: the desk changes a row in place
(the same story), but moves rows in a new list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desk.model import Row
from desk.store.words import keys_of


@dataclass(frozen=True)
class ListedRows:
    """The rows, their keys (desk.store.words.key_of) in the rows' order, and those keys
    sorted with the order sorting them."""

    rows: Sequence[Row]
    keys: np.ndarray
    order: np.ndarray  # keys[order] == sorted_keys
    sorted_keys: np.ndarray

    @classmethod
    def of(cls, rows: Sequence[Row]) -> ListedRows:
        keys = keys_of(row["id"] for row in rows)
        order = np.argsort(keys, kind="stable")
        return cls(rows, keys, order, keys[order])

    def among(self, found: np.ndarray) -> np.ndarray:
        """A mask over the rows: which of them are in `found` (ascending keys)."""
        mask = np.zeros(len(self.keys), dtype=bool)
        if len(found) and len(self.keys):
            at = np.searchsorted(self.sorted_keys, found)
            at[at == len(self.keys)] = 0
            there = self.sorted_keys[at] == found
            mask[self.order[at[there]]] = True
        return mask

    def part(self, mask: np.ndarray) -> ListedRows:
        """The rows `mask` keeps (as they are now), in their order, keys and sorting
        carried over."""
        positions = np.flatnonzero(mask)
        in_sorted = mask[self.order]
        place = np.cumsum(mask) - 1  # a kept row's position among the kept
        return ListedRows(list(map(self.rows.__getitem__, positions.tolist())),
                          self.keys[positions], place[self.order[in_sorted]],
                          self.sorted_keys[in_sorted])

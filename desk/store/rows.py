"""The queue's index rows in memory: one small slotted object per story.

At 100,000 stories a dict per row (with the list the index parsed it from beside it) cost
about 1.1 KB before any string. An IndexRow is 232 bytes, and the strings many rows share
(status, credit, dateline, who changed the story and when, tag names) are interned so each
is held once; a headline nobody edited and suggested tags nobody changed are the same
objects as the originals.

An IndexRow reads like the model.Row it stands for (`row["id"]`, `row.get("urgency")`,
`{**row}`); hot loops over every row read attributes (`row.id`), which cost a third as
much. Rows are read-only: a change in the store brings a new row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import make_dataclass
from operator import attrgetter
from sys import intern

from desk.store.records import INDEX_FIELDS


def _get(self, field: str, default=None):
    return getattr(self, field, default)


def _iter(self) -> Iterator[str]:
    return iter(INDEX_FIELDS)


def _len(self) -> int:
    return len(INDEX_FIELDS)


def _contains(self, field: object) -> bool:
    return field in INDEX_FIELDS


def _keys(self) -> tuple[str, ...]:
    return INDEX_FIELDS


def _items(self) -> Iterator[tuple[str, object]]:
    return zip(INDEX_FIELDS, row_values(self), strict=True)


def _eq(self, other: object) -> bool:
    if isinstance(other, IndexRow):
        return row_values(self) == row_values(other)
    if isinstance(other, Mapping):
        return dict(_items(self)) == dict(other.items())
    return NotImplemented


def _repr(self) -> str:
    return f"IndexRow({dict(_items(self))!r})"


# A generated __init__ sets the slots from positional values at C-like speed (no loop of
# setattr), which matters when 100,000 rows are built at once.
IndexRow = make_dataclass(
    "IndexRow", INDEX_FIELDS, slots=True, eq=False, repr=False,
    namespace={
        # row["id"] is an attribute lookup done in C: no Python frame per field read.
        "__getitem__": object.__getattribute__,
        "get": _get, "__iter__": _iter, "__len__": _len, "__contains__": _contains,
        "keys": _keys, "items": _items, "__eq__": _eq, "__hash__": None, "__repr__": _repr,
        "__module__": __name__,
        "__doc__": "One story's index row (model.Row's fields), compact and read-only.",
    })
Mapping.register(IndexRow)

# The row's values in INDEX_FIELDS order, as a tuple (for saving it).
row_values = attrgetter(*INDEX_FIELDS)

_AT = {field: at for at, field in enumerate(INDEX_FIELDS)}
_SHARED = tuple(_AT[field] for field in ("status", "credit", "dateline", "updated_at",
                                         "updated_by"))
_HEADLINE, _ORIGINAL = _AT["headline"], _AT["original_headline"]
_TAGS, _SUGGESTED = _AT["tags"], _AT["suggested_tags"]


def index_row(values: list) -> IndexRow:
    """An IndexRow from a row's values in INDEX_FIELDS order (a list it may reuse)."""
    for at in _SHARED:
        if type(values[at]) is str:
            values[at] = intern(values[at])
    if values[_ORIGINAL] == values[_HEADLINE]:
        values[_ORIGINAL] = values[_HEADLINE]
    tags = values[_TAGS] = _tags(values[_TAGS])
    values[_SUGGESTED] = tags if values[_SUGGESTED] == tags else _tags(values[_SUGGESTED])
    return IndexRow(*values)


def _tags(tags):
    return [intern(tag) for tag in tags] if isinstance(tags, list) else tags

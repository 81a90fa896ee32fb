"""The `/` filter's query language over the queue's index rows. Headless: the desk
screen parses each keystroke's query here and filters the rows in memory.

`Idlib putin` keeps stories whose headline, tags or body hold every word; `status:approved`,
`tag:syria`, `credit:afp`, `dateline:ankara`, `is:warning`, `is:updated`, `urgency:<=3`
(and `urgent`, the same) narrow by field. Quoted words
("seriously concerned") match as a phrase. Bodies come from a lowercase text cache the desk
fills in the background, so a keystroke scans memory, never files.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass

from desk.model import URGENT_UP_TO, Row, is_urgent

FIELDS = ("status", "tag", "credit", "dateline", "is", "urgency")
URGENT = ("urgency", f"<={URGENT_UP_TO}")  # the bare word `urgent`
_IS = {"warning": lambda row: bool(row.get("warning_count")),
       "updated": lambda row: bool(row.get("updated")),
       "urgent": lambda row: is_urgent(row.get("urgency"))}


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.fields)

    def narrows(self, other: Query) -> bool:
        """True when every story this query keeps, `other` kept too, so filtering may start
        from `other`'s result: each of its words lies inside one of ours, each of its field
        values begins one of ours."""
        return all(any(old in new for new in self.words) for old in other.words) and all(
            any(name == old_name and (value == old_value or name != "urgency"
                                      and value.startswith(old_value))
                for name, value in self.fields)
            for old_name, old_value in other.fields)


def _field_matches(row: Row, name: str, value: str) -> bool:
    if name == "status":
        return (row.get("status") or "").startswith(value)
    if name == "tag":
        return any(value in tag for tag in row.get("tags") or ())
    if name == "is":  # is:warning, and every prefix of one typed on the way
        return any(test(row) for word, test in _IS.items() if word.startswith(value))
    if name == "urgency":
        return _urgency_matches(row.get("urgency"), value)
    return value in (row.get(name) or "").lower()


def _urgency_matches(urgency: int | None, value: str) -> bool:
    """`urgency:2`, `urgency:<=3`, `urgency:<3`, `urgency:>=5`; half typed: no constraint."""
    operator = value.rstrip("0123456789")
    number = value[len(operator):]
    if not number or operator not in ("", "<=", "<", ">=", ">", "="):
        return True
    if urgency is None:
        return False
    limit = int(number)
    return {"": urgency == limit, "=": urgency == limit, "<=": urgency <= limit,
            "<": urgency < limit, ">=": urgency >= limit, ">": urgency > limit}[operator]


def parse_query(text: str) -> Query:
    try:
        tokens = shlex.split(text.lower())
    except ValueError:  # an unclosed quote while typing: treat it as plain words
        tokens = text.lower().replace('"', " ").split()
    words, fields = [], []
    for token in tokens:
        name, colon, value = token.partition(":")
        if token == "urgent":
            fields.append(URGENT)
        elif colon and name in FIELDS and value:
            fields.append((name, value))
        elif colon and name in FIELDS:
            continue  # `status:` still being typed: no constraint yet
        else:
            words.append(token)
    return Query(tuple(words), tuple(fields))


class SearchText:
    """Each story's lowercase body (from the desk's background indexer) and headline + tags
    (rebuilt when the row's revision moves). A keystroke only runs substring tests over
    memory: about 20 ms for 30 MB of copy at 10,000 stories, less as the query narrows."""

    def __init__(self) -> None:
        self.bodies: dict[str, str] = {}
        self._heads: dict[str, tuple[object, str]] = {}

    def add_bodies(self, bodies: Mapping[str, str]) -> None:
        self.bodies.update((story_id, body.lower()) for story_id, body in bodies.items())

    def head(self, row: Row) -> str:
        cached = self._heads.get(row["id"])
        if cached is None or cached[0] != row.get("revision"):
            text = f"{row.get('headline') or ''}\n{' '.join(row.get('tags') or ())}".lower()
            cached = self._heads[row["id"]] = (row.get("revision"), text)
        return cached[1]

    def filter(self, rows: list[Row], query: Query) -> list[Row]:
        if not query:
            return rows
        if query.fields:
            fields = query.fields
            rows = [row for row in rows
                    if all(_field_matches(row, name, value) for name, value in fields)]
        if not query.words:
            return rows
        # The hot loop (every keystroke, 10,000 rows): no method calls beyond `in`.
        head, body, words = self.head, self.bodies.get, query.words
        if len(words) == 1:
            word = words[0]
            return [row for row in rows
                    if word in head(row) or word in body(row["id"], "")]
        return [row for row in rows if all(
            word in head(row) or word in body(row["id"], "") for word in words)]

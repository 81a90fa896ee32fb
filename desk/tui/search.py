"""The `/` filter's query language, and the filter applying it to the queue's rows.
Headless: the desk screen parses each keystroke's query here.

`idlib putin` keeps stories whose headline, tags, body, credit or dateline hold a word
starting with each word typed (so the filter narrows as you type); `"seriously
concerned"` is a phrase; `-word` leaves out the stories with it; `OR` between two terms
keeps stories with either (`putin OR erdogan status:new`: either name, and new). Fields
narrow the same way, a word of theirs starting with the value: `status:approved` (new,
approved, spiked, exported), `tag:syria`, `credit:afp`, `dateline:ankara`, `is:warning`,
`is:updated`, `urgency:<=3` (and `urgent`, the same). `@name` is a saved filter of
desk.toml's `[filters]`. A term that cannot mean anything (`status:aproved`) is named in
`Query.problems` and constrains nothing.

Words and fields alike are looked up in the word index (desk.store.words), which keeps
the fields beside each story's words: a query is one FTS5 expression.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desk.model import URGENT_UP_TO, Row, Status
from desk.store.words import EVERY, TEXT, WordIndex, prefix_term

if TYPE_CHECKING:  # numpy is imported where used: the desk's first frame needs none of it
    import numpy as np

    from desk.tui.listed_rows import ListedRows

FIELDS = ("status", "tag", "credit", "dateline", "is", "urgency")
STATUSES = tuple(status.value for status in Status)
STATES = ("warning", "updated", "urgent")  # is:... (the index's flags)
_URGENCY = re.compile(r"(<=|>=|<|>|=)?(\d*)")
# A term: a run of non-blanks, where a quoted part may hold blanks (unclosed: to the end).
_TOKEN = re.compile(r'(?:[^\s"]|"[^"]*(?:"|$))+')
_FIELD = re.compile(r"([a-z]+):(.*)", re.IGNORECASE | re.DOTALL)
OR = "OR"


@dataclass(frozen=True)
class Term:
    """One condition: words (`field` ""), or a field's value; `negated` for `-term`."""

    field: str
    value: str
    negated: bool = False

    def implies(self, other: Term) -> bool:
        """Every story this term keeps, `other` keeps too (typing on narrows)."""
        if (self.field, self.negated) != (other.field, other.negated):
            return False
        if self.field == "urgency":
            return self.value == other.value
        if self.negated:  # leaving out fewer words leaves out fewer stories
            return other.value.startswith(self.value)
        return self.value.startswith(other.value)


Clause = tuple[Term, ...]  # a story passes when any of its terms holds


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...] = ()  # a story is kept when every clause holds
    problems: tuple[str, ...] = ()  # terms that mean nothing, one line each

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def narrows(self, other: Query) -> bool:
        """True when every story this query keeps, `other` kept too, so filtering may start
        from `other`'s result: each of its clauses is implied by one of ours."""
        return all(any(_clause_implies(mine, theirs) for mine in self.clauses)
                   for theirs in other.clauses)


def _clause_implies(mine: Clause, theirs: Clause) -> bool:
    return all(any(term.implies(other) for other in theirs) for term in mine)


def parse_query(text: str, saved: Mapping[str, str] | None = None) -> Query:
    """The query typed; `saved` maps the names of saved filters to their queries."""
    return _Parser(saved or {}).parse(text)


@dataclass
class _Parser:
    saved: Mapping[str, str]
    expanding: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)

    def parse(self, text: str) -> Query:
        groups: list[list[Clause]] = []  # each token's clauses; OR joins neighbours
        join_next = False
        for token in _TOKEN.findall(text):
            if token == OR:
                join_next = bool(groups)
                continue
            clauses = self._token(token)
            if clauses is None:
                continue  # nothing yet (`status:`, a lone `-`) or a problem, said
            if join_next and groups[-1] and clauses:
                if len(groups[-1]) == 1 and len(clauses) == 1:
                    groups[-1] = [groups[-1][0] + clauses[0]]
                else:
                    self.problems.append("OR joins single terms, not a saved filter of "
                                         "several")
                    groups.append(clauses)
            else:
                groups.append(clauses)
            join_next = False
        clauses = tuple(clause for group in groups for clause in group)
        return Query(clauses, tuple(dict.fromkeys(self.problems)))

    def _token(self, token: str) -> list[Clause] | None:
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        if body.startswith("@"):
            return self._saved(body[1:], negated)
        if body.lower() == "urgent":
            return [(Term("urgency", f"<={URGENT_UP_TO}", negated),)]
        named = _FIELD.fullmatch(body)
        if named:
            name, value = named.group(1).lower(), _unquote(named.group(2)).lower().strip()
            if name not in FIELDS:
                self.problems.append(f"{body}: no such field ({', '.join(FIELDS)}); in "
                                     "quotes it finds the words")
                return None
            if not value:
                return None  # still being typed: no constraint yet
            problem = _field_problem(name, value)
            if problem:
                self.problems.append(f"{name}:{value}: {problem}")
                return None
            if name == "urgency" and not _URGENCY.fullmatch(value).group(2):
                return None  # `urgency:<` still being typed
            if name != "urgency" and prefix_term(value) is None:
                return None  # `tag:-`: no word to look for
            return [(Term(name, value, negated),)]
        words = " ".join(_unquote(body).lower().split())
        if prefix_term(words) is None:
            return None  # a lone `-`, or only punctuation: no word to look up
        return [(Term("", words, negated),)]

    def _saved(self, name: str, negated: bool) -> list[Clause] | None:
        name = name.lower()
        if not name:
            return None  # being typed
        if name not in self.saved:
            known = ", ".join(self.saved) or "none in desk.toml [filters]"
            self.problems.append(f"@{name}: no saved filter of that name ({known})")
            return None
        if name in self.expanding:
            self.problems.append(f"@{name}: a saved filter cannot use itself")
            return None
        inner = _Parser(self.saved, (*self.expanding, name), self.problems)
        clauses = list(inner.parse(self.saved[name]).clauses)
        if negated and len(clauses) == 1:  # -@x: none of its terms
            return [(Term(term.field, term.value, not term.negated),) for term in clauses[0]]
        if negated:
            self.problems.append(f"-@{name}: only a saved filter of one clause can be left out")
            return None
        return clauses


def _unquote(text: str) -> str:
    return text.replace('"', " ").strip() if '"' in text else text


def _field_problem(name: str, value: str) -> str:
    """Why a field's value can match nothing, ever ("" when it can)."""
    if name == "status" and not any(status.startswith(value) for status in STATUSES):
        return f"no such status ({', '.join(STATUSES)})"
    if name == "is" and not any(word.startswith(value) for word in STATES):
        return f"no such state ({', '.join(STATES)})"
    if name == "urgency" and not _URGENCY.fullmatch(value):
        return "not an urgency (a number 1-8, <=3, >5 ...)"
    return ""


def fts_expression(query: Query) -> str | None:
    """The query as one FTS5 expression over the word index (None: no clause): clauses
    ANDed, each the OR of its terms, a clause of one left-out term as a NOT."""
    wanted, unwanted = [], []
    for clause in query.clauses:
        if len(clause) == 1 and clause[0].negated:
            unwanted.append(_fts_term(clause[0]))
        else:
            wanted.append("(" + " OR ".join(
                f"({EVERY} NOT {_fts_term(term)})" if term.negated else _fts_term(term)
                for term in clause) + ")")
    if not wanted and not unwanted:
        return None
    expression = " AND ".join(wanted) if wanted else EVERY
    return f"({expression}) NOT ({' OR '.join(unwanted)})" if unwanted else expression


_COLUMN = {"tag": "tags", "is": "flags"}  # the index's column of a field, where renamed
_COMPARE = {None: int.__eq__, "=": int.__eq__, "<=": int.__le__, "<": int.__lt__,
            ">=": int.__ge__, ">": int.__gt__}
URGENCIES = range(10)  # IPTC urgency 1 (flash) to 8 (lowest); 0 and 9 for what else comes


def _fts_term(term: Term) -> str:
    if term.field == "urgency":
        operator, number = _URGENCY.fullmatch(term.value).groups()
        levels = [str(level) for level in URGENCIES if _COMPARE[operator](level, int(number))]
        return f"urgency : ({' OR '.join(levels) or 'none'})"
    return prefix_term(term.value, _COLUMN.get(term.field, term.field) if term.field
                       else TEXT)


class RowFilter:
    """Applies a Query to a list of queue rows: one FTS5 lookup in the word index, then
    array operations mapping the stories found to the rows' positions. The rows' keys
    (desk.store.words.key_of), sorted, are kept for the desk's full list and its latest
    results, so a keystroke never passes over every story in Python."""

    KEPT_LISTS = 4

    def __init__(self, words: WordIndex) -> None:
        self.words = words
        self._base: ListedRows | None = None  # the desk's full list, kept while results come
        self._results: list[ListedRows] = []  # the latest first

    def filter(self, rows: list[Row], query: Query) -> list[Row]:
        """The rows `query` keeps, in their order (`rows` itself when it keeps them all)."""
        expression = fts_expression(query)
        if expression is None:
            return rows
        listed = self._listed(rows)
        hits = self._hits(expression, listed)
        if hits is None or hits.all():
            return rows
        kept = listed.part(hits)
        self._results = [kept, *self._results[: self.KEPT_LISTS - 1]]  # typing on
        return kept.rows

    def narrow(self, rows: list[Row], query: Query, previous: Query) -> list[Row]:
        """The rows `query` keeps among `rows`, those `previous` kept, where `query`
        narrows `previous`.

        Among few rows the whole query is one lookup (FTS5 intersects its terms, the
        narrowest leading). Among most of the desk, a lookup costs what its words match,
        so only what `previous` did not ask is looked up: a clause it had holds for every
        row already, and so does a word typed on when the index holds no word starting as
        typed before but not as typed now (`ahm` after `ah`, when `ahmed` is the only
        such word; `status:ne` after `status:n`): typing on within a common word looks
        nothing up."""
        fresh = tuple(clause for clause in query.clauses if clause not in previous.clauses)
        if not fresh:
            return rows
        if 2 * len(rows) <= self.words.count():
            return self.filter(rows, query)
        return self.filter(rows, Query(tuple(clause for clause in fresh if not any(
            self._same_stories(clause, before) for before in previous.clauses))))

    def _same_stories(self, clause: Clause, before: Clause) -> bool:
        return len(clause) == len(before) and all(
            map(self._same_term_stories, clause, before))

    def _same_term_stories(self, term: Term, before: Term) -> bool:
        if term == before:
            return True
        if (term.field, term.negated) != (before.field, before.negated) or \
                term.field == "urgency":
            return False
        if term.field in _CLOSED:  # the index holds no other values there
            return _starting(_CLOSED[term.field], term.value) == \
                _starting(_CLOSED[term.field], before.value)
        short, long = sorted((term.value, before.value), key=len)
        # One word of plain letters and digits is one token, spelt in the index as typed.
        if not long.startswith(short) or not _PLAIN_WORD.fullmatch(long):
            return False
        return not (self.words.holds_word_between(short, long)
                    or self.words.holds_word_between(_past(long), _past(short)))

    def _hits(self, expression: str, listed: ListedRows) -> np.ndarray | None:
        """A mask over `listed`'s rows: the stories the index matches for `expression`
        (None: every one).

        Handing 100,000 keys over costs more than the lookup, so when most stories may
        match (the first letter of a word) they are counted first: all of them is the
        answer at once; most of them, the few others are fetched instead. Rows the index
        does not hold yet (while it is built) pass then: they cannot be told apart. Typing
        on within a result of few rows, its keys are fetched straight away."""
        indexed = self.words.count()
        if 2 * len(listed.keys) > indexed:
            found = self.words.count(expression)
            if found >= indexed:
                return None
            if 2 * found > indexed:
                return ~listed.among(self.words.match(f"{EVERY} NOT ({expression})"))
        return listed.among(self.words.match(expression))

    def prepare(self, rows: list[Row]) -> None:
        """Make what filtering `rows` needs before a query comes (the screen's idle
        moment after `/`): the first key then costs what the others do."""
        self._listed(rows)

    def _listed(self, rows: Sequence[Row]) -> ListedRows:
        for listed in (self._base, *self._results):
            if listed is not None and listed.rows is rows and len(listed.keys) == len(rows):
                return listed
        from desk.tui.listed_rows import ListedRows  # numpy: not before the first frame

        # A list of the desk's own (every row, in its order): kept until the next one.
        self._base = ListedRows.of(rows)
        return self._base


_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_CLOSED = {"status": STATUSES, "is": STATES}  # fields whose every value is known


def _starting(values: tuple[str, ...], prefix: str) -> set[str]:
    return {value for value in values if value.startswith(prefix)}


def _past(prefix: str) -> str:
    """The first string after every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)

"""The `/` filter's query language, and the filter applying it to the queue's rows.
Headless: the desk screen parses each keystroke's query here.

`idlib putin` keeps stories whose headline, tags or body hold a word starting with each
word typed (so the filter narrows as you type); `"seriously concerned"` is a phrase;
`-word` leaves out the stories with it; `OR` between two terms keeps stories with either
(`putin OR erdogan status:new`: either name, and new). Fields narrow by what the queue
knows: `status:approved` (new, approved, spiked, exported; a prefix will do), `tag:syria`,
`credit:afp`, `dateline:ankara`, `is:warning`, `is:updated`, `urgency:<=3` (and `urgent`,
the same). `@name` is a saved filter of desk.toml's `[filters]`. A term that cannot mean
anything (`status:aproved`) is named in `Query.problems` and constrains nothing.

Words are looked up in the word index (desk.store.words); fields are tested on the rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from desk.model import URGENT_UP_TO, Row, Status, is_urgent
from desk.store.words import WordIndex, keys_of, prefix_term

FIELDS = ("status", "tag", "credit", "dateline", "is", "urgency")
STATUSES = tuple(status.value for status in Status)
_IS = {"warning": lambda row: bool(row.get("warning_count")),
       "updated": lambda row: bool(row.get("updated")),
       "urgent": lambda row: is_urgent(row.get("urgency"))}
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
    if name == "is" and not any(word.startswith(value) for word in _IS):
        return f"no such state ({', '.join(_IS)})"
    if name == "urgency" and not _URGENCY.fullmatch(value):
        return "not an urgency (a number 1-8, <=3, >5 ...)"
    return ""


def field_test(term: Term) -> Callable[[Row], bool]:
    """A test of whether a row has the field value `term` asks for (its negation aside),
    made once per keystroke: it runs on up to every row."""
    name, value = term.field, term.value
    if name == "status":
        statuses = {status for status in STATUSES if status.startswith(value)}
        return lambda row: (row.get("status") or Status.NEW.value) in statuses
    if name == "tag":
        return lambda row: any(value in tag for tag in row.get("tags") or ())
    if name == "is":  # is:warning, and every prefix of one typed on the way
        tests = [test for word, test in _IS.items() if word.startswith(value)]
        return lambda row: any(test(row) for test in tests)
    if name == "urgency":
        return _urgency_test(value)
    return lambda row: value in (row.get(name) or "").lower()


def _urgency_test(value: str) -> Callable[[Row], bool]:
    """`urgency:2`, `urgency:<=3`, `urgency:<3`, `urgency:>=5` (no urgency: no match)."""
    operator, number = _URGENCY.fullmatch(value).groups()
    limit = int(number)
    compare = {None: int.__eq__, "=": int.__eq__, "<=": int.__le__, "<": int.__lt__,
               ">=": int.__ge__, ">": int.__gt__}[operator]
    return lambda row: row.get("urgency") is not None and compare(row["urgency"], limit)


class RowFilter:
    """Applies a Query to a list of queue rows: words through the word index, in one FTS5
    lookup; fields tested on the rows the words left. The rows' index keys (one array per
    list of rows) are kept for the lists it saw last, so typing on costs a lookup and array
    operations, never a pass over every story's text."""

    KEPT_LISTS = 4

    def __init__(self, words: WordIndex) -> None:
        self.words = words
        self._base: tuple[Sequence[Row], np.ndarray] = ((), np.empty(0, dtype=np.int64))
        self._keys: list[tuple[Sequence[Row], np.ndarray]] = []  # results, the latest first

    def filter(self, rows: list[Row], query: Query) -> list[Row]:
        """The rows `query` keeps, in their order (`rows` itself for no query)."""
        if not query:
            return rows
        keys = self._keys_of(rows)
        positions = self._word_matches(query, keys)
        tested = [clause for clause in query.clauses if not _one_lookup(clause)]
        if tested:
            positions = self._tested(rows, keys, tested, positions)
        if positions is None or len(positions) == len(rows):
            shown, kept = list(rows), keys
        else:
            shown, kept = [rows[index] for index in positions.tolist()], keys[positions]
        self._remember(shown, kept)  # typing on filters within it: its keys are known
        return shown

    def _word_matches(self, query: Query, keys: np.ndarray) -> np.ndarray | None:
        """Positions of the rows matching every clause of words alone (None: no such
        clause), in one FTS5 expression: (a OR b) AND c NOT d NOT e."""
        wanted, unwanted = [], []
        for clause in filter(_one_lookup, query.clauses):
            terms = " OR ".join(prefix_term(term.value) for term in clause)
            (unwanted if clause[0].negated else wanted).append(f"({terms})")
        if not wanted and not unwanted:
            return None
        if not wanted:
            return np.flatnonzero(~self._hits(" OR ".join(unwanted), keys))
        expression = " AND ".join(wanted)
        if unwanted:
            expression = f"({expression}) NOT ({' OR '.join(unwanted)})"
        return np.flatnonzero(self._hits(expression, keys))

    def _tested(self, rows: Sequence[Row], keys: np.ndarray, clauses: list[Clause],
                positions: np.ndarray | None) -> np.ndarray:
        """Of `positions` (None: all), those whose rows pass every clause tested row by
        row: fields, and words inside a clause with a field or a negation (`a OR -b`)."""
        kept = range(len(rows)) if positions is None else positions.tolist()
        for clause in clauses:
            tests = [self._test(term, rows, keys) for term in clause]
            if len(tests) == 1:
                test = tests[0]
                kept = [index for index in kept if test(index)]
            else:
                kept = [index for index in kept if any(test(index) for test in tests)]
        return np.asarray(kept, dtype=np.intp)

    def _test(self, term: Term, rows: Sequence[Row], keys: np.ndarray
              ) -> Callable[[int], bool]:
        """Does the row at a position pass `term`?"""
        if not term.field:
            hits = self._hits(prefix_term(term.value), keys)
            return (lambda index: not hits[index]) if term.negated else hits.__getitem__
        test = field_test(term)
        if term.negated:
            return lambda index: not test(rows[index])
        return lambda index: test(rows[index])

    def _hits(self, expression: str, keys: np.ndarray) -> np.ndarray:
        """A mask over `keys`: which of them the word index matches for `expression`."""
        found = self.words.match(expression)  # ascending
        if not len(found):
            return np.zeros(len(keys), dtype=bool)
        at = np.searchsorted(found, keys)
        at[at == len(found)] = 0
        return found[at] == keys

    def _keys_of(self, rows: Sequence[Row]) -> np.ndarray:
        for seen, keys in (self._base, *self._keys):
            if seen is rows and len(keys) == len(rows):
                return keys
        # A list of the desk's own (every row, in its order): kept until the next one.
        self._base = (rows, keys_of(row["id"] for row in rows))
        return self._base[1]

    def _remember(self, rows: Sequence[Row], keys: np.ndarray) -> None:
        self._keys = [(rows, keys), *self._keys[: self.KEPT_LISTS - 1]]


def _one_lookup(clause: Clause) -> bool:
    """Words only, and either one negated word or none: one part of an FTS5 expression."""
    return all(not term.field for term in clause) and (
        len(clause) == 1 or not any(term.negated for term in clause))

"""The `/` query language: parsing, matching, problems named, saved filters, and the
narrowing shortcut staying exact."""

from __future__ import annotations

import pytest

from desk.store.words import EVERY, Entry, WordIndex
from desk.tui.search import RowFilter, parse_query

ROWS = [
    {"id": "a", "revision": 1, "status": "new", "headline": "Erdogan urges Putin",
     "tags": ["idlib", "syria"], "credit": "AFP", "dateline": "ANKARA", "warning_count": 0},
    {"id": "b", "revision": 1, "status": "approved", "headline": "[UPDATE] Markets fall",
     "tags": ["markets"], "credit": "Reuters", "dateline": "PARIS", "warning_count": 1},
    {"id": "c", "revision": 2, "status": "spiked", "headline": "Harbour strike ends",
     "tags": [], "credit": "AP", "dateline": "OSLO", "warning_count": 0},
    {"id": "d", "revision": 3, "status": "exported", "headline": "Oil price rises",
     "tags": ["markets", "oil"], "credit": "AFP", "dateline": "LONDON", "warning_count": 0},
]
BODIES = {"a": "Putin was “seriously concerned”, the Kremlin said.",
          "b": "Shares fell as oil rose.", "c": "Dock workers went back.",
          "d": "Brent crude rose on Tuesday."}
SAVED = {"syria": "tag:syria OR idlib", "money": "tag:markets -brent", "loop": "@loop putin"}


def row_filter(rows=ROWS, bodies=BODIES) -> RowFilter:
    words = WordIndex(None)
    words.add(Entry.of_record({**row, "copy": {"paragraphs": [bodies.get(row["id"], "")]}})
              for row in rows)
    return RowFilter(words)


def ids(query: str, saved=SAVED) -> list[str]:
    return [row["id"] for row in row_filter().filter(ROWS, parse_query(query, saved))]


def problems(query: str) -> tuple[str, ...]:
    return parse_query(query, SAVED).problems


def test_words_fields_and_phrases():
    assert ids("") == ["a", "b", "c", "d"]
    assert ids("putin") == ["a"]
    assert ids("KREMLIN") == ["a"]  # body, any case
    assert ids("[update]") == ["b"]  # brackets are plain text
    assert ids('"seriously concerned"') == ["a"]
    assert ids('"concerned seriously"') == []
    assert ids("status:approved") == ["b"]
    assert ids("status:ap") == ["b"]
    assert ids("status:exported") == ["d"]
    assert ids("tag:syr") == ["a"]
    assert ids("credit:reu fell") == ["b"]
    assert ids("dateline:oslo") == ["c"]
    assert ids("is:warning") == ["b"]
    assert ids("status:") == ["a", "b", "c", "d"]  # still being typed: no constraint yet


def test_a_word_finds_the_dateline_and_credit_the_cleaner_lifted_out_of_the_body():
    """As filed, "OSLO (AP) -" opened the copy: the words the editor saw there still find
    the story once the cleaner has moved them into fields."""
    assert ids("oslo") == ["c"]
    assert ids("ankara putin") == ["a"]
    assert ids("reuters") == ["b"]
    assert ids("-london -paris") == ["a", "c"]


def test_a_word_matches_as_a_prefix_while_it_is_typed():
    assert ids("kreml") == ["a"]
    assert ids("erdo pu") == ["a"]
    assert ids('"seriously conc') == ["a"]  # an unclosed phrase: its last word a prefix
    assert ids("rose") == ["b", "d"]
    assert ids("ros") == ["b", "d"]
    assert ids("ose") == []  # the start of a word, not any part of it


def test_minus_leaves_out_and_or_joins_terms():
    assert ids("-putin") == ["b", "c", "d"]
    assert ids("-putin -markets") == ["c"]
    assert ids("rose -oil") == []
    assert ids("markets -oil") == []  # b's body says oil
    assert ids("putin OR harbour") == ["a", "c"]
    assert ids("putin OR status:spiked") == ["a", "c"]
    assert ids("status:new OR status:spiked") == ["a", "c"]
    assert ids("rose OR putin credit:afp") == ["a", "d"]  # OR binds before the AND
    assert ids("-status:new -status:spiked") == ["b", "d"]
    assert ids("putin OR -markets") == ["a", "c"]
    assert ids("putin or harbour") == []  # a lowercase `or` is a word to find
    assert ids("putin OR") == ["a"]  # the next term still being typed
    assert ids("-") == ["a", "b", "c", "d"]
    assert ids("-urgent") == ["a", "b", "c", "d"]


def test_a_term_that_means_nothing_is_named_and_constrains_nothing():
    assert problems("status:aproved") == (
        "status:aproved: no such status (new, approved, spiked, exported)",)
    assert ids("status:aproved putin") == ["a"]
    assert problems("is:hot") == ("is:hot: no such state (warning, updated, urgent)",)
    assert problems("urgency:high") == (
        "urgency:high: not an urgency (a number 1-8, <=3, >5 ...)",)
    assert problems("stauts:new") == ("stauts:new: no such field (status, tag, credit, "
                                      "dateline, is, urgency); in quotes it finds the words",)
    assert problems('"stauts:new"') == ()
    assert problems("status:a") == problems("is:w") == problems("urgency:<") == ()
    assert problems("@nope") == ("@nope: no saved filter of that name (syria, money, loop)",)
    assert parse_query("@nope").problems == (
        "@nope: no saved filter of that name (none in desk.toml [filters])",)


def test_saved_filters_are_recalled_by_name():
    assert ids("@syria") == ["a"]
    assert ids("@money") == ["b"]
    assert ids("@SYRIA status:new") == ["a"]
    assert problems("@money OR putin") == (
        "OR joins single terms, not a saved filter of several",)
    assert ids("-@syria") == ["b", "c", "d"]
    assert ids("@syria OR harbour") == ["a", "c"]
    assert problems("@loop") == ("@loop: a saved filter cannot use itself",)


@pytest.mark.parametrize("typed", [
    'status:new "seriously c', "putin OR harbour -dock", "-ma", "tag:mar -oil OR rose",
    "status:a OR status:s ros", "urgency:<=3 putin", "@syria OR harb"])
def test_typing_on_narrows_and_the_shortcut_is_exact(typed):
    search = row_filter()
    previous, shown = parse_query(""), ROWS
    for end in range(1, len(typed) + 1):
        query = parse_query(typed[:end], SAVED)
        within = shown if previous and query.narrows(previous) else ROWS
        shown = search.filter(within, query)
        assert shown == search.filter(ROWS, query), typed[:end]
        previous = query
    assert not parse_query("status:").narrows(parse_query("status"))
    assert not parse_query("-putin").narrows(parse_query("-puti"))
    assert parse_query("-puti").narrows(parse_query("-putin"))


def test_urgent_and_updated_terms():
    rows = [{"id": "a", "revision": 1, "status": "new", "headline": "Quake", "tags": [],
             "urgency": 1, "updated": False},
            {"id": "b", "revision": 1, "status": "new", "headline": "Urgent repairs",
             "tags": [], "urgency": 5, "updated": True},
            {"id": "c", "revision": 1, "status": "new", "headline": "Fares", "tags": []}]
    search = row_filter(rows, {})

    def ids(text):
        return [row["id"] for row in search.filter(rows, parse_query(text))]

    assert ids("urgent") == ["a"]  # the term, not the word in a headline
    assert ids("urgency:<=3") == ids("is:urgent") == ["a"]
    assert ids("urgency:5") == ids("urgency:>3") == ["b"]
    assert ids("urgency:<") == ["a", "b", "c"]  # half typed: no constraint yet
    assert ids("is:updated") == ["b"]
    assert ids('"urgent"') == ["b"]  # in quotes: the word
    assert not parse_query("urgency:<=10").narrows(parse_query("urgency:<=1"))


MANY = [{"id": f"{n:016x}", "revision": 1, "status": "new" if n % 7 else "spiked",
         "headline": f"Story {n} {'harbour' if n % 5 else 'markets'}", "tags": [],
         "urgency": n % 9 or None} for n in range(60)]


def test_when_most_stories_match_the_few_others_are_looked_up_instead():
    rows = MANY
    search = row_filter(rows, {})
    for query, test in [
            ("story", lambda row: True), ("harbour", lambda row: "harbour" in row["headline"]),
            ("markets", lambda row: "markets" in row["headline"]),
            ("-markets", lambda row: "markets" not in row["headline"]),
            ("status:new", lambda row: row["status"] == "new"),
            ("harbour -status:spiked", lambda row: "harbour" in row["headline"]
             and row["status"] != "spiked"),
            ("urgency:>2", lambda row: (row["urgency"] or 0) > 2)]:
        assert search.filter(rows, parse_query(query)) == [row for row in rows if test(row)]


def lookups(search: RowFilter, monkeypatch) -> list[str]:
    """The FTS5 expressions `search` looks up in the index from now on (the count of every
    story, which the index keeps, is not a lookup)."""
    asked: list[str] = []
    for name in ("match", "count"):
        original = getattr(search.words, name)

        def spy(expression=EVERY, _original=original):
            if expression != EVERY:
                asked.append(expression)
            return _original(expression)

        monkeypatch.setattr(search.words, name, spy)
    return asked


@pytest.mark.parametrize("typed", [
    'status:new "seriously c', "putin OR harbour -dock", "-ma", "tag:mar -oil OR rose",
    "status:a OR status:s ros", "urgency:<=3 putin", "@syria OR harb", "status:new put sa",
    "erdogan urges putin", "-sh -dock"])
def test_narrowing_as_typed_is_exact(typed):
    search = row_filter()
    previous, shown = parse_query(""), ROWS
    for end in range(1, len(typed) + 1):
        query = parse_query(typed[:end], SAVED)
        if query.narrows(previous):
            shown = search.narrow(shown, query, previous)
        else:
            shown = search.filter(ROWS, query)
        assert shown == search.filter(ROWS, query), typed[:end]
        previous = query


def test_narrowing_looks_up_only_the_terms_the_last_query_had_not(monkeypatch):
    search = row_filter(MANY, {})
    before, query = parse_query("status:new"), parse_query("status:new mark")
    shown, expected = search.filter(MANY, before), search.filter(MANY, query)
    asked = lookups(search, monkeypatch)
    assert search.narrow(shown, query, before) == expected and len(expected) == 10
    assert asked and all("status" not in expression for expression in asked)


def test_a_word_typed_on_that_the_index_holds_no_other_word_for_looks_nothing_up(
        monkeypatch):
    search = row_filter(MANY, {})
    before = parse_query("ha")  # most stories; only `harbour` starts so
    shown = search.filter(MANY, before)
    asked = lookups(search, monkeypatch)
    for end in ("har", "harb", "harbo", "harbour"):
        query = parse_query(end)
        shown = search.narrow(shown, query, before)
        assert len(shown) == 48
        before = query
    assert asked == []
    query = parse_query("harbourx")  # no word starts so: looked up, nothing found
    assert search.narrow(shown, query, before) == []
    assert asked != []


def test_a_word_typed_on_that_leaves_other_words_out_is_looked_up(monkeypatch):
    search = row_filter(MANY, {})
    before = parse_query("s")  # story; and spiked (a status, but a word of the index)
    shown = search.filter(MANY, before)
    asked = lookups(search, monkeypatch)
    assert search.narrow(shown, parse_query("st"), before) == MANY
    assert asked != []


def test_a_status_typed_on_looks_nothing_up_when_it_names_the_same_statuses(monkeypatch):
    """`status:n`, `status:ne`, `status:new`: one status, whatever words start so."""
    rows = [{**row, "headline": row["headline"] + " next"} for row in MANY]
    search = row_filter(rows, {})
    before = parse_query("status:n")
    shown = search.filter(rows, before)
    asked = lookups(search, monkeypatch)
    for end in ("status:ne", "status:new"):
        query = parse_query(end)
        shown = search.narrow(shown, query, before)
        before = query
    assert asked == [] and len(shown) == 51
    assert search.narrow(shown, parse_query("status:new is:u"), before) == [
        row for row in rows if row["status"] == "new" and row["urgency"] in (1, 2, 3)]

"""The `/` query language: parsing, matching, and the narrowing shortcut staying exact."""

from __future__ import annotations

from desk.tui.search import SearchText, parse_query

ROWS = [
    {"id": "a", "revision": 1, "status": "new", "headline": "Erdogan urges Putin",
     "tags": ["idlib", "syria"], "credit": "AFP", "dateline": "ANKARA", "warning_count": 0},
    {"id": "b", "revision": 1, "status": "approved", "headline": "[UPDATE] Markets fall",
     "tags": ["markets"], "credit": "Reuters", "dateline": "PARIS", "warning_count": 1},
    {"id": "c", "revision": 2, "status": "spiked", "headline": "Harbour strike ends",
     "tags": [], "credit": "AP", "dateline": "OSLO", "warning_count": 0},
]
BODIES = {"a": "Putin was “seriously concerned”, the Kremlin said.",
          "b": "Shares fell as oil rose.", "c": "Dock workers went back."}


def ids(query: str) -> list[str]:
    search = SearchText()
    search.add_bodies(BODIES)
    return [row["id"] for row in search.filter(ROWS, parse_query(query))]


def test_words_fields_and_phrases():
    assert ids("") == ["a", "b", "c"]
    assert ids("putin") == ["a"]
    assert ids("KREMLIN") == ["a"]  # body, any case
    assert ids("[update]") == ["b"]  # brackets are plain text
    assert ids('"seriously concerned"') == ["a"]
    assert ids('"concerned seriously"') == []
    assert ids("status:approved") == ["b"]
    assert ids("status:ap") == ["b"]
    assert ids("tag:syr") == ["a"]
    assert ids("credit:reu fell") == ["b"]
    assert ids("dateline:oslo") == ["c"]
    assert ids("is:warning") == ["b"]
    assert ids("status:") == ["a", "b", "c"]  # still being typed: no constraint yet


def test_typing_on_narrows_and_the_shortcut_is_exact():
    search = SearchText()
    search.add_bodies(BODIES)
    typed = 'status:new "seriously c'
    previous, shown = parse_query(""), ROWS
    for end in range(1, len(typed) + 1):
        query = parse_query(typed[:end])
        within = shown if previous and query.narrows(previous) else ROWS
        shown = search.filter(within, query)
        assert shown == search.filter(ROWS, query), typed[:end]
        previous = query
    assert [row["id"] for row in shown] == ["a"]
    assert not parse_query("status:").narrows(parse_query("status"))


def test_urgent_and_updated_terms():
    from desk.tui.search import SearchText, parse_query

    rows = [{"id": "a", "revision": 1, "status": "new", "headline": "Quake", "tags": [],
             "urgency": 1, "updated": False},
            {"id": "b", "revision": 1, "status": "new", "headline": "Urgent repairs",
             "tags": [], "urgency": 5, "updated": True},
            {"id": "c", "revision": 1, "status": "new", "headline": "Fares", "tags": []}]

    def ids(text):
        return [row["id"] for row in SearchText().filter(rows, parse_query(text))]

    assert ids("urgent") == ["a"]  # the term, not the word in a headline
    assert ids("urgency:<=3") == ids("is:urgent") == ["a"]
    assert ids("urgency:5") == ids("urgency:>3") == ["b"]
    assert ids("urgency:<") == ["a", "b", "c"]  # half typed: no constraint yet
    assert ids("is:updated") == ["b"]
    assert not parse_query("urgency:<=10").narrows(parse_query("urgency:<=1"))

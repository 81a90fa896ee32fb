"""The store's JSON (desk.store.files): written fast (orjson) and read back exactly, the
odd values orjson refuses included (they go out as the standard library's escapes)."""

from __future__ import annotations

from pathlib import Path

from desk.store.files import dump_json, parse_json

ODD = {
    "lone surrogate": "before \ud800 after",
    "past 64 bits": 1 << 70,
    "accents and quotes": "“Café”, said Zoë",
    "nested": {"1": [1, 2.5, None, True, "x"]},
}


def test_odd_values_round_trip_exactly():
    for key, value in ODD.items():
        data = dump_json({key: value})
        assert parse_json(Path("part.json"), data) == {key: value}, key


def test_a_store_file_an_older_desk_wrote_in_ascii_escapes_reads_the_same():
    import json

    older = json.dumps(ODD, separators=(",", ":")).encode("ascii")
    assert parse_json(Path("part.json"), older) == ODD

"""Near copies join the group of the earlier story; other stories, even on the same event,
stay apart; exact copies are copies; the index survives a save and a load."""

from __future__ import annotations

import numpy as np
import pytest

from desk.versions import COPY, NEAR, NEW, Match, NearDuplicates, bands, signature, similarity

QUAKE = """Strong quake shakes southern Peru, no damage reported

A magnitude 6.4 earthquake struck southern Peru on Sunday, shaking buildings in the city of \
Arequipa, but there were no immediate reports of damage or casualties, authorities said.

The quake hit at a depth of 70 kilometres, according to the country's geophysical \
institute, which put the epicentre in the mountains north of the city.

"We felt it strongly, the lamps were swinging, but everyone is fine," said Arequipa \
resident Carmen Quispe, speaking by telephone from her shop near the main square.

Peru's civil defence agency said it was checking roads in the mountain districts near the \
epicentre, where landslides often follow strong tremors in the rainy season.

Peru sits on the Pacific Ring of Fire, where a large share of the world's earthquakes \
happen, and the south of the country was last struck by a damaging quake in 2001."""

# The same event, a different story: new reporting, one background paragraph shared.
AFTERSHOCKS = """Aftershocks rattle Arequipa as schools stay shut

Schools in the southern Peruvian city of Arequipa stayed closed on Monday as a series of \
aftershocks followed the magnitude 6.4 earthquake that struck the region a day earlier.

The education ministry said engineers would inspect about 300 school buildings before \
classes resumed, and that lessons lost would be made up in the summer holidays.

"The children are frightened and so are we," said teacher Rosa Mamani, who spent the night \
in a tent outside her home with her two sons.

Peru sits on the Pacific Ring of Fire, where a large share of the world's earthquakes \
happen, and the south of the country was last struck by a damaging quake in 2001."""

HARBOUR = """Harbour strike ends after pay deal

Dock workers in Oslo returned to work on Tuesday after unions accepted a pay offer that \
ends a two-week strike at the city's harbour, the port authority said."""


def changed(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_the_first_story_is_new_and_the_same_text_again_an_exact_copy():
    index = NearDuplicates()
    assert index.add("a", QUAKE) == Match(NEW, "a")
    assert index.add("a", QUAKE) == Match(COPY, "a", "a", 1.0)
    assert len(index) == 1 and "a" in index


def test_a_few_words_changed_is_a_near_copy_of_the_earlier_story():
    index = NearDuplicates()
    index.add("a", QUAKE)
    edited = changed(QUAKE, ("Sunday", "Saturday"), ("70", "65"), ("lamps", "lights"),
                     ("checking", "inspecting"), ("2001", "2007"))
    match = index.add("b", edited)
    assert (match.kind, match.group, match.of) == (NEAR, "a", "a")
    assert match.similarity >= index.threshold
    assert index.group_of("b") == "a"
    assert index.groups() == {"a": ["a", "b"]}


def test_another_headline_or_reordered_paragraphs_is_a_near_copy():
    index = NearDuplicates()
    index.add("a", QUAKE)
    head, *body = paragraphs(QUAKE)
    assert index.add("b", "\n\n".join(["Quake jolts Peru's second city", *body])).kind == NEAR
    assert index.add("c", "\n\n".join([head, *reversed(body)])).group == "a"


def test_paragraphs_dropped_or_added_is_a_near_copy_held_whole():
    index = NearDuplicates()
    index.add("a", QUAKE)
    head, *body = paragraphs(QUAKE)
    shorter = "\n\n".join([head, body[0], body[2]])  # under half the shingles
    match = index.add("b", shorter)
    assert (match.kind, match.group) == (NEAR, "a")
    assert match.similarity < index.threshold  # held whole, not similar enough alone


def test_a_different_story_on_the_same_event_stays_apart():
    index = NearDuplicates()
    index.add("a", QUAKE)
    assert index.add("b", AFTERSHOCKS) == Match(NEW, "b")
    assert index.add("c", HARBOUR) == Match(NEW, "c")
    assert index.groups() == {}


def test_find_says_what_a_text_is_without_holding_it():
    index = NearDuplicates()
    index.add("a", QUAKE)
    assert index.find(changed(QUAKE, ("Sunday", "Monday"))).group == "a"
    assert index.find(HARBOUR).kind == NEW
    assert index.find(QUAKE, "a").kind == COPY
    assert len(index) == 1


def test_a_near_copy_of_a_near_copy_joins_the_first_group():
    index = NearDuplicates()
    index.add("a", QUAKE)
    second = changed(QUAKE, ("Sunday", "Saturday"), ("lamps", "lights"))
    index.add("b", second)
    third = changed(second, ("70", "65"), ("2001", "2007"))
    assert index.add("c", third).group == "a"


def test_similarity_estimates_jaccard():
    assert similarity(signature(QUAKE), signature(QUAKE)) == 1.0
    assert similarity(signature(QUAKE), signature(HARBOUR)) < 0.1
    assert signature(QUAKE).dtype == np.uint32


def test_the_band_index_finds_stories_before_and_after_a_merge(monkeypatch):
    monkeypatch.setattr(bands, "PENDING", 3)
    index = NearDuplicates()
    stories = [f"Story {n} about the harbour at {n} with words {n} {n + 1} {n + 2} and more"
               for n in range(10)]
    for number, text in enumerate(stories):
        index.add(f"s{number}", text)
    assert index.add("copy", QUAKE).kind == NEW
    for number, text in enumerate(stories):  # merged ones and the ones still pending
        assert index.find(text).of == f"s{number}"


def test_saved_and_loaded_the_index_answers_the_same(tmp_path):
    index = NearDuplicates()
    index.add("a", QUAKE)
    index.add("b", AFTERSHOCKS)
    index.add("c", changed(QUAKE, ("Sunday", "Saturday")))
    path = tmp_path / "desk.json.versions.npz"
    index.save(path)
    loaded = NearDuplicates.load(path)
    assert loaded is not None and len(loaded) == 3
    assert loaded.groups() == {"a": ["a", "c"]}
    assert loaded.add("d", changed(QUAKE, ("lamps", "lights"))).group == "a"
    assert loaded.add("b", AFTERSHOCKS).kind == COPY
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("content", [None, b"", b"not a zip file", b"PK\x03\x04broken"])
def test_a_missing_or_damaged_cache_loads_as_none(tmp_path, content):
    path = tmp_path / "desk.json.versions.npz"
    if content is not None:
        path.write_bytes(content)
    assert NearDuplicates.load(path) is None


def test_a_story_can_be_put_in_a_group_by_its_caller():
    index = NearDuplicates()
    index.add("a", QUAKE)
    near = changed(QUAKE, ("Sunday", "Saturday"))
    assert index.find(near).kind == NEAR
    index.hold("b", near, "b")  # near, but kept apart on purpose
    assert index.group_of("b") == "b"
    index.hold("c", HARBOUR, "a")
    assert index.group_of("c") == "a"
    index.hold("d", HARBOUR, "gone")  # a group the index does not hold: its own
    assert index.group_of("d") == "d"
    assert index.find(HARBOUR).of == "c"  # held stories are found like added ones


def test_holding_a_placed_story_looks_up_no_candidates(monkeypatch):
    index = NearDuplicates()
    index.add("a", QUAKE)
    looked_up = []
    real = index._bands.candidates
    monkeypatch.setattr(index._bands, "candidates",
                        lambda keys: looked_up.append(keys) or real(keys))
    index.hold("b", changed(QUAKE, ("Sunday", "Saturday")), "a")
    assert looked_up == []


def test_stories_sharing_a_band_are_all_candidates_pending_and_merged(monkeypatch):
    """Band keys repeat (near copies share bands): every row with a key is a candidate,
    whether the key waits in the pending block or was merged into the sorted array."""
    monkeypatch.setattr(bands, "PENDING", 4)
    index = bands.BandIndex()
    keys = [np.arange(bands.BANDS, dtype=np.uint64) * np.uint64(7) + np.uint64(n)
            for n in range(3)]
    for row, shared in enumerate([0, 0, 1, 0, 2, 0]):  # rows 0, 1, 3 and 5 share keys[0]
        index.add(row, keys[shared])
    assert sorted(index.candidates(keys[0]).tolist()) == [0, 1, 3, 5]
    assert index.candidates(keys[1]).tolist() == [2]
    assert len(index.candidates(keys[2] + np.uint64(10**6))) == 0


def test_a_storys_band_keys_are_made_once_when_it_is_looked_up_then_held(monkeypatch):
    """desk.arrivals finds a story, then holds it: with its keys made with the sketch
    (with_bands, in the reading worker), neither step makes them again, and the answers
    are those of a sketch without them."""
    from desk.versions import groups, sketch, with_bands

    plain, banded = NearDuplicates(), NearDuplicates()
    for index in (plain, banded):
        index.add("a", QUAKE)
    near = changed(QUAKE, ("Sunday", "Saturday"))
    known = with_bands(sketch(near))
    expected = plain.find(near)
    made = []
    monkeypatch.setattr(groups, "band_keys", lambda full: made.append(full))
    assert banded.find("", known=known) == expected != Match(NEW, "")
    banded.hold("b", "", "a", known=known)
    assert made == []
    monkeypatch.undo()
    plain.hold("b", near, "a")
    assert banded.find(HARBOUR) == plain.find(HARBOUR)
    assert banded.group_of("b") == plain.group_of("b") == "a"
    assert with_bands(known) is known  # a sketch with its keys is taken as it is


def test_candidates_are_distinct_and_sorted_as_np_unique_gives_them():
    index = bands.BandIndex()
    keys = np.arange(bands.BANDS, dtype=np.uint64)
    for row in (5, 3, 5, 9, 3):
        index.add(row, keys)
    assert index.candidates(keys).tolist() == np.unique([5, 3, 5, 9, 3]).tolist()


def test_merged_keys_hold_each_row_in_the_order_added(monkeypatch):
    """After a merge the index is every (key, row) added, sorted by key, the rows of one
    key in the order added: for rows past the small ints too (a pending key holds its row
    itself until a second row shares it)."""
    monkeypatch.setattr(bands, "PENDING", 3)
    index = bands.BandIndex()
    added = []
    for row, first in [(1000, 0), (70000, 1), (1000 + 1, 0), (5, 2), (123456, 1)]:
        keys = np.arange(first, first + bands.BANDS, dtype=np.uint64) * np.uint64(3)
        index.add(row, keys)
        added += [(int(key), row) for key in keys]
    assert sorted(index.candidates(np.array([3], np.uint64)).tolist()) == [1000, 1001, 70000,
                                                                         123456]
    keys, rows = index.arrays()
    expected = sorted(added, key=lambda pair: pair[0])  # sorted() is stable
    assert list(zip(keys.tolist(), rows.tolist(), strict=True)) == expected

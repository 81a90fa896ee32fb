"""The BBC gold loader: offsets are checked against the quotation marks, bad ones fail loudly.

A tiny corpus is written to tmp_path; the tests never read ../shared.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

LOADER = Path(__file__).resolve().parents[2] / "bench" / "bbc_gold" / "load.py"
spec = importlib.util.spec_from_file_location("bbc_gold_load", LOADER)
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)

STORY = (
    'Minister quits\n\nThe minister resigned. "I am going," she said. He added: "We will\n\n'
    '"miss her." The so-called "dream team" split.\n'
)


def quote_at(text: str, inner: str, **extra) -> dict:
    start = text.index(inner)
    return {"start": start, "end": start + len(inner), "speaker": "X", "mention": None,
            "kind": "quote", "unsure": False, **extra}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "politics").mkdir()
    (tmp_path / "politics" / "001.txt").write_text(STORY, encoding="utf-8")
    # Latin-1 bytes (the pound sign) must decode as cp1252, as one BBC file needs.
    (tmp_path / "politics" / "002.txt").write_bytes('Pay\n\n"It cost \xa35," he said.\n'.encode(
        "latin-1"))
    return tmp_path


def write_split(tmp_path: Path, rows: list[dict]) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir(exist_ok=True)
    (gold / "dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return gold


def test_yields_file_text_and_quotes_for_good_offsets(corpus, tmp_path):
    rows = [
        {"file": "politics/001.txt", "quotes": [
            quote_at(STORY, "I am going,"),
            quote_at(STORY, 'We will\n\n"miss her.'),  # one quotation over two paragraphs
            quote_at(STORY, "dream team", kind="scare", speaker=None),
        ]},
        {"file": "politics/002.txt", "quotes": [quote_at('Pay\n\n"It cost £5," he said.\n',
                                                         "It cost £5,")]},
    ]
    gold = write_split(tmp_path, rows)
    loaded = list(load.load_split("dev", corpus=corpus, gold_dir=gold))
    assert [f for f, _, _ in loaded] == ["politics/001.txt", "politics/002.txt"]
    file, text, quotes = loaded[0]
    assert text == STORY
    assert [text[q["start"]:q["end"]] for q in quotes] == [
        "I am going,", 'We will\n\n"miss her.', "dream team"]
    assert loaded[1][1][loaded[1][2][0]["start"]:loaded[1][2][0]["end"]] == "It cost £5,"


@pytest.mark.parametrize("inner, shift, problem", [
    ("am going,", 0, "no opening mark"),          # starts inside the quotation
    ("I am going", 0, "no closing mark"),         # stops short of the closing mark
    ("I am going,", -1, "no opening mark"),       # off by one
])
def test_offsets_not_between_marks_fail_naming_the_file(corpus, tmp_path, inner, shift,
                                                        problem):
    q = quote_at(STORY, inner)
    q["start"] += shift
    q["end"] += shift
    gold = write_split(tmp_path, [{"file": "politics/001.txt", "quotes": [q]}])
    with pytest.raises(load.GoldError, match=f"politics/001.txt.*{problem}"):
        list(load.load_split("dev", corpus=corpus, gold_dir=gold))


def test_blanks_between_the_words_and_a_mark_are_allowed(tmp_path):
    text = 'A\n\n"I was a rusty pilot... " Hailey recalled.\n'
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "001.txt").write_text(text)
    gold = write_split(tmp_path, [{"file": "arts/001.txt",
                                   "quotes": [quote_at(text, "I was a rusty pilot...")]}])
    assert len(list(load.load_split("dev", corpus=tmp_path, gold_dir=gold))) == 1


def test_a_quote_the_copy_left_unclosed_needs_only_its_opening_mark(tmp_path):
    text = 'A\n\n"I am fit enough. Then he signed." said Keegan.\n'
    (tmp_path / "sport").mkdir()
    (tmp_path / "sport" / "001.txt").write_text(text)
    q = quote_at(text, "I am fit enough.", unclosed=True)
    gold = write_split(tmp_path, [{"file": "sport/001.txt", "quotes": [q]}])
    assert len(list(load.load_split("dev", corpus=tmp_path, gold_dir=gold))) == 1
    del q["unclosed"]
    gold = write_split(tmp_path, [{"file": "sport/001.txt", "quotes": [q]}])
    with pytest.raises(load.GoldError, match="no closing mark"):
        list(load.load_split("dev", corpus=tmp_path, gold_dir=gold))


@pytest.mark.parametrize("bad, problem", [
    ({"start": 5, "end": 3}, "offsets"),
    ({"start": 0, "end": 10_000}, "offsets"),
    ({"kind": "nickname"}, "kind"),
    ({"speaker": None}, "speaker"),
])
def test_malformed_records_fail(corpus, tmp_path, bad, problem):
    q = quote_at(STORY, "I am going,") | bad
    gold = write_split(tmp_path, [{"file": "politics/001.txt", "quotes": [q]}])
    with pytest.raises(load.GoldError, match=problem):
        list(load.load_split("dev", corpus=corpus, gold_dir=gold))


def test_a_missing_story_fails_naming_it(corpus, tmp_path):
    gold = write_split(tmp_path, [{"file": "politics/999.txt", "quotes": []}])
    with pytest.raises(load.GoldError, match="politics/999.txt"):
        list(load.load_split("dev", corpus=corpus, gold_dir=gold))


def test_the_shipped_splits_hold_names_offsets_and_speakers_only():
    gold_dir = LOADER.parent
    for split in ("dev", "heldout"):
        for line in (gold_dir / f"{split}.jsonl").read_text().splitlines():
            row = json.loads(line)
            assert set(row) == {"file", "quotes"}
            for q in row["quotes"]:
                assert set(q) <= {"start", "end", "speaker", "mention", "kind", "unsure",
                                  "unclosed", "unopened"}

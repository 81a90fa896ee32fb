"""ftfy sees only the lines it can change (desk.text.fixes._fix_text), and what comes out
is byte for byte what ftfy makes of the whole text; the clean copy of the seed stories and
of dirty samples is byte for byte what it was before (clean_golden.json, written by the
cleaner that handed ftfy every line; a change to the cleaner meant to change copy rewrites
it with `PYTHONPATH=. python tests/text/test_mojibake_lines.py`; the diff shows what)."""

import dataclasses
import json
from pathlib import Path

import ftfy
import pytest

from desk.text import fixes
from desk.text.clean import clean
from desk.text.ingest import read_stories, story_from_text

GOLDEN = Path(__file__).with_name("clean_golden.json")

STORIES = Path(__file__).resolve().parents[2] / "stories"

DIRTY = [
    "",
    "\n\n\n",
    "plain ASCII, no line break at the end",
    "Headline\n\nWe donâ€™t know, “she” said. CafÃ© owners agreed.\n",
    "A line ending in mojibake donâ€™t",  # no line break after it
    "first\r\nsecond donâ€™t\r\nthird\r\n",
    "The regime´s army and Syria´s north. Qatar`s envoy.\n",
    "\x1b[1;31mRed\x1b[0m alert\x00 sounded.\nNext.\n",  # escapes and controls in ASCII
    "tab\tform feed\x0c carriage\rreturn: ftfy keeps these\n",
    "Cafe\u0301 in NFD, ftfy composes it\n",
    "C1 controls \x93quoted\x94 as cp1252 would\n",
    "\ufeffa byte-order mark, and U+206A\u206a\n",
    "Ã  la carte: ftfy's own badness, not desk's hint\n",
    "Cyrillic mojibake вЂ™ of an apostrophe\n",
    "doubly: donÃ¢â‚¬â„¢t\n",
    "mixed line café and donâ€™t\n",
    "\u201cCurly\u201d quotes alone \u2019\n" * 3,
]


@pytest.mark.parametrize("text", DIRTY)
def test_dirty_samples_come_out_as_ftfy_makes_them(text):
    assert fixes._fix_text(text) == ftfy.fix_text(text, fixes._FTFY)


def test_the_seed_stories_come_out_as_ftfy_makes_them():
    for path in sorted(STORIES.iterdir()):
        text = path.read_bytes().decode("utf-8", "replace")
        assert fixes._fix_text(text) == ftfy.fix_text(text, fixes._FTFY), path.name


def test_the_samples_between_plain_lines_in_one_text_come_out_as_ftfy_makes_them():
    text = "\n".join(f"plain line {n}\n{sample}" for n, sample in enumerate(DIRTY * 20))
    assert fixes._fix_text(text) == ftfy.fix_text(text, fixes._FTFY)


def test_a_line_longer_than_ftfys_piece_is_cut_where_ftfy_cuts_it():
    short_pieces = fixes._FTFY._replace(max_decode_length=40)
    line = "plain words " * 10 + "donâ€™t " + "plain words " * 10 + "CafÃ©"
    text = f"head\n{line}\nplain tail\n{line}"
    assert fixes._fix_text(text, short_pieces) == ftfy.fix_text(text, short_pieces)


def cleaned_copies() -> dict[str, dict]:
    """Every seed story's and dirty sample's clean copy, by name."""
    copies = {}
    for path in sorted(STORIES.iterdir()):
        for index, raw in enumerate(read_stories(path, lambda problem: None)):
            copies[f"{path.name}#{index}"] = dataclasses.asdict(clean(raw))
    for index, text in enumerate(DIRTY):
        copies[f"dirty#{index}"] = dataclasses.asdict(clean(story_from_text(text)))
    return json.loads(json.dumps(copies))  # tuples as lists, as the golden file has them


def test_the_clean_copy_is_byte_for_byte_what_it_was():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    copies = cleaned_copies()
    assert copies.keys() == golden.keys()
    for name, copy in copies.items():
        assert copy == golden[name], name


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(cleaned_copies(), ensure_ascii=False, indent=1, sort_keys=True)
                      + "\n", encoding="utf-8")

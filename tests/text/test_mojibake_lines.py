"""ftfy sees only the lines it can change (desk.text.fixes._fix_text), and what comes out
is byte for byte what ftfy makes of the whole text; the clean copy of the seed stories and
of dirty samples is byte for byte what it was before (clean_golden.json, written by the
cleaner that handed ftfy every line; a change to the cleaner meant to change copy rewrites
it with `PYTHONPATH=. python tests/text/test_mojibake_lines.py`; the diff shows what)."""

import dataclasses
import json
import random
import subprocess
import sys
from pathlib import Path

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.spread import map_in_two
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
    assert fixes._fix_text(text) == ftfy.fix_text(text, fixes.ftfy_config())


def test_the_seed_stories_come_out_as_ftfy_makes_them():
    for path in sorted(STORIES.iterdir()):
        text = path.read_bytes().decode("utf-8", "replace")
        assert fixes._fix_text(text) == ftfy.fix_text(text, fixes.ftfy_config()), path.name


def test_the_samples_between_plain_lines_in_one_text_come_out_as_ftfy_makes_them():
    text = "\n".join(f"plain line {n}\n{sample}" for n, sample in enumerate(DIRTY * 20))
    assert fixes._fix_text(text) == ftfy.fix_text(text, fixes.ftfy_config())


def test_a_line_longer_than_ftfys_piece_is_cut_where_ftfy_cuts_it():
    short_pieces = fixes.ftfy_config()._replace(max_decode_length=40)
    line = "plain words " * 10 + "donâ€™t " + "plain words " * 10 + "CafÃ©"
    text = f"head\n{line}\nplain tail\n{line}"
    assert fixes._fix_text(text, short_pieces) == ftfy.fix_text(text, short_pieces)


# Mojibake of every kind ftfy mends, and what it leaves alone, to set in plain context.
SAMPLES = [
    "donâ€™t", "CafÃ©", "Ã ", "Ã  la", "fÃ cil", "Ã\xa0", "â€œ like this â€\ufffd", "Ã?",
    "вЂ™", "donÃ¢â‚¬â„¢t", "\x93q\x94", "\x1b[1;31m", "\x1b[0m", "\x00", "\u206a", "\ufeff",
    "e\u0301", "\u0301", "\u201cq\u201d", "\u2019", "café", "naïve", "Ã¯", "Ã¶Ã¤",
    "\u2014", "Ø§Ù„", "ÃƒÂ©", "Ã©tÃ©", "â€”", "Â£", "Â ", "Ã¡", "Ð¿Ñ€Ð¸", "Ã\x85", "œuvre",
    "Œ ", "Ã¤Â°", "ĂŠ", "Ã¼ber", "¶", "½", "\x1a", "\ud83d\ude00", "\ud83d", "\x7f",
]


def mixed_lines(count: int, seed: int) -> list[str]:
    """Lines holding one to three samples, in plain words, at distances around the
    context desk gives ftfy (fixes.CONTEXT) and at the line's ends."""
    pick = random.Random(seed)
    lines = []
    for _ in range(count):
        parts = []
        for _ in range(pick.randint(1, 3)):
            gap = pick.choice([0, 1, 2, fixes.CONTEXT - 1, fixes.CONTEXT, fixes.CONTEXT + 1,
                               2 * fixes.CONTEXT - 1, 2 * fixes.CONTEXT, 2 * fixes.CONTEXT + 1,
                               pick.randint(0, 90)])
            words = "".join(pick.choice("ab cd.,?!") for _ in range(gap))
            parts += [words, pick.choice(SAMPLES)]
        parts.append("".join(pick.choice("ef gh.") for _ in range(pick.randint(0, 40))))
        lines.append("".join(parts))
    return lines


@pytest.mark.parametrize("seed", range(4))
def test_mojibake_set_anywhere_in_plain_words_comes_out_as_ftfy_makes_it(seed):
    for line in mixed_lines(400, seed):
        text = f"head\n{line}\ntail\n"
        assert fixes._fix_text(text) == ftfy.fix_text(text, fixes.ftfy_config()), repr(line)


def test_ftfy_is_handed_only_the_stretch_around_what_it_can_change(monkeypatch):
    words = "the council voted on the budget plan and said so " * 40  # 2,000 characters
    text = (f"{words}donâ€™t {words}\n"  # mojibake mid-line
            f"\u201c{words}\u201d {words}\n"  # curly quotes far apart, nothing to mend
            f"{words}caf\u00e9 et Ã©t\u00e9 {words}\n")
    expected = ftfy.fix_text(text, fixes.ftfy_config())
    handed = []
    for name in ("fix_text", "fix_and_explain"):
        real = getattr(ftfy, name)
        monkeypatch.setattr(ftfy, name, lambda text, *args, real=real, **kwargs: (
            handed.append(len(text)), real(text, *args, **kwargs))[1])
    assert fixes._fix_text(text) == expected
    assert handed and max(handed) <= 2 * fixes.CONTEXT + 40, handed


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    [chr(code) for code in range(0x20, 0x7f)] + ["\t", "\x0c"] + list(fixes.TYPOGRAPHIC)),
    max_size=60))
def test_ftfy_keeps_a_line_of_plain_characters_and_typographic_marks(line):
    """What lets _fix_text pass such lines by: no encoding ftfy tries makes UTF-8 of them
    (each mark is a continuation byte in cp1252 and its kin, a lead byte in MacRoman),
    and they are NFC already."""
    assert ftfy.fix_text(line, fixes.ftfy_config()) == line


def test_ftfy_is_not_handed_lines_of_plain_characters_and_typographic_marks(monkeypatch):
    curly = "\u201cWe will go on,\u201d she said \u2014 it\u2019s settled\u2026\n" * 50
    text = f"donâ€™t\n{curly}CafÃ©\n"
    expected = ftfy.fix_text(text, fixes.ftfy_config())
    handed = []
    for name in ("fix_text", "fix_and_explain"):
        real = getattr(ftfy, name)
        monkeypatch.setattr(ftfy, name, lambda text, *args, real=real, **kwargs: (
            handed.append(text), real(text, *args, **kwargs))[1])
    assert fixes._fix_text(text) == expected
    assert set(handed) == {"donâ€™t\n", "CafÃ©\n"}  # the mojibake's lines alone


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


def test_ftfy_loads_only_for_copy_with_a_mojibake_hint():
    """ftfy is ~40% of the text pipeline's import (~40-60 ms, before `desk ingest` forks its
    workers); most wire copy holds no mojibake, so it loads with the first that may."""
    code = ("import sys; from desk.text.pipeline import build_story; "
            "from desk.text.ingest import story_from_text; "
            "build_story(story_from_text('Clean\\n\\n“Curly,” she said, café.\\n')); "
            "print('ftfy' in sys.modules, end=' '); "
            "story = build_story(story_from_text('Dirty\\n\\nWe donâ€™t know.\\n')); "
            "print('ftfy' in sys.modules, story.copy.body)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False True We don’t know."


def test_lines_spread_over_two_processes_come_out_as_fixed_in_one():
    lines = [f"Line {n}: the plan donâ€™t work, CafÃ© {n}\n" if n % 3 else f"plain {n}\n"
             for n in range(3 * fixes.SPREAD_FROM // 2 + 7)]
    text = "".join(lines)
    calls = []

    def spread(function, items):
        calls.append(len(items))
        return map_in_two(function, items)

    with fixes.lines_spread_by(spread):
        spread_out = fixes._fix_text(text)
        small = fixes._fix_text("".join(lines[:30]))  # too few lines to spread
    assert calls == [sum("â" in line for line in lines)]  # the lines ftfy may change
    assert spread_out == ftfy.fix_text(text, fixes.ftfy_config())
    assert small == ftfy.fix_text("".join(lines[:30]), fixes.ftfy_config())
    assert fixes._fix_text(text) == spread_out and fixes._spread is None


@pytest.mark.parametrize("control", ["\x1b[31m", "\x1b]0;owned\x07", "\x9b2J", "\x00"])
def test_what_a_fix_says_it_changed_holds_no_control_character(control):
    """ftfy takes terminal escapes out of a line, and the fix's description quotes a word
    as it was: that word must reach the editor's terminal (and the store, and exports)
    with its controls written out, never as the escape itself."""
    copy = clean(story_from_text(f"Headline {control}red\x1b[0m here\n\n"
                                 "Body “quoted,” she said. They donâ€™t know.\n"))
    assert copy.fixes
    for fix in copy.fixes:
        assert all(char.isprintable() for char in fix), fix

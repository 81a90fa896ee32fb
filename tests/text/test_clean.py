"""Clean copy: the seed story's expectations and each cleaning rule on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.model import RawStory
from desk.text.clean import WIDE_SPACE, clean, copy_to_text
from desk.text.ingest import read_story, story_from_text
from desk.text.paragraphs import sentence_boundaries

SEED = Path(__file__).resolve().parents[2] / "stories" / "000_132f97d57f8e284e.txt"


def cleaned(text: str):
    return clean(story_from_text(text))


def body_of(text: str) -> str:
    return cleaned(text).body


# --- the seed --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return clean(read_story(SEED))


def test_seed_headline_dateline_credit(seed):
    assert seed.headline == "Erdogan seeks Putin to help contain Idlib violence"
    assert seed.dateline == "ANKARA"
    assert seed.credit == "AFP"


def test_seed_body(seed):
    assert seed.paragraphs[0].startswith("Turkish President Recep Tayyip Erdogan urged")
    assert len(seed.paragraphs) >= 5
    body = seed.body
    assert "\u00b4" not in body
    assert "regime\u2019s violence" in body and "Syria\u2019s Idlib" in body
    assert "Previous article" not in body and "Next article" not in body
    assert "al-Assad" in body and "alAssad" not in body
    assert not body.endswith("AFP")
    assert body.endswith("building structures in the area.")


def test_seed_fixes_say_what_changed(seed):
    assert "replaced 2 \u00b4 with \u2019" in seed.fixes
    assert "removed site navigation: Previous article\u2026, Next article\u2026" in seed.fixes
    assert "moved credit AFP out of the body" in seed.fixes
    assert "restored hyphen: alAssad -> al-Assad" in seed.fixes
    assert any(fix.startswith("split one long paragraph into") for fix in seed.fixes)


def test_seed_paragraphs_never_split_inside_a_quotation(seed):
    for paragraph in seed.paragraphs:
        assert paragraph.count("\u201c") == paragraph.count("\u201d")


def test_seed_clean_copy_is_a_fixed_point(seed):
    again = cleaned(copy_to_text(seed))
    assert (again.headline, again.dateline, again.credit, again.paragraphs) == (
        seed.headline, seed.dateline, seed.credit, seed.paragraphs
    )
    assert again.fixes == ()


# --- headline --------------------------------------------------------------------------


def test_headline_whitespace_collapsed_and_markup_kept_literally():
    copy = cleaned("  [REPORT]   Markets\t[bold]rally[/bold]  \n\nBody text.")
    assert copy.headline == "[REPORT] Markets [bold]rally[/bold]"
    assert copy.paragraphs == ("Body text.",)


def test_short_first_line_is_the_headline_even_without_a_blank_line():
    copy = cleaned("Chelsea sack striker\nChelsea have sacked their striker.\nHe denied it.")
    assert copy.headline == "Chelsea sack striker"
    assert copy.paragraphs == ("Chelsea have sacked their striker.", "He denied it.")


def test_first_line_with_a_dateline_or_too_long_is_body():
    assert cleaned("WASHINGTON (Reuters) - The Senate voted.").headline == ""
    long_line = " ".join(["word"] * 40) + "."
    copy = cleaned(long_line + "\n\nSecond.")
    assert copy.headline == ""
    assert copy.paragraphs == (long_line, "Second.")


def test_empty_text():
    copy = cleaned("")
    assert (copy.headline, copy.dateline, copy.credit, copy.paragraphs, copy.fixes) == (
        "", "", "", (), ()
    )


# --- paragraphs --------------------------------------------------------------------------


def test_wrapped_lines_are_joined_and_sentence_lines_kept_apart():
    text = "H\n\nThe minister said the plan\nwould go ahead.\nCritics disagreed.\n\nLast one."
    assert cleaned(text).paragraphs == (
        "The minister said the plan would go ahead.",
        "Critics disagreed.",
        "Last one.",
    )


def blob(sentences: int) -> str:
    parts = []
    for n in range(sentences):
        if n % 4 == 1:
            parts.append(
                f"\u201cWe will not stop. Not now, not ever. Sentence {n} of the quote goes on "
                f"for a while,\u201d said Mr. Alan Brooks of the U.S. Senate in Jan. {n}."
            )
        else:
            parts.append(
                f"Sentence number {n} tells the reader something new about the story in "
                f"about twenty words of plain and simple prose."
            )
    return " ".join(parts)


def test_blob_body_is_split_at_sentence_boundaries():
    text = blob(16)
    copy = cleaned("Headline\n\n" + text)
    assert len(copy.paragraphs) >= 4
    assert " ".join(copy.paragraphs) == text
    assert any(fix.startswith("split one long paragraph into") for fix in copy.fixes)
    for paragraph in copy.paragraphs:
        assert paragraph.count("\u201c") == paragraph.count("\u201d")  # never inside a quote
        assert not paragraph.endswith(("Mr.", "U.S.", "Jan."))
        assert 25 <= len(paragraph.split()) <= 120


def test_paragraphed_body_is_left_alone():
    long_paragraph = blob(8)
    copy = cleaned(f"Headline\n\nA short lede.\n\n{long_paragraph}")
    assert copy.paragraphs == ("A short lede.", long_paragraph)
    assert copy.fixes == ()


def test_blob_that_is_one_long_quotation_stays_whole():
    quote = "\u201c" + " ".join(f"Point {n} matters a great deal to us all." for n in range(30))
    text = f"H\n\n{quote}\u201d she said."
    assert len(cleaned(text).paragraphs) == 1


def test_no_sentence_boundary_after_abbreviations_or_initials():
    text = "Mr. Smith met Dr. Jones in the U.S. on Jan. 5. George W. Bush spoke. Then they left."
    starts = [text[b:b + 6] for b in sentence_boundaries(text)]
    assert starts == ["George", "Then t"]


# --- character fixes ---------------------------------------------------------------------


def test_mojibake_fixed_and_curly_quotes_stay_curly():
    copy = cleaned("H\n\nWe donâ€™t know, \u201cshe\u201d said. Caf\u00c3\u00a9 owners agreed.")
    assert copy.paragraphs == (
        "We don\u2019t know, \u201cshe\u201d said. Caf\u00e9 owners agreed.",
    )
    assert copy.fixes == ("fixed mojibake in 2 words (donâ€™t -> don\u2019t)",)


def test_curly_quotes_alone_are_not_touched():
    copy = cleaned("H\n\n\u201cFine,\u201d he said. It\u2019s \u2018done\u2019.")
    assert copy.paragraphs == ("\u201cFine,\u201d he said. It\u2019s \u2018done\u2019.",)
    assert copy.fixes == ()


def test_control_characters_and_terminal_escapes_removed():
    copy = cleaned("H\x07eadline\n\n\x1b[1;31mRed\x1b[0m alert\x00 sounded.\n\nNext.")
    assert copy.headline == "Headline"
    assert copy.paragraphs == ("Red alert sounded.", "Next.")
    assert copy.fixes == ("removed 2 terminal escape codes", "removed 2 control characters")


def test_a_terminal_escape_in_copy_with_mojibake_goes_whole_with_its_text():
    """ftfy, which fixes the mojibake first, drops an escape's ESC and BEL but not what
    stands between them: `]0;pwned` was left in the headline as words."""
    copy = cleaned("Giraffe \x1b]0;pwned\x07keepers donâ€™t know\n\n\x1b[1mCalm\x1b[0m, she said.")
    assert copy.headline == "Giraffe keepers don’t know"
    assert copy.paragraphs == ("Calm, she said.",)
    assert copy.fixes == ("fixed mojibake in 1 word (donâ€™t -> don’t)",
                          "removed 3 terminal escape codes")


def test_acute_accents_and_backticks_between_letters_become_apostrophes():
    copy = cleaned("H\n\nThe regime\u00b4s army and Syria\u00b4s north. Qatar`s envoy. "
                   "The players\u00b4 union. A lone \u00b4 mark and `code` stay.")
    assert copy.paragraphs == (
        "The regime\u2019s army and Syria\u2019s north. Qatar\u2019s envoy. "
        "The players\u2019 union. A lone \u00b4 mark and `code` stay.",
    )
    assert copy.fixes == ("replaced 3 \u00b4 with \u2019", "replaced 1 ` with \u2019")


def test_dropped_hyphen_after_arabic_article_restored():
    copy = cleaned("H\n\nPresident Bashar alAssad and elSisi met Al Jazeera staff.")
    assert copy.paragraphs == ("President Bashar al-Assad and el-Sisi met Al Jazeera staff.",)
    assert copy.fixes == ("restored hyphen: alAssad -> al-Assad and 1 more",)


@pytest.mark.parametrize("word", ["Alan", "almost", "Alabama", "ElBaradei", "eliminate", "AlA"])
def test_ordinary_words_keep_their_shape(word):
    assert body_of(f"H\n\n{word} was there.") == f"{word} was there."


# --- navigation and boilerplate ----------------------------------------------------------


def test_navigation_and_boilerplate_lines_removed():
    text = (
        "Headline\n\nStory text.\n\nRead more: Another story\nShare this\n"
        "Click here to subscribe to our newsletter\nFollow us on Twitter\n"
        "Copyright 2024 Example News. All rights reserved.\nRelated:\n"
        "Previous articleGold hits new high\nNext article: Rain expected"
    )
    copy = cleaned(text)
    assert copy.paragraphs == ("Story text.",)
    assert copy.fixes == (
        "removed boilerplate: Read more: Another story, Share this, Click here to subscribe to "
        "our\u2026, Follow us on Twitter, Copyright 2024 Example News. All rights\u2026, Related:",
        "removed site navigation: Previous article\u2026, Next article\u2026",
    )


def test_navigation_glued_to_a_dateline_goes_with_it():
    """Hypothesis found it: "(AP)" taken as the credit left "Previous article…" as the
    first paragraph, past the look for navigation; cleaning the result again dropped it."""
    copy = cleaned("ANKARA \n (AP)Previous articleGold hits new high")
    assert (copy.headline, copy.credit, copy.paragraphs) == ("ANKARA", "AP", ())
    assert copy.fixes == ("removed site navigation: Previous article\u2026",)
    copy = cleaned("Gold up\n\nLONDON (Reuters) - Read more: gold\n\nGold rose 2%.")
    assert (copy.dateline, copy.paragraphs) == ("LONDON", ("Gold rose 2%.",))


def test_sentences_that_merely_start_like_boilerplate_stay():
    text = "H\n\nRead more about the plan in the report, she said.\n\nNext year looks better."
    assert cleaned(text).paragraphs == (
        "Read more about the plan in the report, she said.",
        "Next year looks better.",
    )


# --- datelines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "dateline", "credit"),
    [
        ("ANKARA Turkish", "ANKARA", ""),
        ("WASHINGTON (Reuters) - Turkish", "WASHINGTON", "Reuters"),
        ("Paris, Feb 21 (AFP) \u2013 Turkish", "Paris, Feb 21", "AFP"),
        ("Washington (AFP) \u2013 Turkish", "Washington", "AFP"),
        ("LONDON, March 3 (AP) \u2014 Turkish", "LONDON, March 3", "AP"),
        ("SPRINGFIELD \u2014 Turkish", "SPRINGFIELD", ""),
        ("NEW YORK, Jan. 5 - Turkish", "NEW YORK, Jan. 5", ""),
        ("SPRINGFIELD, Ill. (AP) \u2014 Turkish", "SPRINGFIELD, Ill.", "AP"),
        ("(Reuters) - Turkish", "", "Reuters"),
    ],
)
def test_datelines(lead, dateline, credit):
    copy = cleaned(f"Headline\n\n{lead} officials said so.\n\nMore.")
    assert (copy.dateline, copy.credit) == (dateline, credit)
    assert copy.paragraphs == ("Turkish officials said so.", "More.")


@pytest.mark.parametrize(
    "opening",
    [
        "US President George Bush said",
        "BBC News has learned",
        "NATO Secretary General Jens Stoltenberg said",
        "UK - France talks resumed, officials said",
        "The president \u2014 who was tired \u2014 said",
        "BREAKING News came in",
    ],
)
def test_capitals_that_are_not_datelines(opening):
    copy = cleaned(f"Headline\n\n{opening} on Monday.")
    assert copy.dateline == ""
    assert copy.paragraphs == (f"{opening} on Monday.",)


def test_ninjs_located_becomes_the_dateline():
    raw = RawStory(
        id="0" * 16, source="s.json", format="ninjs", text="Head\n\nBody.", original="{}",
        headline="Head", body="Body.", located="Aberdeen",
    )
    copy = clean(raw)
    assert (copy.headline, copy.dateline, copy.paragraphs) == ("Head", "ABERDEEN", ("Body.",))


# --- credits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ending", "credit", "fixed"),
    [
        ("in the area.\u2014AFP", "AFP", True),
        ("in the area. - Reuters", "Reuters", True),
        ("in the area. (AP)", "AP", True),
        ("in the area.\n\n\u2014AFP", "AFP", False),
        ("in the area.\n\n(Reuters)", "Reuters", False),
        ("in the area.\n\n\u2014 The Springfield Courier", "The Springfield Courier", False),
    ],
)
def test_credit_tail_moves_out_of_the_body(ending, credit, fixed):
    copy = cleaned(f"Headline\n\nFirst.\n\nThey built shelters {ending}")
    assert copy.credit == credit
    assert copy.paragraphs == ("First.", "They built shelters in the area.")
    assert (f"moved credit {credit} out of the body" in copy.fixes) == fixed


def test_credit_not_taken_from_the_middle_of_a_sentence():
    copy = cleaned("Headline\n\nThe minister told AP")
    assert copy.credit == ""
    assert copy.paragraphs == ("The minister told AP",)


def test_reporting_lines_removed_and_dateline_agency_kept():
    copy = cleaned(
        "Headline\n\nGENEVA (Reuters) - Talks resumed.\n\nMore talks.\u2014AFP\n\n"
        "(Reporting by Hanna Lind; Editing by Mark Ellis)"
    )
    assert copy.credit == "Reuters/AFP"
    assert copy.paragraphs == ("Talks resumed.", "More talks.")
    assert "removed reporting credits: (Reporting by Hanna Lind; Editing by\u2026" in copy.fixes


def test_ingest_fixes_lead_the_fixes():
    raw = story_from_text("H\n\nBody.")
    raw = RawStory(**{**{f: getattr(raw, f) for f in raw.__slots__},
                      "ingest_fixes": ("decoded as cp1252 (the file is not UTF-8)",)})
    assert clean(raw).fixes == ("decoded as cp1252 (the file is not UTF-8)",)


# --- copy_to_text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "H\n\nWashington (AFP) \u2013 Body.\n\nMore.\u2014Reuters",
        "H\n\nSPRINGFIELD \u2014 Body.\n\nMore.\u2014AFP",
        "WASHINGTON (Reuters) - " + " ".join(["long"] * 40),
        "H\n\nPARIS \u2014",
        "H\n\nBody.\n\n\u2014 The Springfield Courier",
    ],
)
def test_copy_to_text_reads_back_to_the_same_copy(text):
    copy = cleaned(text)
    again = cleaned(copy_to_text(copy))
    assert (again.headline, again.dateline, again.credit, again.paragraphs, again.fixes) == (
        copy.headline, copy.dateline, copy.credit, copy.paragraphs, ()
    )


def test_an_editors_note_split_off_a_blob_goes_in_the_same_clean():
    """Found by hypothesis: the note became a paragraph of its own only when the blob was
    split, so a second clean took it out and cleaning was not a fixed point."""
    blob = " ".join(f"Point {n} is made." for n in range(40))
    note = "UPDATES with toll" + " word" * 29
    copy = cleaned("H\n\n" + blob + " Eds: " + note)
    assert copy.paragraphs[-1].endswith("Point 39 is made.")
    assert copy.update == note
    assert f"took wire note ({note}) out of the body" in copy.fixes
    again = clean(story_from_text(copy_to_text(copy)))
    assert again.paragraphs == copy.paragraphs and again.fixes == ()


def test_lines_are_left_as_they_are_only_when_they_hold_no_whitespace_to_collapse():
    """The cleaner collapses each line's whitespace unless the text shows none to collapse:
    WIDE_SPACE is every character past U+00FF that str.split() takes for a space."""
    spaces = {chr(code) for code in range(0x110000) if chr(code).isspace()}
    assert {ch for ch in spaces if WIDE_SPACE.fullmatch(ch)} == {ch for ch in spaces
                                                                if ch > "\xff"}
    assert not WIDE_SPACE.search("".join(chr(code) for code in range(0x3100)
                                         if chr(code) not in spaces))
    removed = set("\x1c\x1d\x1e\x1f")  # control characters: repair removes them
    for space in sorted(spaces - removed - {" ", "\n"}):
        for text in (f"Fares rise\n\nFares rose£5{space}today, the {space}firm said.",
                     f"Fares rise\n\nFares rose “5{space}today”, the {space}firm said."):
            expected = " ".join(text.split("\n\n")[1].split())
            assert clean(story_from_text(text)).paragraphs == (expected,), repr(space)

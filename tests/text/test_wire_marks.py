"""Urgency and update markers: read into the story, taken out of the copy as fixes."""

from __future__ import annotations

import pytest

from desk.model import RawStory
from desk.text.clean import clean, copy_to_text
from desk.text.ingest import story_from_text
from desk.text.wire import priority_urgency, slugline_update, slugline_urgency

BODY = "LIMA, June 9 (Reuters) - A magnitude 6.4 earthquake struck southern Peru on Sunday."


def cleaned(text: str):
    return clean(story_from_text(text))


@pytest.mark.parametrize(
    ("headline", "urgency", "marker"),
    [
        ("FLASH: Strong quake shakes Peru", 1, "FLASH"),
        ("BULLETIN - Strong quake shakes Peru", 2, "BULLETIN"),
        ("URGENT-Strong quake shakes Peru", 3, "URGENT"),
        ("ALERT: Strong quake shakes Peru", 2, "ALERT"),
        ("Breaking: Strong quake shakes Peru", 3, "Breaking"),
        ("[BREAKING NEWS] Strong quake shakes Peru", 3, "BREAKING NEWS"),
        ("Strong quake shakes Peru (URGENT)", 3, "URGENT"),
    ],
)
def test_urgency_markers_are_read_and_kept_out_of_the_headline(headline, urgency, marker):
    copy = cleaned(f"{headline}\n\n{BODY}")
    assert copy.headline == "Strong quake shakes Peru"
    assert copy.urgency == urgency
    assert f"took urgency marker {marker} out of the headline (urgency {urgency})" in copy.fixes
    assert copy.update == ""


@pytest.mark.parametrize(
    ("headline", "update"),
    [
        ("UPDATE 1-Strong quake shakes Peru", "UPDATE 1"),
        ("UPDATE 2: Strong quake shakes Peru", "UPDATE 2"),
        ("[UPDATE] Strong quake shakes Peru", "UPDATE"),
        ("REFILE-Strong quake shakes Peru", "REFILE"),
        ("CORRECTED-Strong quake shakes Peru", "CORRECTED"),
        ("CORRECTS: Strong quake shakes Peru", "CORRECTS"),
        ("Strong quake shakes Peru (ADDS quotes, details)", "ADDS quotes, details"),
        ("Strong quake shakes Peru - adds toll", "adds toll"),
    ],
)
def test_update_markers_are_recorded_and_kept_out_of_the_headline(headline, update):
    copy = cleaned(f"{headline}\n\n{BODY}")
    assert copy.headline == "Strong quake shakes Peru"
    assert copy.update == update
    assert f"took update marker {update} out of the headline" in copy.fixes
    assert copy.urgency is None


def test_markers_stack_urgent_and_corrected_update():
    copy = cleaned(f"URGENT: CORRECTED-UPDATE 2-Strong quake shakes Peru\n\n{BODY}")
    assert copy.headline == "Strong quake shakes Peru"
    assert copy.urgency == 3
    assert copy.update == "CORRECTED, UPDATE 2"


@pytest.mark.parametrize(
    "headline",
    [
        "Alert issued as storm nears coast",  # a plain word, no separator
        "Firm cuts jobs, adds plants",  # "adds" after a comma is the headline's own verb
        "Flash floods hit Peru",
        "Update on talks expected",
        "Breaking the deadlock in Geneva",
    ],
)
def test_plain_words_are_not_markers(headline):
    copy = cleaned(f"{headline}\n\n{BODY}")
    assert copy.headline == headline
    assert (copy.urgency, copy.update) == (None, "")
    assert not any("marker" in fix for fix in copy.fixes)


def test_a_marker_that_is_the_whole_headline_stays_but_is_read():
    copy = cleaned(f"[UPDATE]\n\n{BODY}")
    assert copy.headline == "[UPDATE]"
    assert copy.update == "UPDATE"


@pytest.mark.parametrize(
    ("note", "update"),
    [
        ("(Adds quotes, details)", "Adds quotes, details"),
        ("(Updates with toll in paragraph 3)", "Updates with toll in paragraph 3"),
        ("Eds: UPDATES with details, quotes", "UPDATES with details, quotes"),
    ],
)
def test_a_wire_note_opening_the_body_is_an_update_and_leaves_the_copy(note, update):
    copy = cleaned(f"Strong quake shakes Peru\n\n{note}\n\n{BODY}")
    assert copy.headline == "Strong quake shakes Peru"
    assert copy.dateline == "LIMA, June 9" and copy.credit == "Reuters"
    assert copy.paragraphs[0].startswith("A magnitude 6.4")
    assert copy.update == update
    assert f"took wire note ({update}) out of the body" in copy.fixes


def test_a_wire_note_right_after_the_dateline_is_an_update_and_leaves_the_copy():
    """Only once the dateline is off does the note stand alone: read then, not left in
    the body for a second cleaning to take out (hypothesis found this)."""
    copy = cleaned("Strong quake shakes Peru\n\nLIMA, June 9 (Reuters) - (Adds toll)\n\n"
                   + BODY.split(" - ", 1)[1])
    assert (copy.dateline, copy.credit) == ("LIMA, June 9", "Reuters")
    assert copy.paragraphs[0].startswith("A magnitude 6.4")
    assert copy.update == "Adds toll"
    assert "took wire note (Adds toll) out of the body" in copy.fixes
    bare = cleaned("ANKARA \n(Reuters) - (ADDS quotes)")
    assert (bare.headline, bare.credit, bare.paragraphs, bare.update) == (
        "ANKARA", "Reuters", (), "ADDS quotes")


def test_a_correction_note_at_the_foot_of_the_body():
    copy = cleaned(f"Strong quake shakes Peru\n\n{BODY}\n\n"
                   "(This story corrects the magnitude in paragraph 1)")
    assert copy.paragraphs[-1].endswith("on Sunday.")
    assert copy.update == "This story corrects the magnitude in paragraph 1"


def test_the_sample_update_story():
    from pathlib import Path

    from desk.text.ingest import read_story

    sample = Path(__file__).resolve().parents[2] / "stories" / "014_update_headline_quake.txt"
    copy = clean(read_story(sample))
    assert copy.headline == "Strong quake shakes southern Peru, no damage reported"
    assert copy.update == "UPDATE"


def test_cleaning_the_clean_copy_again_finds_no_marker():
    copy = cleaned(f"FLASH: UPDATE 1-Strong quake shakes Peru\n\n(Adds toll)\n\n{BODY}")
    again = cleaned(copy_to_text(copy))
    assert (again.headline, again.paragraphs, again.fixes) == (copy.headline, copy.paragraphs, ())


def structured(**fields) -> RawStory:
    return RawStory(id="0" * 16, source="x.json", format="ninjs", text="", original="",
                    headline=fields.pop("headline", "Strong quake shakes Peru"), body=BODY,
                    **fields)


@pytest.mark.parametrize(
    ("fields", "urgency"),
    [
        ({"urgency": 2}, 2),
        ({"urgency": 9}, 8),  # IPTC's 9 is the desk's lowest, 8
        ({"urgency": 5, "headline": "FLASH: Strong quake shakes Peru"}, 1),
        ({"urgency": 4, "slugline": "URGENT-PERU-QUAKE"}, 3),
        ({"slugline": "peru-quake"}, None),
    ],
)
def test_source_urgency_slugline_and_markers_the_highest_wins(fields, urgency):
    copy = clean(structured(**fields))
    assert copy.urgency == urgency
    assert copy.headline == "Strong quake shakes Peru"


def test_a_writethru_slugline_is_an_update():
    copy = clean(structured(slugline="BC-Peru-Quake,1st Ld-Writethru"))
    assert copy.update == "1st Ld"
    assert slugline_update("peru-quake") is None
    assert slugline_urgency("BC-Peru-Quake-Bulletin") == 2


@pytest.mark.parametrize(
    ("value", "urgency"),
    [(1, 1), ("3", 3), (9, 8), ("f", 1), ("B", 2), ("u", 3), ("r", 5), ("flash", 1),
     (0, None), ("", None), (None, None), ("normal", None)],
)
def test_priority_fields(value, urgency):
    assert priority_urgency(value) == urgency


def test_a_ninjs_priority_is_its_urgency_when_it_gives_none(tmp_path):
    from desk.text.ingest import read_story

    path = tmp_path / "item.json"
    path.write_text('{"uri": "urn:x:1", "headline": "Quake hits Peru", "priority": "b",'
                    ' "body_text": "A quake hit Peru on Sunday."}')
    assert clean(read_story(path)).urgency == 2


def test_a_newsml_message_priority_reaches_its_items(tmp_path):
    from desk.text.ingest import read_story

    path = tmp_path / "message.xml"
    path.write_text(
        '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><priority>1'
        '</priority></header><itemSet><newsItem guid="urn:x:2" version="1"><contentMeta>'
        "<headline>Quake hits Peru</headline></contentMeta><contentSet><inlineData>"
        "A quake hit Peru on Sunday.</inlineData></contentSet></newsItem></itemSet>"
        "</newsMessage>")
    assert clean(read_story(path)).urgency == 1

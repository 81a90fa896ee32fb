"""The sample inbox, `stories/`: every file reads, cleans and survives a second clean.

What the samples are for (one concern each, at least; all written for this project,
except the seed):

000_132f97d57f8e284e.txt            the real seed: ANKARA bare dateline, ´ apostrophes,
                                    alAssad, a blob body, glued —AFP, site navigation
001_afp_paris_pension_strike        AFP `Paris, Feb 21 (AFP) –`; curly quotes; a quote
                                    interrupted by its attribution; "according to"
002_reuters_geneva_shipping_talks   Reuters `GENEVA (Reuters) -`; straight quotes with
                                    apostrophes inside; pronoun speaker; Reporting/Editing line
003_ap_london_rail_fares            AP `LONDON, March 3 (AP) —`; nested ‘…’ inside “…”;
                                    pronoun speakers ("She said that")
004_courier_springfield_library     a local paper: `SPRINGFIELD —` and a `— The Springfield
                                    Courier` credit line; `said: “…”`
005_afp_washington_fed_testimony    `Washington (AFP) –`; a quote running over three
                                    paragraphs (an opening mark on each, one closing mark)
006_dpa_berlin_storm_warning        dpa `BERLIN, Jan 14 (dpa) -`; no quotes at all
007_unbalanced_quote_council_vote   a quotation mark that never closes
008_mojibake_harbour_festival       UTF-8 bytes of mis-decoded text: donâ€™t, â€œ, cafÃ©
009_cp1252_ferry_fares              cp1252-encoded: ’ “ ” £ é as single bytes
010_bom_museum_reopens              UTF-8 with a byte order mark
011_crlf_bridge_closure             CRLF line endings
012_ninjs2_wind_farm.json           ninjs 2.x: headlines[], an HTML body, by, located
013_ninjs1_bank_rates.json          ninjs 1.x: headline, body_text, byline, located
014_update_headline_quake           `[UPDATE]` in the headline; `LIMA, June 9 (Reuters) -`
015_markup_headline_markets         `[bold]Markets[/bold]` markup-like text in the headline
016_blob_body_tech_summit           one long single-paragraph body with Mr., Dr., U.S., Jan.
017_utf16_school_meals              UTF-16 with a byte order mark
018_scraped_page_gaza_talks         a scraped web page: terminal colour codes, ´ and `
                                    apostrophes, alHayya, Share/Read more/Click here/
                                    Copyright lines, Previous/Next article, glued —AFP
019_ap_moscow_kremlin_statement     "the Kremlin said in a statement"; "according to";
                                    pronoun speakers
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.text.clean import clean, copy_to_text
from desk.text.ingest import iter_story_files, read_story, story_from_text

INBOX = Path(__file__).resolve().parents[2] / "stories"
FILES = sorted(p for p in INBOX.iterdir() if p.suffix in (".txt", ".json"))


def test_inbox_holds_the_seed_and_at_least_15_samples():
    assert (INBOX / "000_132f97d57f8e284e.txt").is_file()
    assert len(FILES) >= 16
    errors = []
    assert list(iter_story_files([INBOX], errors.append)) == FILES
    assert errors == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_sample_reads_and_cleans(path):
    raw = read_story(path)
    copy = clean(raw)
    assert copy.headline
    assert copy.paragraphs and all(copy.paragraphs)
    again = clean(story_from_text(copy_to_text(copy)))
    assert (again.headline, again.dateline, again.credit, again.paragraphs, again.fixes) == (
        copy.headline, copy.dateline, copy.credit, copy.paragraphs, ()
    )


def test_sample_ids_are_distinct():
    ids = [read_story(p).id for p in FILES]
    assert len(set(ids)) == len(ids)


def by_name(prefix: str):
    (path,) = [p for p in FILES if p.name.startswith(prefix)]
    raw = read_story(path)
    return raw, clean(raw)


@pytest.mark.parametrize(
    ("prefix", "dateline", "credit"),
    [
        ("001", "Paris, Feb 21", "AFP"),
        ("002", "GENEVA", "Reuters"),
        ("003", "LONDON, March 3", "AP"),
        ("004", "SPRINGFIELD", "The Springfield Courier"),
        ("005", "Washington", "AFP"),
        ("006", "BERLIN, Jan 14", "dpa"),
        ("014", "LIMA, June 9", "Reuters"),
        ("015", "NEW YORK", "AP"),
        ("018", "CAIRO", "AFP"),
    ],
)
def test_agency_datelines_and_credits(prefix, dateline, credit):
    _, copy = by_name(prefix)
    assert (copy.dateline, copy.credit) == (dateline, credit)


def test_encodings_and_formats():
    assert by_name("009")[0].encoding == "cp1252"
    assert "\u00a37.50" in by_name("009")[1].body
    assert "\u201cIt\u2019s a relief" in by_name("009")[1].body
    assert by_name("010")[0].text.startswith("Natural history museum")
    assert "\r" not in by_name("011")[0].text
    assert by_name("017")[0].encoding == "utf-16-le"
    assert (by_name("012")[0].format, by_name("013")[0].format) == ("ninjs", "ninjs")


def test_mojibake_sample_is_repaired():
    _, copy = by_name("008")
    assert "\u201cWe don\u2019t want" in copy.body and "caf\u00e9" in copy.body
    assert "\u00e2\u20ac" not in copy.body
    assert copy.dateline == "BRISTOL"


def test_markup_and_update_headlines_stay_literal():
    assert by_name("014")[1].headline.startswith("[UPDATE] Strong quake")
    assert by_name("015")[1].headline == (
        "[bold]Markets[/bold] rally as oil slides [red]below $70[/red]"
    )


def test_blob_and_scraped_page_are_cleaned():
    _, blob = by_name("016")
    assert len(blob.paragraphs) >= 3
    _, page = by_name("018")
    assert "al-Hayya" in page.body and "\u00b4" not in page.body and "`" not in page.body
    assert "Share this" not in page.body and "Previous article" not in page.body
    assert not any("\x1b" in p for p in page.paragraphs)

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
014_update_headline_quake           `[UPDATE]` in the headline (taken out: an update);
                                     `LIMA, June 9 (Reuters) -`
015_markup_headline_markets         `[bold]Markets[/bold]` markup-like text in the headline
016_blob_body_tech_summit           one long single-paragraph body with Mr., Dr., U.S., Jan.
017_utf16_school_meals              UTF-16 with a byte order mark
018_scraped_page_gaza_talks         a scraped web page: terminal colour codes, ´ and `
                                    apostrophes, alHayya, Share/Read more/Click here/
                                    Copyright lines, Previous/Next article, glued —AFP
019_ap_moscow_kremlin_statement     "the Kremlin said in a statement"; "according to";
                                    pronoun speakers
020_seed_as_web_page_idlib.html     the seed as the saved web page it was scraped from: site
                                    menu, trending bar, share buttons, tags, Previous/Next
                                    article, related links, comment form, footer, scripts
021_rss_harbour_city_news.rss       RSS 2.0, three entries: content:encoded (with share
                                    links and a WordPress footer) or a description
022_atom_science_wire.atom          Atom: escaped HTML content, XHTML content, author names
023_rdf_farming_bulletin.xml        RDF (RSS 1.0) in a .xml file, told by its root element
024_nitf_ap_wildfire.xml            NITF 3.6: hedline, two bylines, `SANTA ROSA, Calif.
                                    (AP) —` dateline, urgency 2, du-key slug, a media caption
                                    and subheads inside body.content
025_newsml_afp_nairobi_climate.xml  NewsML-G2 newsItem: guid, version 3, urgency, slugline,
                                    located, by, an XHTML body repeating the headline
026_ninjs3_dpa_html_bridge.json     ninjs 3.0 camelCase, a text/html `<section class="main">`
                                    body with an `<aside>`
027_ninjs1_xhtml_press_release.json ninjs 1.x with only body_xhtml (the Business Wire shape)
028_ninjs3_nitf_body_ferry.json     ninjs 3.0 whose body is a whole NITF document
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.text.clean import clean, copy_to_text
from desk.text.ingest import (
    STORY_SUFFIXES,
    iter_story_files,
    read_stories,
    read_story,
    story_from_text,
)
from desk.text.pipeline import build_story

INBOX = Path(__file__).resolve().parents[2] / "stories"
FILES = sorted(p for p in INBOX.iterdir() if p.suffix.lower() in STORY_SUFFIXES)
SEED = INBOX / "000_132f97d57f8e284e.txt"


def stories_of(path):
    return read_stories(path, lambda problem: pytest.fail(problem))


def test_inbox_holds_the_seed_and_at_least_15_samples():
    assert (INBOX / "000_132f97d57f8e284e.txt").is_file()
    assert len(FILES) >= 16
    errors = []
    assert list(iter_story_files([INBOX], errors.append)) == FILES
    assert errors == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_sample_reads_and_cleans(path):
    for raw in stories_of(path):
        copy = clean(raw)
        assert copy.headline
        assert copy.paragraphs and all(copy.paragraphs)
        again = clean(story_from_text(copy_to_text(copy)))
        assert (again.headline, again.dateline, again.credit, again.paragraphs, again.fixes) == (
            copy.headline, copy.dateline, copy.credit, copy.paragraphs, ()
        )


def test_sample_ids_are_distinct():
    ids = [raw.id for p in FILES for raw in stories_of(p)]
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


def test_markup_stays_literal_and_the_update_marker_leaves_the_headline():
    assert by_name("014")[1].headline.startswith("Strong quake")
    assert by_name("014")[1].update == "UPDATE"
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


@pytest.mark.parametrize(("prefix", "fmt", "count"), [
    ("020", "html", 1), ("021", "rss", 3), ("022", "atom", 2), ("023", "rdf", 1),
    ("024", "nitf", 1), ("025", "newsml", 1), ("026", "ninjs", 1), ("027", "ninjs", 1),
    ("028", "ninjs", 1),
])
def test_each_format_has_a_sample_with_place_source_and_quoted_speakers(prefix, fmt, count):
    (path,) = [p for p in FILES if p.name.startswith(prefix)]
    stories = stories_of(path)
    assert [raw.format for raw in stories] == [fmt] * count
    for raw in stories:
        story = build_story(raw)
        assert story.copy.dateline, raw.source
        assert story.copy.credit or raw.byline, raw.source
        assert story.quotes and all(quote.speaker for quote in story.quotes), raw.source


def test_the_seed_as_a_web_page_gives_the_seeds_clean_copy():
    page = clean(read_story(INBOX / "020_seed_as_web_page_idlib.html"))
    seed = clean(read_story(SEED))
    assert (page.headline, page.dateline, page.credit, page.paragraphs) == (
        seed.headline, seed.dateline, seed.credit, seed.paragraphs)
    text = " ".join(page.paragraphs)
    for furniture in ("Previous article", "Next article", "Trending Now", "RELATED ARTICLES",
                      "LEAVE A REPLY", "Privacy policy", "All rights reserved", "Facebook",
                      "dataLayer", "Gold hits new high"):
        assert furniture not in text and furniture not in page.headline


def test_structured_samples_carry_the_agencys_metadata():
    nitf = read_story(INBOX / "024_nitf_ap_wildfire.xml")
    assert (nitf.urgency, nitf.slugline, nitf.guid) == (
        2, "Wildfire-Hillside Towns", "a3f9c1d27e5b4c8f9e0d1b2a3c4d5e6f")
    assert "Flames climb a ridge" not in nitf.body  # a photo caption is not copy
    newsml = read_story(INBOX / "025_newsml_afp_nairobi_climate.xml")
    assert (newsml.guid, newsml.version, newsml.urgency, newsml.slugline, newsml.located) == (
        "urn:newsml:afp.example:20240911:TX-PAR-KTE21:3", "3", 3, "Kenya-climate-finance",
        "Nairobi")
    page = read_story(INBOX / "020_seed_as_web_page_idlib.html")
    assert (page.site, page.byline, page.published) == ("The Gulf Today Herald", "AFP",
                                                        "2020-02-22")
    dpa = read_story(INBOX / "026_ninjs3_dpa_html_bridge.json")
    assert "<" not in dpa.body and "Information on diversions" not in dpa.body

"""RSS 2.0, Atom and RDF feeds: each entry a story; its guid rides along; the same feed
read again (or refreshed) adds only what is new."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.text.clean import clean
from desk.text.ingest import IngestError, read_stories
from desk.text.pipeline import load_stories


def item(n: int, text: str | None = None, *, title: str | None = None) -> str:
    body = text if text is not None else (
        f"&lt;p&gt;PARIS (AFP) - Item {n} was announced on Monday.&lt;/p&gt;"
        f"&lt;p&gt;&#8220;It matters,&#8221; said spokeswoman Claire Dupont.&lt;/p&gt;")
    title = title if title is not None else f"Story {n} headline"
    return (f"<item><title>{title}</title><link>https://site.example/{n}</link>"
            f"<guid isPermaLink=\"false\">urn:site:{n}</guid><dc:creator>Jo Writer</dc:creator>"
            f"<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate><description>{body}</description>"
            "</item>")


def rss(*items: str, encoding: str = "UTF-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Site News</title><link>https://site.example/</link>"
            + "".join(items) + "</channel></rss>")


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_each_rss_entry_is_a_story_with_its_guid_byline_and_site(tmp_path):
    stories = read_stories(write(tmp_path, "f.rss", rss(item(1), item(2))), print)
    assert [s.guid for s in stories] == ["urn:site:1", "urn:site:2"]
    first = stories[0]
    assert (first.format, first.headline, first.byline, first.site) == (
        "rss", "Story 1 headline", "Jo Writer", "Site News")
    assert first.published == "Mon, 06 May 2024 10:00:00 GMT"
    copy = clean(first)
    assert (copy.dateline, copy.credit) == ("PARIS", "AFP")
    assert copy.paragraphs == ("Item 1 was announced on Monday.",
                               "\u201cIt matters,\u201d said spokeswoman Claire Dupont.")


def test_content_encoded_is_preferred_to_the_summary(tmp_path):
    entry = item(1).replace("</item>", "<content:encoded><![CDATA[<p>The full text, with "
                            "<b>markup</b>.</p><p>Second paragraph.</p>]]></content:encoded>"
                            "</item>")
    (raw,) = read_stories(write(tmp_path, "f.rss", rss(entry)), print)
    assert raw.body == "The full text, with markup.\n\nSecond paragraph."


def test_atom_entries_use_their_id_and_content(tmp_path):
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
            "<entry><id>tag:wire,2024:1</id><title type=\"html\">Rates &lt;b&gt;held"
            "&lt;/b&gt;</title><author><name>Ann Bee</name></author>"
            "<updated>2024-05-06T10:00:00Z</updated><summary>Short.</summary>"
            '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Long one.</p>'
            "<p>Long two.</p></div></content></entry>"
            "<entry><id>tag:wire,2024:2</id><title>Only a summary</title>"
            "<summary>Plain summary text.</summary></entry></feed>")
    first, second = read_stories(write(tmp_path, "w.atom", atom), print)
    assert (first.format, first.guid, first.headline, first.byline) == (
        "atom", "tag:wire,2024:1", "Rates held", "Ann Bee")
    assert first.body == "Long one.\n\nLong two."
    assert (second.body, second.site) == ("Plain summary text.", "Wire")


def test_an_rdf_feed_in_a_dot_xml_file(tmp_path):
    rdf = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.example/">'
           "<title>RDF Site</title></channel><item rdf:about=\"https://x.example/1\">"
           "<title>RDF story</title><link>https://x.example/1</link>"
           "<description>RDF body.</description></item></rdf:RDF>")
    (raw,) = read_stories(write(tmp_path, "r.xml", rdf), print)
    assert (raw.format, raw.headline, raw.body, raw.guid) == (
        "rdf", "RDF story", "RDF body.", "https://x.example/1")


def test_an_entry_with_nothing_to_read_is_one_line_and_the_rest_goes_on(tmp_path):
    path = write(tmp_path, "f.rss", rss(item(1), item(2, "", title=""), item(3)))
    problems: list[str] = []
    stories = read_stories(path, problems.append)
    assert [s.guid for s in stories] == ["urn:site:1", "urn:site:3"]
    assert problems == [f"{path}: entry 2 (urn:site:2): no title and no text; skipped"]


def test_a_feed_with_no_readable_entry_is_one_line(tmp_path):
    path = write(tmp_path, "f.rss", rss(item(1, "", title="")))
    with pytest.raises(IngestError, match="entry 1 .urn:site:1.: no title and no text"):
        read_stories(path, print)


def test_not_a_feed_is_one_line(tmp_path):
    path = write(tmp_path, "f.rss", "this is not a feed at all")
    with pytest.raises(IngestError, match="not an RSS, Atom or RDF feed"):
        read_stories(path, print)


def test_a_declared_latin_1_feed_is_decoded_once(tmp_path):
    path = write(tmp_path, "f.rss", rss(item(1, "Caf\u00e9 cr\u00e8me in M\u00fcnchen."),
                                        encoding="ISO-8859-1"), encoding="latin-1")
    (raw,) = read_stories(path, print)
    assert raw.body == "Caf\u00e9 cr\u00e8me in M\u00fcnchen."


def test_a_sloppy_feed_with_an_html_entity_still_reads(tmp_path):
    path = write(tmp_path, "f.rss", rss(item(1, "Rates&nbsp;rise &amp; fall.")))
    (raw,) = read_stories(path, print)
    assert raw.body.replace("\u00a0", " ") == "Rates rise & fall."


def test_story_ids_are_stable_across_refreshes(tmp_path):
    """The same entry with the same text is the same story in every refresh of the feed."""
    before = read_stories(write(tmp_path, "f.rss", rss(item(1), item(2), item(3))), print)
    after = read_stories(write(tmp_path, "f.rss", rss(item(4), item(1), item(2))), print)
    assert {s.id for s in before} & {s.id for s in after} == {before[0].id, before[1].id}
    changed = read_stories(write(tmp_path, "f.rss", rss(item(1, "Corrected text."))), print)
    assert changed[0].guid == before[0].guid and changed[0].id != before[0].id  # not lost


def test_ingesting_the_same_feed_again_adds_nothing(tmp_path, store):
    path = write(tmp_path, "f.rss", rss(*(item(n) for n in range(1, 21))))
    assert store.add_stories(load_stories(path, print)) == 20
    assert store.add_stories(load_stories(path, print)) == 0
    write(tmp_path, "f.rss", rss(*(item(n) for n in range(2, 23))))  # a refresh: 2 new
    assert store.add_stories(load_stories(path, print)) == 2

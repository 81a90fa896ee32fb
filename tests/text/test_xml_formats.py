"""NITF 3.x and NewsML-G2 in the inbox: headline, byline, dateline, body, urgency, guid,
version and slugline mapped to the story; `.xml` told apart by its root element."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.text.clean import clean
from desk.text.ingest import IngestError, iter_story_files, read_stories, read_story

NITF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">
<nitf{ns} version="-//IPTC//DTD NITF 3.6//EN">
  <head>
    <title>Port strike ends</title>
    <docdata>
      <doc-id regsrc="AP" id-string="ap-123"/>
      <urgency ed-urg="3"/>
      <date.issue norm="20240301T120000Z"/>
      <du-key key="Port-Strike" version="4"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Port strike ends after nine days</hl1><hl2>Deal reached</hl2></hedline>
      <byline>By ANA LIMA</byline>
      <dateline>LISBON (AP) &#8212;</dateline>
    </body.head>
    <body.content>
      <p>Dock workers voted on Friday to end a nine-day strike.</p>
      <media media-type="image"><media-caption><p>Cranes stand idle.</p></media-caption></media>
      <block><p>&#8220;We got what we came for,&#8221; said union leader Rui Costa.</p></block>
      <hl2>What next</hl2>
      <table><tr><td>cells are not copy</td></tr></table>
      <p>Ships will start unloading on <em>Monday</em>.</p>
    </body.content>
  </body>
</nitf>
"""

NEWS_ITEM = """<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:afp:1"
    version="2" standard="NewsML-G2">
  <itemMeta><itemClass qcode="ninat:{kind}"/><versionCreated>2024-03-01T10:00:00Z</versionCreated>
  </itemMeta>
  <contentMeta>
    <urgency>2</urgency>
    <located><name>Dakar</name></located>
    <slugline>Senegal-vote</slugline>
    <headline role="hlrole:short">Short one</headline>
    <headline>Senegal votes in delayed presidential election</headline>
    <by>Moussa DIOP</by>
  </contentMeta>
  <contentSet>{content}</contentSet>
</newsItem>"""
XHTML = """<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">
<head><title>x</title></head><body><h1>Senegal votes in delayed presidential election</h1>
<p>Dakar (AFP) &#8211; Senegalese voted on Sunday in a presidential election delayed by
nearly a month.</p><p>&#8220;We waited long enough,&#8221; said voter Awa Ndiaye.</p>
</body></html></inlineXML>"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def only_story(path: Path):
    (raw,) = read_stories(path, lambda problem: pytest.fail(problem))
    return raw


@pytest.mark.parametrize("ns", ["", ' xmlns="http://iptc.org/std/NITF/2006-10-18/"'])
def test_nitf_maps_every_field(tmp_path, ns):
    raw = only_story(write(tmp_path, "ap.xml", NITF.format(ns=ns)))
    assert (raw.format, raw.headline, raw.byline) == (
        "nitf", "Port strike ends after nine days", "By ANA LIMA")
    assert (raw.guid, raw.urgency, raw.slugline, raw.version, raw.published) == (
        "ap-123", 3, "Port-Strike", "4", "20240301T120000Z")
    copy = clean(raw)
    assert (copy.dateline, copy.credit) == ("LISBON", "AP")
    assert copy.paragraphs == (
        "Dock workers voted on Friday to end a nine-day strike.",
        "\u201cWe got what we came for,\u201d said union leader Rui Costa.",
        "What next",
        "Ships will start unloading on Monday.",
    )


def test_nitf_without_a_dash_keeps_its_dateline_as_the_place(tmp_path):
    text = NITF.format(ns="").replace("LISBON (AP) &#8212;", "Lisbon")
    raw = only_story(write(tmp_path, "ap.xml", text))
    assert raw.located == "Lisbon" and clean(raw).dateline == "LISBON"


def test_nitf_in_a_foreign_namespace_is_refused(tmp_path):
    path = write(tmp_path, "x.xml", NITF.format(ns=' xmlns="http://example.com/nitf"'))
    with pytest.raises(IngestError, match="not NITF 3.x: <nitf> in namespace"):
        read_stories(path, print)


def test_newsml_g2_item_with_an_xhtml_body(tmp_path):
    raw = only_story(write(tmp_path, "afp.xml", NEWS_ITEM.format(kind="text", content=XHTML)))
    assert (raw.format, raw.headline, raw.byline, raw.located) == (
        "newsml", "Senegal votes in delayed presidential election", "Moussa DIOP", "Dakar")
    assert (raw.guid, raw.version, raw.urgency, raw.slugline) == (
        "urn:newsml:afp:1", "2", 2, "Senegal-vote")
    copy = clean(raw)
    assert (copy.dateline, copy.credit) == ("Dakar", "AFP")
    assert copy.paragraphs == (
        "Senegalese voted on Sunday in a presidential election delayed by nearly a month.",
        "\u201cWe waited long enough,\u201d said voter Awa Ndiaye.",
    )  # the <h1> repeating the headline is gone, markup and namespaces too


def test_newsml_g2_plain_text_and_nitf_bodies(tmp_path):
    plain = '<inlineData contenttype="text/plain">First.\n\nSecond.</inlineData>'
    raw = only_story(write(tmp_path, "a.xml", NEWS_ITEM.format(kind="text", content=plain)))
    assert raw.body == "First.\n\nSecond."
    nitf = "<inlineXML contenttype=\"application/nitf+xml\">" + \
        NITF.format(ns="").split("?>", 1)[1].split("]>", 1)[-1].replace(
            '<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">', "") + "</inlineXML>"
    raw = only_story(write(tmp_path, "b.xml", NEWS_ITEM.format(kind="text", content=nitf)))
    assert raw.body.startswith("LISBON (AP) \u2014 Dock workers voted")


def test_a_news_message_gives_each_text_item_and_names_the_picture(tmp_path):
    text_item = NEWS_ITEM.format(kind="text", content=XHTML)
    picture = NEWS_ITEM.format(kind="picture", content="").replace("urn:newsml:afp:1",
                                                                   "urn:newsml:afp:pic")
    message = ('<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header/><itemSet>'
               + text_item.replace(' xmlns="http://iptc.org/std/nar/2006-10-01/"', "")
               + picture.replace(' xmlns="http://iptc.org/std/nar/2006-10-01/"', "")
               + "</itemSet></newsMessage>")
    path = write(tmp_path, "message.xml", message)
    problems: list[str] = []
    (raw,) = read_stories(path, problems.append)
    assert raw.guid == "urn:newsml:afp:1"
    assert problems == [f"{path}: newsItem urn:newsml:afp:pic: a picture item, no story text: "
                        "skipped"]


def test_a_lone_picture_item_is_one_line(tmp_path):
    path = write(tmp_path, "pic.xml", NEWS_ITEM.format(kind="picture", content=""))
    with pytest.raises(IngestError, match="a picture item, no story text: skipped"):
        read_stories(path, print)


@pytest.mark.parametrize(("text", "problem"), [
    ("<html><body>x</body></html>", "XML with root element <html>: not a feed, NITF or NewsML"),
    ("<NewsML><NewsItem/></NewsML>", "NewsML 1.x, which desk does not read"),
    ("just words, no markup", "not XML (no root element)"),
    ("<newsItem xmlns='http://iptc.org/std/nar/2006-10-01/'/>", "no headline and no body"),
])
def test_xml_that_is_not_a_story_format_is_one_line(tmp_path, text, problem):
    path = write(tmp_path, "odd.xml", text)
    with pytest.raises(IngestError) as caught:
        read_stories(path, print)
    assert str(caught.value).startswith(f"{path}: ") and problem in str(caught.value)


def test_suffixes_are_read_whatever_their_case(tmp_path):
    write(tmp_path, "A.XML", NITF.format(ns=""))
    write(tmp_path, "B.Htm", "<html><head><title>Page</title></head><body><article><p>"
          + "Words of a story that is long enough for the extractor to keep. " * 8
          + "</p></article></body></html>")
    write(tmp_path, "C.RSS", '<rss version="2.0"><channel><title>F</title><item><title>T</title>'
          "<guid>g1</guid><description>Body.</description></item></channel></rss>")
    write(tmp_path, "D.ATOM", '<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
          "<entry><id>e1</id><title>T</title><summary>S.</summary></entry></feed>")
    write(tmp_path, "E.TXT", "Headline\n\nBody.")
    found = list(iter_story_files([tmp_path], print))
    assert [p.name for p in found] == ["A.XML", "B.Htm", "C.RSS", "D.ATOM", "E.TXT"]
    formats = [raw.format for path in found for raw in read_stories(path, print)]
    assert formats == ["nitf", "html", "rss", "atom", "text"]


def test_read_story_picks_a_story_of_a_many_story_file_by_id(tmp_path):
    feed = write(tmp_path, "f.rss", '<rss version="2.0"><channel><title>F</title>'
                 "<item><title>One</title><guid>g1</guid><description>A.</description></item>"
                 "<item><title>Two</title><guid>g2</guid><description>B.</description></item>"
                 "</channel></rss>")
    first, second = read_stories(feed, print)
    assert read_story(feed, second.id) == second
    with pytest.raises(IngestError, match="holds 2 stories"):
        read_story(feed)
    with pytest.raises(IngestError, match="story 0123456789abcdef is no longer in the file"):
        read_story(feed, "0123456789abcdef")

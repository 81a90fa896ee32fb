"""ninjs as agencies send it: the shapes of IPTC's own examples (iptc/newsinjson
`examples/` and `validation/test_suite/*/should_pass/`), written here with our own copy.

Before: a Business Wire item with only `body_xhtml` became an empty story (exit 0), a
ninjs 3.0 `text/html` body or a whole NITF body was kept as raw markup, and picture, audio
and video items became empty stories.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.text.clean import clean
from desk.text.ingest import IngestError, read_stories

PARAS = ("Ministers agreed on Tuesday to double the fund for flood defences.",
         "\u201cThis is money well spent,\u201d said Environment Minister Lena Fischer.")


def write(folder: Path, item, name: str = "item.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    return path


def body_of(path: Path) -> tuple[str, ...]:
    (raw,) = read_stories(path, lambda problem: pytest.fail(problem))
    assert "<" not in raw.body and ">" not in raw.body
    return clean(raw).paragraphs


def test_1x_business_wire_shape_with_only_body_xhtml(tmp_path):
    item = {"uri": "http://www.wire.example/news/home/1/en", "type": "composite",
            "mimetype": "application/x-resource+json;level=composite", "version": "1",
            "headline": "Flood fund doubled",
            "body_xhtml": "\n  <p>" + PARAS[0] + "</p>\n  <p>" + PARAS[1] + "</p>\n"}
    assert body_of(write(tmp_path, item)) == PARAS


def test_1x_every_body_field(tmp_path):
    html = "".join(f"<p>{p}</p>" for p in PARAS)
    for field in ("body_html", "body_xhtml", "body_richtext"):
        assert body_of(write(tmp_path, {"headline": "H", field: html})) == PARAS
    main = {"headline_main": "Flood fund doubled", "body_main": " ".join(PARAS),
            "body_richtext": html, "byline": "Ann Bee"}
    (raw,) = read_stories(write(tmp_path, main), print)
    assert (raw.headline, raw.byline) == ("Flood fund doubled", "Ann Bee")
    assert raw.body == " ".join(PARAS)  # the plain body first


def test_3x_camel_case_html_body(tmp_path):
    item = {"uri": "urn:newsml:dpa.example:1", "version": "2",
            "versionCreated": "2024-05-10T16:02:28+02:00", "pubStatus": "usable",
            "urgency": 4, "language": "en",
            "headlines": [{"role": "main", "value": "Flood fund doubled"}],
            "bodies": [{"role": "html", "contentType": "text/html", "value":
                        '<section class="main">' + "".join(f"<p>{p}</p>" for p in PARAS)
                        + "</section>"}]}
    path = write(tmp_path, item)
    assert body_of(path) == PARAS
    (raw,) = read_stories(path, print)
    assert (raw.urgency, raw.version, raw.published) == (4, "2", "2024-05-10T16:02:28+02:00")


@pytest.mark.parametrize("contenttype", ["text/vnd.IPTC.NITF", "application/nitf+xml",
                                         "application/xml"])
def test_3x_body_holding_a_whole_nitf_document(tmp_path, contenttype):
    nitf = ('<?xml version="1.0" encoding="UTF-8"?>\n<nitf version="-//IPTC//DTD NITF 3.6//EN">'
            '<head><title>T</title><docdata><doc-id id-string="d-1"/><du-key key="flood-fund"/>'
            '</docdata></head><body><body.head><hedline><hl1>Flood fund doubled</hl1></hedline>'
            "<byline>Kai Berg, NTB</byline><dateline>OSLO</dateline></body.head><body.content>"
            + "".join(f"<p>{p}</p>" for p in PARAS) + "</body.content></body></nitf>")
    item = {"uri": "https://addb.example/news/1", "title": "Flood",
            "descriptions": [{"role": "lead", "value": "A lead."}],
            "bodies": [{"charCount": 0, "role": "nitf", "contentType": contenttype,
                        "value": nitf}]}
    path = write(tmp_path, item)
    assert body_of(path) == PARAS
    (raw,) = read_stories(path, print)
    assert (raw.headline, raw.byline, raw.located, raw.slugline) == (
        "Flood fund doubled", "Kai Berg, NTB", "OSLO", "flood-fund")


def test_2x_plain_body_preferred_and_headline_repeat_dropped(tmp_path):
    item = {"uri": "http://tt.example/text/1", "type": "text", "urgency": 3,
            "slugline": "flood-fund", "headlines": [{"role": "main", "value": "Flood fund"}],
            "bodies": [{"role": "html5", "contenttype": "text/html",
                        "value": "<html><body><h1>Flood fund</h1><p>HTML copy.</p></body></html>"},
                       {"role": "text", "contenttype": "text/plain", "value": PARAS[0]}]}
    (raw,) = read_stories(write(tmp_path, item), print)
    assert (raw.body, raw.slugline, raw.urgency) == (PARAS[0], "flood-fund", 3)
    item["bodies"] = item["bodies"][:1]
    (raw,) = read_stories(write(tmp_path, item), print)
    assert raw.body == "HTML copy."


@pytest.mark.parametrize("kind", ["picture", "graphic", "audio", "video", "event"])
def test_an_item_without_text_is_skipped_in_one_line_saying_why(tmp_path, kind):
    item = {"uri": f"http://api.example/{kind}/1", "type": kind,
            "headlines": [{"role": "main", "value": "Flooded street"}],
            "descriptions": [{"role": "caption", "value": "A street under water."}],
            "renditions": [{"name": "main", "href": "http://api.example/1.bin"}]}
    path = write(tmp_path, item)
    with pytest.raises(IngestError) as caught:
        read_stories(path, print)
    article = "an" if kind[0] in "aeiou" else "a"
    assert str(caught.value) == f"{path}: {article} {kind} item, no story text: skipped"


def test_a_text_item_with_only_a_description_reads_it(tmp_path):
    item = {"uri": "urn:ntb:1", "type": "text", "by": "NTB",
            "descriptions": [{"role": "text", "contenttype": "text/plain", "value": PARAS[0]}],
            "headlines": [{"role": "main", "value": "Flood fund doubled"}]}
    assert body_of(write(tmp_path, item)) == (PARAS[0],)


def test_a_list_of_items_gives_each_story_and_names_the_rest(tmp_path):
    items = [{"uri": "urn:x:1", "headlines": [{"value": "One"}],
              "bodies": [{"value": PARAS[0]}]},
             {"uri": "urn:x:2", "type": "picture", "headlines": [{"value": "Pic"}]},
             {"uri": "urn:x:3", "headline": "Three", "body_text": PARAS[1]}]
    path = write(tmp_path, items)
    problems: list[str] = []
    stories = read_stories(path, problems.append)
    assert [raw.guid for raw in stories] == ["urn:x:1", "urn:x:3"]
    assert problems == [f"{path}: item 2 (urn:x:2): a picture item, no story text: skipped"]


def test_the_minimal_valid_item_is_one_line_not_an_empty_story(tmp_path):
    path = write(tmp_path, {"uri": "http://example.com/1"})
    with pytest.raises(IngestError, match="no headline and no body"):
        read_stories(path, print)

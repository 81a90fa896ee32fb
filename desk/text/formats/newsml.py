"""IPTC NewsML-G2 (AFP, Reuters, ANSA, TT) -> Articles: a newsItem, or each newsItem of a
newsMessage.

newsItem@guid and @version; itemMeta (itemClass, versionCreated); contentMeta (headline,
slugline, urgency, located, by, contentCreated); contentSet: inlineXML holding XHTML
(through the same main-text extraction as web pages) or a NITF document (through the
NITF reader), or inlineData holding plain text. Picture, video, audio and graphic items
carry no copy: each is named and skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from desk.text.formats.article import Article, FormatError, article_for, squash, urgency_of
from desk.text.formats.htmltext import fragment_text
from desk.text.formats.nitf import nitf_article
from desk.text.formats.xmlsafe import child, children, local, namespace, text_of
from desk.text.wire import priority_urgency

NAR = "http://iptc.org/std/nar/2006-10-01/"
_MEDIA_CLASSES = ("picture", "video", "audio", "graphic")


def newsml_articles(root: ET.Element) -> tuple[list[Article], list[str]]:
    """(articles, problems): one line for each item that is not a story."""
    name = local(root.tag)
    if name not in ("newsItem", "newsMessage"):
        raise FormatError(f"not NewsML-G2 (the root element is <{name}>)")
    if namespace(root.tag) not in ("", NAR):
        raise FormatError(f"not NewsML-G2: <{name}> in namespace {namespace(root.tag)} "
                          f"(expected {NAR})")
    items = [root] if name == "newsItem" else [
        item for item_set in children(root, "itemSet") for item in children(item_set, "newsItem")
    ]
    if not items:
        raise FormatError("NewsML-G2 message with no newsItem")
    # A message's header may carry the wire's priority: its items' urgency when they say none.
    priority = priority_urgency(text_of(child(root, "header", "priority")) or None)
    articles, problems = [], []
    for item in items:
        try:
            article = _item_article(item)
            articles.append(article if article.urgency else replace(article, urgency=priority))
        except FormatError as exc:
            problems.append(f"newsItem {item.get('guid') or '(no guid)'}: {exc}")
    return articles, problems


def _item_article(item: ET.Element) -> Article:
    meta, content = child(item, "itemMeta"), child(item, "contentMeta")
    item_class = child(meta, "itemClass")
    kind = (item_class.get("qcode", "") if item_class is not None else "").rpartition(":")[2]
    headline = _headline(content)
    body, nitf = _body(child(item, "contentSet"), headline)
    if not body and kind in _MEDIA_CLASSES:
        raise FormatError(f"{article_for(kind)} {kind} item, no story text: skipped")
    if not body and not headline:
        raise FormatError("no headline and no body text")
    located = child(content, "located")
    return Article(
        format="newsml",
        headline=headline or (nitf.headline if nitf else ""),
        body=body,
        byline=text_of(child(content, "by")) or (nitf.byline if nitf else None),
        located=(text_of(child(located, "name")) or text_of(located)) or None,
        guid=squash(item.get("guid")) or None,
        version=squash(item.get("version")) or None,
        urgency=urgency_of(text_of(child(content, "urgency"))),
        slugline=text_of(child(content, "slugline")) or None,
        published=(text_of(child(content, "contentCreated"))
                   or text_of(child(meta, "versionCreated")) or None),
    )


def _headline(content: ET.Element | None) -> str:
    headlines = children(content, "headline")
    main = [h for h in headlines if h.get("role", "main").rpartition(":")[2] == "main"]
    return text_of((main or headlines or [None])[0])


def _body(content_set: ET.Element | None, headline: str) -> tuple[str, Article | None]:
    """The first text body of the content set, and the NITF article if it was one."""
    if content_set is None:
        return "", None
    for part in content_set:
        kind = local(part.tag)
        if kind == "inlineData":
            text = (part.text or "").strip()
            if text:
                return text, None
        elif kind == "inlineXML":
            inner = next(iter(part), None)
            if inner is None:
                continue
            if local(inner.tag) == "nitf":
                article = nitf_article(inner, inherited=namespace(part.tag))
                return article.body, article
            text = fragment_text(_as_html(inner), headline)
            if text:
                return text, None
    return "", None


def _as_html(element: ET.Element) -> str:
    """XHTML as plain HTML: without namespace prefixes an HTML parser reads the tags."""
    for node in element.iter():
        node.tag = local(node.tag)
        for key in [k for k in node.attrib if k.startswith("{")]:
            node.attrib[local(key)] = node.attrib.pop(key)
    return ET.tostring(element, encoding="unicode")

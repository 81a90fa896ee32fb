"""NITF 3.x (AP, dpa, NTB and many national agencies) -> Article.

head/title, head/docdata (doc-id, urgency@ed-urg, du-key@key as the slugline,
date.issue), body/body.head (hedline/hl1, byline, dateline), body/body.content (p and
hl2 in order; media captions and tables are not copy).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from desk.text.formats.article import Article, FormatError, squash, urgency_of
from desk.text.formats.xmlsafe import child, children, local, namespace, text_of

NITF_NAMESPACE = "http://iptc.org/std/NITF/2006-10-18/"  # the XML Schema flavour
_COPY = frozenset(("p", "hl2"))
_DASHES = ("-", "\u2013", "\u2014")
_NOT_COPY = frozenset(("media", "table", "nitf-table", "ol", "ul", "dl", "fn", "note"))


def nitf_article(root: ET.Element, *, inherited: str = "") -> Article:
    """`inherited`: the namespace of a document the NITF sits in without declaring its own
    (a NewsML-G2 inlineXML), which it then takes on."""
    if local(root.tag) != "nitf":
        raise FormatError(f"not NITF (the root element is <{local(root.tag)}>)")
    if namespace(root.tag) not in ("", NITF_NAMESPACE, inherited):
        raise FormatError(f"not NITF 3.x: <nitf> in namespace {namespace(root.tag)} "
                          f"(expected none or {NITF_NAMESPACE})")
    head, body = child(root, "head"), child(root, "body")
    body_head = child(body, "body.head")
    docdata = child(head, "docdata")
    headline = text_of(child(body_head, "hedline", "hl1")) or text_of(child(head, "title"))
    paragraphs = _copy(child(body, "body.content"))
    if not headline and not paragraphs:
        raise FormatError("NITF document with no headline and no body text")
    bylines = [text_of(line) for line in children(body_head, "byline")]
    dateline = text_of(child(body_head, "dateline"))
    if dateline.endswith(_DASHES) and paragraphs and not paragraphs[0].startswith(dateline):
        # "SANTA ROSA, Calif. (AP) —" leads the copy, as on the wire: the cleaner takes
        # the place and the agency from there, as from any wire story.
        paragraphs[0] = f"{dateline} {paragraphs[0]}"
        dateline = ""
    du_key = child(docdata, "du-key")
    return Article(
        format="nitf",
        headline=headline,
        body="\n\n".join(paragraphs),
        byline="; ".join(line for line in bylines if line) or None,
        located=dateline or None,
        guid=_attribute(child(docdata, "doc-id"), "id-string"),
        version=_attribute(du_key, "version"),
        urgency=urgency_of(_attribute(child(docdata, "urgency"), "ed-urg")),
        slugline=_attribute(du_key, "key"),
        published=_attribute(child(docdata, "date.issue"), "norm"),
    )


def _attribute(element: ET.Element | None, name: str) -> str | None:
    value = squash(element.get(name)) if element is not None else ""
    return value or None


def _copy(content: ET.Element | None) -> list[str]:
    """The body's paragraphs and subheads in order, from any depth of block nesting."""
    paragraphs: list[str] = []
    if content is None:
        return paragraphs
    pending = list(reversed(list(content)))  # a stack, not recursion: depth is bounded anyway
    while pending:
        element = pending.pop()
        name = local(element.tag)
        if name in _COPY:
            text = text_of(element)
            if text:
                paragraphs.append(text)
        elif name not in _NOT_COPY:
            pending.extend(reversed(list(element)))
    return paragraphs

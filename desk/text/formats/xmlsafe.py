"""XML parsed safely: defusedxml refuses entity declarations (billion laughs) and external
references (`<!ENTITY x SYSTEM "file:///etc/passwd">`) before anything is expanded or
fetched, and a tree builder refuses nesting deeper than any news format needs, so the
readers' walks over the tree stay bounded. File size is bounded before parsing (ingest).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from desk.text.formats.article import FormatError

MAX_DEPTH = 200  # NITF and NewsML-G2 nest a dozen levels; XHTML bodies a few more

_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[.*?\])*>|\s+", re.S | re.I)
_FIRST_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")


class MalformedXml(FormatError):
    """Not well-formed XML (as opposed to well-formed XML refused as hostile)."""


class _TooDeep(Exception):
    pass


class _DepthLimitedBuilder(ET.TreeBuilder):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0

    def start(self, tag, attrs):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep
        return super().start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


def parse_xml(text: str) -> ET.Element:
    """The document's root element; raises FormatError with one line saying why not."""
    parser = DefusedXMLParser(target=_DepthLimitedBuilder())
    try:
        parser.feed(text)
        return parser.close()
    except (EntitiesForbidden, DTDForbidden):
        raise FormatError("refused: the XML declares entities, which could expand without "
                          "bound or read local files (nothing was expanded)") from None
    except ExternalReferenceForbidden:
        raise FormatError("refused: the XML refers to an external resource "
                          "(nothing was fetched)") from None
    except _TooDeep:
        raise FormatError(f"refused: XML elements nested more than {MAX_DEPTH} deep") from None
    except ET.ParseError as exc:
        raise MalformedXml(f"malformed XML ({exc})") from None


def root_name(text: str) -> str | None:
    """The root element's local name, read from the start of the text without parsing."""
    head = text[:65536]
    position = 0
    while match := _PROLOG.match(head, position):
        position = match.end()
    tag = _FIRST_TAG.match(head, position)
    return local(tag.group(1).split(":")[-1]) if tag else None


def local(tag: str) -> str:
    """`{namespace}name` -> `name`."""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def children(element: ET.Element | None, name: str) -> list[ET.Element]:
    """Child elements with this local name, whatever their namespace."""
    return [] if element is None else [c for c in element if local(c.tag) == name]


def child(element: ET.Element | None, *path: str) -> ET.Element | None:
    """The first element down `path` (local names), or None."""
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if local(c.tag) == name), None)
    return element


def text_of(element: ET.Element | None) -> str:
    """All the text inside an element, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""

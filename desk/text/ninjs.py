"""ninjs (IPTC's JSON for news), versions 1.x and 2.x -> headline, body and metadata.

1.x: `headline`, `body_text` / `body_html`, `byline`, `located`, `uri`.
2.x: `headlines[{value, role}]`, `bodies[{value, contenttype, role}]`, `by`, `located`, `uri`.
An HTML body is reduced to paragraphs separated by one blank line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# JSON can escape a lone surrogate ("\udc9b"), which no UTF-8 text holds: it becomes U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class NinjsError(ValueError):
    """Not a ninjs story; the message is the problem, for one line."""


@dataclass(frozen=True, slots=True)
class NinjsStory:
    headline: str
    body: str
    byline: str | None
    located: str | None


def parse_ninjs(text: str) -> NinjsStory:
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise NinjsError(f"invalid JSON ({where}: {exc.msg})") from None
    except RecursionError:
        raise NinjsError("invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. a number too long to convert
        raise NinjsError(f"invalid JSON ({exc})") from None
    if not isinstance(item, dict):
        raise NinjsError("JSON is not a ninjs story (expected an object)")
    if "headlines" in item or "bodies" in item:
        headline = _pick(item, "headlines", lambda h: h.get("role") in (None, "main"))
        body_item = _pick_body(item)
        byline = _string(item, "by")
    else:
        headline = _string(item, "headline")
        html = _string(item, "body_html")
        body_item = (_string(item, "body_text"), "text/plain")
        if not body_item[0] and html:
            body_item = (html, "text/html")
        byline = _string(item, "byline")
    body, contenttype = body_item
    if body and "html" in contenttype:
        body = html_to_text(body)
    if not (headline or "").strip() and not (body or "").strip():
        raise NinjsError("JSON is not a ninjs story (no headline and no body)")
    located = _string(item, "located")
    return NinjsStory(*(_utf8(value) for value in (headline or "", body or "", byline, located)))


def _utf8(value: str | None) -> str | None:
    return _LONE_SURROGATE.sub("\ufffd", value) if value else value


def _string(item: dict, key: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    raise NinjsError(f"not a ninjs story (`{key}` should be text)")


def _entries(item: dict, key: str) -> list[dict]:
    value = item.get(key) or []
    if not isinstance(value, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("value", ""), str) for entry in value
    ):
        raise NinjsError(f"not a ninjs story (`{key}` should be a list of {{\"value\": text}})")
    return value


def _pick(item: dict, key: str, preferred) -> str | None:
    entries = _entries(item, key)
    chosen = next((e for e in entries if preferred(e)), entries[0] if entries else None)
    return chosen.get("value") if chosen else None


def _pick_body(item: dict) -> tuple[str | None, str]:
    """Prefer the main plain-text body, then any plain text, then HTML."""
    entries = _entries(item, "bodies")
    ranked = sorted(
        entries,
        key=lambda e: (e.get("role") not in (None, "main"), "html" in str(e.get("contenttype"))),
    )
    if not ranked:
        return None, "text/plain"
    return ranked[0].get("value"), str(ranked[0].get("contenttype") or "text/plain")


_BLOCKS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote tr section article header footer pre".split()
)
_SKIPPED = frozenset(("script", "style", "noscript", "template"))


class _TextCollector(HTMLParser):
    """Keep the text; a block element starts a new paragraph; scripts and styles vanish."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.paragraphs.append([])

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.paragraphs.append([])

    def handle_data(self, data):
        if not self._skipping:
            self.paragraphs[-1].append(data)


def html_to_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    paragraphs = (" ".join("".join(parts).split()) for parts in collector.paragraphs)
    return "\n\n".join(p for p in paragraphs if p)

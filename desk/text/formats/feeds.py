"""RSS 2.0, Atom and RDF (RSS 1.0) feeds -> one Article per entry, with feedparser.

The entry's guid (Atom id; else its link) is its identity across feed refreshes. Its text
is content:encoded / Atom content when there is some, else the summary; HTML goes through
the same main-text extraction as web pages. The feed's title is the entry's site.

Before feedparser sees the file, the safe XML parser refuses entity declarations,
external references and absurd nesting; a merely sloppy feed (an HTML entity such as
`&nbsp;`, a stray ampersand) is left to feedparser's lenient parser, as readers do.
"""

from __future__ import annotations

import io
import re

from desk.text.formats.article import Article, FormatError, squash
from desk.text.formats.htmltext import fragment_text, strip_tags
from desk.text.formats.xmlsafe import MalformedXml, parse_xml

_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
_FORMATS = (("atom", "atom"), ("rss10", "rdf"), ("rss090", "rdf"), ("rss", "rss"))


def feed_articles(text: str) -> tuple[list[Article], list[str]]:
    """(articles, problems): one line for each entry that has nothing to read."""
    try:
        parse_xml(text)
    except MalformedXml:
        pass
    import feedparser  # only when a feed arrives

    # The text is decoded already: say so, or a declared Latin-1 would be decoded twice.
    data = _DECLARED_ENCODING.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")
    # No sanitising: desk never renders an entry's HTML, it extracts the text (scripts
    # and styles dropped), and feedparser's sanitiser is most of its time.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False,
                              response_headers={"content-type": "application/xml; charset=utf-8"})
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise FormatError("not an RSS, Atom or RDF feed" + (f" ({problem})" if problem else ""))
    kind = next((name for prefix, name in _FORMATS if version.startswith(prefix)), "rss")
    site = squash(parsed.feed.get("title")) or None
    articles, problems = [], []
    for number, entry in enumerate(parsed.entries, 1):
        guid = squash(entry.get("id") or entry.get("link")) or None
        headline = _plain(entry.get("title_detail"), entry.get("title"))
        body = _entry_text(entry, headline)
        if not headline and not body:
            problems.append(f"entry {number} ({guid or 'no guid'}): no title and no text; skipped")
            continue
        articles.append(Article(
            format=kind,
            headline=headline,
            body=body,
            byline=squash(entry.get("author")) or None,
            guid=guid,
            published=entry.get("published") or entry.get("updated") or None,
            site=site,
            original=_original(entry),
        ))
    if not articles and not problems:
        raise FormatError(f"{kind} feed with no entries")
    return articles, problems


def _entry_text(entry, headline: str) -> str:
    """content:encoded or Atom content if any (the longest), else the summary."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    detail = max(contents, key=lambda c: len(c["value"])) if contents \
        else entry.get("summary_detail")
    if not detail or not (detail.get("value") or "").strip():
        return ""
    value = detail["value"]
    if "html" in (detail.get("type") or ""):
        return fragment_text(value, headline)
    return value.strip()


def _plain(detail, value: str | None) -> str:
    if detail and "html" in (detail.get("type") or "") and "<" in (value or ""):
        return squash(strip_tags(value))
    return squash(value)


def _original(entry) -> str:
    """The entry as received, field by field: the editor's "original" view."""
    # dict.get: feedparser's own get() would answer "updated" with "published", and warn.
    lines = [f"{key}: {dict.get(entry, key)}" for key in ("title", "link", "id", "author",
                                                         "published", "updated")
             if dict.get(entry, key)]
    for content in entry.get("content") or []:
        lines += ["", content.get("value") or ""]
    if entry.get("summary"):
        lines += ["", entry["summary"]]
    return "\n".join(lines)

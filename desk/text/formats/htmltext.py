"""HTML -> the article's main text, with trafilatura (benchmarked for news; maintained).

A saved web page goes through trafilatura's full extraction, metadata included (title,
author, date, site name, canonical URL): navigation, ads, related links and comments go.
HTML inside a feed entry, a ninjs body or a NewsML-G2 item is a fragment: the same
extractor in its fast mode (no fallback extractors: a 500-entry feed must read in well
under a second), and a plain text collector when the extractor keeps nothing of a short
fragment. Either way paragraphs come back one per line, quotation marks as they were.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

from desk.text.formats.article import Article, FormatError, squash

_FRAGMENT_PAGE = "<html><body><article>{}</article></body></html>"
_EXTRACTOR_MIN_TEXT = 250  # trafilatura's own MIN_EXTRACTED_SIZE: below it, no extraction
# Paragraphs and inline markup: a fragment of only these is all copy, with no menus, share
# buttons or related links for the extractor to remove (and ~1 ms a fragment to save).
_PROSE_TAGS = frozenset(
    "p br b i em strong u s a span q cite abbr sub sup small mark blockquote h1 h2 h3 h4 h5 "
    "h6 html body".split()
)
_TAG_NAME = re.compile(r"<\s*([A-Za-z][\w:-]*)")
_TAG = re.compile(r"<[^>]*>")


def page_article(html: str) -> Article:
    """A saved web page's article; raises FormatError when it holds no article text."""
    document = _extract(html, fast=False, with_metadata=True)
    if document is None or not (document.text or "").strip():
        raise FormatError("no article text found in the page (empty, not HTML, or nested "
                          "too deeply to read)")
    headline = squash(document.title)
    return Article(
        format="html",
        headline=headline,
        body=_paragraphs(document.text, headline),
        byline=squash(document.author) or None,
        guid=document.url or None,
        published=document.date or None,
        site=squash(document.sitename) or None,
        original=html,
    )


def fragment_text(html: str, headline: str = "") -> str:
    """The text of an HTML fragment (or of a whole document sent as a body), paragraphs
    separated by blank lines; a leading repeat of `headline` is dropped."""
    if "<" not in html:  # plain text after all: its own blank lines part paragraphs
        return html.strip()
    words = _TAG.sub(" ", html).split()  # a rough measure, without parsing
    if len(" ".join(words)) < _EXTRACTOR_MIN_TEXT or _only_prose(html):  # nothing to strip
        return _paragraphs(strip_tags(html), headline)
    whole = html.lstrip()[:100].lower().startswith(("<!doctype", "<html", "<?xml"))
    document = _extract(html if whole else _FRAGMENT_PAGE.format(html), fast=True,
                        with_metadata=False)
    text = document.text if document is not None else ""
    # Copy the extractor threw most of away was misread (loose text in divs), not cleaned.
    if len((text or "").split()) < len(words) / 2:
        text = strip_tags(html)
    return _paragraphs(text, headline)


def _only_prose(html: str) -> bool:
    return {name.lower() for name in _TAG_NAME.findall(html)} <= _PROSE_TAGS


def _extract(html: str, *, fast: bool, with_metadata: bool):
    import trafilatura  # ~0.3 s to import: only when a file holds HTML

    try:
        return trafilatura.bare_extraction(
            html, fast=fast, with_metadata=with_metadata, include_comments=False,
            include_tables=False, include_images=False, include_links=False,
            config=_config(),
        )
    except Exception:  # noqa: BLE001 - lxml raises its own kinds on hostile markup
        return None


@cache
def _config():
    """trafilatura's defaults, except that it never swaps its extractor's result for its
    baseline on short text: the baseline breaks a paragraph at every inline tag."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _paragraphs(text: str, headline: str) -> str:
    lines = [squash(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if lines and headline and lines[0] == squash(headline):
        lines = lines[1:]
    return "\n\n".join(lines)


_BLOCKS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote tr section article header footer pre".split()
)
_SKIPPED = frozenset(("script", "style", "noscript", "template", "head", "title"))


class _TextCollector(HTMLParser):
    """Keep the text; a block element starts a new line; scripts and styles vanish."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))


def strip_tags(html: str) -> str:
    """HTML's text with a line break at each block: for short markup (a title) and for
    fragments the extractor keeps nothing of."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)

"""ninjs (IPTC's JSON for news) 1.x, 2.x and 3.x, as agencies send it -> Articles.

1.x: `headline` / `headline_*`, `body_text`, `body_html`, `body_xhtml` and any other
`body_*`, `byline`, `description_*`.
2.x: `headlines[]`, `bodies[{value, contenttype, role}]`, `by`, `descriptions[]`.
3.x: the same as 2.x in camelCase (`contentType`, `versionCreated`): keys are read
case-blind.
Plain text is preferred; HTML and XHTML go through the web page extractor; a body holding
a whole NITF document goes through the NITF reader. A text item with no body reads its
description. A picture, graphic, audio, video or event item with no text body is not a
story: it is named and skipped. A file may hold one item or a list of them.
"""

from __future__ import annotations

import json
import re

from desk.text.formats.article import Article, FormatError, article_for, squash, urgency_of
from desk.text.formats.htmltext import fragment_text
from desk.text.formats.nitf import nitf_article
from desk.text.formats.xmlsafe import parse_xml, root_name
from desk.text.wire import priority_urgency

# JSON can escape a lone surrogate ("\udc9b"), which no UTF-8 text holds: it becomes U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_NOT_TEXT = ("picture", "graphic", "audio", "video", "event", "planning")


def ninjs_articles(text: str) -> tuple[list[Article], list[str]]:
    """(articles, problems); raises FormatError when the file holds no story at all."""
    data = _load(text)
    if isinstance(data, dict):
        return [_article(data)], []
    if not isinstance(data, list) or not data:
        raise FormatError("JSON is not a ninjs story (expected an object)")
    articles, problems = [], []
    for number, item in enumerate(data, 1):
        try:
            articles.append(_article(item))
        except FormatError as exc:
            uri = item.get("uri") if isinstance(item, dict) else None
            problems.append(f"item {number} ({uri or 'no uri'}): {exc}")
    return articles, problems


def _load(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise FormatError(f"invalid JSON ({where}: {exc.msg})") from None
    except RecursionError:
        raise FormatError("invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. a number too long to convert
        raise FormatError(f"invalid JSON ({exc})") from None


def _article(item) -> Article:
    if not isinstance(item, dict):
        raise FormatError("JSON is not a ninjs story (expected an object)")
    item = {str(key).lower(): value for key, value in item.items()}
    kind = _string(item, "type") or "text"
    if "headlines" in item or "bodies" in item or "descriptions" in item:
        headline = _pick(_entries(item, "headlines"))
        bodies = [(_string(e, "contenttype") or "", e.get("value") or "")
                  for e in _ranked(_entries(item, "bodies"))]
        descriptions = [e.get("value") or "" for e in _ranked(_entries(item, "descriptions"))]
        byline = _string(item, "by")
    else:
        headline = _string(item, "headline") or _first_prefixed(item, "headline_")
        bodies = _bodies_1x(item)
        descriptions = [v for k, v in item.items() if k.startswith("description_")
                        and isinstance(v, str)]
        byline = _string(item, "byline")
    headline = squash(headline)
    body, nitf = _first_text(bodies, headline)
    if not body and kind in _NOT_TEXT:
        raise FormatError(f"{article_for(kind)} {kind} item, no story text: skipped")
    if not body and descriptions:
        body = _text_of("", descriptions[0], headline)[0]
    if body and not headline:  # the NITF's own, else a short name for the item
        headline = nitf.headline if nitf else squash(_string(item, "title"))
    if not headline and not body:
        raise FormatError("JSON is not a ninjs story (no headline and no body)")
    return Article(
        format="ninjs",
        headline=_utf8(headline),
        body=_utf8(body),
        byline=_utf8(byline or (nitf.byline if nitf else None)),
        located=_utf8(_string(item, "located") or (nitf.located if nitf else None)),
        guid=_utf8(_string(item, "uri")),
        version=_utf8(str(item["version"])) if item.get("version") is not None else None,
        urgency=(urgency_of(item.get("urgency")) or priority_urgency(item.get("priority"))
                 or (nitf.urgency if nitf else None)),
        slugline=_utf8(_string(item, "slugline") or (nitf.slugline if nitf else None)),
        published=_utf8(_string(item, "versioncreated") or _string(item, "firstcreated")),
    )


def _utf8(value: str | None) -> str | None:
    return _LONE_SURROGATE.sub("\ufffd", value) if value else value


def _string(item: dict, key: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    raise FormatError(f"not a ninjs story (`{key}` should be text)")


def _entries(item: dict, key: str) -> list[dict]:
    value = item.get(key) or []
    if not isinstance(value, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("value", ""), str) for entry in value
    ):
        raise FormatError(f"not a ninjs story (`{key}` should be a list of {{\"value\": text}})")
    return [{str(k).lower(): v for k, v in entry.items()} for entry in value]


def _ranked(entries: list[dict]) -> list[dict]:
    """The main role first, then plain text before markup (stable otherwise)."""
    return sorted(entries, key=lambda e: (
        e.get("role") not in (None, "main", "text"), _is_markup(str(e.get("contenttype") or ""),
                                                               e.get("value") or "")))


def _pick(entries: list[dict]) -> str | None:
    chosen = _ranked(entries)
    return chosen[0].get("value") if chosen else None


def _first_prefixed(item: dict, prefix: str) -> str | None:
    return next((v for k, v in item.items() if k.startswith(prefix) and isinstance(v, str)), None)


def _bodies_1x(item: dict) -> list[tuple[str, str]]:
    """body_text first, then the other body_* fields; the name says if it is markup."""
    fields = sorted((k for k in item if k.startswith("body_") and isinstance(item[k], str)),
                    key=lambda k: (k != "body_text", "html" in k or "rich" in k))
    return [("text/html" if "html" in k or "rich" in k else "", item[k]) for k in fields]


def _first_text(bodies: list[tuple[str, str]], headline: str) -> tuple[str, Article | None]:
    for contenttype, value in bodies:
        text, nitf = _text_of(contenttype, value, headline)
        if text:
            return text, nitf
    return "", None


def _text_of(contenttype: str, value: str, headline: str) -> tuple[str, Article | None]:
    """A body's text: NITF through the NITF reader, markup through the extractor."""
    if "nitf" in contenttype.lower() or root_name(value) == "nitf":
        article = nitf_article(parse_xml(value))
        return article.body, article
    if _is_markup(contenttype, value):
        return fragment_text(value, headline), None
    return value.strip(), None


def _is_markup(contenttype: str, value: str) -> bool:
    contenttype = contenttype.lower()
    if "html" in contenttype or "xml" in contenttype:
        return True
    return not contenttype.startswith("text/plain") and bool(_MARKUP.search(value))

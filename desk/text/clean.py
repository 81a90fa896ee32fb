"""RawStory -> CleanCopy: headline, dateline, credit, paragraphs and the fixes made.

The steps, in order: mojibake, control characters, apostrophes, Arabic-article hyphens
(textfixes); navigation, boilerplate and reporting lines (boilerplate); headline; lines
into paragraphs; dateline and credits (datelines); a blob body split (paragraphs).

Clean copy is a fixed point: `clean(story_from_text(copy_to_text(copy)))` gives the same
headline, dateline, credit and paragraphs back, and no fixes.
"""

from __future__ import annotations

import re

from desk.model import CleanCopy, RawStory
from desk.text import boilerplate, datelines, paragraphs, wire
from desk.text import fixes as textfixes

HEADLINE_MAX_WORDS = 30  # a longer first line is the story's first paragraph
# What str.split() takes for whitespace past U+00FF.
WIDE_SPACE = re.compile("[\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def clean(raw: RawStory) -> CleanCopy:
    fixes = list(raw.ingest_fixes)
    structured = raw.body is not None  # ninjs, a web page, a feed entry, NITF, NewsML-G2
    if structured:  # the headline rides on the first line, so one pass fixes both
        text = " ".join((raw.headline or "").split()) + "\n" + raw.body
    else:
        text = raw.text
    text, found = textfixes.repair(text)
    fixes += found

    removed: dict[str, list[str]] = {}
    lines = _lines(text)
    if structured:
        headline, body = lines[0], boilerplate.drop_non_story(lines[1:], removed)
    else:
        headline, body = _split_headline(boilerplate.drop_non_story(lines, removed))
    body = boilerplate.drop_non_story(paragraphs.build_paragraphs(body), removed)
    body, notes, notes_taken = wire.take_notes(body)
    if notes and not headline and not structured and body and _stands_first(body[0]):
        headline, body = body[0], body[1:]  # a note stood where the headline reads first
    marks = wire.read_headline(headline, _stands_alone if structured else _stands_first)
    headline = marks.headline
    fixes += marks.fixes
    fixes += notes_taken

    dateline, credit, body, found = _dateline_and_credit(body)
    fixes += found
    # Navigation or a note that followed the dateline ("(AP)Previous article…", "LIMA
    # (Reuters) - (Adds toll)") or preceded a credit line stands alone only now.
    body = boilerplate.drop_non_story(body[:1], removed) + body[1:]
    body, late_notes, found = wire.take_notes(body)
    notes += late_notes
    fixes += found
    if not dateline and structured:
        dateline = datelines.located_dateline(raw.located)

    body, split = paragraphs.split_blob(body)
    if split:  # a piece of a blob can be a boilerplate line or an editors' note of its own
        fixes.append(split)
        body = boilerplate.drop_non_story(body, removed)
        body, blob_notes, found = wire.take_notes(body)
        notes += blob_notes
        fixes += found
    fixes += boilerplate.describe_removed(removed)

    if textfixes.has_mojibake_hint(text):  # only left-over mojibake can need settling
        (headline, *body), mojibake = textfixes.settle_mojibake([headline, *body])
        if mojibake and not any(fix.startswith("fixed mojibake") for fix in fixes):
            fixes.append(mojibake)
    return CleanCopy(
        headline=headline,
        dateline=dateline,
        credit=credit,
        paragraphs=tuple(p for p in body if p),
        fixes=tuple(fixes),
        urgency=wire.highest(marks.urgency, wire.priority_urgency(raw.urgency),
                             wire.slugline_urgency(raw.slugline)),
        update=", ".join(dict.fromkeys(
            [*marks.updates, *notes, *filter(None, [wire.slugline_update(raw.slugline)])])),
    )


def _lines(text: str) -> list[str]:
    """The text's lines with whitespace collapsed (skipped when they show none)."""
    lines = text.split("\n")
    # A space at a line's ends is looked for line by line: searching the text for " \n"
    # and "\n " costs twice as much (a space is every sixth character).
    if "  " not in text and not _odd_space(text) and not any(
            line[:1] == " " or line[-1:] == " " for line in lines):
        return lines
    return [" ".join(line.split()) for line in lines]


def _odd_space(text: str) -> bool:
    """Whether the text holds whitespace other than spaces and line breaks. Below U+0100
    textfixes.repair leaves only the tab and the no-break space of those; the rest are
    searched for only in text that can hold them (BBC's non-ASCII stories hold a £)."""
    if "\t" in text or "\xa0" in text:
        return True
    if text.isascii():
        return False
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:  # a character past U+00FF
        return bool(WIDE_SPACE.search(text))
    return False


def _dateline_and_credit(body: list[str]) -> tuple[str, str, list[str], list[str]]:
    """(dateline, credit, body without them, fixes): the dateline's agency comes first."""
    dateline, agency = "", ""
    if body:
        dateline, agency, first = datelines.take_dateline(body[0])
        body = [first, *body[1:]] if first else body[1:]
    body, credits, fixes = datelines.take_credit_lines(body)
    credit = datelines.join_credits([agency, *credits] if agency else credits)
    return dateline, credit, body, fixes


def _split_headline(lines: list[str]) -> tuple[str, list[str]]:
    """The first line is the headline, unless it opens with a dateline or runs long."""
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return "", []
    if _is_headline(lines[first]):
        return lines[first], lines[first + 1:]
    return "", lines[first:]


def _stands_alone(line: str) -> bool:
    return bool(line.strip())


def _stands_first(line: str) -> bool:
    """Whether a plain-text story whose first line is `line` reads it as its headline."""
    return bool(line.strip()) and boilerplate.classify(line) is None and _is_headline(line)


def _is_headline(line: str) -> bool:
    if datelines.starts_with_dateline(line):
        return False
    while True:  # measured without glued credits, as the paragraph it would become is
        line, agency = datelines.strip_glued_credit(line)
        if not agency:
            return len(line.split()) <= HEADLINE_MAX_WORDS


def copy_to_text(copy: CleanCopy) -> str:
    """Clean copy as a plain-text story: headline, blank line, dateline and body, credit.

    Reading that text back and cleaning it gives this copy again, with no fixes.
    """
    credits = copy.credit.split("/") if copy.credit else []
    body = list(copy.paragraphs)
    # An agency rides in the dateline. Without a dateline it still must when the first
    # paragraph would otherwise read as the headline, or as opening with a dateline.
    agency = None
    if credits and datelines.is_agency(credits[0]) and (
        copy.dateline or not copy.headline or (body and any(datelines.take_dateline(body[0])[:2]))
    ):
        agency = credits.pop(0)
    if copy.dateline or agency:
        lead = datelines.dateline_lead(copy.dateline, agency)
        body[:1] = [f"{lead} {body[0]}" if body else lead]
    if credits:
        body.append("\u2014" + "/".join(credits))
    return "\n\n".join([copy.headline, *body] if copy.headline else body)

"""Lines that are not the story: site navigation, web boilerplate, reporting credits.

Applied to single lines (navigation glued to a headline: "Previous articleGold hits...")
and again to paragraphs once wrapped lines are joined, so clean copy never holds one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NAVIGATION = "site navigation"
BOILERPLATE = "boilerplate"
REPORTING = "reporting credits"

_NAVIGATION = re.compile(
    r"(?i:previous|prev|next|older|newer)\s*(?i:article|post|story)(?:$|[:\s]|(?=[A-Z\d“\"]))"
)
_BOILERPLATE = re.compile(
    r"""(?ix)
    (?: read\ more | read\ next | read\ also | also\ read | see\ also ) \s* (?:$|[:»›>|…-])
    | more\ on\ this\ story\s*$
    | related (?:\ (?:articles?|stories|coverage|content|topics|news))? \s* (?:$|:)
    | share\ this (?:\ (?:article|story|post|page))? \s* (?:$|[:|])
    | share\ on\ (?:facebook|twitter|x|whatsapp|linkedin|email)\b
    | click\ here\b
    | (?:subscribe|sign\ up) \ (?:to\ our|for\ our|now|here|today|for\ free)\b
    | follow\ us\b | follow\ @
    | copyright\s*(?:©|\(c\))?\s*(?:\d{4}|©|\(c\)) | © | \(c\)\s*\d{4}
    | all\ rights\ reserved
    | (?:advertisement|advertising|sponsored\ content|comments?|back\ to\ top)\s*$
    | skip\ to\ (?:content|main)\b | print\ this\b | email\ this\b | continue\ reading\b
    | tags?\s*: | listen\ to\ this\ article\b | image\ (?:source|caption|copyright)\b
    """
)
# WordPress puts this under every entry of its feeds.
_FEED_FOOTER = re.compile(r"(?i)the post .{1,300} appeared first on .{1,120}$")
_REPORTING = re.compile(
    r"(?i)\(?(?:additional\s+|further\s+)?(?:reporting|writing|editing|compiled|research)\s+by\s"
)
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")  # "(?i)" opening a pattern


def _any_of(*patterns: re.Pattern) -> re.Pattern:
    """One regex that matches where any of `patterns` does, each with its own flags."""
    def scoped(pattern: re.Pattern) -> str:
        flags = _GLOBAL_FLAGS.match(pattern.pattern)
        return (f"(?{flags[1]}:{pattern.pattern[flags.end():]})" if flags
                else f"(?:{pattern.pattern})")
    return re.compile("|".join(map(scoped, patterns)))


# Every kind is matched at a line's start: a line none matches there (nearly every line
# of copy) is told by one regex, not four and a count of its words.
_ANY_KIND = _any_of(_NAVIGATION, _BOILERPLATE, _FEED_FOOTER, _REPORTING)


def classify(line: str) -> str | None:
    """Which kind of non-story line this is, if any (`line` has collapsed whitespace)."""
    if not _ANY_KIND.match(line):
        return None
    words = line.count(" ") + 1
    if words <= 30 and _NAVIGATION.match(line):
        return NAVIGATION
    if words <= 12 and _BOILERPLATE.match(line) or words <= 80 and _FEED_FOOTER.match(line):
        return BOILERPLATE
    if _REPORTING.match(line) and (";" in line or line.endswith(")") or words <= 12):
        return REPORTING
    return None


def drop_non_story(lines: Iterable[str], removed: dict[str, list[str]]) -> list[str]:
    """Keep the story lines; note each dropped line under its kind in `removed`."""
    kept = []
    for line in lines:
        kind = classify(line) if line else None
        if kind is None:
            kept.append(line)
        else:
            removed.setdefault(kind, []).append(line)
    return kept


def describe_removed(removed: dict[str, list[str]]) -> list[str]:
    """One fix per kind: "removed site navigation: Previous article…, Next article…"."""
    return [
        f"removed {kind}: " + ", ".join(dict.fromkeys(_label(kind, line) for line in lines))
        for kind, lines in removed.items()
    ]


def _label(kind: str, line: str) -> str:
    if kind == NAVIGATION:
        match = _NAVIGATION.match(line)
        return line[: match.end()].rstrip(": ") + "\u2026"
    words = line.split()
    return " ".join(words[:6]) + ("\u2026" if len(words) > 6 else "")

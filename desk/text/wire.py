"""What wire copy says about itself: urgency and update markers.

Agencies put them in the copy: `FLASH: ...`, `URGENT - ...`, `[BREAKING] ...` (urgency);
`UPDATE 2-...`, `REFILE-`, `CORRECTED-`, `[UPDATE] ...`, `... (ADDS quotes, details)`
(an update of an earlier story); and notes at the top or the foot of the body: `(Adds
quotes, details)`, `Eds: UPDATES with ...`, `(This story corrects ...)`. They are read into
a story urgency (IPTC: 1 highest ... 8) and an update note, and taken out of the copy, each
removal a fix the editor sees. Source fields (ninjs/NITF/NewsML-G2 `urgency`, a wire
`priority`, a slugline's words) give urgency too; the highest wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# AP and AFP: flash 1, bulletin / alert 2, urgent 3; breaking news reads as urgent.
MARKER_URGENCY = {"FLASH": 1, "BULLETIN": 2, "ALERT": 2, "URGENT": 3, "BREAKING": 3}
# ANPA 1312 priority codes: flash, bulletin, urgent, regular, deferred, advance.
PRIORITY_CODES = {"F": 1, "B": 2, "U": 3, "R": 5, "D": 6, "A": 7}
LOWEST = 8

_URGENT = r"FLASH|BULLETIN|URGENT|ALERT|BREAKING(?:\s+NEWS)?"
_UPDATE = r"UPDATE(?:\s*\d+)?|UPDATED|REFILED?|CORRECTED|CORRECTION|CORRECTS"
_WORD = rf"(?P<word>{_URGENT}|{_UPDATE})"
# A marker leads a headline in brackets, before a colon (any case), or in capitals before
# a dash or bar ("UPDATE 2-Oil rises"): never a plain word ("Alert issued as ...").
_LEADING = (
    re.compile(rf"[\[(]\s*(?i:{_WORD})\s*[\])]\s*(?:[-–—:|]\s*)?"),
    re.compile(rf"(?i:{_WORD})\s*:\s*"),
    re.compile(rf"{_WORD}\s*[-–—|]\s*"),
)
_WHAT_CHANGED = r"(?:adds?|updates?|corrects?|recasts?|refiles?|changes?|removes?|writethru)\b"
_TRAILING = (
    re.compile(rf"\s*[\[(]\s*(?P<word>(?i:{_URGENT}|{_UPDATE}|{_WHAT_CHANGED}[^\[\]()]*))[\])]$"),
    re.compile(r"\s+[-–—;|]\s*(?P<word>(?i:adds|updates with|recasts|corrects)\b[^-–—;|]*)$"),
)
# Notes to editors that open or close the body.
_NOTE = re.compile(
    rf"""(?ix)
    \(\s*(?P<bracketed>{_WHAT_CHANGED}[^()]*)\)
    | eds?:\s*(?P<eds>{_WHAT_CHANGED}.*)
    | \(\s*(?P<this>this\s+(?:version\s+of\s+the\s+)?(?:story|article)\s+
        (?:has\s+been\s+)?(?:corrects?|corrected|refiled|updated|updates?)\b[^()]*)\)
    """
)
# AP sluglines name a rewrite: "BC-Peru-Quake,1st Ld-Writethru".
_SLUG_UPDATE = re.compile(
    r"(?i)\b(\d+(?:st|nd|rd|th)\s+ld|writethru|update\s*\d*|refile|corrected)\b")


@dataclass(frozen=True, slots=True)
class HeadlineMarks:
    headline: str
    urgency: int | None
    updates: tuple[str, ...]  # update markers as written: "UPDATE 2", "ADDS quotes"
    fixes: tuple[str, ...]


def read_headline(headline: str, stands=bool) -> HeadlineMarks:
    """Take the markers off the ends of a headline. `stands(rest)` says whether what is left
    is still a headline; a marker whose removal would leave none stays (still read)."""
    urgency: int | None = None
    updates: list[str] = []
    fixes: list[str] = []
    while True:
        found = _marker_at_ends(headline)
        if found is None:
            break
        word, rest = found
        word_urgency = marker_urgency(word)
        urgency = highest(urgency, word_urgency)
        if not stands(rest):
            if word_urgency is None:
                updates.append(_tidy(word))
            break
        headline = rest
        if word_urgency is None:
            updates.append(_tidy(word))
            fixes.append(f"took update marker {_tidy(word)} out of the headline")
        else:
            fixes.append(f"took urgency marker {_tidy(word)} out of the headline "
                         f"(urgency {word_urgency})")
    return HeadlineMarks(headline, urgency, tuple(updates), tuple(fixes))


def _marker_at_ends(headline: str) -> tuple[str, str] | None:
    for pattern in _LEADING:
        match = pattern.match(headline)
        if match:
            return match.group("word"), headline[match.end():]
    for pattern in _TRAILING:
        match = pattern.search(headline)
        if match and match.start() > 0:
            return match.group("word"), headline[:match.start()]
    return None


def take_notes(paragraphs: list[str]) -> tuple[list[str], tuple[str, ...], tuple[str, ...]]:
    """Editors' notes opening or closing the body: (paragraphs, notes, fixes)."""
    notes: list[str] = []
    while paragraphs and (note := _note(paragraphs[0])):
        notes.append(note)
        paragraphs = paragraphs[1:]
    while paragraphs and (note := _note(paragraphs[-1])):
        notes.append(note)
        paragraphs = paragraphs[:-1]
    return paragraphs, tuple(notes), tuple(f"took wire note ({note}) out of the body"
                                           for note in notes)


def _note(paragraph: str) -> str | None:
    match = _NOTE.fullmatch(paragraph.strip())
    if not match:
        return None
    return _tidy(next(group for group in match.groups() if group))


def marker_urgency(word: str) -> int | None:
    return MARKER_URGENCY.get(word.split()[0].upper())


def slugline_urgency(slugline: str | None) -> int | None:
    """A slugline's urgency words ("URGENT-PERU-QUAKE"), if it has any."""
    if not slugline:  # most copy has none
        return None
    words = re.split(r"[\W_]+", slugline.upper())
    return highest(*(MARKER_URGENCY.get(word) for word in words))


def slugline_update(slugline: str | None) -> str | None:
    """A slugline that names a rewrite ("1st Ld-Writethru", "UPDATE 2"), as written."""
    match = _SLUG_UPDATE.search(slugline or "")
    return _tidy(match.group(1)) if match else None


def priority_urgency(value: object) -> int | None:
    """A wire priority or urgency field: a number 1..9, an ANPA code (`f`, `b`, `u` ...) or
    a marker word (`flash`)."""
    text = str(value).strip().upper() if value is not None else ""
    if text.isdigit():
        number = int(text)
        return min(number, LOWEST) if number >= 1 else None
    return PRIORITY_CODES.get(text) or MARKER_URGENCY.get(text)


def highest(*urgencies: int | None) -> int | None:
    """The most urgent of these (the lowest number), or None."""
    known = [min(urgency, LOWEST) for urgency in urgencies if urgency]
    return min(known) if known else None


def _tidy(word: str) -> str:
    return " ".join(word.split()).strip(" .;:-")

"""Lines -> paragraphs, and a body that arrived as one blob -> readable paragraphs.

Splitting is greedy from the start: a paragraph closes at the first sentence boundary
after MIN_WORDS words (never inside a quotation, never after "Mr." or "U.S."), unless
fewer than MIN_TAIL words would follow. Re-splitting a piece it made finds no place to
split, so cleaning clean copy leaves it alone.
"""

from __future__ import annotations

import re

BLOB_WORDS = 120  # a body that is one paragraph this long arrived as a blob
MIN_WORDS = 40
MIN_TAIL = 25

_ENDS_SENTENCE = re.compile(r"[.!?…:\"”’)\]]$")
_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sen rep gov gen lt col maj capt sgt cmdr adm rev hon pres
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc corp ltd co jr sr
    approx dept est fig vol op univ ave blvd rd mt ft""".split()
)
_DOUBLE_MARKS = re.compile("[“”«»]")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")


def build_paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; inside a block, a line that ends a sentence and a
    line that starts one are separate paragraphs, anything else is a wrapped line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and (not line or (_ENDS_SENTENCE.search(current[-1]) and not line[0].islower())):
            paragraphs.append(" ".join(current))
            current = []
        if line:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def split_blob(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """Split a body that is one long paragraph; a paragraphed body is left as it is."""
    if len(paragraphs) != 1 or paragraphs[0].count(" ") < BLOB_WORDS:
        return paragraphs, None
    pieces = split_paragraph(paragraphs[0])
    if len(pieces) == 1:
        return paragraphs, None
    return pieces, f"split one long paragraph into {len(pieces)}"


def split_paragraph(text: str) -> list[str]:
    pieces = []
    total = len(text.split())
    start = previous = 0
    done = words = 0  # words in finished pieces; words in the piece being built
    for boundary in sentence_boundaries(text):
        words += len(text[previous:boundary].split())
        previous = boundary
        if words >= MIN_WORDS and total - done - words >= MIN_TAIL:
            pieces.append(text[start:boundary].rstrip())
            start, done, words = boundary, done + words, 0
    pieces.append(text[start:])
    return pieces


def sentence_boundaries(text: str) -> list[int]:
    """Offsets where a new sentence starts, outside quotations (when they balance)."""
    balanced = _quotes_balance(text)
    boundaries = []
    depth = straight = 0
    scanned = 0
    for match in _BOUNDARY.finditer(text):
        if _after_abbreviation(text, match.start()):
            continue
        if balanced:
            chunk = text[scanned:match.end()]
            depth += chunk.count("“") + chunk.count("«") - chunk.count("”") - chunk.count("»")
            straight += chunk.count('"')
            scanned = match.end()
            if depth or straight % 2:
                continue
        boundaries.append(match.end())
    return boundaries


def _after_abbreviation(text: str, stop: int) -> bool:
    if text[stop] != ".":
        return False
    word = text[text.rfind(" ", 0, stop) + 1: stop].lstrip("\"“‘(['")
    return word.lower() in _ABBREVIATIONS or bool(_INITIALS.fullmatch(word))


def _quotes_balance(text: str) -> bool:
    """Double quotation marks open and close in order, so depth means something."""
    if text.count('"') % 2:
        return False
    depth = 0
    for mark in _DOUBLE_MARKS.findall(text):
        depth += 1 if mark in "“«" else -1
        if depth < 0:
            return False
    return depth == 0

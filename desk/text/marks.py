"""Pair quotation marks: which marks open and close a quotation, and which are apostrophes.

Works paragraph by paragraph over the marks only (one compiled regex finds them), so the cost
follows the number of marks, not characters. A quotation that runs over several paragraphs
(an opening mark on each, a closing mark only on the last) comes back as one piece per
paragraph sharing a `group`. Marks of the other kind inside a quotation (‘…’ inside “…”, or
“…” inside ‘…’) belong to it and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

# Characters that may be or start a mark. A single character class keeps the regex engine on
# its fast path; `_marks` then reads two apostrophes ('') or two backticks (``) as the double
# mark of ASCII wire copy, and skips attributes left over from markup (author="@x").
CANDIDATE: Final = re.compile(r"""["“”«»„‘’'`=]""")
MARKUP: Final = re.compile(r'=\s*"[^"\n]*"')
MARK: Final = re.compile(r"""''|``|["'“”‘’«»„]""")  # one mark, where a paragraph starts
# The marks `_marks` keeps in copy with double marks, and in copy with none: found with
# str.find, which skips through text several times faster than a regex's scan.
DOUBLE_MARKS: Final = ("''", "``", '"', "“", "”", "«", "»", "„")
SINGLE_MARKS: Final = ("'", "‘", "’")
PARAGRAPH_BREAK: Final = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Elisions that start with an apostrophe: ’n’ (rock ’n’ roll), ’em, ’til, ’cause, ’bout, ’tis.
ELISION: Final = re.compile(r"(?:n['’‘](?!\w)|em\b|til\b|cause\b|bout\b|tis\b|twas\b)",
                            re.IGNORECASE)

WORD_CHAR: Final = re.compile(r"[^\W_]")
DOUBLE: Final = frozenset("\"“”«»„")
SINGLE: Final = frozenset("'‘’")
MARKS: Final = DOUBLE | SINGLE
OPENING_GLYPHS: Final = frozenset(("“", "‘", "«", "„", "``"))
CLOSING_GLYPHS: Final = frozenset("”’»")
# Characters after which a mark starts something (a quote opens after these).
BEFORE_OPENING: Final = frozenset(" \t\n\r([{—–-/\u00a0\u2009\u202f")
# Characters after which a mark ends something (a quote closes before these).
AFTER_CLOSING: Final = frozenset(" \t\n\r.,;:!?)]}—–-…/\u00a0\u2009\u202f")
WORDS_IN_SNIPPET: Final = 6
SNIPPET_CHARACTERS: Final = 200  # looked at for those words (a paragraph may be megabytes)


@dataclass(frozen=True, slots=True)
class Piece:
    """The text between one pair of marks within one paragraph (offsets into the body)."""

    start: int
    end: int
    open_mark: int
    close_end: int | None  # just past the closing mark; None when there is none
    paragraph: int
    group: int  # pieces of one multi-paragraph quotation share a group


@dataclass(frozen=True, slots=True)
class MarkScan:
    pieces: tuple[Piece, ...]
    paragraphs: tuple[tuple[int, int], ...]  # (start, end) of each paragraph in the body
    unbalanced: tuple[str, ...]  # one warning line per unbalanced mark


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for brk in PARAGRAPH_BREAK.finditer(body):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(body)))
    return spans


def _direction(body: str, i: int, mark: str, lo: int, hi: int) -> str | None:
    """'o' (opens), 'c' (closes), '?' (either) or None (an apostrophe, not a quotation mark)."""
    prev = body[i - 1] if i > lo else " "
    after = i + len(mark)
    nxt = body[after] if after < hi else " "
    opens = not nxt.isspace() and (
        prev in BEFORE_OPENING or prev in OPENING_GLYPHS or prev in DOUBLE
    )
    closes = not prev.isspace() and (nxt in AFTER_CLOSING or nxt in CLOSING_GLYPHS
                                      or nxt in DOUBLE or nxt == "'")
    if mark in SINGLE:
        if prev.isalnum() and nxt.isalnum():
            return None  # it’s, don’t
        if opens and (mark == "’" or nxt.isdigit() or ELISION.match(body, after, hi)):
            return None  # ’em, ‘90s, rock ’n’ roll
    if opens and not closes:
        return "o"
    if closes and not opens:
        return "c"
    if mark in OPENING_GLYPHS:
        return "o"
    if mark in CLOSING_GLYPHS:
        return "c"
    return "?" if mark in ('"', "''") else None


def snippet(text: str) -> str:
    """The first few words of `text`, for a one-line warning ("…" when there are more)."""
    words = text.split()
    return " ".join(words[:WORDS_IN_SNIPPET]) + ("…" if len(words) > WORDS_IN_SNIPPET else "")


def _snippet(body: str, at: int, hi: int) -> str:
    """The words from `at` on; a word `at` cuts into is left out (never "ecision once")."""
    words = body[at:min(hi, at + SNIPPET_CHARACTERS)].split()
    cut = at > 0 and body[at - 1].isalnum() and body[at:at + 1].isalnum()
    return snippet(" ".join(words[1:] if cut and len(words) > 1 else words))


def _opens_paragraph(body: str, lo: int, hi: int, double: bool) -> bool:
    """Does the paragraph at lo open with a mark of this kind (a quotation going on)?"""
    found = MARK.match(body, lo, hi)
    if not found:
        return False
    mark = found.group()
    return (mark not in SINGLE) == double and _direction(body, lo, mark, lo, hi) in ("o", "?")


class _Paragraph:
    """Pairs the marks of one paragraph; a small state machine over its marks only."""

    def __init__(self, body, number, lo, hi, pieces, unbalanced, group, carried):
        self.body, self.number, self.lo, self.hi = body, number, lo, hi
        self.pieces, self.unbalanced = pieces, unbalanced
        self.group, self.carried = group, carried
        self.opened: int | None = None  # position of the open outer mark
        self.width = 1  # its length ('' is two characters)
        self.double = True  # its kind
        self.depth = 0  # marks of its kind nested inside it

    def feed(self, i: int, mark: str) -> None:
        body = self.body
        direction = _direction(body, i, mark, self.lo, self.hi)
        if direction is None:
            return
        double = mark not in SINGLE
        continuing, self.carried = self.carried, False
        if self.opened is None:
            if direction in ("o", "?"):
                self.opened, self.width, self.double, self.depth = i, len(mark), double, 0
                if not continuing:
                    self.group += 1
            elif double:
                self.unbalanced.append(
                    f"unbalanced quotation mark in paragraph {self.number + 1}: a closing {mark} "
                    f"with no opening mark near “{_snippet(body, max(self.lo, i - 40), self.hi)}”"
                )
            return
        if double != self.double:
            return  # the other kind inside a quotation belongs to it
        if direction == "o" and mark == '"' and body[self.opened] == '"':
            # Straight marks cannot nest: “… defence. "Baxter's …” is the next paragraph of
            # the quotation run into this one (its closing mark left out, as across
            # paragraphs), so the quotation goes on from here.
            self.add(i, None)
            self.opened, self.depth = i, 0
            return
        if direction == "o" and mark in OPENING_GLYPHS:
            self.depth += 1
        elif direction == "o" and not double:
            return
        elif self.depth:
            self.depth -= 1
        else:
            self.add(i, i + len(mark))
            self.opened = None

    def add(self, close_at: int, close_end: int | None) -> None:
        opened = self.opened
        assert opened is not None  # called only with a quotation open
        start, end = opened + self.width, close_at
        body = self.body
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if WORD_CHAR.search(body, start, end):
            self.pieces.append(Piece(start, end, opened, close_end, self.number, self.group))


def _marks(body: str) -> list[tuple[int, str]]:
    """(position, mark) of every mark. House style: copy that quotes with double marks uses
    single ones only inside them, where they do not matter, so then they are left out."""
    if "=" not in body:  # no markup to skip: exactly the marks kept below
        return _found(body, DOUBLE_MARKS) or _found(body, SINGLE_MARKS)
    singles = not any(ch in body for ch in DOUBLE) and "''" not in body and "``" not in body
    marks: list[tuple[int, str]] = []
    skip_to = 0
    for found in CANDIDATE.finditer(body):
        i = found.start()
        ch = body[i]
        if i < skip_to:
            continue
        if ch == "=":
            markup = MARKUP.match(body, i)
            skip_to = markup.end() if markup else skip_to
        elif ch in "'`" and body.startswith(ch + ch, i):
            marks.append((i, ch + ch))
            skip_to = i + 2
        elif ch in DOUBLE or singles and ch in SINGLE:
            marks.append((i, ch))
    return marks


def _found(body: str, marks: tuple[str, ...]) -> list[tuple[int, str]]:
    """(position, mark) of each of `marks` in `body`, in order. A two-character mark ('')
    is found left to right without overlaps, as a regex finds it; no two marks share a
    character, so no two share a position."""
    found = []
    for mark in marks:
        at = body.find(mark)
        while at >= 0:
            found.append((at, mark))
            at = body.find(mark, at + len(mark))
    found.sort()
    return found


def scan_marks(body: str) -> MarkScan:
    paragraphs = paragraph_spans(body)
    marks = _marks(body)
    pieces: list[Piece] = []
    unbalanced: list[str] = []
    group, carried, k = 0, False, 0
    for number, (lo, hi) in enumerate(paragraphs):
        while k < len(marks) and marks[k][0] < lo:
            k += 1
        if k == len(marks) or marks[k][0] >= hi:  # no mark: nothing opens, nothing goes on
            carried = False
            continue
        para = _Paragraph(body, number, lo, hi, pieces, unbalanced, group, carried)
        while k < len(marks) and marks[k][0] < hi:
            para.feed(*marks[k])
            k += 1
        group, carried = para.group, False
        if para.opened is None:
            continue
        next_lo, next_hi = paragraphs[number + 1] if number + 1 < len(paragraphs) else (hi, hi)
        if _opens_paragraph(body, next_lo, next_hi, para.double):
            para.add(hi, None)
            carried = True
        elif para.double or body[para.opened] == "‘":
            mark = body[para.opened:para.opened + para.width]
            unbalanced.append(
                f"unbalanced quotation mark in paragraph {number + 1}: {mark} never closed near "
                f"“{_snippet(body, para.opened + para.width, hi)}”"
            )
            para.add(hi, None)
        # an unclosed straight ' is an apostrophe we could not tell apart: no quote, no warning
    return MarkScan(tuple(pieces), tuple(paragraphs), tuple(unbalanced))

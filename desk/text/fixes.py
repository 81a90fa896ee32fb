"""Character-level repairs of wire copy; each returns the new text and what it did.

Every repair is idempotent (its output gives it nothing more to do), which keeps
cleaning clean copy a no-op.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from difflib import SequenceMatcher
from functools import cache
from typing import TYPE_CHECKING

from desk.plain import plural, remove_controls
from desk.text.visible import one_line

if TYPE_CHECKING:
    import ftfy

# ftfy is slow and only needed for mojibake: a UTF-8 lead byte read as cp1252/Latin-1
# (Â Ã â ...) followed by a continuation byte read the same way (€ ™ © ...).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)

# A character ftfy can change, or that can make it change its line: anything but printable
# ASCII, tab, form feed and the line breaks (ASCII has no mojibake to decode and nothing to
# normalize; of its controls, ftfy removes all but these).
_PLAIN = "\t\n\x0c\r\x20-\x7e"
_NOT_PLAIN = re.compile(f"[^{_PLAIN}]")
# Curly quotes, dashes and the ellipsis, in most lines of wire copy: ftfy keeps a line of
# these and plain characters as it is (no encoding it tries makes UTF-8 of them: each is a
# continuation byte in cp1252 and its kin, a lead byte in MacRoman; and they are NFC), so
# such a line is not handed to it, even in a story with mojibake elsewhere.
TYPOGRAPHIC = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
_FTFY_MAY_CHANGE = re.compile(f"[^{_PLAIN}{TYPOGRAPHIC}]")
# ftfy judges a character by the few around it (its badness patterns span at most 7
# characters, its byte patterns one UTF-8 sequence), and plain characters encode and decode
# as themselves in every encoding it tries: so a stretch of a line's non-plain characters,
# with CONTEXT plain characters either side, comes out of ftfy as it does in the whole line.
CONTEXT = 16
# Non-plain characters closer than two contexts apart share one stretch.
_STRETCH = re.compile(f"[^{_PLAIN}](?:[{_PLAIN}]{{0,{2 * CONTEXT - 1}}}[^{_PLAIN}])*")
# Lines for ftfy in one text from which `lines_spread_by` spreads them: each costs ~60 µs,
# a fork ~10 ms.
SPREAD_FROM = 1000
_spread: Callable[[Callable, list], list] | None = None

_LETTER = r"[^\W\d_]"
_ACUTE_APOSTROPHE = re.compile(rf"(?<={_LETTER})\u00b4(?={_LETTER})|(?<=[sS])\u00b4(?!\S)")
_BACKTICK_APOSTROPHE = re.compile(rf"(?<={_LETTER})`(?={_LETTER})")

# An Arabic article that lost its hyphen: alAssad, elSisi. Not ElBaradei (his spelling).
_GLUED_ARTICLE = re.compile(r"(?<!\w)([Aa]l|[Ee]l)([A-Z][a-z]{2,})")
_GLUED_ON_PURPOSE = frozenset({"ElBaradei"})
_GLUED_ARTICLE_HINT = re.compile("l[A-Z]")  # a literal first: a fast scan


def repair(text: str) -> tuple[str, list[str]]:
    """All the character repairs, in an order that leaves nothing for a second pass."""
    early: list[str] = []
    if "\x1b" in text:  # an escape goes whole first: ftfy would drop its ESC and BEL only,
        text, early = remove_controls(text)  # and leave what stood between as words
    text, mojibake = fix_mojibake(text)
    text, fixes = remove_controls(text)
    if fixes:  # "Â\x1f¡" only shows its mojibake once the control is gone
        text, again = fix_mojibake(text)
        mojibake = mojibake or again
    fixes[:0] = ([mojibake] if mojibake else []) + early
    text, found = fix_apostrophes(text)
    fixes += found
    text, hyphens = restore_article_hyphens(text)
    fixes += [hyphens] if hyphens else []
    return text, fixes


def has_mojibake_hint(text: str) -> bool:
    # Every lead character (U+00C2-U+00F4) is C3 xx in UTF-8: a byte search rules most
    # text out faster than the regex can.
    if text.isascii() or b"\xc3" not in text.encode("utf-8", "surrogatepass"):
        return False
    return bool(_MOJIBAKE_HINT.search(text))


@cache
def ftfy_config() -> ftfy.TextFixerConfig:
    """How desk has ftfy fix a text. ftfy is imported here, with the first copy that may
    hold mojibake: it is ~40% of the pipeline's import (~50 ms), and most copy holds none."""
    import ftfy

    return ftfy.TextFixerConfig(
        uncurl_quotes=False,  # curly quotes stay curly
        unescape_html=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        fix_line_breaks=False,
        explain=False,
    )


@contextmanager
def lines_spread_by(map_function: Callable[[Callable, list], list]):
    """Within: a text with SPREAD_FROM lines or more for ftfy has them fixed by
    `map_function(function, lines)` (`desk inspect` spreads them over two processes,
    desk.spread.map_in_two: ftfy is a fifth of its time on a huge story with mojibake)."""
    global _spread
    _spread = map_function
    try:
        yield
    finally:
        _spread = None


def fix_mojibake(text: str) -> tuple[str, str | None]:
    fixed = _ftfy_settled(text)
    if fixed == text:
        return text, None
    return fixed, _describe_mojibake(text, fixed)


def _ftfy_settled(text: str) -> str:
    """ftfy until it changes nothing more: one pass can leave mojibake of mojibake."""
    for _ in range(4):
        if not has_mojibake_hint(text):
            break
        fixed = _fix_text(text)
        if fixed == text:
            break
        text = fixed
    return text


def _fix_text(text: str, config: ftfy.TextFixerConfig | None = None) -> str:
    """ftfy.fix_text(text, config or ftfy_config()), handing ftfy only the lines it can
    change (and of a line, the stretches around its non-plain characters: _fix_line).

    ftfy fixes a text a line at a time, each line on its own (a line longer than its
    max_decode_length in pieces of that length from the line's start), so a line fixed
    alone comes out as it does in the whole text; a line of plain characters and
    TYPOGRAPHIC marks comes out unchanged. On a big story most lines are such, and ftfy
    costs ~10 µs a line even then. (Not for unescape_html="auto": ftfy carries that from
    line to line.)"""
    config = config or ftfy_config()
    lines, done = [], 0
    while found := _FTFY_MAY_CHANGE.search(text, done):
        start = max(text.rfind("\n", done, found.start()) + 1, done)
        done = text.find("\n", found.end()) + 1 or len(text)
        lines.append((start, done))

    def fix(line: tuple[int, int]) -> str:
        return _fix_line(text, *line, config)

    fixed = (_spread(fix, lines) if _spread and len(lines) >= SPREAD_FROM
             else [fix(line) for line in lines])
    pieces, done = [], 0
    for (start, end), line in zip(lines, fixed, strict=True):
        pieces += [text[done:start], line]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _fix_line(text: str, start: int, end: int, config: ftfy.TextFixerConfig) -> str:
    """ftfy.fix_text(text[start:end], config) for one line, handing ftfy only the stretches
    around its non-plain characters: ftfy costs ~0.5 µs a character of the line it is given.

    One stretch is fixed alone, in its context. Stretches far apart are not (ftfy mends a
    line's mojibake all in one: one wrong-looking stretch can make it mend another that
    alone looks right), but they are looked at together, as the line with its long plain
    runs cut short: when ftfy changes nothing there, it changes nothing in the line. An
    escape sequence runs on over plain characters: ftfy sees its whole line."""
    import ftfy  # loaded by ftfy_config

    if end - start > config.max_decode_length or "\x1b" in text[start:end]:
        return ftfy.fix_text(text[start:end], config)
    windows = [(max(start, stretch.start() - CONTEXT), min(end, stretch.end() + CONTEXT))
               for stretch in _STRETCH.finditer(text, start, end)]
    if len(windows) == 1:
        [(lo, hi)] = windows
        return text[start:lo] + ftfy.fix_text(text[lo:hi], config) + text[hi:end]
    shortened = "".join(text[lo:hi] for lo, hi in windows)
    if 2 * len(shortened) > end - start or ftfy.fix_and_explain(
        shortened, config._replace(explain=True)
    ).explanation:  # (a look that would cost more than half the line's is not taken)
        return ftfy.fix_text(text[start:end], config)
    return text[start:end]


def settle_mojibake(pieces: list[str]) -> tuple[list[str], str | None]:
    """ftfy reads each line in its context; once lines are joined into paragraphs, or one
    is split into several, a paragraph can show mojibake its line did not. Fix those as a
    second clean's repair would see them, the pieces as the lines of one text (a piece
    looked at alone skipped mojibake that only the whole text's hint lets ftfy near), so
    a second clean finds none."""
    text = "\n".join(pieces)
    settled_text = _ftfy_settled(text)
    if settled_text == text:
        return pieces, None
    settled = [" ".join(line.split()) for line in settled_text.split("\n")]
    if len(settled) != len(pieces):  # ftfy made a line break of something: piece by piece
        settled = [" ".join(_ftfy_settled(piece).split()) for piece in pieces]
    if settled == pieces:
        return pieces, None
    return settled, _describe_mojibake(text, "\n".join(settled))


def _word_changes(old: list[str], new: list[str]) -> list[tuple[str, str, int]]:
    """Runs of changed words, each as (old words, new words, size).

    ftfy repairs inside words, so the word counts usually match and a positional walk
    finds the runs in linear time; otherwise a diff, which is quadratic only in the
    length of the line it is given."""
    if len(old) != len(new):
        return [
            (" ".join(old[i1:i2]), " ".join(new[j1:j2]), max(i2 - i1, j2 - j1))
            for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new).get_opcodes()
            if tag != "equal"
        ]
    changes, start = [], None
    for i, (was, now) in enumerate([*zip(old, new, strict=True), ("", "")]):
        if was != now and start is None:
            start = i
        elif was == now and start is not None:
            changes.append((" ".join(old[start:i]), " ".join(new[start:i]), i - start))
            start = None
    return changes


def _describe_mojibake(before: str, after: str) -> str:
    was_lines, now_lines = before.split("\n"), after.split("\n")
    lines = (zip(was_lines, now_lines, strict=True) if len(was_lines) == len(now_lines)
             else [(before, after)])
    changes = [
        change for was, now in lines if was != now
        for change in _word_changes(was.split(), now.split())
    ]
    if not changes:
        return "fixed mojibake"
    # Show a repaired word rather than a lone dash or quote mark when there is one.
    example_old, example_new, _ = next(
        (change for change in changes if any(c.isalpha() for c in change[1])), changes[0]
    )
    count = sum(size for _, _, size in changes)
    # The word as it was may hold what ftfy took out (a terminal escape): written out.
    return (f"fixed mojibake in {plural(count, 'word')} "
            f"({one_line(example_old)} -> {one_line(example_new)})")


def fix_apostrophes(text: str) -> tuple[str, list[str]]:
    fixes = []
    for pattern, mark in ((_ACUTE_APOSTROPHE, "\u00b4"), (_BACKTICK_APOSTROPHE, "`")):
        if mark in text:
            text, count = pattern.subn("\u2019", text)
            if count:
                fixes.append(f"replaced {count} {mark} with \u2019")
    return text, fixes


def restore_article_hyphens(text: str) -> tuple[str, str | None]:
    examples: list[str] = []

    def hyphenate(match: re.Match) -> str:
        if match.group(0) in _GLUED_ON_PURPOSE:
            return match.group(0)
        examples.append(match.group(0))
        return f"{match.group(1)}-{match.group(2)}"

    if not _GLUED_ARTICLE_HINT.search(text):
        return text, None
    text = _GLUED_ARTICLE.sub(hyphenate, text)
    if not examples:
        return text, None
    first = examples[0]
    more = f" and {len(examples) - 1} more" if len(examples) > 1 else ""
    return text, f"restored hyphen: {first} -> {first[:2]}-{first[2:]}{more}"

"""Every direct quotation in clean copy, with who said it: `find_quotes(body) -> QuoteScan`.

Marks are paired in `marks`, attributions found in `speakers`; this module carries a
speaker from one piece of a quotation to the next, drops scare quotes and titles that nobody
is said to say, and writes the warnings (an unbalanced mark, a quote with no speaker).
"""

from __future__ import annotations

import re

from desk.model import Quote, QuoteScan
from desk.text.marks import scan_marks, snippet
from desk.text.speakers import Attribution, SpeakerFinder

SCARE_QUOTE_WORDS = 2
TITLE_WORDS = 12
SMALL_WORDS = frozenset("a an the of and or to in on for at by with from as is".split())
WORD = re.compile(r"[^\W\d_][\w’'-]*")
# Mentions `resolve` could not point anywhere that stand for the last speaker ("they", "we"
# and "it" are left as written rather than pinned on one person).
UNRESOLVED = frozenset(("he", "she", "i", "who", "which"))


def find_quotes(body: str) -> QuoteScan:
    """Never raises; every quote's `body[start:end] == text`."""
    scan = scan_marks(body)
    finder = SpeakerFinder(body, scan)
    pieces = scan.pieces
    found: list[Attribution | None] = []
    prev_closes: list[int | None] = []
    for n, piece in enumerate(pieces):
        before = pieces[n - 1] if n else None
        after = pieces[n + 1] if n + 1 < len(pieces) else None
        prev_close = (before.close_end if before and before.paragraph == piece.paragraph
                      else None)
        next_open = after.open_mark if after and after.paragraph == piece.paragraph else None
        found.append(finder.local(piece, next_open, prev_close))
        prev_closes.append(prev_close)

    # The pieces of a multi-paragraph quotation share the first attribution any of them has.
    by_group: dict[int, Attribution] = {}
    for piece, local in zip(pieces, found, strict=True):
        if local and piece.group not in by_group:
            by_group[piece.group] = local
    for n, piece in enumerate(pieces):
        if not found[n] and piece.group not in by_group:
            found[n] = finder.lead_in(piece, prev_closes[n])

    quotes: list[Quote] = []
    warnings = list(scan.unbalanced)
    last: Quote | None = None  # the last quotation with a speaker
    unattributed: set[int] = set()  # groups already warned about
    for piece, local in zip(pieces, found, strict=True):
        local = local or by_group.get(piece.group)
        text = body[piece.start:piece.end]
        if local:
            if local.cue is None and _is_title(text):
                continue  # “Meet the Press” next to a name is a title, not a quotation
            speaker = finder.resolve(local.mention, local.context, piece)
            if speaker.lower() in UNRESOLVED:
                speaker = last.speaker if last else finder.name_before(piece.open_mark)
            quote = Quote(text, piece.start, piece.end, speaker or local.mention, local.mention,
                          local.cue)
        elif last and _continues(scan, piece, last):
            if _is_title(text):
                continue
            quote = Quote(text, piece.start, piece.end, last.speaker, last.mention, last.cue)
        elif _is_scare_quote(text):
            continue
        else:
            quote = Quote(text, piece.start, piece.end, None, None, None)
            if piece.group not in unattributed:  # once for all pieces of one quotation
                unattributed.add(piece.group)
                warnings.append(f"no speaker for the quote in paragraph {piece.paragraph + 1}: "
                                f"“{snippet(text)}”")
        if quote.speaker:
            last = quote
        quotes.append(quote)
    return QuoteScan(tuple(quotes), tuple(warnings), unbalanced=bool(scan.unbalanced))


def _continues(scan, piece, last: Quote) -> bool:
    """A quotation with no cue of its own goes on from the last speaker when it shares their
    paragraph or opens its own paragraph (the speaker keeps talking)."""
    lo, _ = scan.paragraphs[piece.paragraph]
    return piece.open_mark == lo or lo <= last.start


def _is_scare_quote(text: str) -> bool:
    """A few words or a Title In Capitals with nobody saying them: a scare quote, a term or a
    title ("the “Never Trump” movement", NBC’s “Meet the Press”), not a quotation."""
    return len(WORD.findall(text)) <= SCARE_QUOTE_WORDS or _is_title(text)


def _is_title(text: str) -> bool:
    words = WORD.findall(text)
    return len(words) <= TITLE_WORDS and all(w[0].isupper() or w in SMALL_WORDS for w in words)

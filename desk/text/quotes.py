"""Every direct quotation in clean copy, with who said it: `find_quotes(body) -> QuoteScan`.

Marks are paired in `marks`, attributions found in `speakers`; this module carries a
speaker from one piece of a quotation to the next, drops scare quotes and titles that nobody
is said to say, and writes the warnings (an unbalanced mark, a quote with no speaker).
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice
from typing import Final

from desk.model import Quote, QuoteScan
from desk.text.gender import agrees
from desk.text.marks import Piece, scan_marks, snippet
from desk.text.ranker import Candidate, Ranker, form, shipped
from desk.text.speakers import WINDOW, Attribution, SpeakerFinder

SCARE_QUOTE_WORDS: Final = 2
TITLE_WORDS: Final = 12
SMALL_WORDS: Final = frozenset("a an the of and or to in on for at by with from as is".split())
WORD: Final = re.compile(r"[^\W\d_][\w’'-]*")
# Mentions `resolve` could not point anywhere that stand for the last speaker ("they", "we"
# and "it" are left as written rather than pinned on one person).
NAMED_REACH: Final = 25_000  # characters either side: a long feature story is counted whole
UNRESOLVED: Final = frozenset(("he", "she", "i", "who", "which"))
# Kinds of phrase (ranker.form) that are seldom a speaker: for these the last name written
# before the quote and who the sentence before is about are scored too.
DOUBTFUL: Final = frozenset(("number", "function_word", "lowercase", "mixed", "determined"))
# Nouns naming a work whose title may follow: the book “…”, the host of “…”.
WORK_NOUNS: Final = frozenset("""show program programme podcast book film movie series
    broadcast host author anchor column album song novel memoir documentary""".split())
OWNER: Final = re.compile(r"[A-Z][\w.&-]*[’']s")  # NBC’s, CBS's


def find_quotes(body: str, ranker: Ranker | None = None) -> QuoteScan:
    """Never raises; every quote's `body[start:end] == text`. `ranker` picks among the
    candidate speakers (default: the shipped weights)."""
    ranker = ranker or shipped()
    scan = scan_marks(body)
    finder = SpeakerFinder(body, scan)
    pieces = scan.pieces
    # Each piece's attributions (SpeakerFinder.options), worked out in turn or when a piece
    # before looks ahead, and let go once no later piece looks back at them: kept for all of
    # a 5 MB story, they were ~100,000 objects for the cycle collector to walk again and again.
    options: list[list[tuple[str, Attribution]] | None] = [None] * len(pieces)
    let_go = 0  # the pieces before this one hold None
    # The pieces of a multi-paragraph quotation (one group, one piece after another) share
    # the first attribution any of them has: looked up for a piece with none of its own.
    group: tuple[Piece, str, Attribution] | None = None
    group_number, group_start, group_known = -1, 0, False

    quotes: list[Quote] = []
    warnings = list(scan.unbalanced)
    last: Quote | None = None  # the last quotation with a speaker
    last_paragraph = 0  # and its paragraph
    unattributed: set[int] = set()  # groups already warned about
    named: dict[str, int] = {}  # how often each speaker's name is written in the body
    groups: list[tuple[int, bool]] = []  # each quote's group, and if it took its speaker
    for n, piece in enumerate(pieces):
        if piece.group != group_number:
            group_number, group_start, group, group_known = piece.group, n, None, False
        while let_go < n - 1 and let_go < group_start:  # _shared looks back one piece
            options[let_go] = None
            let_go += 1
        own = list(_options_at(finder, pieces, options, n))
        if not own and not group_known:
            group, group_known = _first_attribution(finder, pieces, options, group_start), True
        if group and not own:
            own.append(("group", group[2]))
        elif not own:
            shared = _shared(finder, pieces, options, n)
            lead = finder.lead_in(piece, _neighbours(pieces, n)[0])
            own += ([("shared", shared)] if shared else []) + ([("lead_in", lead)] if lead else [])
        text = body[piece.start:piece.end]
        title = _is_title(text)
        if title and _names_a_work(body, piece.open_mark):
            continue
        continues = bool(last and _continues(scan, piece, last))
        if own:
            if own[0][1].cue is None and title:
                continue  # “Meet the Press” next to a name is a title, not a quotation
        elif continues:
            if title:
                continue
        elif title or _few_words(text):
            continue  # a scare quote (is_scare_quote)
        candidates = _candidates(finder, piece, own, last, continues, named,
                                 piece.paragraph - last_paragraph)
        chosen, confidence = ranker.choose(candidates)
        if chosen:
            written = _written_at(body, piece, chosen, own, candidates, last, group)
            quote = Quote(text, piece.start, piece.end, chosen.speaker, chosen.mention,
                          chosen.cue, round(confidence, 2), *written)
        else:
            quote = Quote(text, piece.start, piece.end, None, None, None)
            if piece.group not in unattributed:  # once for all pieces of one quotation
                unattributed.add(piece.group)
                warnings.append(f"no speaker for the quote in paragraph {piece.paragraph + 1}: "
                                f"“{snippet(text)}”")
        if quote.speaker:
            last, last_paragraph = quote, piece.paragraph
        quotes.append(quote)
        groups.append((piece.group, chosen is not None and chosen.kind == "group"))
    return QuoteScan(_share_confidence(quotes, groups), tuple(warnings),
                     unbalanced=bool(scan.unbalanced))


def _options_at(finder: SpeakerFinder, pieces, options, k: int) -> list[tuple[str, Attribution]]:
    """options[k], worked out now if it is not yet."""
    found = options[k]
    if found is None:
        prev_close, next_open = _neighbours(pieces, k)
        found = options[k] = finder.options(pieces[k], next_open, prev_close)
    return found


def _neighbours(pieces: tuple[Piece, ...], n: int) -> tuple[int | None, int | None]:
    """Where the piece before closes and the piece after opens, in the same paragraph."""
    piece = pieces[n]
    before = pieces[n - 1] if n else None
    after = pieces[n + 1] if n + 1 < len(pieces) else None
    prev_close = before.close_end if before and before.paragraph == piece.paragraph else None
    next_open = after.open_mark if after and after.paragraph == piece.paragraph else None
    return prev_close, next_open


def _first_attribution(finder: SpeakerFinder, pieces, options, n: int):
    """The first attribution any piece of the quotation starting at piece n has, with the
    piece and kind it came with (where its mention is written)."""
    for k in range(n, len(pieces)):
        if pieces[k].group != pieces[n].group:
            break
        if found := _options_at(finder, pieces, options, k):
            return (pieces[k], *found[0])
    return None


def _shared(finder: SpeakerFinder, pieces, options, n: int) -> Attribution | None:
    """The attribution after a later quotation of the same sentence (“…” and “…,” she
    said) speaks for the earlier ones too; else the one before an earlier quotation of the
    sentence (In what X calls an “…”, the …, leaving “…”), even a scare quote's."""
    for later in range(n + 1, len(pieces)):
        if not finder.shares_sentence(pieces[later - 1], pieces[later]):
            break
        if found := _options_at(finder, pieces, options, later):
            kind, attribution = found[0]
            if kind == "after":
                return attribution
            break
    if n and finder.shares_sentence(pieces[n - 1], pieces[n]):
        before = [a for kind, a in _options_at(finder, pieces, options, n - 1) if kind != "after"]
        return before[0] if before else None
    return None


def _written_at(body: str, piece: Piece, chosen: Candidate, own, candidates, last: Quote | None,
                group: tuple[Piece, str, Attribution] | None) -> tuple[int | None, int | None]:
    """Where the chosen speaker's mention is written, for the preview to mark: the words
    the attribution was read from, the last speaker's mention for a speaker carried on, a
    name before the quote for one found further back; (None, None) when not found."""
    kind, mention = chosen.kind, chosen.mention
    if kind == "last":
        return (last.mention_start, last.mention_end) if last else (None, None)
    index = next(n for n, candidate in enumerate(candidates) if candidate is chosen)
    attribution = own[index][1] if index < len(own) else None
    if kind == "group" and group:  # written beside another piece of the quotation
        piece, kind, attribution = group
    if attribution is not None and attribution.context:  # its tokens say where exactly
        tokens, _, (first, _) = attribution.context
        at = tokens[first].start()
        if body.startswith(mention, at):
            return at, at + len(mention)
    close = piece.close_end or piece.end
    at = None
    if kind in ("after", "shared", "byline"):  # after the closing mark, or a later quote's
        at = _find_word(body, mention, close, close + (WINDOW if kind == "after" else 2 * WINDOW))
    if at is None and kind != "after":  # before the opening mark: in its sentence, the one
        at = _find_word(body, mention, max(0, piece.open_mark - 2 * WINDOW), piece.open_mark,
                        last=True)  # before, or earlier still
    return (at, at + len(mention)) if at is not None else (None, None)


def _find_word(body: str, word: str, lo: int, hi: int, *, last: bool = False) -> int | None:
    """The first (or last) place `word` is written whole within body[lo:hi]."""
    if not word:
        return None
    at = body.rfind(word, lo, hi) if last else body.find(word, lo, hi)
    while at >= 0:
        end = at + len(word)
        if not (at > 0 and body[at - 1].isalnum() or end < len(body) and body[end].isalnum()):
            return at
        at = body.rfind(word, lo, end - 1) if last else body.find(word, at + 1, hi)
    return None


def _share_confidence(quotes: list[Quote], groups: list[tuple[int, bool]]):
    """A piece that takes its speaker from another piece of its quotation is as sure as that
    piece ("…¶“…,” she said": the first paragraph is hers if the last is)."""
    if not any(carried for _, carried in groups):
        return tuple(quotes)  # most stories: no piece took its speaker from another
    sure: dict[tuple[int, str | None], float] = {}
    for quote, (group, carried) in zip(quotes, groups, strict=True):
        if not carried and quote.confidence is not None:
            sure.setdefault((group, quote.speaker), quote.confidence)
    return tuple(
        replace(quote, confidence=sure.get((group, quote.speaker), quote.confidence))
        if carried else quote
        for quote, (group, carried) in zip(quotes, groups, strict=True)
    )


def _candidates(finder: SpeakerFinder, piece, own, last: Quote | None, continues: bool,
                named: dict[str, int], since_last: int) -> list[Candidate]:
    """The speakers worth scoring: each attribution the rules found next to the piece (the
    first is their own pick), the last speaker (`since_last` paragraphs back), and for a
    piece with nothing written next to it, who the paragraph before is about, who it has
    saying something, and the last name written before it."""
    body = finder.body
    found: list[tuple[str, str, str, str | None, int]] = []  # kind, mention, speaker, cue, at
    for kind, attribution in own:
        found.append((kind, attribution.mention, _speaker(finder, attribution, piece, last),
                      attribution.cue, _distance(body, piece, attribution.mention)))
    if last is not None and last.mention is not None and last.speaker is not None:
        found.append(("last", last.mention, last.speaker, last.cue, -1))  # (a last has both)
    superseded = False  # someone else is said to speak between the last quote and this one
    if not own or form(own[0][1].mention) in DOUBTFUL:
        subject = finder.paragraph_subject(piece)
        if subject:
            found.append(("paragraph", subject, finder.full_name(subject), None, -1))
        said = finder.carried(piece)
        if said:
            speaker = _speaker(finder, said, piece, last)
            superseded = last is not None and speaker != last.speaker
            found.append(("carried", said.mention, speaker, said.cue, -1))
        name = finder.name_before(piece.open_mark)
        if name:
            found.append(("name_before", name, name, None, -1))
    speakers = [speaker.lower() for _, _, speaker, _, _ in found]
    for _, _, speaker, _, _ in found:
        if speaker not in named:
            named[speaker] = _times_named(body, speaker, piece.open_mark)
    rule_pick = 0 if own or continues else None
    last_speaker = last.speaker if last else None
    opens_paragraph = piece.open_mark == finder.scan.paragraphs[piece.paragraph][0]
    # Candidate's fields in order (passed by position: thousands are made a second)
    return [
        Candidate(kind, mention, speaker, cue, n == rule_pick, at,
                  continues and kind == "last",  # continues
                  speaker == last_speaker,  # is_last
                  speakers.count(speakers[n]) - 1,  # votes
                  named[speaker], opens_paragraph,
                  since_last if kind == "last" else -1,  # since_last
                  superseded and kind == "last")  # superseded
        for n, (kind, mention, speaker, cue, at) in enumerate(found)
    ]


def _speaker(finder: SpeakerFinder, attribution: Attribution, piece, last: Quote | None) -> str:
    """Who a mention is, for display: a pronoun resolved, a surname with its full name."""
    mention = attribution.mention
    speaker: str | None = finder.resolve(mention, attribution.context, piece,
                                         last.speaker if last else None)
    if speaker is not None and speaker.lower() in UNRESOLVED:
        speaker = last.speaker if last else finder.name_before(piece.open_mark)
    if speaker and agrees(mention, speaker) is False:  # "she" -> the last named man
        speaker = finder.name_before(piece.open_mark, pronoun=mention) or mention
    return speaker or mention


def _distance(body: str, piece, mention: str) -> int:
    """Characters between the quotation's marks and the nearest writing of the mention."""
    close = piece.close_end or piece.end
    after = body.find(mention, close, close + WINDOW)
    after = after - close if after >= 0 else -1
    before = body.rfind(mention, max(0, piece.open_mark - WINDOW), piece.open_mark)
    if before < 0:
        return after
    before = piece.open_mark - before - len(mention)
    return before if after < 0 or before < after else after


def _times_named(body: str, speaker: str, at: int) -> int:
    """How often the speaker's last word is written: in the whole of wire-sized copy, and
    within NAMED_REACH characters of the quote in a huge one, so a story of many speakers
    costs linear time, not one scan of the whole text per speaker."""
    words = speaker.split()
    if not words or not words[-1][:1].isupper():
        return 0
    return body.count(words[-1], max(0, at - NAMED_REACH), at + NAMED_REACH)


def _continues(scan, piece, last: Quote) -> bool:
    """A quotation with no cue of its own goes on from the last speaker when it shares their
    paragraph or opens its own paragraph (the speaker keeps talking)."""
    lo, _ = scan.paragraphs[piece.paragraph]
    return piece.open_mark == lo or lo <= last.start


def is_scare_quote(text: str) -> bool:
    """A few words or a Title In Capitals with nobody saying them: a scare quote, a term or a
    title ("the “Never Trump” movement", NBC’s “Meet the Press”), not a quotation."""
    return _few_words(text) or _is_title(text)


def _few_words(text: str) -> bool:
    return next(islice(WORD.finditer(text), SCARE_QUOTE_WORDS, None), None) is None


def _names_a_work(body: str, open_mark: int) -> bool:
    """A title (_is_title) after its owner's name, after "on" or after a work's noun (NBC’s
    “Meet the Press”, said on “Face the Nation”, his book “The Art of the Deal”) names a show
    or a work, even with a cue beside it: the cue is for the quotation before."""
    before = body[max(0, open_mark - 40):open_mark].split()
    word = before[-1] if before else ""
    return word == "on" or bool(OWNER.fullmatch(word)) or word.lower() in WORK_NOUNS or (
        word == "of" and len(before) > 1 and before[-2].lower() in WORK_NOUNS)


def _is_title(text: str) -> bool:
    """At most TITLE_WORDS words, each capitalised or small. Read word by word: most
    quotations fail at their first lowercase word, and some run to thousands of words."""
    for n, match in enumerate(WORD.finditer(text)):
        word = match[0]
        if n == TITLE_WORDS or not (word[0].isupper() or word in SMALL_WORDS):
            return False
    return True

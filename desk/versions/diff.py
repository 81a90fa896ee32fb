"""What changed between two versions of a story: a word diff of the copy, and the quotes
whose wording changed (an editor must see that a quote was altered), appeared or went."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

KEPT, ADDED, REMOVED = "kept", "added", "removed"
ALTERED = "altered"
CONTEXT = 6  # words of unchanged copy shown either side of a change
_SAME_QUOTE = 0.5  # word overlap at which a later quote is the earlier one reworded


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of words the later version kept, added or removed."""

    kind: str  # KEPT, ADDED or REMOVED
    text: str


@dataclass(frozen=True, slots=True)
class QuoteChange:
    kind: str  # ALTERED, ADDED or REMOVED
    speaker: str | None
    old: str | None
    new: str | None


def word_diff(old: str, new: str, context: int = CONTEXT) -> list[Piece]:
    """The later text against the earlier, word by word; long unchanged runs are cut to
    `context` words either side of a change, with "…" for what is left out."""
    before, after = old.split(), new.split()
    pieces: list[Piece] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces.append(Piece(KEPT, _trimmed(before[i1:i2], context, first=number == 0,
                                               last=number == len(opcodes) - 1)))
            continue
        if i2 > i1:
            pieces.append(Piece(REMOVED, " ".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(ADDED, " ".join(after[j1:j2])))
    return pieces


def _trimmed(words: list[str], context: int, *, first: bool, last: bool) -> str:
    if first and last:  # nothing changed
        return " ".join(words)
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    if len(words) <= len(head) + len(tail):
        return " ".join(words)
    return " ".join([*head, "\u2026", *tail]).strip()


def quote_changes(old: list[dict], new: list[dict]) -> list[QuoteChange]:
    """Quotes (each with `text` and `speaker`) of the later version against the earlier:
    reworded ones ALTERED, new ones ADDED, dropped ones REMOVED; unchanged ones left out."""
    unmatched = list(old)
    changes: list[QuoteChange] = []
    for quote in new:
        if any(earlier["text"] == quote["text"] for earlier in unmatched):
            unmatched.remove(next(e for e in unmatched if e["text"] == quote["text"]))
            continue
        best = max(unmatched, key=lambda earlier: _overlap(earlier["text"], quote["text"]),
                   default=None)
        if best is not None and _overlap(best["text"], quote["text"]) >= _SAME_QUOTE:
            unmatched.remove(best)
            changes.append(QuoteChange(ALTERED, quote.get("speaker"), best["text"],
                                       quote["text"]))
        else:
            changes.append(QuoteChange(ADDED, quote.get("speaker"), None, quote["text"]))
    changes += [QuoteChange(REMOVED, quote.get("speaker"), quote["text"], None)
                for quote in unmatched]
    return changes


def _overlap(first: str, second: str) -> float:
    return SequenceMatcher(None, first.lower().split(), second.lower().split(),
                           autojunk=False).ratio()

"""PolNeAR gold quotes, shared by bench/quotes.py and bench/train_speakers.py.

Gold. Each article has attributions (cue, source spans, content spans). A *gold quote* is a
quoted stretch -- the text between a pair of double quotation marks (" “ ” « » „, and '' which
the New York Times texts use for both; PolNeAR's own `has_quote_mark` flag misses those, so the
bench looks at the text itself) -- inside a content span of an attribution whose contents hold
a quotation mark, of either kind ("Attribution" and "Attribution-no-source").
Marks are paired inside each content span: an opening mark left open runs to the end of the
span, a closing mark with no opening starts at the span's start (a content span may cut a
quotation at a sentence). Leading and trailing blanks are trimmed; stretches holding no letter
or digit are dropped; the same stretch in two attributions is one gold quote with both sources.

Matching. A predicted quote (start, end) *matches* a gold stretch when they overlap by at
least half the length of the shorter of the two (so a prediction spanning a quotation that the
annotators cut in two matches both halves).
- found     = gold quotes matched by some prediction / gold quotes
- precision = predictions matching some gold quote / predictions
- right speaker = gold quotes whose best-overlapping prediction has a mention or speaker that
  shares a word (case-insensitive, stopwords ignored) with the gold source text / ALL gold
  quotes. A gold quote with no source (Attribution-no-source) can never count as right.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOUBLE_MARK = re.compile("''|[\"“”«»„]")
WORD = re.compile(r"[\w’']+")
STOPWORDS = frozenset("the a an of and in on at to for by with from".split())
OPEN_AFTER = frozenset(" \t\n([{—–-/\u00a0")


def corpus(name: str) -> Path:
    """../shared/corpora/NAME beside the checkout (or beside the folder of worktrees)."""
    for folder in REPO.parents:
        if (folder / "shared" / "corpora").is_dir():
            return folder / "shared" / "corpora" / name
    return REPO.parent / "shared" / "corpora" / name


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def words(text: str | None) -> set[str]:
    """The words a speaker and a gold source are compared on."""
    return {w for w in WORD.findall((text or "").lower())} - STOPWORDS


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters shared when they cover half the shorter span, else 0."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shortest = min(a[1] - a[0], b[1] - b[0])
    return shared if shared > 0 and 2 * shared >= shortest else 0


def _opens(text: str, i: int, width: int) -> bool:
    ch = text[i]
    if ch in "“«„":
        return True
    if ch in "”»":
        return False
    prev = text[i - 1] if i else " "
    nxt = text[i + width] if i + width < len(text) else " "
    return prev in OPEN_AFTER and not nxt.isspace()


def _trimmed(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if re.search(r"[^\W_]", text[a:b]) else None


def stretches_in(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Quoted stretches inside text[lo:hi] (see the module docstring)."""
    spans, opened, first = [], None, True
    for m in DOUBLE_MARK.finditer(text, lo, hi):
        i = m.start()
        if _opens(text, i, len(m.group())) and opened is None:
            opened = m.end()
        elif opened is not None:
            spans.append((opened, i))
            opened = None
        elif first:
            spans.append((lo, i))
        first = False
    if opened is not None:
        spans.append((opened, hi))
    return [s for a, b in spans if (s := _trimmed(text, a, b))]


def gold_quotes(article: dict) -> dict[tuple[int, int], list[str]]:
    gold: dict[tuple[int, int], list[str]] = {}
    for attribution in article["quotes"]:
        if not any(DOUBLE_MARK.search(c["text"]) for c in attribution["contents"]):
            continue
        sources = [s["text"] for s in attribution["sources"]]
        for content in attribution["contents"]:
            for span in stretches_in(article["text"], content["start"], content["end"]):
                gold.setdefault(span, []).extend(sources)
    return gold

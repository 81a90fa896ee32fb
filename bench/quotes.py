"""Quote accuracy and speed of desk.text.quotes on the PolNeAR corpus, against a bare regex.

    python bench/quotes.py [PATH] [--train] [--errors N]

PATH defaults to ../shared/corpora/polnear/dev.jsonl next to the repo (--train: train.jsonl).

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

The baseline is a bare regex for quotations plus "the nearest X said / said X" for speakers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desk.text.quotes import find_quotes  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "polnear"
DOUBLE_MARK = re.compile("''|[\"“”«»„]")
WORD = re.compile(r"[\w’']+")
STOPWORDS = frozenset("the a an of and in on at to for by with from".split())
OPEN_AFTER = frozenset(" \t\n([{—–-/\u00a0")


# --- gold ---------------------------------------------------------------------------------

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


# --- baseline -----------------------------------------------------------------------------

BARE_QUOTE = re.compile(r"“([^”\n]*)”|\"([^\"\n]*)\"|''([^\n]*?)''")
BARE_AFTER = re.compile(r"[,.!?]?\s*(?:said\s+([A-Z]\w+|he|she)|([A-Z]\w+|he|she|they)\s+said)")
BARE_BEFORE = re.compile(r"([A-Z]\w+|he|she|they)\s+said[:,]?\s*$")


def baseline_quotes(text: str) -> list[tuple[int, int, str | None]]:
    found = []
    for m in BARE_QUOTE.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        after = BARE_AFTER.match(text, m.end())
        before = BARE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        speaker = (after and (after.group(1) or after.group(2))) or (before and before.group(1))
        found.append((m.start(group), m.end(group), speaker or None))
    return found


# --- scoring ------------------------------------------------------------------------------

def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shortest = min(a[1] - a[0], b[1] - b[0])
    return shared if shared > 0 and 2 * shared >= shortest else 0


def _words(text: str | None) -> set[str]:
    return {w for w in WORD.findall((text or "").lower())} - STOPWORDS


def score(articles, predict) -> dict:
    """predict(text) -> list of (start, end, [names]); returns figures and the misses."""
    gold_n = found = predicted = matched = right = 0
    misses: list[tuple[str, str, str]] = []
    started = time.perf_counter()
    predictions = [predict(a["text"]) for a in articles]
    seconds = time.perf_counter() - started
    for article, preds in zip(articles, predictions, strict=True):
        gold = gold_quotes(article)
        gold_n += len(gold)
        predicted += len(preds)
        matched += sum(1 for p in preds if any(_overlap(p[:2], g) for g in gold))
        for span, sources in gold.items():
            best = max(preds, key=lambda p, s=span: _overlap(p[:2], s), default=None)
            if best is None or not _overlap(best[:2], span):
                misses.append(("missed", article["text"][span[0]:span[1]], " / ".join(sources)))
                continue
            found += 1
            source_words = set().union(*(_words(s) for s in sources)) if sources else set()
            if any(_words(name) & source_words for name in best[2]):
                right += 1
            else:
                misses.append(("speaker " + repr(best[2]), article["text"][span[0]:span[1]],
                               " / ".join(sources) or "(no source)"))
        for p in preds:
            if not any(_overlap(p[:2], g) for g in gold):
                misses.append(("not gold " + repr(p[2]), article["text"][p[0]:p[1]], ""))
    return {
        "articles": len(articles),
        "gold_quotes": gold_n,
        "predicted": predicted,
        "found": round(100 * found / max(gold_n, 1), 1),
        "precision": round(100 * matched / max(predicted, 1), 1),
        "right_speaker": round(100 * right / max(gold_n, 1), 1),
        "articles_per_s": round(len(articles) / max(seconds, 1e-9), 1),
        "misses": misses,
    }


def desk_predict(text: str):
    return [(q.start, q.end, [q.mention, q.speaker]) for q in find_quotes(text).quotes]


def baseline_predict(text: str):
    return [(a, b, [speaker]) for a, b, speaker in baseline_quotes(text)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="a PolNeAR .jsonl file")
    parser.add_argument("--train", action="store_true", help="use train.jsonl, not dev.jsonl")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print N sample misses of each kind (for tuning, on train)")
    args = parser.parse_args(argv)
    path = args.path or CORPUS / ("train.jsonl" if args.train else "dev.jsonl")
    if not path.is_file():
        print(f"bench/quotes.py: corpus not found: {path}", file=sys.stderr)
        return 1
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    ours = score(articles, desk_predict)
    base = score(articles, baseline_predict)
    for name, figures in (("desk", ours), ("bare regex", base)):
        print(f"{name:>10}: quotes found {figures['found']:5.1f}%  precision "
              f"{figures['precision']:5.1f}%  right speaker {figures['right_speaker']:5.1f}%  "
              f"{figures['articles_per_s']:8.1f} articles/s")
    ratio = base["articles_per_s"] / max(ours["articles_per_s"], 1e-9)
    print(f"{path.name}: {ours['articles']} articles, {ours['gold_quotes']} gold quotes; "
          f"the bare regex is {ratio:.1f}x as fast")
    if args.errors:
        _print_misses(ours["misses"], args.errors)
    summary = {k: v for k, v in ours.items() if k != "misses"}
    summary["baseline"] = {k: v for k, v in base.items() if k != "misses"}
    print(json.dumps(summary))
    return 0


def _print_misses(misses, n: int) -> None:
    for kind in ("missed", "speaker", "not gold"):
        sample = [m for m in misses if m[0].startswith(kind)][:n]
        print(f"--- {kind}: {sum(1 for m in misses if m[0].startswith(kind))}")
        for what, text, sources in sample:
            print(f"  [{what}] {text[:90]!r} <- {sources[:60]!r}")


if __name__ == "__main__":
    sys.exit(main())

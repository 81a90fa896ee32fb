"""Quote accuracy and speed of desk.text.quotes on the PolNeAR corpus, against a bare regex.

    python bench/quotes.py [PATH] [--train] [--cv] [--bbc] [--bbc-heldout] [--errors N]
                           [--passes N]

PATH defaults to ../shared/corpora/polnear/dev.jsonl (--train: train.jsonl). The gold quotes
and the figures (found, precision, right speaker) are defined in bench/polnear.py.

--cv  5-fold cross-validation over train + dev, split by article (both annotators' copies of
      one article stay in one fold): the speaker ranker is trained on four folds and scored on
      the fifth, so nothing is fitted on the articles it is scored on. Prints the pooled
      figures beside dev and the gap.
--bbc, --bbc-heldout  the same figures on the hand-annotated BBC stories of bench/bbc_gold
      (dev may be looked at; held-out is for reporting only): gold quotes are the `quote`
      records (scare quotes are ignored, neither missed nor a false hit), and the right
      speaker shares a word with the gold's resolved speaker ("Tony Blair", not "he").
--errors N  counts of each kind of error and N samples of each (run it on train: the articles
      the model and the rules were fitted on, never on what you score).

Speed is articles/s on one core in CPU time (`time.process_time`, so what other processes take
counts less on a shared machine), the median of --passes passes over the articles (default
7; one pass over dev is ~0.1 s), with the wall-clock rate beside it. CV times one pass.

The baseline is a bare regex for quotations plus "the nearest X said / said X" for speakers.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from polnear import corpus, gold_quotes, load, overlap, words  # noqa: E402

from desk.text.gender import name_gender  # noqa: E402
from desk.text.quotes import find_quotes  # noqa: E402
from desk.text.ranker import Ranker, form  # noqa: E402

FOLDS = 5
PASSES = 7  # one pass over dev takes ~0.1 s: too short to time once on a shared machine


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

def score(articles, predict, gold_of=gold_quotes, passes: int = 1) -> dict:
    """predict(text) -> list of (start, end, [names]); returns counts, figures and the errors
    as (kind, quote text, gold sources). `gold_of(article)` gives {span: [sources]}; an
    article may list `ignored` spans (BBC scare quotes): a prediction there is not counted.
    The articles are predicted `passes` times; the speed is the median pass, in CPU time
    (what other processes on a shared machine take matters less) and in wall time."""
    counts = Counter()
    errors: list[tuple[str, str, str]] = []
    cpu, wall = [], []
    for _ in range(passes):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        predictions = [predict(a["text"]) for a in articles]
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    seconds, wall_seconds = statistics.median(cpu), statistics.median(wall)
    for article, preds in zip(articles, predictions, strict=True):
        gold = gold_of(article)
        ignored = article.get("ignored", ())
        preds = [p for p in preds if not any(overlap(p[:2], s) for s in ignored)]
        counts["gold"] += len(gold)
        counts["predicted"] += len(preds)
        counts["matched"] += sum(1 for p in preds if any(overlap(p[:2], g) for g in gold))
        for span, sources in gold.items():
            best = max(preds, key=lambda p, s=span: overlap(p[:2], s), default=None)
            text = article["text"][span[0]:span[1]]
            if best is None or not overlap(best[:2], span):
                errors.append(("missed quote", text, " / ".join(sources)))
                continue
            counts["found"] += 1
            source_words = set().union(*(words(s) for s in sources)) if sources else set()
            if any(words(name) & source_words for name in best[2]):
                counts["right"] += 1
            else:
                gave = f"{best[2][0]!r}->{best[2][-1]!r}"
                errors.append((_speaker_error(best[2], sources), text,
                               f"{gave} <- {' / '.join(sources) or '(no source)'}"))
        for p in preds:
            if not any(overlap(p[:2], g) for g in gold):
                errors.append(("not a gold quote", article["text"][p[0]:p[1]], repr(p[2][0])))
    return {"articles": len(articles), "seconds": seconds, "counts": counts,
            "errors": errors, **figures(counts, len(articles), seconds, wall_seconds)}


def figures(counts: Counter, articles: int, seconds: float, wall_seconds: float) -> dict:
    gold = max(counts["gold"], 1)
    return {
        "gold_quotes": counts["gold"],
        "predicted": counts["predicted"],
        "found": round(100 * counts["found"] / gold, 1),
        "precision": round(100 * counts["matched"] / max(counts["predicted"], 1), 1),
        "right_speaker": round(100 * counts["right"] / gold, 1),
        "articles_per_s": round(articles / max(seconds, 1e-9), 1),
        "wall_articles_per_s": round(articles / max(wall_seconds, 1e-9), 1),
    }


PERSONS = ("he_she", "they", "it", "we_i", "who")


def _speaker_error(names: list, sources: list[str]) -> str:
    """The kind of a wrong speaker, for --errors."""
    mention = names[0]
    if not sources:
        return "speaker: gold has no source"
    if not mention:
        return "speaker: none given"
    kind = form(mention)
    if kind in ("number", "function_word", "lowercase", "mixed", "determined"):
        return f"speaker: junk ({kind})"
    gold_kind = form(sources[0])
    if kind in PERSONS:
        return ("speaker: the wrong pronoun" if gold_kind in PERSONS
                else "speaker: a pronoun resolved to the wrong name")
    if gold_kind in PERSONS:
        return "speaker: a name where the gold has a pronoun"
    return "speaker: another name"


def desk_predict(text: str, ranker: Ranker | None = None):
    return [(q.start, q.end, [q.mention, q.speaker]) for q in find_quotes(text, ranker).quotes]


def baseline_predict(text: str):
    return [(a, b, [speaker]) for a, b, speaker in baseline_quotes(text)]


def bbc_articles(split: str) -> list[dict]:
    """The hand-annotated BBC stories of a split (bench/bbc_gold), shaped for `score`: the
    file's text as decoded, gold {span: [speaker]} of the quotes, scare quotes ignored."""
    sys.path.insert(0, str(REPO / "bench" / "bbc_gold"))
    from load import load_split  # noqa: PLC0415

    return [{"file": file, "text": text,
             "gold": {(r["start"], r["end"]): [r["speaker"]] for r in records
                      if r["kind"] == "quote"},
             "ignored": [(r["start"], r["end"]) for r in records if r["kind"] != "quote"]}
            for file, text, records in load_split(split, corpus("bbc"))]


def fold_of(article: dict) -> int:
    """Articles sorted by name, dealt round-robin: one article's two copies share a fold."""
    return FOLD_INDEX[article["file"]] % FOLDS


FOLD_INDEX: dict[str, int] = {}


def cross_validate(articles: list[dict]) -> dict:
    from train_speakers import examples, fit  # noqa: PLC0415 - needs the training extra

    FOLD_INDEX.update({name: n for n, name in enumerate(sorted({a["file"] for a in articles}))})
    counts, seconds, wall_seconds = Counter(), 0.0, 0.0
    for fold in range(FOLDS):
        training = [a for a in articles if fold_of(a) != fold]
        scored = [a for a in articles if fold_of(a) == fold]
        ranker = Ranker(fit(examples(training)))
        result = score(scored, lambda text, r=ranker: desk_predict(text, r))
        counts.update(result["counts"])
        seconds += result["seconds"]
        wall_seconds += result["articles"] / result["wall_articles_per_s"]
    return {"articles": len(articles), **figures(counts, len(articles), seconds, wall_seconds)}


def _line(name: str, f: dict) -> str:
    return (f"{name:>12}: quotes found {f['found']:5.1f}%  precision {f['precision']:5.1f}%  "
            f"right speaker {f['right_speaker']:5.1f}%  {f['articles_per_s']:8.1f} articles/s CPU "
            f"({f['wall_articles_per_s']:.1f} wall)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="a PolNeAR .jsonl file")
    parser.add_argument("--train", action="store_true", help="use train.jsonl, not dev.jsonl")
    parser.add_argument("--cv", action="store_true", help="5-fold CV over train + dev")
    parser.add_argument("--bbc", action="store_true",
                        help="also score the hand-annotated BBC dev stories (bench/bbc_gold)")
    parser.add_argument("--bbc-heldout", action="store_true",
                        help="also report the BBC held-out stories (report only: never tune)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="count errors by kind and print N samples of each (on train)")
    parser.add_argument("--passes", type=int, default=PASSES, metavar="N",
                        help=f"timed passes over the articles; the median is reported "
                             f"(default {PASSES})")
    args = parser.parse_args(argv)
    folder = corpus("polnear")
    path = args.path or folder / ("train.jsonl" if args.train else "dev.jsonl")
    if not path.is_file():
        print(f"bench/quotes.py: corpus not found: {path}", file=sys.stderr)
        return 1
    articles = load(path)
    find_quotes(articles[0]["text"])  # load the weights before timing, and the first-name
    name_gender("Jane Doe")  # table (once a process, ~0.15 s; not per article)
    ours = score(articles, desk_predict, passes=args.passes)
    base = score(articles, baseline_predict, passes=args.passes)
    print(_line("desk", ours))
    print(_line("bare regex", base))
    ratio = base["articles_per_s"] / max(ours["articles_per_s"], 1e-9)
    print(f"{path.name}: {ours['articles']} articles, {ours['gold_quotes']} gold quotes; "
          f"speed: CPU time (wall in brackets), median of {args.passes} passes, one core; "
          f"the bare regex is {ratio:.1f}x as fast")
    summary = {k: v for k, v in ours.items() if k not in ("errors", "counts", "seconds")}
    summary["baseline"] = {k: v for k, v in base.items()
                           if k not in ("errors", "counts", "seconds")}
    if args.cv:
        everything = load(folder / "train.jsonl") + load(folder / "dev.jsonl")
        cv = cross_validate(everything)
        print(_line(f"{FOLDS}-fold CV", cv))
        print(f"CV over train + dev: {cv['articles']} articles, {cv['gold_quotes']} gold quotes; "
              f"gap {path.name} - CV: right speaker "
              f"{ours['right_speaker'] - cv['right_speaker']:+.1f} points, found "
              f"{ours['found'] - cv['found']:+.1f}, precision "
              f"{ours['precision'] - cv['precision']:+.1f}")
        summary["cv"] = cv
    for split, wanted in (("dev", args.bbc), ("heldout", args.bbc_heldout)):
        if wanted:
            stories = bbc_articles(split)
            bbc = score(stories, desk_predict, gold_of=lambda a: a["gold"], passes=args.passes)
            bbc_base = score(stories, baseline_predict, gold_of=lambda a: a["gold"],
                             passes=args.passes)
            print(_line(f"BBC {split}", bbc))
            print(_line("bare regex", bbc_base))
            print(f"BBC {split}: {len(stories)} stories, {bbc['gold_quotes']} gold quotes "
                  f"(bench/bbc_gold; right speaker = shares a word with the resolved speaker)")
            summary[f"bbc_{split}"] = {k: v for k, v in bbc.items()
                                       if k not in ("errors", "counts", "seconds")}
            if split == "dev" and args.errors:
                _print_errors(bbc["errors"], args.errors)
    if args.errors:
        _print_errors(ours["errors"], args.errors)
        summary["errors"] = dict(Counter(kind for kind, _, _ in ours["errors"]).most_common())
    print(json.dumps(summary))
    return 0


def _print_errors(errors, n: int) -> None:
    for kind, count in Counter(kind for kind, _, _ in errors).most_common():
        print(f"--- {kind}: {count}")
        for _, text, detail in [e for e in errors if e[0] == kind][:n]:
            print(f"  {text[:80]!r} {detail[:80]}")


if __name__ == "__main__":
    sys.exit(main())

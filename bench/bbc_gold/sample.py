"""Redraw the BBC gold's stories by its fixed rule and check the splits hold exactly them.

    python bench/bbc_gold/sample.py [--corpus DIR]

The rule (README.md): in each section (business, entertainment, politics, sport, tech), the
candidates are the stories, in file order, holding at least 6 straight double quotation marks
(3 pairs); `random.Random(10)` draws 14 per section, section by section; the draws are
interleaved section by section (1st business, 1st entertainment, ..., 2nd business, ...). The
corpus repeats some stories word for word: a draw whose text (blanks collapsed) repeats an
earlier one is replaced in place by `rng.choice` among its section's candidates not yet drawn.
The first 35 are dev, the other 35 heldout. Prints the order and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from load import DEFAULT_CORPUS, GOLD_DIR, read_story

SECTIONS = ("business", "entertainment", "politics", "sport", "tech")
PER_SECTION = 14
DEV_SIZE = 35
MIN_MARKS = 6


def draw(corpus: Path) -> list[str]:
    """The stories in gold order, as files relative to the corpus."""
    rng = random.Random(10)
    texts: dict[str, str] = {}
    candidates: dict[str, list[str]] = {}
    for section in SECTIONS:
        for path in sorted((corpus / section).glob("*.txt")):
            texts[f"{section}/{path.name}"] = " ".join(read_story(path).split())
        candidates[section] = [f for f in texts if f.startswith(section + "/")
                               and texts[f].count('"') >= MIN_MARKS]
    drawn = [rng.sample(candidates[s], PER_SECTION) for s in SECTIONS]
    order = [drawn[s][i] for i in range(PER_SECTION) for s in range(len(SECTIONS))]
    kept: list[str] = []
    for file in order:
        section = file.split("/")[0]
        while texts[file] in {texts[k] for k in kept}:
            file = rng.choice([c for c in candidates[section] if c not in order + kept])
        kept.append(file)
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    order = draw(args.corpus)
    expected = {"dev": order[:DEV_SIZE], "heldout": order[DEV_SIZE:]}
    ok = True
    for split, files in expected.items():
        lines = (GOLD_DIR / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        held = [json.loads(line)["file"] for line in lines]
        verdict = "holds exactly them" if held == files else "DIFFERS"
        ok &= held == files
        print(f"{split:8} {len(files)} drawn, {split}.jsonl {verdict}: {' '.join(files)}")
    print(json.dumps({"drawn": len(order), "splits_match": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

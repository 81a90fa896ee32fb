"""Train the speaker ranker on PolNeAR train and write desk/text/speaker_weights.json.

    python3 -m pip install '.[train]'   # scikit-learn, for training only
    python3 bench/train_speakers.py [PATH ...] [--out FILE]

Each quotation the engine finds that matches a gold quote gives one example per candidate
speaker the rules propose (desk.text.ranker.features), labelled by the bench's own test: does
the candidate's mention or speaker share a word with the gold source. A logistic regression
is fitted on them; its weights, named by feature, are what desk ships. Deterministic: the same
articles give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from polnear import corpus, gold_quotes, load, overlap, words  # noqa: E402

from desk.text.quotes import find_quotes  # noqa: E402
from desk.text.ranker import WEIGHTS, Candidate, features  # noqa: E402

REGULARISATION = 1.0  # scikit-learn's C: larger fits the training articles more closely


class Recorder:
    """Stands in for the ranker: keeps each quotation's candidates and answers with the rules'
    own pick, so the examples do not depend on an earlier model."""

    def __init__(self):
        self.calls: list[list[Candidate]] = []

    def choose(self, candidates: list[Candidate]):
        self.calls.append(candidates)
        pick = next((c for c in candidates if c.rule), None)
        return (pick, 1.0) if pick else (None, 0.0)


def examples(articles: list[dict]) -> list[tuple[dict[str, float], bool]]:
    found = []
    for article in articles:
        recorder = Recorder()
        quotes = find_quotes(article["text"], recorder).quotes
        gold = gold_quotes(article)
        for quote, candidates in zip(quotes, recorder.calls, strict=True):
            span = (quote.start, quote.end)
            best = max(gold, key=lambda g, s=span: overlap(s, g), default=None)
            if best is None or not overlap(span, best):
                continue  # not a gold quotation: nothing to learn about its speaker
            source = set().union(*(words(s) for s in gold[best]))
            found += [(features(c), bool(source & (words(c.mention) | words(c.speaker))))
                      for c in candidates]
    return found


def fit(labelled: list[tuple[dict[str, float], bool]]) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer  # noqa: PLC0415 - training only
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform([f for f, _ in labelled])
    y = [label for _, label in labelled]
    model = LogisticRegression(C=REGULARISATION, max_iter=5000).fit(x, y)
    weights = {name: round(float(w), 4)
               for name, w in zip(vectoriser.get_feature_names_out(), model.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    return {"bias": round(float(model.intercept_[0]), 4), **dict(sorted(weights.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="PolNeAR .jsonl files (train)")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    paths = args.paths or [corpus("polnear") / "train.jsonl"]
    articles = [a for path in paths for a in load(path)]
    labelled = examples(articles)
    weights = fit(labelled)
    args.out.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    print(f"{len(articles)} articles, {len(labelled)} candidates "
          f"({sum(label for _, label in labelled)} right): {len(weights)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

PENALTY = 1.0  # the L2 penalty: smaller fits the training articles more closely


class Recorder:
    """Stands in for the ranker: keeps each quotation's candidates and answers with the rules'
    own pick, so the examples do not depend on an earlier model."""

    def __init__(self):
        self.calls: list[list[Candidate]] = []

    def choose(self, candidates: list[Candidate]):
        self.calls.append(candidates)
        pick = next((c for c in candidates if c.rule), None)
        return (pick, 1.0) if pick else (None, 0.0)


def examples(articles: list[dict]) -> list[list[tuple[dict[str, float], bool]]]:
    """For each quotation that matches a gold quote, its candidates' features and labels."""
    found = []
    for article in articles:
        recorder = Recorder()
        quotes = find_quotes(article["text"], recorder).quotes
        gold = gold_quotes(article)
        for quote, candidates in zip(quotes, recorder.calls, strict=True):
            span = (quote.start, quote.end)
            best = max(gold, key=lambda g, s=span: overlap(s, g), default=None)
            if best is None or not overlap(span, best) or not candidates:
                continue  # not a gold quotation: nothing to learn about its speaker
            source = set().union(*(words(s) for s in gold[best]))
            found.append([(features(c), bool(source & (words(c.mention) | words(c.speaker))))
                          for c in candidates])
    return found


def fit(groups: list[list[tuple[dict[str, float], bool]]]) -> dict[str, float]:
    """A conditional logit: each quotation's candidates compete in one softmax together with
    "none of them" (score 0), so a candidate's probability is that it, and not another or
    nobody, is the speaker; the likelihood of the right ones is maximised with an L2 penalty."""
    import numpy as np  # noqa: PLC0415 - training only
    from scipy.optimize import minimize  # noqa: PLC0415
    from sklearn.feature_extraction import DictVectorizer  # noqa: PLC0415

    rows = [f | {"bias": 1.0} for group in groups for f, _ in group]
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform(rows).tocsr()
    right = np.array([label for group in groups for _, label in group], dtype=float)
    owner = np.repeat(np.arange(len(groups)), [len(group) for group in groups])

    def loss(w):
        s = np.clip(x @ w, -30, 30)
        e = np.exp(s)
        total = 1 + np.bincount(owner, e, len(groups))
        good = np.bincount(owner, e * right, len(groups))
        answered = good > 0
        value = np.log(total).sum() - np.log(good[answered]).sum() + PENALTY / 2 * w @ w
        share = e / total[owner] - np.where(right > 0, e / np.where(answered, good, 1)[owner], 0)
        return value, x.T @ share + PENALTY * w

    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
    weights = {name: round(float(v), 4)
               for name, v in zip(vectoriser.get_feature_names_out(), w, strict=True)
               if abs(v) >= 1e-4}
    return dict(sorted(weights.items()))


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
    candidates = [label for group in labelled for _, label in group]
    print(f"{len(articles)} articles, {len(labelled)} quotations, {len(candidates)} candidates "
          f"({sum(candidates)} right): {len(weights)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

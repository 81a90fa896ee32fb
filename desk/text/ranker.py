"""Pick one speaker among the candidates the rules propose for a quotation.

A logistic regression trained on PolNeAR's train split (`python3 bench/train_speakers.py`)
scores each candidate from plain features; its weights ship as speaker_weights.json and the
scoring here is plain Python. The winner's probability is the quote's confidence.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import Final

from desk.text.gender import agrees
from desk.text.lexicon import NOT_NAMES, NUMBERS, TITLES

# Found through the package: compiled by mypyc, a module's __file__ is not where it lies.
WEIGHTS: Final = Path(str(resources.files("desk.text").joinpath("speaker_weights.json")))
# Below this probability a candidate is not shown as the speaker at all.
FLOOR: Final = 0.2
MAX_CACHED: Final = 20_000  # phrase scores kept between quotes
PRONOUN_FORMS: Final = {"he": "he_she", "she": "he_she", "they": "they", "it": "it", "we": "we_i",
                        "i": "we_i", "you": "we_i", "who": "who", "which": "who"}
DETERMINERS: Final = frozenset("the a an his her their its our this these those".split())
PLAIN_CUES: Final = frozenset("said says say told tells added adds according".split())
INDEFINITES: Final = frozenset("another one others many some".split())


@dataclass(slots=True)  # not frozen: thousands are made a second, and frozen init is slow
class Candidate:
    """One speaker the rules propose for a quotation, and where they found it."""

    kind: str  # after, byline, before, subject, group, lead_in, last, paragraph, name_before
    mention: str
    speaker: str
    cue: str | None
    rule: bool  # the hand-written rules' own pick
    distance: int  # characters between the quotation and the mention (-1: not written near)
    continues: bool = False  # a quotation with no cue going on from the last speaker
    is_last: bool = False  # the speaker of the quotation before
    votes: int = 0  # other candidates naming the same speaker
    named: int = 0  # times the speaker's last word is written in the copy
    opens_paragraph: bool = False
    since_last: int = -1  # for the last speaker: paragraphs back to their quote
    superseded: bool = False  # for the last speaker: someone else is said to speak since


@lru_cache(maxsize=4096)
def form(phrase: str) -> str:
    """What kind of phrase a mention is: a pronoun, a name, a title, a common noun, junk."""
    words = phrase.split()
    if not words:
        return "empty"
    first = words[0].lower().strip(".,")
    if len(words) == 1 and first in PRONOUN_FORMS:
        return PRONOUN_FORMS[first]
    if first[:1].isdigit() or first.split("-")[0] in NUMBERS:
        return "number"
    if first in INDEFINITES and len(words) == 1:
        return "indefinite"
    capitals = sum(1 for w in words if w[:1].isupper() and w.lower() not in NOT_NAMES)
    if words[0].lower().rstrip(".") in TITLES and capitals >= 2:
        return "title_name"
    if first in DETERMINERS:
        return "determined_name" if capitals else "determined"
    if capitals == len(words):
        return "name" if len(words) > 1 else "one_name"
    if capitals and words[-1][:1].isupper():
        return "described_name"  # "pollster Frank Luntz"
    if first in NOT_NAMES:
        return "function_word"  # "Already", "Wait": a sentence adverb or a clause fragment
    return "mixed" if capitals else "lowercase"


def features(c: Candidate) -> dict[str, float]:
    return {**phrase_features(c.kind, c.mention, c.speaker, c.cue), **place_features(c)}


def phrase_features(kind: str, mention: str, speaker: str, cue: str | None) -> dict[str, float]:
    """What the candidate's words say."""
    return _shape_features(*phrase_shape(kind, mention, speaker, cue))


def phrase_shape(kind: str, mention: str, speaker: str, cue: str | None) -> tuple:
    """All that phrase_features reads of a candidate's words: a few thousand shapes where
    the words (names) take a new value in nearly every story."""
    mention_form = form(mention)
    return (kind, mention_form, form(speaker), len(speaker.split()) > 4, speaker.endswith("."),
            speaker != mention, cue.split()[0] if cue else None,
            agrees(mention, speaker) if mention_form == "he_she" else None)


@lru_cache(maxsize=4096)
def _shape_features(kind: str, mention_form: str, speaker_form: str, long_speaker: bool,
                    full_stop: bool, resolved: bool, cue_word: str | None,
                    agreement: bool | None) -> dict[str, float]:
    f = {
        f"kind={kind}": 1.0,
        f"form={mention_form}": 1.0,
        f"speaker_form={speaker_form}": 1.0,
        f"kind={kind}&form={mention_form}": 1.0,
        "long_speaker": float(long_speaker),
        "full_stop": float(full_stop),
        "resolved": float(resolved),
    }
    if cue_word is not None:
        f["cue"] = 1.0
        f["plain_cue"] = float(cue_word in PLAIN_CUES)
        f["cue_ing"] = float(cue_word.endswith("ing"))
        f[f"kind={kind}&cue={cue_word.lower()}"] = 1.0
    if agreement is not None:
        f["gender_agrees" if agreement else "gender_clashes"] = 1.0
    return f


def place_features(c: Candidate) -> dict[str, float]:
    """Where the candidate stands: the rules' pick, votes, distance, the last speaker."""
    f = {"votes": LOG1P[min(c.votes, 9)], "named": math.log1p(c.named)}
    if c.rule:
        f["rule"] = f[f"rule&kind={c.kind}"] = 1.0
    if c.continues:
        f["continues"] = 1.0
    if c.is_last:
        f["is_last"] = 1.0
    if c.opens_paragraph:
        f["opens_paragraph"] = f[f"opens_paragraph&kind={c.kind}"] = 1.0
    if c.since_last >= 0:
        f[f"since_last={min(c.since_last, 2)}"] = 1.0
        f[f"since_last={min(c.since_last, 2)}&continues={c.continues}"] = 1.0
    if c.superseded:
        f["superseded"] = 1.0
    if c.distance >= 0:
        f["near"] = float(c.distance <= 3)
        f["distance"] = math.log1p(c.distance) / 5
    return f


LOG1P: Final = [math.log1p(n) for n in range(10)]
# What `place_features` reads: where a candidate stands takes a few thousand values over a
# shift's copy, so its score is cached by these (tests/text/test_ranker_cache.py holds them
# in step).
PLACE_FIELDS: Final = ("kind", "rule", "distance", "continues", "is_last", "votes", "named",
                       "opens_paragraph", "since_last", "superseded")
PLACE_KEY: Final = attrgetter(*PLACE_FIELDS)


class Ranker:
    """Scores candidates with weights named by feature (see `features`)."""

    def __init__(self, weights: dict[str, float]):
        self.weights = weights
        self.bias = weights.get("bias", 0.0)
        self._phrase_scores: dict[tuple, float] = {}  # by the words
        self._shape_scores: dict[tuple, float] = {}  # by phrase_shape, for words not yet seen
        self._place_scores: dict[tuple, float] = {}

    def score(self, candidate: Candidate) -> float:
        c = candidate
        key = (c.kind, c.mention, c.speaker, c.cue)
        total = self._phrase_scores.get(key)
        if total is None:
            if len(self._phrase_scores) > MAX_CACHED:
                self._phrase_scores.clear()
            shape = phrase_shape(*key)
            total = self._shape_scores.get(shape)
            if total is None:
                if len(self._shape_scores) > MAX_CACHED:
                    self._shape_scores.clear()
                total = self._shape_scores[shape] = self._dot(_shape_features(*shape))
            self._phrase_scores[key] = total
        place = PLACE_KEY(c)
        near = self._place_scores.get(place)
        if near is None:
            if len(self._place_scores) > MAX_CACHED:
                self._place_scores.clear()
            near = self._place_scores[place] = self._dot(place_features(c))
        total = self.bias + total + near
        # a comparison, not two calls, for the usual score (NaN still goes through min/max)
        return total if -30.0 <= total <= 30.0 else max(-30.0, min(30.0, total))

    def _dot(self, f: dict[str, float]) -> float:
        weights = self.weights
        return sum(weights[name] * value for name, value in f.items() if name in weights)

    def choose(self, candidates: list[Candidate]) -> tuple[Candidate | None, float]:
        """The likeliest candidate and its probability (against the others and against "none
        of them"). A guess below FLOOR is dropped, but the rules' own pick is kept (with its
        low probability): the ranker may overrule the rules, not silence them."""
        if not candidates:
            return None, 0.0
        exp, score = math.exp, self.score
        scores = [exp(score(c)) for c in candidates]
        total = 1.0 + sum(scores)  # a float, as the compiled engine holds it
        best = scores.index(max(scores))  # the first of the likeliest
        if scores[best] / total >= FLOOR:
            return candidates[best], scores[best] / total
        rule = next((n for n, c in enumerate(candidates) if c.rule), None)
        return (None, 0.0) if rule is None else (candidates[rule], scores[rule] / total)


@cache
def shipped() -> Ranker:
    return Ranker(json.loads(WEIGHTS.read_text(encoding="utf-8")))

"""The ranker's score caches give the same scores as computing every feature afresh."""

import dataclasses
import itertools

from desk.text.ranker import PLACE_FIELDS, Candidate, Ranker, phrase_features, place_features


def _candidates():
    """Candidates covering each branch of `place_features` and of the phrase features."""
    kinds = ("after", "before", "last", "name_before")
    for kind, rule, distance, continues, votes, named in itertools.product(
        kinds, (False, True), (-1, 0, 3, 40), (False, True), (0, 2, 12), (0, 5)
    ):
        yield Candidate(kind, "he" if rule else "Ann Lee", "Ann Lee", "said" if votes else None,
                        rule=rule, distance=distance, continues=continues, is_last=not rule,
                        votes=votes, named=named, opens_paragraph=distance == 0)


def _fresh_score(ranker: Ranker, c: Candidate) -> float:
    def dot(features):
        return sum(ranker.weights[n] * v for n, v in features.items() if n in ranker.weights)

    total = dot(phrase_features(c.kind, c.mention, c.speaker, c.cue))
    return max(-30.0, min(30.0, ranker.bias + total + dot(place_features(c))))


def test_place_features_read_only_the_fields_the_cache_is_keyed_by():
    others = [f.name for f in dataclasses.fields(Candidate) if f.name not in PLACE_FIELDS]
    assert others  # the words of a candidate (mention, speaker, cue) are not where it stands
    for c in _candidates():
        for name in others:
            value = getattr(c, name)
            other = (not value if isinstance(value, bool) else value + 7 if isinstance(value, int)
                     else "Tom Brown")
            twin = dataclasses.replace(c, **{name: other})
            assert place_features(twin) == place_features(c), name


def test_cached_scores_equal_fresh_scores_call_after_call():
    weights = {"bias": -0.5, "rule": 1.25, "rule&kind=after": 0.5, "continues": 0.75,
               "is_last": 0.3, "opens_paragraph": -0.2, "near": 0.4, "distance": -1.1,
               "votes": 0.6, "named": 0.15, "kind=after": 0.9, "form=he_she": 0.7, "cue": 0.45}
    ranker = Ranker(weights)
    candidates = list(_candidates())
    for _ in range(2):  # the second round is answered from the caches
        for c in candidates:
            assert ranker.score(c) == _fresh_score(ranker, c)  # to the last bit

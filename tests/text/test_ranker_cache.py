"""The ranker's score caches give the same scores as computing every feature afresh."""

import dataclasses
import itertools

from desk.text.ranker import (
    PLACE_FIELDS,
    Candidate,
    Ranker,
    phrase_features,
    phrase_shape,
    place_features,
)


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


WEIGHTS = {"bias": -0.5, "rule": 1.25, "rule&kind=after": 0.5, "continues": 0.75,
           "is_last": 0.3, "opens_paragraph": -0.2, "near": 0.4, "distance": -1.1,
           "votes": 0.6, "named": 0.15, "kind=after": 0.9, "form=he_she": 0.7, "cue": 0.45,
           "gender_agrees": 0.35, "kind=after&cue=said": 0.2, "resolved": -0.15}


def test_cached_scores_equal_fresh_scores_call_after_call():
    ranker = Ranker(WEIGHTS)
    candidates = list(_candidates())
    for _ in range(2):  # the second round is answered from the caches
        for c in candidates:
            assert ranker.score(c) == _fresh_score(ranker, c)  # to the last bit


def test_words_never_seen_are_scored_from_the_shape_of_words_seen_before():
    """A new speaker ("Bob Ray" after "Ann Lee") takes the score of the same shape of words,
    to the last bit; a pronoun resolved to a woman is another shape than one to a man."""
    ranker = Ranker(WEIGHTS)
    pairs = [(Candidate("after", "Ann Lee", "Ann Lee", "said", rule=True, distance=0),
              Candidate("after", "Bob Ray", "Bob Ray", "said", rule=True, distance=0)),
             (Candidate("before", "she", "Mary Smith", "told", rule=True, distance=2),
              Candidate("before", "she", "Jane Doe", "told", rule=True, distance=2))]
    for seen, new in pairs:
        shape = phrase_shape(new.kind, new.mention, new.speaker, new.cue)
        assert phrase_shape(seen.kind, seen.mention, seen.speaker, seen.cue) == shape
        ranker.score(seen)
        assert ranker.score(new) == _fresh_score(ranker, new)
    he = Candidate("before", "she", "John Smith", "told", rule=True, distance=2)
    assert phrase_shape(he.kind, he.mention, he.speaker, he.cue) != shape
    assert ranker.score(he) == _fresh_score(ranker, he)
    assert len(ranker._shape_scores) == 3

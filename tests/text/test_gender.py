"""gender-guesser's table of first names, read once for the pronoun checks: the same
table its own Detector builds, without codecs' line-at-a-time reader (a third of the cost
of `desk inspect` starting on a story with a he or she to resolve)."""

import codecs

import gender_guesser.detector

from desk.text import gender


def test_the_table_is_the_one_gender_guessers_detector_reads(monkeypatch):
    stock = gender_guesser.detector.Detector(case_sensitive=False)
    gender._detector.cache_clear()
    monkeypatch.setattr(codecs, "open", None)  # not read through codecs' slow reader
    try:
        assert gender._detector().names == stock.names
    finally:
        gender._detector.cache_clear()


def test_with_no_table_handed_in_a_name_is_answered_alone(monkeypatch):
    """`desk inspect` asks of a few names: not all 45,000 of gender-guesser's answers."""
    monkeypatch.setattr(gender, "_first_names", None)
    monkeypatch.setattr(gender, "first_name_table", None)  # never made
    gender.name_gender.cache_clear()
    try:
        assert gender.name_gender("Minister Ana Costa") == gender.FEMALE
        assert gender.name_gender("Hulusi Akar") == gender.MALE
        assert gender.name_gender("Xqzt Lee") is None
    finally:
        gender.name_gender.cache_clear()


def test_first_names_still_give_their_gender():
    assert gender.name_gender("Anna Berg") == gender.FEMALE
    assert gender.name_gender("Defence Minister Hulusi Akar") == gender.MALE

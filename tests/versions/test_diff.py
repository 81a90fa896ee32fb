"""The version view's facts: a word diff and the quotes whose wording changed."""

from __future__ import annotations

from desk.versions.diff import (
    ADDED,
    ALTERED,
    KEPT,
    REMOVED,
    Piece,
    QuoteChange,
    quote_changes,
    word_diff,
)


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("the quake hit on Sunday at dawn", "the quake hit on Monday at dawn") == [
        Piece(KEPT, "the quake hit on"), Piece(REMOVED, "Sunday"), Piece(ADDED, "Monday"),
        Piece(KEPT, "at dawn"),
    ]


def test_word_diff_cuts_long_unchanged_runs_to_their_context():
    old = " ".join(f"w{n}" for n in range(40))
    new = old.replace("w20", "changed")
    pieces = word_diff(old, new, context=3)
    assert pieces[0] == Piece(KEPT, "\u2026 w17 w18 w19")
    assert pieces[1:3] == [Piece(REMOVED, "w20"), Piece(ADDED, "changed")]
    assert pieces[3] == Piece(KEPT, "w21 w22 w23 \u2026")


def test_word_diff_of_the_same_text_is_one_kept_run():
    assert word_diff("a b c", "a b c") == [Piece(KEPT, "a b c")]


def test_a_reworded_quote_is_flagged_altered():
    old = [{"text": "We will not stay silent while civilians flee", "speaker": "Erdogan"},
           {"text": "It is over", "speaker": "Putin"}]
    new = [{"text": "We will not stay quiet while civilians flee", "speaker": "Erdogan"},
           {"text": "It is over", "speaker": "Putin"},
           {"text": "Talks resume on Monday", "speaker": "Lavrov"}]
    assert quote_changes(old, new) == [
        QuoteChange(ALTERED, "Erdogan", "We will not stay silent while civilians flee",
                    "We will not stay quiet while civilians flee"),
        QuoteChange(ADDED, "Lavrov", None, "Talks resume on Monday"),
    ]


def test_a_dropped_quote_is_listed_removed():
    old = [{"text": "It is over", "speaker": "Putin"}]
    assert quote_changes(old, []) == [QuoteChange(REMOVED, "Putin", "It is over", None)]
    assert quote_changes(old, old) == []

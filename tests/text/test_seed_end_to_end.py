"""The seed story, end to end through ingest -> clean -> quotes -> tags (issue 2's bar)."""

from pathlib import Path

import pytest

from desk.text.pipeline import load_story

SEED = Path(__file__).resolve().parents[2] / "stories" / "000_132f97d57f8e284e.txt"


@pytest.fixture(scope="module")
def seed():
    return load_story(SEED)


def test_seed_clean_copy(seed):
    copy = seed.copy
    assert copy.headline == "Erdogan seeks Putin to help contain Idlib violence"
    assert copy.dateline == "ANKARA"
    assert copy.credit == "AFP"
    assert copy.body.startswith("Turkish President")
    assert len(copy.paragraphs) >= 5
    for junk in ("´", "Previous article", "Next article", "—AFP", "alAssad"):
        assert junk not in copy.body
    assert "al-Assad" in copy.body
    assert any("´" in fix for fix in copy.fixes)
    assert any("navigation" in fix for fix in copy.fixes)


def _speaker_of(seed, fragment):
    matches = [q for q in seed.quotes if fragment in q.text]
    assert matches, f"no quote containing {fragment!r}"
    return matches[0]


@pytest.mark.parametrize(
    ("fragment", "speaker"),
    [
        ("The president during the call stressed", "Turkish presidency"),
        ("seriously concerned", "Putin"),
        ("aggressive actions", "Putin"),
        ("intensify bilateral consultations", "Kremlin"),
        ("concrete actions to prevent a humanitarian crisis", "Erdogan"),
        ("safe zone", "Erdogan"),
        ("imminent", "Ankara"),
    ],
)
def test_seed_quotes_and_speakers(seed, fragment, speaker):
    quote = _speaker_of(seed, fragment)
    assert speaker in quote.speaker
    assert seed.copy.body[quote.start:quote.end] == quote.text
    assert quote.cue


def test_seed_has_every_quote_and_no_warning_about_speakers(seed):
    assert len(seed.quotes) == 7
    assert not [w for w in seed.warnings if "speaker" in w]


def test_seed_tags(seed):
    assert {"turkey", "erdogan", "putin", "idlib", "syria", "russia"} <= set(seed.tags[:8])


def test_seed_id_is_stable_hex(seed):
    assert len(seed.id) == 16 and int(seed.id, 16) >= 0
    assert load_story(SEED).id == seed.id

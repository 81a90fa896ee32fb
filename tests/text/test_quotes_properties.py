"""Property tests: quote finding never raises, offsets always index the body, same answer twice."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.text.quotes import find_quotes

MARKS = "\"'“”‘’«»„`"
PIECES = st.sampled_from([
    "“", "”", "‘", "’", '"', "'", "«", "»", "„", "''", "``", " ", "\n", "\n\n", ",", ".", ":",
    "he said", "said Putin", "Sen.", "according to", "told", "The Kremlin", "she", "who",
    "al-Assad", "’s", "rock ’n’ roll", "‘90s", "=", "(", ")", "—", "[bold]", "\x1b[31m",
])
# Text built from the pieces that matter (marks, cues, names) and arbitrary characters.
TEXT = st.lists(
    st.one_of(PIECES, st.text(max_size=8), st.sampled_from(list(MARKS))), max_size=60
).map("".join)


def check(body: str) -> None:
    scan = find_quotes(body)
    for quote in scan.quotes:
        assert 0 <= quote.start <= quote.end <= len(body)
        assert body[quote.start:quote.end] == quote.text
        assert quote.text.strip()
        if quote.mention_start is not None:  # where the mention is written, exactly
            assert body[quote.mention_start:quote.mention_end] == quote.mention
    assert all(isinstance(w, str) and "\n" not in w for w in scan.warnings)
    assert find_quotes(body) == scan


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_structured_text(body):
    check(body)


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_any_text(body):
    check(body)

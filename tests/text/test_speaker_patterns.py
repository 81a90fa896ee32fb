"""The speaker finder's patterns and their fast paths: TOKEN's first choice for plain ASCII
words (and its cheaper way to end a word) gives the tokens of the plain pattern it stands in
for; runs of names read with the capitals-only pattern are NAME_RUN's."""

import random
import re

from desk.text.speakers import ABBREVIATION, NAME_RUN, TOKEN, _name_runs

# TOKEN as it was written before the fast path: the reference.
PLAIN_TOKEN = re.compile(
    rf"(?=[A-Z]){ABBREVIATION}"
    rf"|(?=(?i:[hsitwy]))(?i:he|she|it|they|we|you|i)(?=[’'](?:s|d|ll|re|ve|m)\b)"
    rf"|[^\W\d_](?:[\w’'.\-]*[^\W_])?|\d[\w.,]*(?:-\w+)*|[^\w\s]"
)

# Pieces that sit on the edges of the fast path: abbreviations, contractions (with the case
# folding of "ſ", "İ" and "ı"), hyphens, underscores, digits, accents, marks.
PIECES = ["Mr.", "Mrs.", "Capt.", "Reps", "U.S.", "U.N", "D.C.", "No.", "J.R.R.", "He’s",
          "he's", "they're", "THEY'RE", "It'll", "İt’s", "ſhe's", "ıt'd", "I'm", "you’ve",
          "we'", "the", "said", "Putin", "McDonald", "e-mail", "al-Assad", "x-", "rock’n’roll",
          "foo_bar", "_a", "a_", "1_", "3.5", "1,000", "9-11", "café", "Zoë", "naïve", "ß",
          "O'Brien", "’em", "...", "—", "“", "”", "(R-Ky.)", "said,", "end.", "a.b.c", "A.",
          " ", "  ", "\n", "\t", "\u00a0"]


def _tokens(pattern, text, lo, hi):
    return [(m[0], m.start()) for m in pattern.finditer(text, lo, hi)]


def test_the_fast_path_gives_the_plain_pattern_s_tokens_on_tricky_text():
    pick = random.Random(12)
    for _ in range(4000):
        text = "".join(pick.choice(PIECES) + pick.choice(("", " ", "")) for _ in range(12))
        for lo, hi in ((0, len(text)), (1, len(text) - 1), (len(text) // 3, 2 * len(text) // 3)):
            assert _tokens(TOKEN, text, lo, hi) == _tokens(PLAIN_TOKEN, text, lo, hi), text


def test_the_fast_path_gives_the_plain_pattern_s_tokens_on_wire_copy():
    text = ("WASHINGTON (AP) — Sen. Ted Cruz, R-Texas, told reporters Tuesday that he’s "
            "“not going anywhere,” and the U.S. Chamber of Commerce’s e-mail said 3.5% of "
            "voters—about 1,000—backed Mrs. O'Brien's plan. “It'll pass,” said Dr. J. Smith.")
    assert _tokens(TOKEN, text, 0, len(text)) == _tokens(PLAIN_TOKEN, text, 0, len(text))
    assert [word for word, _ in _tokens(TOKEN, text, 0, 40)][:5] == [
        "WASHINGTON", "(", "AP", ")", "—"]


NAME_PIECES = ["Ann", "Lee", "al-Assad", "bin-Salman", "de-Gaulle", "van-Dyke", "Khalal-Assad",
               "normal-Assad", "R-Texas", "ex-President", "Mr.", "U.S.", "O’Neill", "the", "said",
               "-", "-A", "el-", "van", "Von-Trapp", "McDonald", "iPhone", ",", ".", "  ", "\n"]


def test_name_runs_are_name_run_s_with_or_without_a_particle():
    pick = random.Random(5)
    for _ in range(4000):
        text = " ".join(pick.choice(NAME_PIECES) for _ in range(10))
        for lo, hi in ((0, len(text)), (2, len(text) - 3), (len(text) // 2, len(text))):
            assert _name_runs(text, lo, hi) == NAME_RUN.findall(text, lo, hi), text
    assert _name_runs("said Bashar al-Assad and Ann Lee", 0, 33) == ["Bashar al-Assad", "Ann Lee"]

"""Who said it: find the attribution next to each quotation and resolve it for display.

Only the sentence around each quotation is tokenised, so the cost follows the number of
quotes, not the length of the copy. What is tried, in this order:

    “…,” Putin said. / “…,” said Putin.   a speaker and a cue right after the closing mark
    “…,” Miller, a retired …, said.       (an apposition may come between; any past tense
    “…,” Oliver barked.                   closing the sentence counts as the cue)
    “…” ― Sonya Herridge                  a byline after a dash
    …”, according to X. / …, X said.      a closing "according to X" or "X said" clause
    - Carl Bialik: “…”                    a name before a colon
    Putin said: “…” / Putin told Y that   the nearest cue before the opening mark in the
    he was “…                             sentence and the speaker before it (a gerund cue,
                                          "…, saying “…”", takes the sentence's subject)
    He boomed: “…” / He also seeks “…”    no cue: the subject of the sentence, if it names
                                          someone
`SpeakerFinder.lead_in` then looks one sentence back (Musser says. “…”) or at a paragraph
ending in a colon; quotes.py carries speakers across the pieces of one quotation.
"""

from __future__ import annotations

import re
import string
from collections import deque
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from typing import Final, NamedTuple

from desk.text.cues import CUE_NEEDS_NEXT, CUE_TAIL, CUE_WORDS
from desk.text.gender import agrees
from desk.text.lexicon import NOT_NAMES, NUMBERS, PARTICLES, TITLES
from desk.text.marks import MARKS, MarkScan, Piece

# Words written with a full stop that does not end a sentence: "Sen. Ted Cruz", "U.S. troops".
ABBREVIATIONS: Final = (
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Reps", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt",
    "Cmdr", "Adm", "Maj", "St", "Jr", "Sr", "Prof", "Rev", "Hon", "Pres", "Mt", "Ft", "No",
    r"U\.S", r"U\.N", r"U\.K", r"D\.C")
ABBREVIATION: Final = rf"(?:{'|'.join(ABBREVIATIONS)}|[A-Z])\."
ABBREVIATION_BEFORE: Final = re.compile(rf"\b(?:{'|'.join(ABBREVIATIONS)}|[A-Z])\Z")
ABBREVIATED: Final = frozenset(a.replace("\\", "").lower() for a in ABBREVIATIONS)
ABBREVIATION_LAST: Final = frozenset(string.ascii_uppercase).union(a[-1] for a in ABBREVIATIONS)
# Most tokens are plain ASCII words: the first choice takes one whole when nothing that
# would change it follows (a full stop of "Mr.", an apostrophe of "He’s", a hyphen, a digit
# or a letter with an accent); anything else goes to the choices after it, which give the
# same token as they always did (tests/text/test_speaker_patterns.py holds them to it). The
# lookaheads before the abbreviations and the pronouns only pass over, at once, the
# characters that cannot start them. A word ends with its last letter or digit: the run,
# then back to one (`(?<=…)`, cheaper than an optional group ending in one). Every choice
# starts with a character that is not a space: `(?=\S)` fails a space (a sixth of the
# text) at once rather than after every choice (a fifth less time).
PLAIN_WORD: Final = r"[A-Za-z]+(?![\w’'.\-])"
PRONOUN: Final = r"(?=(?i:[hsitwy]))(?i:he|she|it|they|we|you|i)(?=[’'](?:s|d|ll|re|ve|m)\b)"
WORD: Final = r"[^\W\d_][\w’'.\-]*(?<=[^\W_])"
TOKEN: Final = re.compile(
    rf"(?=\S)(?:{PLAIN_WORD}|(?=[A-Z]){ABBREVIATION}|{PRONOUN}"  # He’s -> He ’s
    rf"|{WORD}|\d[\w.,]*(?:-\w+)*|[^\w\s])"
)
CUE_STARTS: Final = CUE_WORDS.union(CUE_NEEDS_NEXT)  # the words `_cue_at` may find a cue at
PRONOUNS: Final = frozenset("he she they we i it you".split())
PERSONAL: Final = frozenset("he she they".split())
GENDERED: Final = frozenset(("he", "she"))
DETERMINERS: Final = frozenset(
    "the a an his her their its our this these those one two three several some many other "
    "another".split())
NOUN_MARKERS: Final = DETERMINERS | {"of", "my", "your", "same", "that", "so"}
# Words that open a sentence before its subject: "But Trump said", "Perhaps voters prefer".
SENTENCE_ADVERBS: Final = frozenset(
    "but and so yet still meanwhile however now also perhaps maybe indeed instead then thus "
    "finally moreover again even only just certainly clearly here there today yesterday "
    "rather".split())
TIME_WORDS: Final = frozenset("""
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december week month year morning afternoon
    evening night weekend day today yesterday tonight past spring summer fall autumn winter
    """.split())
TIME_PREPOSITIONS: Final = frozenset("on in at last this late early earlier".split())
MODALS: Final = frozenset("can could may might must shall should will would be".split())
PASSIVE: Final = frozenset("been being be was were is are".split())
VERB_FOLLOWERS: Final = frozenset(
    ", on about at to in as after before while when during of".split())
# Words that stand for people on their own: "Another tweeted", "“…,” one said".
INDEFINITES: Final = frozenset("another one others many".split())
# Words that cannot start a speaker phrase.
NOT_SUBJECTS: Final = frozenset(
    "for of by to from with in on at though although if so then than making being having".split())
# Words that open a sentence with a phrase before its subject: "On Monday, Trump said".
INTRODUCERS: Final = frozenset(
    "on in at after before during since when while as for by under with despite amid "
    "following asked speaking like unlike later earlier across inside outside throughout "
    "within among from against without through behind beyond near over around into".split())
# Words between a speaker and the cue that belong to neither: "he also said", "Trump has said".
FILLERS: Final = frozenset(
    "also later then has had have was were is are would will had once again previously "
    "recently repeatedly often never always just reportedly allegedly publicly privately "
    "further subsequently initially originally even still did does do not already quickly "
    "simply".split())
# Words that end a speaker phrase read forwards ("said Putin on Monday", "said Akar, who…").
PHRASE_STOPS: Final = frozenset(
    "who whose which that on in at during after before while when as to via from and but "
    "since because with without last this earlier".split())
LOWER_TITLES: Final = TITLES | {"former", "then", "acting", "senior", "top"}
SENTENCE_END: Final = frozenset(".!?")
DASHES: Final = frozenset("—―–-")
# Where a sentence may end in running text (not before "said" or a comma); the finder then
# drops the ones after "Sen." or an initial (ABBREVIATION_BEFORE). Group 1: the character
# the next sentence opens with. "[.!?][.!?]*", not "[.!?]+": opening with a character class,
# the regex engine skips straight to the next full stop (half the time of a search).
SENTENCE_BREAK: Final = re.compile(r"[.!?][.!?]*[”’\"']?(?=\s+([^a-z\s,;:)]))")
LOOKAHEAD: Final = 3  # characters SENTENCE_BREAK may look past the point it is asked about
CLAUSE_END: Final = frozenset(",?!—–-…")
NAME_WORD: Final = r"(?:[A-Z][\w’'.-]*|(?:al|el|bin|ibn|de|van|von|da|di)-[A-Z][\w’'-]*)"
NAME_RUN: Final = re.compile(rf"{NAME_WORD}(?:\s+{NAME_WORD})*")
# NAME_RUN where no particle opens a run ("al-Assad" needs a hyphen before a capital): a run
# opens with a capital, which the regex engine skips to at once (see _name_runs).
CAPITALISED_RUN: Final = re.compile(rf"[A-Z][\w’'.-]*(?:\s+{NAME_WORD})*")
HYPHEN_CAPITAL: Final = re.compile(r"-[A-Z]")
WORD_END: Final = re.compile(r"(?!\w)")
NOT_TRAILING: Final = re.compile(r"[^ .,\t]")  # what may not follow a quotation signed below it
LONGEST_TITLE: Final = 60  # characters of title and first names looked at before a surname
MAX_PHRASE: Final = 10
MAX_DATELINE: Final = 12  # tokens of "DENVER, May 3 (UPI) —"
MAX_HEAD: Final = 8
AFFILIATIONS: Final = frozenset("of from at in".split())  # "X of the Center": X is the speaker
PLACE_PREPOSITIONS: Final = AFFILIATIONS | {"near", "outside", "to"}
COMPASS: Final = frozenset("New North South East West Rhode".split())  # of two-word states
MAX_APPOSITION: Final = 32  # tokens from a closing mark to the cue: “…,” X, a …, said
MAX_ASIDE: Final = 14  # tokens in ", for his part," between a speaker and the cue
MAX_TRAILING: Final = 4  # words after a closing "X said": "in a statement on Friday"
WINDOW: Final = 320  # characters looked at on each side of a quotation
# Sentences' tokens kept for a second look: a sentence is tokenised again at most ~21 look-ups
# later (PolNeAR dev), and each token kept is an object the cycle collector walks.
TOKEN_LISTS_KEPT: Final = 64


class Attribution(NamedTuple):
    """A speaker as written next to a quote, its cue, and (for pronouns) the tokens of the
    sentence and the mention's place in them: (tokens, sentence start, (a, b))."""

    mention: str
    cue: str | None
    context: tuple | None = None


def _tokens(body: str, lo: int, hi: int) -> list[re.Match]:
    """The words and marks of body[lo:hi]; a token's text is `token[0]`."""
    return list(TOKEN.finditer(body, lo, hi))


def _is_sentence_end(tokens, i) -> bool:
    if tokens[i][0] not in SENTENCE_END:
        return False
    following = tokens[i + 1][0] if i + 1 < len(tokens) else "A"
    return not following.islower() and following not in ",;:)"  # "R-Ky., said" goes on


def _cue_at(body, tokens, i) -> tuple[str, int] | None:
    """The cue starting at token i, as (text, index of its last token), if any."""
    word = tokens[i][0]
    if word in CUE_WORDS:
        last = i
    elif word in CUE_NEEDS_NEXT and i + 1 < len(tokens) and (
        tokens[i + 1][0] in CUE_NEEDS_NEXT[word]
    ):
        last = i + 1
    else:
        return None  # most words: two lookups (this runs for every token scanned for a cue)
    previous = tokens[i - 1][0].lower() if i else ""
    if previous not in INDEFINITES and (
        previous in NOUN_MARKERS or previous.endswith(("’s", "'s"))
    ):
        return None  # "the email", "his comments", "Trump’s claim": a noun, not a cue
    end = tokens[last].end()
    tail = CUE_TAIL.match(body, end) if last == i else None
    if tail:
        end = tail.end()
    return body[tokens[i].start():end], last


def _closing_verb(tokens, j, first_word) -> tuple[str, int] | None:
    """In “…,” Oliver barked. any verb ending the sentence after the speaker is the cue; a past
    tense may go on ("the nominee riffed on …"), a plural noun may not ("… canvas sneakers")."""
    word = tokens[j][0]
    if j == first_word or not word.isalpha() or not word.islower() or word in FILLERS:
        return None
    past = word.endswith("ed")
    if not (past or word.endswith("s") and not word.endswith("ss")):
        return None
    if j + 1 < len(tokens) and not _is_sentence_end(tokens, j + 1) and not (
        past and tokens[j + 1][0] in VERB_FOLLOWERS
    ):
        return None
    return word, j


def _names_someone(tokens, span) -> bool:
    a, b = span
    return tokens[a][0].lower() in PERSONAL or any(_is_name_word(tokens[t][0]) for t in range(a, b))


def _names_someone_in(phrase: str) -> bool:
    words = phrase.split()
    return words[0].lower() in PERSONAL or any(_is_name_word(w) for w in words)


@lru_cache(maxsize=65536)  # asked of nearly every word read, and words recur
def _is_name_word(word: str) -> bool:
    if not word[0].isupper():
        particle, _, rest = word.partition("-")  # al-Assad, bin-Salman
        return particle in PARTICLES and rest[:1].isupper()
    lower = word.lower().rstrip(".")
    return lower not in NOT_NAMES and lower.split("-")[0] not in NUMBERS


def _phrase_before(tokens, j) -> tuple[int, int] | None:
    """Token range (a, b) of the speaker phrase just before token j (a cue), if any."""
    k = j - 1
    while k >= 0:
        word = tokens[k][0].lower()
        if word in FILLERS or word.endswith("ly") and tokens[k][0].islower():
            k -= 1
        elif (word in TIME_WORDS or word[0].isdigit()) and k >= 1 and (
            tokens[k - 1][0] in TIME_PREPOSITIONS
            or k >= 2 and tokens[k - 1][0] == "the" and tokens[k - 2][0] in TIME_PREPOSITIONS
        ):
            # "Beck on Wednesday called", "Smith last week said", "who has in the past said"
            k -= 2 if tokens[k - 1][0] in TIME_PREPOSITIONS else 3
        else:
            break
    if k >= 1 and tokens[k][0] == ",":
        # "Putin, for his part, told": step over the aside to the phrase before it; but
        # "…, Gov. John Kasich (R-OH), said": the phrase between the commas is the speaker
        back = _comma_before(tokens, k)
        if back is not None and _is_place_tail(tokens, back, k):
            back = _comma_before(tokens, back)  # "…, in Columbus, Ohio," is one aside
        if back is None:
            return None
        between = _plausible(tokens, back + 1, k)
        if between and between[1] == k and _is_name_word(tokens[back + 1][0]):
            return between
        # and past more asides of age and place: "Cory Lee, 22, of Flint, Mich., said"
        while _is_minor_aside(tokens, back, k) and (earlier := _comma_before(tokens, back)):
            if not _is_minor_aside(tokens, earlier, back):
                break
            back, k = earlier, back
        k = back - 1
    if k >= 0 and tokens[k][0] in ("who", "which"):
        return k, k + 1  # written "who"; `antecedent` finds who that is
    if k >= 0 and tokens[k][0] == "that":  # "an editorial that accuses"
        k -= 1
    return _phrase_ending_at(tokens, k)


def _comma_before(tokens, k) -> int | None:
    """The comma opening the aside that the comma at token k closes, if near enough."""
    back = k - 1
    while back >= 0 and k - back <= MAX_ASIDE and tokens[back][0] != ",":
        back -= 1
    return back if back >= 0 and tokens[back][0] == "," else None


def _is_place_tail(tokens, back, k) -> bool:
    """tokens[back + 1:k] finish a place: the state of "in Columbus, Ohio," or "of Flint,
    Mich.,"."""
    words = [tokens[t][0] for t in range(back + 1, k) if tokens[t][0] != "."]  # Mich.
    before = [tokens[t][0] for t in range(max(0, back - 3), back)]
    if not (len(words) == 1 or len(words) == 2 and words[0] in COMPASS):
        return False  # a state or a country is one word or "New Hampshire", not "Ann Lee"
    return all(map(_is_name_word, words)) and words[0].lower().rstrip(".") not in TITLES and any(
        w in PLACE_PREPOSITIONS and all(map(_is_name_word, before[n + 1:]))
        for n, w in enumerate(before[:-1])
    )


def _is_minor_aside(tokens, back, k) -> bool:
    """An aside that never holds the speaker: an age ("22"), a place or an affiliation
    ("of Flint", "from the union"), or the state finishing a place."""
    first = tokens[back + 1][0] if back + 1 < k else ""
    return (k - back == 2 and first[:1].isdigit() or first in PLACE_PREPOSITIONS
            or _is_place_tail(tokens, back, k))


def _antecedent(tokens, k) -> tuple[int, int] | None:
    """What the relative pronoun at token k stands for: "Mike Lee, who declared"."""
    k -= 2 if k >= 1 and tokens[k - 1][0] == "," else 1
    return _phrase_ending_at(tokens, k)


def _phrase_ending_at(tokens, k) -> tuple[int, int] | None:
    if k < 0:
        return None
    word = tokens[k][0]
    if word.lower() in PRONOUNS or word.lower() in INDEFINITES:
        return k, k + 1
    b, a = k + 1, k + 1
    while a - 1 >= 0 and b - a < MAX_PHRASE:
        w = tokens[a - 1][0]
        if _is_name_word(w) or w in LOWER_TITLES or _joins_names(tokens, a - 1) or (
            w in PARTICLES and a < b and tokens[a][0][0].isupper()
        ):
            a -= 1
        else:
            break
    while a < b and tokens[a][0] in PARTICLES and tokens[a][0] != "al":
        a += 1  # not "of Americans"
    if a < b and any(tokens[t][0][0].isupper() for t in range(a, b)):
        if a - 1 >= 0 and tokens[a - 1][0].lower() in DETERMINERS:
            a -= 1
        return a, b
    # a common noun phrase: "the Turkish presidency", "a source", "critics"
    a = b
    while a - 1 >= 0 and b - a < 5:
        w = tokens[a - 1][0]
        if w.lower() in DETERMINERS:
            return (a - 1, b) if a < b else None
        if not _is_word(w) or w.lower() in PHRASE_STOPS or w.lower() in FILLERS:
            break
        a -= 1
    return (a, b) if 0 < b - a <= 2 and tokens[b - 1][0].islower() else None


def _is_word(token: str) -> bool:
    return token.replace("-", "").replace("’", "").replace("'", "").isalpha()


def _name_before_affiliation(tokens, a, end) -> int:
    """Where a long "Dr. Nina Albrecht of the Center for Digital Rights in Washington"
    ends its name: at the preposition after a name word ("Secretary of State" is a title,
    so "of" after a title does not cut)."""
    for t in range(a + 2, min(end, a + MAX_HEAD + 1)):
        before = tokens[t - 1][0]
        if tokens[t][0] in AFFILIATIONS and _is_name_word(before) and (
            before.lower() not in TITLES
        ):
            return t
    return end


def _plausible(tokens, a, b) -> tuple[int, int] | None:
    """The head of tokens[a:b] ("Miller" of "Miller, a retired worker") if it can be the
    subject of a cue: a pronoun, a name, a title, or a short noun phrase; else None."""
    end, aside = a, False
    while end < b and (aside or tokens[end][0] != ","):
        aside = tokens[end][0] == "(" or aside and tokens[end][0] != ")"  # "Sen. Jo Holt (D)"
        end += 1
    if end - a > MAX_HEAD:
        end = _name_before_affiliation(tokens, a, end)
    if end == a or end - a > MAX_HEAD:
        return None
    first = tokens[a][0]
    lower = first.lower()
    if lower in PRONOUNS or lower in INDEFINITES and end == a + 1:
        return (a, a + 1) if end == a + 1 else None
    described = (first.isalpha() and first.islower() or first[0].isdigit()) and (
        lower not in NOT_SUBJECTS
    ) and (
        any(_is_name_word(tokens[t][0]) for t in range(a + 1, end))
        or end - a <= 2 and tokens[end - 1][0].endswith("s")
    )  # "pollster Frank Luntz", "71-year-old visitor Elspeth Murray", "critics"
    if not (lower in DETERMINERS or lower in LOWER_TITLES or _is_name_word(first) or described):
        return None
    aside = False
    for t in range(a + 1, end):
        token = tokens[t][0]
        word = token.lower()
        aside = word == "(" or aside and word != ")"
        if aside or word == ")" or _joins_names(tokens, t):
            continue
        stop = word in PHRASE_STOPS and not token[0].isupper()  # "CBS This Morning" is a name
        if stop or word in FILLERS or word in PRONOUNS or not word[0].isalnum():
            return None
    if first in PHRASE_STOPS or first in FILLERS or tokens[end - 1][0].lower() in DETERMINERS:
        return None
    return a, end


def _phrase_after(tokens, i) -> tuple[int, int] | None:
    """Token range of the speaker phrase starting at token i ("said Defence Minister Akar")."""
    b = i
    while b < len(tokens) and b - i < MAX_PHRASE:
        w = tokens[b][0]
        if not w[0].isalnum() or w in CUE_WORDS or (
            w in PHRASE_STOPS and not _joins_names(tokens, b)
        ):
            break
        b += 1
    return _plausible(tokens, i, b)


def _joins_names(tokens, t) -> bool:
    """ "Dovere and Debenedetti": an "and" between two names makes one speaker of both."""
    return (tokens[t][0] == "and" and 0 < t < len(tokens) - 1
            and _is_name_word(tokens[t - 1][0]) and _is_name_word(tokens[t + 1][0]))


def _sentence_subject(tokens, lo) -> tuple[int, int] | None:
    """The phrase a sentence (starting at token lo) opens with, past "But" and "On Monday,"."""
    i = _past_dateline(tokens, lo)
    while i < len(tokens) and tokens[i][0].lower() in SENTENCE_ADVERBS:
        i += 1
    opener = tokens[i][0].lower() if i < len(tokens) else ""
    if opener.endswith("ing") and "," not in (t[0] for t in tokens[i:i + MAX_ASIDE]):
        return None  # "Acknowledging that Trump “says …”, Allen …": the subject comes later
    for k in range(i + 1, min(i + MAX_ASIDE, len(tokens))):
        # "On Monday, Trump said", "Appearing on CBS, the front-runner said", "Hours later, …"
        if tokens[k][0] == ",":
            if (opener in INTRODUCERS or opener.endswith(("ing", "ly"))
                    or (tokens[i][0].islower() or opener in NOT_NAMES)
                    and opener not in DETERMINERS and opener not in PRONOUNS
                    or tokens[k - 1][0].lower() in ("later", "ago", "earlier")):
                i = _past_place(tokens, k + 1)
            break
    if i >= len(tokens):
        return None
    if tokens[i][0].lower() in PRONOUNS:
        return i, i + 1
    if tokens[i][0].lower() in INDEFINITES and tokens[i + 1:i + 2] and (
        tokens[i + 1][0] in CUE_WORDS
    ):
        return i, i + 1  # "Another tweeted"
    determined = tokens[i][0].lower() in DETERMINERS
    b = i + determined
    while b < len(tokens) and b - i < MAX_PHRASE and (
        _is_name_word(tokens[b][0]) or tokens[b][0] in LOWER_TITLES
        or (tokens[b][0] in PARTICLES and b + 1 < len(tokens) and tokens[b + 1][0][0].isupper())
        or determined and b - i < 5 and _in_noun_phrase(tokens[b][0], b > i + 1)
    ):
        b += 1
    if b > i + determined and (determined or _is_name_word(tokens[i][0])):
        return i, b
    return None


def _past_dateline(tokens, i) -> int:
    """Where a sentence starts after a dateline: "TALLAHASSEE — Rep. Gwen Graham said",
    "Lisbon (AFP) – Mayor Ana Costa", "DENVER, May 3 (UPI) — The bureau" (capitalised words,
    a date and an agency in brackets up to a dash); `i` when there is none."""
    k, agency = i, False
    while k < len(tokens) and k - i < MAX_DATELINE:
        word = tokens[k][0]
        if word == "(":
            close = next((t for t in range(k + 1, min(k + 5, len(tokens)))
                          if tokens[t][0] == ")"), None)
            if close is None:
                return i
            agency, k = True, close + 1
            continue
        if word in DASHES:
            return k + 1 if k > i and (agency or tokens[i][0].isupper()) else i
        if not (word[0].isupper() or word[0].isdigit() or word == ","):
            return i
        k += 1
    return i


def _past_place(tokens, i) -> int:
    """"In Ames, Iowa, on Sunday, Mrs. Clinton said": past a place's state or country when a
    second opening phrase follows it; `i` otherwise ("In Ames, Mrs. Clinton, who …")."""
    k = i
    while k < len(tokens) and k - i < 3 and _is_name_word(tokens[k][0]):
        k += 1
    k += k + 1 < len(tokens) and tokens[k][0] == "." and tokens[k + 1][0] == ","  # Colo.,
    if k == i or k + 1 >= len(tokens) or tokens[k][0] != ",":
        return i
    if tokens[k + 1][0] in INTRODUCERS:
        return next((m + 1 for m in range(k + 2, min(k + MAX_ASIDE, len(tokens)))
                     if tokens[m][0] == ","), i)
    # "Speaking in Salem, New Hampshire, Trump said" (but "In Ames, Mrs. Clinton, who …")
    return k + 1 if i and _is_place_tail(tokens, i - 1, k) else i


def _in_noun_phrase(word: str, inner: bool) -> bool:
    """A lowercase word that may go on a noun phrase after its determiner ("the union
    leader"), not a verb ("backed", "could", "aren’t") nor a word that starts another phrase;
    `inner`: past the first word, where a past tense is the verb ("the retired teacher" but
    "the leader backed")."""
    return (_is_word(word) and word.islower() and word not in CUE_WORDS and word not in FILLERS
            and word not in PHRASE_STOPS and word not in NOT_SUBJECTS and word not in MODALS
            and word not in DETERMINERS and not word.endswith(("ly", "n’t", "n't"))
            and not (inner and word.endswith("ed")))


def _text(body, tokens, span) -> str:
    a, b = span
    return body[tokens[a].start():tokens[b - 1].end()]


def _head(phrase: str) -> str:
    """"Miller, a retired worker" -> "Miller"."""
    return phrase.split(",")[0].strip()


class SpeakerFinder:
    """Attributes the pieces of one body; keeps what pronouns and later quotes point back to."""

    def __init__(self, body: str, scan: MarkScan):
        self.body = body
        self.scan = scan
        self.long_names: dict[str, str] = {}  # "Akar" -> "Defence Minister Hulusi Akar"
        self.proper: dict[str, bool] = {}  # is a capitalised word a name (see _names_a_person)
        self.subjects: dict[tuple, str | None] = {}  # see _previous_subject
        # The sentences around a quote are looked at from several sides (its attribution, a
        # pronoun's antecedent, a lead-in): each is found and tokenised once, and the tokens
        # of the last TOKEN_LISTS_KEPT are kept.
        # lo -> (up to where, [(end, next sentence's first character) of each break]): the
        # breaks after `lo` (see _sentence_start), found once for all the points asked about.
        self.breaks: dict[int, tuple[int, list[tuple[int, int]]]] = {}
        self.token_lists: dict[tuple[int, int], list[re.Match]] = {}
        # their keys, oldest first (a dict's oldest key is found past all it has let go of)
        self.token_order: deque[tuple[int, int]] = deque()

    def options(self, piece: Piece, next_open: int | None, prev_close: int | None):
        """Every attribution written next to a piece, as (kind, Attribution), in the order the
        rules trust them: after the closing mark, a byline before a colon, a cue before the
        opening mark, the subject of the sentence with no cue."""
        body = self.body
        para_lo, para_hi = self.scan.paragraphs[piece.paragraph]
        found = []
        if piece.close_end is not None:
            hi = min(para_hi, piece.close_end + WINDOW, next_open if next_open else para_hi)
            end = self._sentence_end(piece.close_end, hi)
            after = self._tokens(piece.close_end, end)
            last_char = body[piece.end - 1 - (body[piece.end - 1] in MARKS)]
            attribution = self._after(after, last_char, ends_clause=end != next_open)
            if attribution:
                found.append(("after", attribution))
                if attribution.cue in CUE_WORDS and attribution.mention[:1].isupper():
                    return found  # “…,” Ann Lee said: plain enough to look no further
        below = self.byline_below(piece)
        if below:
            found.append(("byline", below))
        lo = max(para_lo, piece.open_mark - WINDOW, prev_close if prev_close else para_lo)
        start = self._sentence_start(lo, piece.open_mark)
        before = self._tokens(start, piece.open_mark)
        # after “…” earlier in the same sentence, the words before this quote are a fragment
        fragment = start == prev_close and body[prev_close - 2:prev_close - 1] not in SENTENCE_END
        if len(before) > 1 and before[-1][0] == ":":
            span = _phrase_ending_at(before, len(before) - 2)  # "… - Carl Bialik: “…”"
            if span and (span[0] == 0 or before[span[0] - 1][0] in DASHES) and not any(
                before[t][0] in CUE_WORDS for t in range(*span)  # not "He added: “…”"
            ) and self._names_a_person(before, span):
                found.append(("byline", Attribution(_text(body, before, span), None)))
        attribution = self._before(before)
        if attribution:
            found.append(("before", attribution))
        if before and not found and not fragment:
            # no cue: "Trump leaned in and boomed: “…”", "He also seeks “…”": the subject
            span = _sentence_subject(before, 0)
            if span and (before[-1][0] == ":" or self._names_a_person(before, span)):
                found.append(("subject", Attribution(_text(body, before, span), None,
                                                     (before, 0, span))))
        return found

    def _names_a_person(self, tokens, span) -> bool:
        """A pronoun or a name; a lone capitalised word only if the copy also writes it so in
        mid-sentence ("Boos rained down" opens a sentence but names nobody)."""
        a, b = span
        if tokens[a][0].lower() in PERSONAL:
            return True
        names = [tokens[t][0] for t in range(a, b) if _is_name_word(tokens[t][0])]
        if len(names) > 1 and all(name.isupper() for name in names):
            return False  # "VOTERS CARE MORE …": a heading
        if len(names) != 1:
            return len(names) > 1
        name = names[0]
        if name not in self.proper:
            at = self.body.find(" " + name)
            while at > 0 and not (self.body[at - 1] in ",;" or self.body[at - 1].islower()):
                at = self.body.find(" " + name, at + 1)
            self.proper[name] = at > 0  # written after a lowercase word or a comma somewhere
        return self.proper[name]

    def _tokens(self, lo: int, hi: int) -> list[re.Match]:
        key = (lo, hi)
        tokens = self.token_lists.get(key)
        if tokens is None:
            if len(self.token_lists) >= TOKEN_LISTS_KEPT:
                del self.token_lists[self.token_order.popleft()]
            tokens = self.token_lists[key] = _tokens(self.body, lo, hi)
            self.token_order.append(key)
        return tokens

    def _sentence_start(self, lo: int, at: int) -> int:
        """The end of the last sentence break in body[lo:at] that SENTENCE_BREAK finds in
        body[lo:at + LOOKAHEAD] (`lo` when none). Asked of one `lo` for several points (a
        quote, then the sentence before it), the breaks are found once: the breaks found
        up to a later point are those up to an earlier one, less any whose next sentence
        opens past what the earlier point's LOOKAHEAD lets the regex see."""
        scanned = self.breaks.get(lo)
        if scanned is None or scanned[0] < at:
            found = []
            for brk in SENTENCE_BREAK.finditer(self.body, lo, at + LOOKAHEAD):
                if brk.end() > at:
                    break
                if not self._after_abbreviation(lo, brk.start()):
                    found.append((brk.end(), brk.start(1)))
            scanned = self.breaks[lo] = (at, found)
        for end, opens in reversed(scanned[1]):
            if end <= at and opens < at + LOOKAHEAD:
                return end
        return lo

    def _sentence_end(self, at: int, hi: int) -> int:
        for end in SENTENCE_BREAK.finditer(self.body, at, hi):
            if not self._after_abbreviation(at, end.start()):
                return end.end()
        return hi

    def shares_sentence(self, piece: Piece, later: Piece) -> bool:
        """Whether `later` goes on the sentence of `piece` (“…” and “…,” she said)."""
        close = piece.close_end
        return (close is not None and later.paragraph == piece.paragraph
                and later.open_mark - close <= WINDOW
                and self.body[piece.end - 1:piece.end] not in SENTENCE_END
                and self._sentence_end(close, later.open_mark) == later.open_mark)

    def _after_abbreviation(self, lo: int, at: int) -> bool:
        """Whether the full stop at `at` follows "Sen" or an initial (looking back to `lo`);
        the regex only runs after a letter such a word may end with."""
        return self.body[at - 1:at] in ABBREVIATION_LAST and bool(
            ABBREVIATION_BEFORE.search(self.body, max(lo, at - 5), at))

    def lead_in(self, piece: Piece, prev_close: int | None):
        """For a quotation with no cue in its sentence: the cue of the sentence before it in the
        paragraph (Musser says. “…”), or of a paragraph ending in a colon (…he said:¶“…”)."""
        body = self.body
        para_lo = self.scan.paragraphs[piece.paragraph][0]
        lo = max(para_lo, piece.open_mark - WINDOW, prev_close if prev_close else para_lo)
        start = self._sentence_start(lo, piece.open_mark)
        if start > lo:
            return self._before(self._tokens(self._sentence_start(lo, start - 1), start))
        if piece.paragraph and piece.open_mark == para_lo:
            lo, hi = self.scan.paragraphs[piece.paragraph - 1]
            if body[lo:hi].rstrip().endswith(":"):
                tokens = self._tokens(self._sentence_start(max(lo, hi - WINDOW), hi), hi)
                found = self._before(tokens)
                span = None if found else _sentence_subject(tokens, 0)
                if span:  # The senator told his audience:¶“…”
                    found = Attribution(_text(body, tokens, span), None, (tokens, 0, span))
                return found
        return None

    def _after(self, tokens, last_char: str, ends_clause: bool = True):
        """ “…,” X said / “…,” said X / …”, according to X; `last_char` ends the quote;
        `ends_clause`: the tokens are not cut short by the next quotation's mark."""
        n = len(tokens)
        if n > 1 and tokens[0][0] in DASHES:  # “…” ― Sonya Herridge (a byline after a quote)
            return self._byline(tokens)
        i = 0
        while i < n and not tokens[i][0][0].isalnum():
            if tokens[i][0] in SENTENCE_END:
                return None  # “…”. ends the sentence: nothing after belongs to the quote
            i += 1
        first_word = i
        if i == n:
            return None
        if last_char in SENTENCE_END and tokens[i][0][0].isupper() and (
            last_char == "." or tokens[i][0].lower() in NOT_NAMES
        ):
            return None  # “… done.” Hours later, …: a new sentence
        if last_char in CLAUSE_END or i > 0 and tokens[0][0] in CLAUSE_END:
            found = self._said_after(tokens, first_word)
            if found:
                return found
        elif i == 0 and last_char.isalnum():
            # a comma left out: “… too” Grubbs said. Only a plain cue right after a name counts
            found = self._said_after(tokens, first_word)
            if found and found.cue in CUE_WORDS and _names_someone_in(found.mention):
                return found
        commas: list[int] = []
        for j in range(first_word, n + 1):  # …”, according to X. / … in 2008, said X, a …
            word = tokens[j][0] if j < n else ""
            if j == n or word in SENTENCE_END and _is_sentence_end(tokens, j):
                if j == n and not ends_clause:
                    break
                for comma in commas:
                    found = self._said_after(tokens, comma + 1, until=j)
                    if found:
                        return found
                break
            if word == ",":
                commas.append(j)
            elif word == "according":
                cue = _cue_at(self.body, tokens, j)
                span = _phrase_after(tokens, cue[1] + 1) if cue else None
                if cue and span:
                    return Attribution(_text(self.body, tokens, span), cue[0])
        return None

    def _byline(self, tokens) -> Attribution | None:
        """ "― Sonya Herridge" or "- Sen. Ann Lee, Ohio.": a name after a dash."""
        span = _phrase_after(tokens, 1)
        if span and _names_someone(tokens, span) and (
            span[1] == len(tokens) or tokens[span[1]][0] in ",."
        ):
            return Attribution(_text(self.body, tokens, span), None)
        return None

    def byline_below(self, piece: Piece) -> Attribution | None:
        """A quotation that ends its paragraph signed in the next one: “…”¶- Ann Lee."""
        paragraphs = self.scan.paragraphs
        if piece.close_end is None or piece.paragraph + 1 >= len(paragraphs):
            return None
        if NOT_TRAILING.search(self.body, piece.close_end, paragraphs[piece.paragraph][1]):
            return None  # more than stops and commas after it (looked for, not copied out)
        lo, hi = paragraphs[piece.paragraph + 1]
        if self.body[lo:lo + 1] not in DASHES:
            return None
        return self._byline(self._tokens(lo, min(hi, lo + LONGEST_TITLE * 2)))

    def carried(self, piece: Piece) -> Attribution | None:
        """For a quotation opening its paragraph: who the last sentence of the paragraph
        before has saying something ("Rather, he said, …"¶“…”)."""
        para_lo = self.scan.paragraphs[piece.paragraph][0]
        if not piece.paragraph or piece.open_mark != para_lo:
            return None
        lo, hi = self.scan.paragraphs[piece.paragraph - 1]
        start = self._sentence_start(max(lo, hi - WINDOW), hi - 1)  # (before its full stop)
        return self._before(self._tokens(start, hi))

    def _said_after(self, tokens, first_word, until=None):
        """X said / said X at tokens[first_word:]; with `until`, it must fill the clause up to
        that token (the sentence's last clause), bar the cue's trailing words."""
        if first_word >= len(tokens):
            return None
        if tokens[first_word][0] == "as" and first_word + 1 < len(tokens):
            first_word += 1  # “…,” as Cruz said on Monday
        for j in range(first_word, min(len(tokens), first_word + MAX_APPOSITION)):
            word = tokens[j][0]
            if word in ";:" or j > first_word and word in SENTENCE_END and _is_sentence_end(
                tokens, j
            ):
                break
            if word not in CUE_STARTS and not word.endswith(("ed", "s")):
                continue  # neither a cue nor a verb closing the sentence (the usual word)
            cue = _cue_at(self.body, tokens, j) or _closing_verb(tokens, j, first_word) or (
                (word, j) if j == first_word and word.islower() and word.endswith("ed") else None
            )
            if not cue:
                continue
            if j == first_word:  # “…,” said Putin.  (not “…,” citing X: X did not say it)
                if cue[0].endswith("ing"):
                    return None
                span = _phrase_after(tokens, cue[1] + 1)
                if span and word not in CUE_WORDS and not _names_someone(tokens, span):
                    span = None  # “…,” remembered Roy Verley. but not “…,” followed the …
            elif tokens[j - 1][0] == "," and (inverted := self._inverted(tokens, j, cue)):
                span = inverted  # “…” interpretation of the deal, said Ann Lee, would …
            else:  # “…,” Putin said.
                b = j
                while b > first_word and tokens[b - 1][0].lower() in FILLERS:
                    b -= 1
                span = _plausible(tokens, first_word, b)
                if span and cue[0] == tokens[j][0] and tokens[j][0] not in CUE_WORDS and not (
                    _names_someone(tokens, span)
                ):
                    span = None  # “…,” Oliver barked. but not “…” and canvas sneakers.
            if span and until is not None and not self._fills_clause(tokens, span, j, cue, until):
                return None
            return Attribution(_text(self.body, tokens, span), cue[0]) if span else None
        return None

    def _inverted(self, tokens, j, cue) -> tuple[int, int] | None:
        """ "…, said Ann Lee, …": the name after a cue that follows a comma (never after
        "told": who is told did not say it)."""
        if cue[0].endswith("ing") or tokens[j][0] not in CUE_WORDS or tokens[j][0] in (
            "told", "tells"
        ):
            return None
        span = _phrase_after(tokens, cue[1] + 1)
        return span if span and _names_someone(tokens, span) else None

    def _fills_clause(self, tokens, span, j, cue, until) -> bool:
        """Whether "X said" (with the cue's own words: "in a statement") ends the clause
        before `until`: at most MAX_TRAILING words may follow before a comma or the end
        ("said Tuesday in Paris, noting …"; "said X, director of …")."""
        cue_end = tokens[j].start() + len(cue[0])
        ends = max(span[1], cue[1] + 1)
        while ends < until and tokens[ends].start() < cue_end:
            ends += 1
        stop = next((t for t in range(ends, until) if tokens[t][0] == ","), until)
        return stop - ends <= MAX_TRAILING

    def _before(self, tokens, start=0):
        for j in range(len(tokens) - 1, start - 1, -1):
            if tokens[j][0] not in CUE_STARTS:
                continue  # not a cue: skip the call (most of the sentence)
            cue = _cue_at(self.body, tokens, j)
            if not cue or j and tokens[j - 1][0].lower() in PASSIVE:
                continue  # "his members had been promised “…”": not who promised it
            if tokens[j][0] in ("according", "According"):
                span = _phrase_after(tokens, cue[1] + 1)
            elif j > start and tokens[j - 1][0] == "," and tokens[-1][0] in ",:" and (
                not tokens[j][0].endswith("ing") and tokens[j][0] not in ("told", "tells", "asked")
            ) and (
                inverted := _phrase_after(tokens, cue[1] + 1)
            ) and inverted[1] == len(tokens) - 1:
                span = inverted  # But, said Solovey, “…”
            elif tokens[j][0].endswith("ing"):
                # "Nefzi said, adding, “…”", "Obama ended his list by saying “…”": the subject;
                # but "…, with Sen. Jo Hale calling it “…”": who the "with" names
                near = _phrase_before(tokens, j)
                span = (near if near and near[0] > start and tokens[near[0] - 1][0] == "with"
                        and _names_someone(tokens, near)
                        and all(t[0] != "," for t in tokens[near[1]:j]) else None)
                span = span or (tokens[j - 1][0] == "," and self._earlier_speaker(tokens, start, j)
                                or _sentence_subject(tokens, start) or near)
            else:
                span = _phrase_before(tokens, j)
                if span and span[0] < start:
                    span = None
                if span is None and (j == start or tokens[j - 1][0] in MARKS):
                    span = _phrase_after(tokens, cue[1] + 1)  # “…,” said Ann Lee, the …
            if span is None:
                span = _sentence_subject(tokens, start)
            if span:
                mention = _head(_text(self.body, tokens, span))
                return Attribution(mention, cue[0], (tokens, start, span))
        return None

    def _earlier_speaker(self, tokens, start, j):
        for k in range(j - 1, start - 1, -1):
            if _cue_at(self.body, tokens, k) and not tokens[k][0].endswith("ing"):
                span = _phrase_before(tokens, k)
                if span and span[0] >= start:
                    return span
        return None

    def resolve(self, mention: str, context, piece: Piece, last: str | None = None) -> str:
        """The speaker for display: a pronoun -> who it points back to (the subject of its own
        sentence, else the last speaker if the sentence before names them, else the subject
        of the sentence before), never someone of the other gender; a surname -> the full
        name with its title. A pronoun left as it is falls to quotes.py (the last speaker)."""
        if mention in ("who", "which") and context:
            tokens, _, span = context
            antecedent = _antecedent(tokens, span[0])
            return self.full_name(_text(self.body, tokens, antecedent)) if antecedent else mention
        if mention.lower() not in PERSONAL:
            return self.full_name(mention) if mention.lower() not in PRONOUNS else mention
        if context and context[2][0] > context[1]:  # "Erdogan … in which he called for “…”"
            tokens, start, span = context
            subject = _sentence_subject(tokens, start)
            if subject and subject[1] <= span[0]:
                name = self.full_name(_text(self.body, tokens, subject))
                if name.lower() not in PRONOUNS and agrees(mention, name) is not False:
                    return name
        previous = self._previous_subject(piece, mention.lower(), last)
        return self.full_name(previous) if previous else mention

    def _previous_subject(self, piece: Piece, pronoun: str, last: str | None = None):
        """The name a sentence before the quote's opens with, in its paragraph or the last
        sentence of the paragraph before: "Minister Dantec insisted …. “…,” he said". If that
        sentence names the last speaker ("…, but Moore is unfazed. He said: “…”"), them."""
        para_lo, _ = self.scan.paragraphs[piece.paragraph]
        lo = max(para_lo, piece.open_mark - WINDOW)
        start = self._sentence_start(lo, piece.open_mark)
        if start == para_lo and piece.paragraph:
            lo, start = self.scan.paragraphs[piece.paragraph - 1]
            lo = max(lo, start - WINDOW)
        if start <= lo:
            return None
        key = (lo, start, pronoun, last)
        if key not in self.subjects:  # the quotes of one paragraph share the sentence before
            self.subjects[key] = self._subject_of(lo, start, pronoun, last)
        return self.subjects[key]

    def _subject_of(self, lo: int, start: int, pronoun: str, last: str | None):
        tokens = self._tokens(self._sentence_start(lo, start - 1), start)
        gendered = pronoun in GENDERED
        if last and gendered and agrees(pronoun, last) and tokens and (
            last.split()[-1] in (token[0] for token in tokens)
        ):
            return last
        span = _sentence_subject(tokens, 0)
        if span and tokens[span[0]][0].lower() in PRONOUNS:
            return None
        if span and span[1] < len(tokens) and tokens[span[1]][0] == "," and sum(
            1 for t in range(*span) if _is_name_word(tokens[t][0])
        ) < 2:
            named = _phrase_after(tokens, span[1] + 1)  # "The chief executive, Ann Bell, said"
            span = named if named and _names_someone(tokens, named) else span
        subject = _text(self.body, tokens, span) if span else None
        if gendered:
            # "…, elections chief Lord Rennard said. He said": who that sentence quotes; then
            # "Wenger has ended …. He said": the subject if it is a man; else the first man
            # the sentence names ("BBC Scotland correspondent Glenn Campbell said …")
            quoted = self._before(tokens)
            leads = [quoted.mention] if quoted and quoted.mention.lower() not in PRONOUNS else []
            for name in chain(leads, [subject] if subject else (), self._names_in(tokens)):
                full = self.full_name(name)
                if agrees(pronoun, full):
                    return full
        if not span:
            return None
        names = sum(1 for t in range(*span) if _is_name_word(tokens[t][0]))
        person = names > 1 if pronoun != "they" else tokens[span[1] - 1][0].endswith("s")
        if not person or subject is None or agrees(pronoun, subject) is False:
            return None  # not "Paris" for "he", not "Mr Okafor" for "she"
        return subject

    def _names_in(self, tokens) -> Iterator[str]:
        """The names the tokens' text writes, read only as far as they are asked for."""
        if tokens:
            runs = _name_runs(self.body, tokens[0].start(), tokens[-1].end())
            yield from (name for run in runs if (name := _run_name(run)))

    def paragraph_subject(self, piece: Piece) -> str | None:
        """Who the sentence before a quotation with no attribution is about, in its paragraph
        or the paragraph before ("Sarah Jones spoke to the BBC.¶“…”")."""
        return self._previous_subject(piece, "")

    def name_before(self, at: int, pronoun: str | None = None) -> str | None:
        """The last name written before `at`: what a pronoun with no other lead points to.
        With a he/she, the last whose title or first name fits it, else the last that says
        nothing of gender (never "Dubai" before "Ann Lee" for "she")."""
        fallback = None
        runs = _name_runs(self.body, max(0, at - WINDOW), at)
        for run in reversed(runs):  # the nearest first
            name = _run_name(run)
            if not name:
                continue
            name = self.full_name(_without_full_stop(name))
            agreement = agrees(pronoun, name) if pronoun else None
            if agreement or pronoun is None:
                return name
            if agreement is None and fallback is None:
                fallback = name
        return fallback

    def full_name(self, name: str) -> str:
        """A name as first written with its title: "Akar" -> "Defence Minister Hulusi Akar"."""
        if " " in name or not name[:1].isupper():
            return name
        if name not in self.long_names:
            self.long_names[name] = name
            at = self.body.find(" " + name)
            while at > 0 and not WORD_END.match(self.body, at + 1 + len(name)):
                at = self.body.find(" " + name, at + 1)
            if at > 0:
                words = self.body[max(0, at - LONGEST_TITLE):at].split()
                words = words[1:] if at > LONGEST_TITLE else words  # [0] may be cut
                self.long_names[name] = _trailing_name([*words, name]) or name
        return self.long_names[name]


def _name_runs(body: str, lo: int, hi: int) -> list[str]:
    """The runs of capitalised words (NAME_RUN) in body[lo:hi]."""
    return (NAME_RUN if HYPHEN_CAPITAL.search(body, lo, hi) else CAPITALISED_RUN).findall(
        body, lo, hi)


@lru_cache(maxsize=16384)  # the same runs come back quote after quote
def _run_name(run: str) -> str | None:
    """The name ending a run of capitalised words that NAME_RUN found."""
    return _trailing_name(run.split())


def _trailing_name(words: list[str]) -> str | None:
    """The name at the end of a run of capitalised words, cut where a sentence ends
    ("… Mr. Clinton. Back in 1999" has none) or a heading or a function word comes."""
    keep = len(words)
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        stem = word.rstrip(".")
        if k < len(words) - 1 and (word.endswith(".") and not (
            stem.lower() in ABBREVIATED or len(stem) == 1
        ) or word.endswith(("’s", "'s", ",", ";", ":", "?", "!", "’", "”", '"'))):
            break  # "… Mr. Clinton. Back", "Southampton's David Prutton", "In Salem, Trump"
        if (stem.lower() in NOT_NAMES or len(stem) > 3 and stem.isupper()
                or not stem[:1].isupper() and stem.lower().split("-")[0] not in PARTICLES):
            break
        keep = k
    return " ".join(words[keep:]) or None


def _without_full_stop(name: str) -> str:
    """"Dubai." -> "Dubai" (a sentence's full stop); "Gen." and "J." keep theirs; "Obama’s"
    (as in "Obama’s promise") -> "Obama"."""
    if name.endswith(("’s", "'s")) and len(name) > 3:
        return name[:-2]
    stem = name[:-1]
    last = stem.rsplit(" ", 1)[-1]
    if not name.endswith(".") or last.lower() in ABBREVIATED or len(last) == 1:
        return name
    return stem

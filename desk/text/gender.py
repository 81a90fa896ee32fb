"""Which pronoun a name takes: from its title (Mr, Mrs, Queen) or its first name.

First names come from gender-guesser's offline table, read on the first name that needs it
(parsing it takes ~0.1 s), so copy with no pronoun to resolve never pays for it. A process
that reads many files (desk.reader_start) hands in the table of its answers made once and
kept (use_first_names), a few hundredths of a second to read.
"""

from __future__ import annotations

from functools import cache

from desk.text.lexicon import TITLES

MALE, FEMALE = "m", "f"
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE}
TITLE_GENDER = {
    "mr": MALE, "sir": MALE, "lord": MALE, "king": MALE, "prince": MALE, "sheikh": MALE,
    "emir": MALE, "sultan": MALE, "congressman": MALE, "chairman": MALE, "spokesman": MALE,
    "father": MALE, "brother": MALE,
    "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "dame": FEMALE, "lady": FEMALE,
    "queen": FEMALE, "princess": FEMALE, "congresswoman": FEMALE, "chairwoman": FEMALE,
    "spokeswoman": FEMALE, "sister": FEMALE,
}
POSSESSIVE = ("'s", "’s", "s'", "s’")
GUESSED = {"male": MALE, "mostly_male": MALE, "female": FEMALE, "mostly_female": FEMALE}


_first_names: dict[str, str] | None = None  # lowercase first name -> MALE or FEMALE


@cache
def _detector():
    import gender_guesser.detector  # noqa: PLC0415 - loaded only when a name needs it

    class Detector(gender_guesser.detector.Detector):
        def _parse(self, filename):
            # As gender-guesser's own, but through open(): codecs.open reads its 48,000
            # lines three times slower (the table holds no line break but "\n").
            self.names = {}
            with open(filename, encoding="utf-8") as lines:
                for line in lines:
                    self._eat_name_line(line.strip())

    return Detector(case_sensitive=False)


def first_name_table() -> dict[str, str]:
    """Each first name gender-guesser gives a gender (male or female, mostly or not),
    lowercase, with it: its answer for every name it knows, worked out once."""
    detector = _detector()
    return {name: GUESSED[guess] for name in detector.names
            if (guess := detector.get_gender(name)) in GUESSED}


def use_first_names(table: dict[str, str]) -> None:
    """Answer from `table` (first_name_table's, kept by the caller) from now on."""
    global _first_names
    _first_names = table
    name_gender.cache_clear()


def _gender_of_first_name(name: str) -> str | None:
    """From the table handed in; else gender-guesser's answer for this name alone (a
    process reading one story, `desk inspect`, asks of a few names: working out all
    45,000 answers would double its ~0.1 s of parsing)."""
    if _first_names is not None:
        return _first_names.get(name.lower())
    return GUESSED.get(_detector().get_gender(name))


@cache
def name_gender(name: str) -> str | None:
    """"Mrs May" -> "f", "Defence Minister Hulusi Akar" -> "m", "the Kremlin" -> None."""
    words = [w.strip(".,") for w in name.split()]
    for word in words:
        if word.lower() in TITLE_GENDER:
            return TITLE_GENDER[word.lower()]
    # The last run of capitalised words that are not titles is the name: "the Lib Dem
    # leader Charles Kennedy" -> "Charles Kennedy"; its first word is the first name.
    runs: list[list[str]] = []
    run: list[str] = []
    for word in words:
        if word[:1].isupper() and word.lower() not in TITLES and not word.endswith(POSSESSIVE):
            run.append(word)  # "Southampton's David Prutton": a possessive is not the name
        else:
            runs, run = runs + [run] if run else runs, []
    runs += [run] if run else []
    if not runs or len(runs[-1]) < 2 or len(runs[-1][0]) < 2:
        return None  # a surname alone, an organisation, a common noun
    return _gender_of_first_name(runs[-1][0])


def agrees(pronoun: str, name: str) -> bool | None:
    """Whether a he/she fits the name (None when either says nothing about gender)."""
    wanted = PRONOUN_GENDER.get(pronoun.lower())
    found = name_gender(name) if wanted else None
    return None if found is None else found == wanted

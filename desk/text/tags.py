"""Tag suggestions: the people, places and organisations the copy names, ranked.

No model: capitalised runs that are not sentence openers, titles or calendar words;
a person is tagged by surname so "Vladimir Putin" and "Putin" count together, and a
demonym counts for its country ("Turkish" -> turkey).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from desk.model import CleanCopy, Quote, tag_slug
from desk.text.lexicon import DEMONYMS, NOT_NAMES, PARTICLES, TITLES

# A run of capitalised words, allowing lower-case name particles inside (bin, al-, de).
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES)) + ")"  # sorted: the same regex in every run
_NAME_RUN = re.compile(
    rf"[A-Z][\w’'\-]*(?:\s+(?:{_PARTICLE}\s+)?(?:{_PARTICLE}-)?[A-Z][\w’'\-]*)*"
)
_POSSESSIVE_SPLIT = re.compile(r"[’']s?(?:\s+|$)")
_OPENING_MARKS = "“\"‘'"
_SENTENCE_ENDS = ".!?…:"
# Between paragraphs, read in one pass: no name run crosses it (\s and \w don't match it,
# and clean copy holds no control characters), and what follows it opens a sentence.
_PARAGRAPH_BREAK = "\x00"

HEADLINE_WEIGHT = 3
MAX_TAGS = 12


def _opens_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i >= 0 and text[i] in _OPENING_MARKS:
        return True  # a quotation opens with a capital whatever the word
    return i < 0 or text[i] in _SENTENCE_ENDS or text[i] == _PARAGRAPH_BREAK


def _mentions(text: str, always_start: bool = False) -> list[tuple[str, bool]]:
    """(entity, is_opener) for each name the text holds; an opener is a single word
    standing where any word would be capitalised."""
    found: list[tuple[str, bool]] = []
    for match in _NAME_RUN.finditer(text):
        inside, opening = _run_entities(match[0])
        if opening and (always_start or _opens_sentence(text, match.start())):
            found += opening
        else:
            found += inside
    return found


_Flagged = tuple[tuple[str, bool], ...]


@lru_cache(maxsize=65536)
def _run_entities(run: str) -> tuple[_Flagged, _Flagged | None]:
    """A run's (entity, is_opener) pairs inside a sentence and, when they differ, where any
    word would be capitalised (only a single word first in the run can be an opener: the
    rest is the same, so where the run stands is looked at only then)."""
    # Runs recur across a shift's copy ("But", "Erdogan", "Prime Minister ..."): cached.
    run = run.rstrip(".")
    opener, _, rest = run.partition(" ")
    at_start = True
    if _plain(opener) in NOT_NAMES:  # "With Ankara": Ankara is mid-sentence
        run, at_start = rest, False
    found = []
    for part in _POSSESSIVE_SPLIT.split(run):  # "ITV1's Jonathan Dimbleby" is two names
        if part:
            for index, entity in enumerate(_entities(part)):
                found.append((entity, at_start and index == 0 and " " not in entity))
        at_start = False
    inside = tuple((entity, False) for entity, _ in found)
    return inside, (tuple(found) if any(opens for _, opens in found) else None)


def _entities(run: str) -> list[str]:
    """Split a run at title words: "Turkish President Recep Tayyip Erdogan" names
    Turkey and Recep Tayyip Erdogan."""
    words = run.split()
    entities, segment = [], []
    for word in [*words, "president"]:  # a trailing title closes the last segment
        if word.lower().rstrip(".") not in TITLES:
            segment.append(word)
            continue
        if len(segment) == 1:
            single = _plain(segment[0])
            if single not in NOT_NAMES:
                entities.append(DEMONYMS.get(single, segment[0]))
        elif segment:
            entities.append(" ".join(segment))
        segment = []
    return entities


# Names recur across a shift's stories; slugify is the costly step per tag (~10 µs). The
# cache holds as many as `_run_entities`: 2,225 BBC stories rank ~10,000 distinct names.
_slug = lru_cache(maxsize=65536)(tag_slug)


def _plain(word: str) -> str:
    return word.lower().replace("’", "'")


def suggest_tags(copy: CleanCopy, quotes: tuple[Quote, ...] = ()) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    # A word seen only where any word is capitalised (a sentence opener, a headline)
    # is not known to be a name; it counts once the copy also capitalises it mid-sentence.
    openers: Counter[str] = Counter()
    texts = ((copy.headline, HEADLINE_WEIGHT, True),
             (_PARAGRAPH_BREAK.join(copy.paragraphs), 1, False))
    for text, weight, is_headline in texts:
        for entity, opener in _mentions(text, always_start=is_headline):
            (openers if opener else counts)[entity] += weight
    for entity, weight in openers.items():
        if entity in counts or entity.islower():  # demonym-derived countries are safe
            counts[entity] += weight
    for quote in quotes:  # "organiser Rosa Delgado" names Rosa Delgado
        for entity, _opener in _mentions(quote.speaker or ""):
            counts[entity] += 1
    return _rank(counts)


def _rank(counts: Counter[str]) -> tuple[str, ...]:
    # Fold a full name into its surname when the copy also uses the surname alone:
    # "Vladimir Putin" ... "Putin" -> putin, while "New York" stays new-york.
    folded: Counter[str] = Counter()
    singles = {name for name in counts if " " not in name}
    for name, count in counts.items():
        words = name.split()
        if len(words) > 1 and words[-1] in singles:
            folded[words[-1]] += count
        else:
            folded[name] += count
    # most counted first, ties by name: two C-keyed sorts (the second is stable)
    ranked = sorted(folded, key=str.lower)
    ranked.sort(key=folded.__getitem__, reverse=True)
    tags: list[str] = []
    for name in ranked:
        tag = _slug(name)
        if len(tag) > 1 and tag not in tags and not tag.isdigit():
            tags.append(tag)
        if len(tags) == MAX_TAGS:
            break
    return tuple(tags)


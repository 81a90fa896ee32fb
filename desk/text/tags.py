"""Tag suggestions: the people, places and organisations the copy names, ranked.

No model: capitalised runs that are not sentence openers, titles or calendar words;
a person is tagged by surname so "Vladimir Putin" and "Putin" count together, and a
demonym counts for its country ("Turkish" -> turkey).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Final

from desk.model import CleanCopy, Quote, tag_slug
from desk.text.lexicon import DEMONYMS, NOT_NAMES, PARTICLES, TITLES

# A run of capitalised words, allowing lower-case name particles inside (bin, al-, de).
# One group, the whole run (for split). The lookahead spares most words that end a run
# the particles' alternatives (a sixth of the scan).
_PARTICLE: Final = "(?:" + "|".join(sorted(PARTICLES)) + ")"  # sorted: the same regex in every run
_PARTICLE_INITIALS: Final = "".join(sorted({particle[0] for particle in PARTICLES}))
_NAME_RUN: Final = re.compile(
    rf"([A-Z][\w’'\-]*(?:\s+(?=[A-Z{_PARTICLE_INITIALS}])"
    rf"(?:{_PARTICLE}\s+)?(?:{_PARTICLE}-)?[A-Z][\w’'\-]*)*)"
)
_POSSESSIVE_SPLIT: Final = re.compile(r"[’']s?(?:\s+|$)")
_OPENING_MARKS: Final = "“\"‘'"
_SENTENCE_ENDS: Final = ".!?…:"
# Between paragraphs, read in one pass: no name run crosses it (\s and \w don't match it,
# and clean copy holds no control characters), and what follows it opens a sentence.
_PARAGRAPH_BREAK: Final = "\x00"
# What a word stands after where any word is capitalised: the text's start, a sentence's
# end, a paragraph break, or an opening mark (a quotation opens with a capital whatever
# the word).
_CAPITAL_AFTER: Final = frozenset(("", *_SENTENCE_ENDS, _PARAGRAPH_BREAK, *_OPENING_MARKS))

HEADLINE_WEIGHT: Final = 3
MAX_TAGS: Final = 12


def _mentions(text: str, always_start: bool = False) -> tuple[list[str], list[str]]:
    """The names the text holds (`named`), and the single words standing where any word
    would be capitalised (`openers`): not known to be names by that alone."""
    named: list[str] = []
    openers: list[str] = []
    # Split into the text before each run and the run, in one call: no match objects.
    # A gap between two runs is never only spaces (spaces and a capital go on with a run),
    # so what stands before a run is the gap's last other character ("" at the start).
    parts = _NAME_RUN.split(text)
    for before, run in zip(parts[0:-1:2], parts[1::2], strict=True):
        entities, first_opens = _run_entities(run)
        if first_opens and (always_start or before.rstrip(" ")[-1:] in _CAPITAL_AFTER):
            openers.append(entities[0])
            named += entities[1:]
        else:
            named += entities
    return named, openers


@lru_cache(maxsize=65536)
def _run_entities(run: str) -> tuple[tuple[str, ...], bool]:
    """A run's entities, and whether the first is a single word first in the run: an
    opener where the run stands where any word would be capitalised (the rest is the same
    wherever it stands)."""
    # Runs recur across a shift's copy ("But", "Erdogan", "Prime Minister ..."): cached.
    opener, _, rest = run.partition(" ")
    at_start = True
    if _plain(opener) in NOT_NAMES:  # "With Ankara": Ankara is mid-sentence
        run, at_start = rest, False
    found: list[str] = []
    first_opens = False
    # "ITV1's Jonathan Dimbleby" is two names (a run without an apostrophe, one part)
    parts = _POSSESSIVE_SPLIT.split(run) if "'" in run or "’" in run else [run]
    for part in parts:
        if part:
            entities = _entities(part)
            if at_start:
                first_opens = bool(entities) and " " not in entities[0]
            found += entities
        at_start = False
    return tuple(found), first_opens


def _entities(run: str) -> list[str]:
    """Split a run at title words: "Turkish President Recep Tayyip Erdogan" names
    Turkey and Recep Tayyip Erdogan."""
    words = run.split()
    if TITLES.isdisjoint(map(str.lower, words)):  # most runs hold no title: one segment
        return _segment_entities(words)
    entities, segment = [], []
    for word in [*words, "president"]:  # a trailing title closes the last segment
        if word.lower() not in TITLES:
            segment.append(word)
            continue
        entities += _segment_entities(segment)
        segment = []
    return entities


def _segment_entities(words: list[str]) -> list[str]:
    """The name the words between two titles make: a lone word only when it is no
    common word, and a demonym as its country."""
    if len(words) == 1:
        single = _plain(words[0])
        return [] if single in NOT_NAMES else [DEMONYMS.get(single, words[0])]
    return [" ".join(words)] if words else []


@lru_cache(maxsize=65536)
def _tag(name: str) -> str:
    """The name's tag, or "" when its slug is no tag (one character, a number)."""
    # Names recur across a shift's stories (a name past ASCII letters still costs slugify
    # ~10 µs). The cache holds as many as `_run_entities`: 2,225 BBC stories rank ~10,000
    # distinct names.
    tag = tag_slug(name)
    return tag if len(tag) > 1 and not tag.isdigit() else ""


def _plain(word: str) -> str:
    return word.lower().replace("’", "'")


def suggest_tags(copy: CleanCopy, quotes: tuple[Quote, ...] = ()) -> tuple[str, ...]:
    # A word seen only where any word is capitalised (a sentence opener, a headline)
    # is not known to be a name; it counts once the copy also capitalises it mid-sentence.
    head_named, head_openers = _mentions(copy.headline, always_start=True)
    named, openers = _mentions(_PARAGRAPH_BREAK.join(copy.paragraphs))
    counts = _weighted(head_named, named)
    for entity, weight in _weighted(head_openers, openers).items():
        if entity in counts or entity.islower():  # demonym-derived countries are safe
            counts[entity] += weight
    # "organiser Rosa Delgado" names Rosa Delgado. The speakers are read in one pass, as
    # the paragraphs are: no run crosses a paragraph break.
    speakers: list[str] = []
    for run in _NAME_RUN.findall(_PARAGRAPH_BREAK.join(quote.speaker or "" for quote in quotes)):
        speakers += _run_entities(run)[0]
    counts.update(speakers)
    return _rank(counts)


def _weighted(in_headline: list[str], in_body: list[str]) -> Counter[str]:
    """How often each name is seen, one in the headline counting HEADLINE_WEIGHT (the
    headline's first: the order ties are ranked in)."""
    counts: Counter[str] = Counter()
    for entity in in_headline:
        counts[entity] += HEADLINE_WEIGHT
    counts.update(in_body)
    return counts


def _rank(counts: Counter[str]) -> tuple[str, ...]:
    # Fold a full name into its surname when the copy also uses the surname alone:
    # "Vladimir Putin" ... "Putin" -> putin, while "New York" stays new-york. (A name is
    # words joined by single spaces: _entities joins them so.)
    folded: dict[str, int] = {}
    for name, count in counts.items():
        if " " in name:
            surname = name.rpartition(" ")[2]
            if surname in counts:
                name = surname
        folded[name] = folded.get(name, 0) + count
    # most counted first, ties by name: two C-keyed sorts (the second is stable)
    ranked = sorted(folded, key=str.lower)
    ranked.sort(key=folded.__getitem__, reverse=True)
    tags: list[str] = []
    for name in ranked:
        tag = _tag(name)
        if tag and tag not in tags:
            tags.append(tag)
            if len(tags) == MAX_TAGS:
                break
    return tuple(tags)

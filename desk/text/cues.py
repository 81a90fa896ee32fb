"""The words that attribute speech: verbs of saying in all their forms, and the phrases that
may follow them ("said in a statement"). General English, built once at import."""

from __future__ import annotations

import re
from typing import Final

# Verbs that introduce or attribute what someone said, wrote or meant, as base forms.
SPEECH_VERBS: Final = frozenset("""
    say tell add ask write tweet post state declare explain note argue insist claim warn stress
    urge continue reply respond answer recall admit acknowledge announce remark suggest joke
    quip predict promise vow pledge conclude counter concede complain observe emphasize
    emphasise lament report testify boast shout yell scream muse caution contend maintain
    agree describe call label dub brand term threaten blame accuse criticize criticise praise
    demand propose hope wonder speculate estimate reiterate repeat remind assure confirm deny
    object protest chant whisper exclaim interject retort snap fume sigh offer cite mock slam
    blast decry hail tout characterize characterise dismiss deride laud plead beg wish recount
    summarize summarise read text email message preach charge allege disclose reveal advise
    instruct order proclaim affirm assert aver comment opine grumble mutter murmur cry roar
    thunder gush rave rant grant swear speak talk refer put go point think believe feel worry
    fear hint signal indicate
    """.split())

# Verbs whose base and -s forms are mostly nouns in news copy ("the jobs report", "emails"):
# only their -ed and -ing forms count as cues.
NOUNS_TOO: Final = frozenset("""
    report claim comment email text post tweet message order answer reply charge offer note
    state cite blast hail fear hope wish signal promise vow plead joke quip remark estimate
    label brand term protest chant whisper sigh cry roar rant rave gush mock counter call
    demand object caution advise opine grant retort snap
    """.split())

IRREGULAR: Final = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "writes", "writing", "written"),
    "speak": ("spoke", "speaks", "speaking", "spoken"),
    "swear": ("swore", "swears", "swearing", "sworn"),
    "read": ("reads", "reading"),
    "think": ("thought", "thinks", "thinking"),
    "feel": ("felt", "feels", "feeling"),
    "cry": ("cried", "cries", "crying"),
    "go": ("went", "goes", "going"),
    "shoot": ("shot", "shoots", "shooting"),
    "hit": ("hits", "hitting"),
    "put": ("puts", "putting"),
}
# Verbs that only count as cues with the word after them: "spoke of", "went on", "put it",
# "shot back", "chimed in".
NEEDS_NEXT: Final = {"speak": ("of", "about"), "talk": ("of", "about"), "refer": ("to",),
                     "put": ("it",), "go": ("on",), "point": ("out",), "shoot": ("back",),
                     "fire": ("back",), "hit": ("back",), "chime": ("in",), "pipe": ("up",)}
DOUBLED: Final = frozenset("admit quip snap commit refer omit regret".split())  # admitted, quipping
VOWELS: Final = "aeiou"


def verb_forms(base: str) -> tuple[str, ...]:
    if base in IRREGULAR:
        return (base, *IRREGULAR[base])
    stem = base + base[-1] if base in DOUBLED else base
    if base.endswith("e"):
        past, ing = base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2] not in VOWELS:
        past, ing = base[:-1] + "ied", base + "ing"
    else:
        past, ing = stem + "ed", stem + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        third = base + "es"
    elif base.endswith("y") and base[-2] not in VOWELS:
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    return base, third, past, ing


def _cue_forms() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    alone: set[str] = set()
    for base in SPEECH_VERBS.difference(NEEDS_NEXT):
        forms = verb_forms(base)
        alone.update(forms[2:] if base in NOUNS_TOO else forms)
    needs_next: dict[str, tuple[str, ...]] = {"according": ("to",), "According": ("to",)}
    for base, following in NEEDS_NEXT.items():
        needs_next.update(dict.fromkeys(verb_forms(base), following))
    return frozenset(alone), needs_next


# A cue is one word ("said"), or a word that needs the next one ("spoke of", "according to").
CUE_WORDS, CUE_NEEDS_NEXT = _cue_forms()

# What may follow a one-word cue and still belong to it: "said in a statement", "told
# reporters", "called for".
CUE_TAIL: Final = re.compile(
    r"\s+(?:in\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+)?(?:statement|interview|tweet|"
    r"post|speech|letter|e-?mail|release|video|message|op-ed|column|memo)\b|on\s+(?:Twitter|"
    r"Facebook)\b|to\s+reporters\b|reporters\b|for\b|of\b|against\b)"
)

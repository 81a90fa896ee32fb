"""Datelines at the start of the body and credits at its end.

Datelines: `WASHINGTON (Reuters) -`, `Paris, Feb 21 (AFP) –`, `LONDON, March 3 (AP) —`
(an agency in brackets: "marked"), `SPRINGFIELD —` (capitals or a date, then a dash:
"dashed"), and the bare `ANKARA Turkish President...` (capitals, then a capitalised word).
Credits: `—AFP` glued to the last sentence, `- Reuters`, `(AP)`, or a credit line of its own.

`dateline_lead()` writes a dateline back in a form `take_dateline()` reads unchanged, which
is what makes cleaning clean copy a no-op.
"""

from __future__ import annotations

import re

AGENCIES = (
    "AFP", "Agence France-Presse", "Reuters", "AP", "Associated Press", "The Associated Press",
    "Bloomberg", "dpa", "ANSA", "EFE", "Xinhua", "PA", "PA Media", "UPI", "Kyodo", "TASS",
    "Anadolu", "AAP", "Yonhap", "PTI", "ANI", "IANS", "Interfax", "Bernama", "Antara", "Belga",
)  # fmt: skip
_CANONICAL = {variant: name for name in AGENCIES for variant in (name, name.upper())}
_AGENCY = (
    "(?:" + "|".join(map(re.escape, sorted(_CANONICAL, key=len, reverse=True))) + r")(?![\w-])"
)

_CAPS_WORD = r"[A-Z](?:[A-Z'’.-]*[A-Z.])?"
_CAPS_PLACE = rf"{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}"
_TITLE_WORD = r"[A-Z][A-Za-z'’.-]*[a-z.]"
_PLACE_LINK = r"(?:de|da|do|del|di|la|le|upon|on|am|sur|of)"
_TITLE_PLACE = rf"{_TITLE_WORD}(?: (?:{_PLACE_LINK} )?{_TITLE_WORD}){{0,3}}"
_REGION = rf"(?:{_CAPS_PLACE}|{_TITLE_PLACE})"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {_MONTH}(?: \d{{4}})?)"
_PLACE_AND_DATE = rf"(?:{_CAPS_PLACE}|{_TITLE_PLACE})(?:, {_REGION})?(?:, {_DATE})?"
_DASHED_PLACE = (
    rf"{_CAPS_PLACE}(?:, {_REGION})?(?:, {_DATE})?|{_TITLE_PLACE}(?:, {_REGION})?, {_DATE}"
)

_MARKED = re.compile(
    rf"(?:(?P<place>{_PLACE_AND_DATE}) ?)?\((?P<agency>{_AGENCY})\)\s*[-–—:]*\s*"
)
_DASHED = re.compile(rf"(?P<place>{_DASHED_PLACE}) ?[-–—]+(?:\s+|$)")
_BARE = re.compile(rf"(?P<place>{_CAPS_PLACE}) (?=[A-Z][a-z])")
# Capitals that open stories and headlines without being places.
_NOT_PLACES = frozenset(
    """BREAKING UPDATE UPDATED EXCLUSIVE URGENT FLASH ALERT BULLETIN WRAPUP ANALYSIS FACTBOX
    REFILE CORRECTED CORRECTION CORRECTS INSIGHT FEATURE PHOTOS VIDEO WATCH LIVE OPINION
    EDITORIAL COMMENT NEWS SPORT
    NATO NASA OPEC FIFA UEFA UNICEF UNESCO UNHCR IAEA OECD ASEAN AIDS SARS COVID BRICS
    """.split()
)

_CREDIT_PART = rf"(?:{_AGENCY}|[A-Z][\w.&'’-]*(?: (?:of |the |and |& )?[A-Z][\w.&'’-]*){{0,4}})"
_CREDIT_LINE = re.compile(
    rf"[—–]\s*(?P<any>{_CREDIT_PART}(?:/{_CREDIT_PART})*)\.?"
    rf"|(?:-\s*)?\(?(?P<agencies>{_AGENCY}(?:/{_AGENCY})*)\)?\.?"
)
_GLUED_CREDIT = re.compile(
    rf"(?<=[.!?”\"’)\]])\s*(?:[—–-]+\s*\(?(?P<dashed>{_AGENCY})\)?|\((?P<bracketed>{_AGENCY})\))\.?$"
)
_TAIL = 60  # a glued credit sits in the last few characters


def is_agency(credit: str) -> bool:
    return credit in _CANONICAL


def _canonical(part: str) -> str:
    return _CANONICAL.get(part, part)


def starts_with_dateline(line: str) -> bool:
    """A marked or dashed dateline: such a line opens a body, it is never a headline."""
    return bool(_MARKED.match(line) or _place_like(_DASHED.match(line)))


def take_dateline(paragraph: str) -> tuple[str, str, str]:
    """(dateline, agency or "", rest of the paragraph) from a body's first paragraph."""
    match = _MARKED.match(paragraph)
    if match:
        agency = _canonical(match.group("agency"))
        return match.group("place") or "", agency, paragraph[match.end():]
    match = _place_like(_DASHED.match(paragraph) or _BARE.match(paragraph))
    if match:
        return match.group("place"), "", paragraph[match.end():].lstrip()
    return "", "", paragraph


def _place_like(match: re.Match | None) -> re.Match | None:
    """Unmarked capitals are a place only with 4+ letters ("US", "BBC" are not) or a date."""
    if not match:
        return None
    place = match.group("place")
    if sum(c.isalpha() for c in place) < 4 and not re.search(r"\d", place):
        return None
    if _NOT_PLACES.intersection(place.replace(",", " ").split()):
        return None
    return match


def dateline_lead(dateline: str, agency: str | None) -> str:
    """The start of a body paragraph that take_dateline() reads back as this dateline."""
    return f"{dateline} ({agency}) \u2014".lstrip() if agency else f"{dateline} \u2014"


def located_dateline(located: str | None) -> str:
    """A ninjs `located` as a capitals dateline, if it reads as one."""
    place = " ".join((located or "").split()).upper()
    dateline, _, rest = take_dateline(f"{place} \u2014")
    return place if dateline == place and not rest else ""


def take_credit_lines(paragraphs: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Strip credits off the end of the body: (paragraphs, credits in order, fixes).

    A credit glued to the last sentence is a fix ("moved credit AFP out of the body");
    a credit line of its own is just where wire copy puts it.
    """
    paragraphs = list(paragraphs)
    credits: list[str] = []
    fixes: list[str] = []
    while paragraphs:
        last = paragraphs[-1]
        line = _CREDIT_LINE.fullmatch(last)
        if line:
            credits[:0] = map(_canonical, (line.group("any") or line.group("agencies")).split("/"))
            paragraphs.pop()
            continue
        rest, agency = strip_glued_credit(last)
        if not agency:
            break
        credits.insert(0, agency)
        fixes.insert(0, f"moved credit {agency} out of the body")
        if rest:
            paragraphs[-1] = rest
        else:
            paragraphs.pop()
    return paragraphs, credits, fixes


def strip_glued_credit(text: str) -> tuple[str, str]:
    """(text without a credit glued to its last sentence, that agency or "")."""
    offset = max(0, len(text) - _TAIL)
    match = _GLUED_CREDIT.search(text, offset)
    if not match:
        return text, ""
    agency = match.group("dashed") or match.group("bracketed")
    return text[: match.start()].rstrip(), _canonical(agency)


def join_credits(credits: list[str]) -> str:
    return "/".join(dict.fromkeys(credits))

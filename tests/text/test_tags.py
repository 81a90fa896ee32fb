"""Tag suggestions from the copy: people, places, organisations, as ranked slugs."""

from itertools import groupby

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.model import CleanCopy, Quote
from desk.text import tags
from desk.text.lexicon import DEMONYMS, NOT_NAMES, TITLES
from desk.text.tags import suggest_tags

SEED_PARAGRAPHS = (
    "Turkish President Recep Tayyip Erdogan urged his Russian counterpart Vladimir Putin to "
    "halt the Syrian regime’s violence in Idlib as efforts intensified to avoid more bloodshed "
    "in the final rebel holdout.",
    "Russian air strikes in the northwestern province of Idlib are bolstering a Syrian "
    "government offensive.",
    "Putin, for his part, told Erdogan that he was “seriously concerned” by the “aggressive "
    "actions” of jihadists in Syria’s Idlib region.",
    "Erdogan told Putin the solution was to return to the Sochi agreement, which allowed "
    "Turkey to establish military posts across Idlib. Turkey has lost 16 military personnel.",
)


def _copy(*paragraphs, headline="Erdogan seeks Putin to help contain Idlib violence"):
    return CleanCopy(headline=headline, dateline="ANKARA", credit="AFP", paragraphs=paragraphs)


def test_seed_tags_name_the_people_and_places():
    tags = suggest_tags(_copy(*SEED_PARAGRAPHS))
    top = set(tags[:8])
    assert {"turkey", "erdogan", "putin", "idlib", "syria", "russia"} <= top
    assert all(tag == tag.lower() and " " not in tag for tag in tags)


def test_full_name_folds_into_surname_used_alone():
    tags = suggest_tags(_copy("Officials met Vladimir Putin on Monday. Later Putin left."))
    assert "putin" in tags
    assert "vladimir-putin" not in tags


def test_multiword_place_is_kept_whole():
    tags = suggest_tags(_copy("Crowds gathered in New York on Monday.", headline="Crowds"))
    assert "new-york" in tags


def test_titles_and_sentence_openers_are_not_tags():
    tags = suggest_tags(_copy("However, Prime Minister Boris Johnson spoke. Officials "
                              "disagreed on Tuesday.", headline="Talks"))
    assert "boris-johnson" in tags
    for noise in ("however", "prime", "minister", "officials", "tuesday"):
        assert noise not in tags


def test_demonym_counts_for_its_country():
    assert "france" in suggest_tags(_copy("The French government said no.", headline="No"))


def test_quote_speaker_counts():
    copy = _copy("“We are ready,” said Angela Merkel.", headline="Ready")
    quote = Quote("We are ready,", 1, 14, "Angela Merkel", "Angela Merkel", "said")
    assert suggest_tags(copy, (quote,))[0] == "angela-merkel"


def test_empty_copy_has_no_tags():
    assert suggest_tags(CleanCopy("", "", "", ())) == ()


def _mentions_one_run_at_a_time(text: str) -> tuple[list[str], list[str]]:
    """What tags._mentions finds, the plain way: each run, and the text just before it."""
    named, openers = [], []
    for match in tags._NAME_RUN.finditer(text):
        entities, first_opens = tags._run_entities(match[0])
        before = text[:match.start()].rstrip(" ")
        if first_opens and (not before or before[-1] in ".!?…:“\"‘'\x00"):
            openers.append(entities[0])
            named += entities[1:]
        else:
            named += entities
    return named, openers


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["The", "Putin", "said", "bin", "Laden", "al-", "Assad", "de",
                                 "President", "Turkish", "With", "ITV1's", "O'Neil", "’s",
                                 "“", "”", "'", ".", ",", ":", "?", " ", "  ", "\x00", "\n"]),
                max_size=40))
def test_names_and_openers_are_read_as_one_run_at_a_time_reads_them(pieces):
    text = " ".join(pieces)
    assert tags._mentions(text) == _mentions_one_run_at_a_time(text)


def _entities_by_groups(run: str) -> list[str]:
    """What tags._entities names, told another way: each group of words between titles."""
    found = []
    for is_title, group in groupby(run.split(), key=lambda word: word.lower() in TITLES):
        words = list(group)
        plain = words[0].lower().replace("’", "'")
        if is_title or len(words) == 1 and plain in NOT_NAMES:
            continue
        found.append(" ".join(words) if len(words) > 1 else DEMONYMS.get(plain, words[0]))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["President", "Prime", "Minister", "Turkish", "French",
                                 "Recep", "Erdogan", "The", "With", "al-Assad", "de", "Mr",
                                 "Sky", "Vladimir", "Putin", "American"]), max_size=8))
def test_a_run_is_split_into_names_at_its_titles(words):
    run = " ".join(words)
    assert tags._entities(run) == _entities_by_groups(run)

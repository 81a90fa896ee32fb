"""Quotes and speakers (desk.text.quotes): the seed story, the patterns of GUIDE §4, the marks."""

import pytest

from desk.text.quotes import find_quotes

# The seed story's body as clean.py leaves it (´ -> ’, alAssad -> al-Assad), split by hand.
SEED = "\n\n".join([
    "Turkish President Recep Tayyip Erdogan urged his Russian counterpart Vladimir Putin to "
    "halt the Syrian regime’s violence in Idlib as efforts intensified to avoid more bloodshed "
    "in the final rebel holdout.",
    "Russian air strikes in the northwestern province of Idlib are bolstering a Syrian "
    "government offensive that has forced nearly one million civilians to flee — the biggest "
    "wave of displacement of the nine-year conflict. “The president during the call stressed "
    "that the regime should be restrained in Idlib and that the humanitarian crisis must be "
    "stopped,” the Turkish presidency said in a statement after the two leaders spoke by phone.",
    "Putin, for his part, told Erdogan that he was “seriously concerned” by the “aggressive "
    "actions” of jihadists in Syria’s Idlib region. The two leaders agreed to “intensify "
    "bilateral consultations on Idlib with the aim of reducing tensions, guaranteeing a "
    "ceasefire and neutralising the terrorist threat”, the Kremlin said in a statement.",
    "Erdogan told Putin the solution was to return to the Sochi agreement they signed in 2018, "
    "which allowed Turkey to establish military posts across Idlib designed to prevent a regime "
    "assault. That deal has been increasingly set aside as Syrian forces advance steadily into "
    "the region. Turkey, which backs some rebel groups in the province, has lost 16 military "
    "personnel this month in clashes with Syrian troops. It has reinforced its positions and "
    "called on President Bashar al-Assad to pull his forces back.",
    "Erdogan also held a threeway call with French President Emmanuel Macron and German "
    "Chancellor Angela Merkel in which he called for “concrete actions to prevent a "
    "humanitarian crisis”. Turkey is determined to prevent a fresh influx of displaced people "
    "adding to the 3.6 million Syrian refugees it already hosts.",
    "With Ankara threatening an “imminent” operation against the Syrian regime, Defence "
    "Minister Hulusi Akar inspected troops gathered at the Syrian border on Friday. Erdogan "
    "spoke of establishing a “safe zone” to provide shelter and support to fleeing civilians "
    "facing harsh winter conditions, adding that Turkish organisations were already building "
    "structures in the area.",
])


def quote_with(scan, fragment):
    found = [q for q in scan.quotes if fragment in q.text]
    assert len(found) == 1, f"{fragment!r} in {[q.text for q in scan.quotes]}"
    return found[0]


def assert_offsets(body, scan):
    for q in scan.quotes:
        assert body[q.start:q.end] == q.text


# --- the seed ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("fragment", "speaker", "mention"),
    [
        ("The president during the call stressed", "Turkish presidency", "the Turkish presidency"),
        ("seriously concerned", "Putin", "Putin"),
        ("aggressive actions", "Putin", "Putin"),
        ("intensify bilateral consultations", "Kremlin", "the Kremlin"),
        ("concrete actions to prevent a humanitarian crisis", "Erdogan", "he"),
        ("safe zone", "Erdogan", "Erdogan"),
        ("imminent", "Ankara", "Ankara"),
    ],
)
def test_seed_speakers(fragment, speaker, mention):
    quote = quote_with(find_quotes(SEED), fragment)
    assert speaker in quote.speaker
    assert quote.mention == mention
    assert quote.cue


def test_seed_quotes_cues_offsets_and_no_warnings():
    scan = find_quotes(SEED)
    assert len(scan.quotes) == 7
    assert_offsets(SEED, scan)
    cues = {q.text.split()[0]: q.cue for q in scan.quotes}
    assert cues["The"] in ("said in a statement", "said")
    assert cues["seriously"] == "told"
    assert cues["safe"] == "spoke of"
    assert scan.warnings == ()


def test_seed_he_is_the_sentence_subject_not_the_nearest_name():
    quote = quote_with(find_quotes(SEED), "concrete actions")
    assert "Macron" not in quote.speaker and "Merkel" not in quote.speaker


# --- GUIDE §4 patterns ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "mention", "cue"),
    [
        ("“We will win the vote,” Smith said.", "Smith", "said"),
        ("“We will win the vote,” said Smith.", "Smith", "said"),
        ("Smith said: “We will win the vote.”", "Smith", "said"),
        ("Putin told Erdogan that he was “seriously concerned” by the attacks.", "Putin", "told"),
        ("The ceasefire is “holding up well for now”, according to the United Nations.",
         "the United Nations", "according to"),
        ("“Talks will go on next week,” the Kremlin said in a statement.", "the Kremlin",
         "said in a statement"),
        ("“The numbers don’t add up,” said Sen. Brian Schatz of Hawaii, who backs the bill.",
         "Sen. Brian Schatz of Hawaii", "said"),
        ("“It is a sad day,” Miller, a retired worker from a nuclear plant, said.", "Miller",
         "said"),
    ],
)
def test_attribution_patterns(body, mention, cue):
    scan = find_quotes(body)
    assert len(scan.quotes) == 1
    quote = scan.quotes[0]
    assert (quote.mention, quote.cue) == (mention, cue)
    assert_offsets(body, scan)
    assert scan.warnings == ()


def test_pronoun_points_back_to_the_last_named_speaker():
    body = "“Prices will fall,” said Finance Minister Jane Doe.\n\n“We are sure of it,” she said."
    second = find_quotes(body).quotes[1]
    assert second.mention == "she"
    assert second.speaker == "Finance Minister Jane Doe"


def test_title_is_kept_with_the_name():
    body = ("Defence Minister Hulusi Akar inspected troops on Friday.\n\n"
            "“We are ready for any operation,” Akar said.")
    quote = find_quotes(body).quotes[0]
    assert quote.mention == "Akar"
    assert quote.speaker == "Defence Minister Hulusi Akar"


def test_quote_split_by_its_attribution_gives_two_quotes_with_one_speaker():
    body = "“We will win,” she said, “and soon.”"
    scan = find_quotes(body)
    assert [q.text for q in scan.quotes] == ["We will win,", "and soon."]
    assert {q.mention for q in scan.quotes} == {"she"}
    assert_offsets(body, scan)


def test_quote_over_several_paragraphs():
    body = ("The minister spoke for an hour.\n\n"
            "“The first part of a long statement.\n\n"
            "“The second part, still the minister.\n\n"
            "“And the end of it,” the minister said.")
    scan = find_quotes(body)
    assert len(scan.quotes) == 3
    assert_offsets(body, scan)
    for quote in scan.quotes:
        assert "“" not in quote.text and "\n" not in quote.text
        assert quote.mention == "the minister"
    assert scan.warnings == ()


# --- marks ------------------------------------------------------------------------------

def test_apostrophes_are_not_closing_marks():
    body = "“It’s the students’ union and rock ’n’ roll from the ‘90s,” said Ann Lee."
    scan = find_quotes(body)
    assert [q.text for q in scan.quotes] == [
        "It’s the students’ union and rock ’n’ roll from the ‘90s,"
    ]
    assert scan.quotes[0].mention == "Ann Lee"


def test_straight_double_quotes():
    body = '"We will fight on," Jones said. "There is no other way."'
    scan = find_quotes(body)
    assert [q.text for q in scan.quotes] == ["We will fight on,", "There is no other way."]
    assert all(q.mention == "Jones" for q in scan.quotes)


def test_straight_single_quotes_when_the_copy_has_no_double_ones():
    body = "'We are ready for them,' the coach said. 'It's our year.'"
    scan = find_quotes(body)
    assert [q.text for q in scan.quotes] == ["We are ready for them,", "It's our year."]
    assert all(q.mention == "the coach" for q in scan.quotes)


def test_nested_quotes_belong_to_the_outer_one():
    body = "“She told me ‘never again’ and then she left,” Brown said."
    scan = find_quotes(body)
    assert [q.text for q in scan.quotes] == ["She told me ‘never again’ and then she left,"]
    assert scan.quotes[0].mention == "Brown"


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("The minister said: « We will not give in to pressure », according to aides.",
         "We will not give in to pressure"),
        ("The mayor said: „We will manage this together“ and left.",
         "We will manage this together"),
        ("Lawyers said: ''The court got this one wrong.''", "The court got this one wrong."),
    ],
)
def test_other_marks(body, text):
    scan = find_quotes(body)
    assert [q.text for q in scan.quotes] == [text]
    assert scan.quotes[0].speaker
    assert_offsets(body, scan)


def test_markup_attributes_are_not_quotes():
    body = '<tweet author="@someone" id="123">A post.</tweet> “It works,” Kim said.'
    assert [q.text for q in find_quotes(body).quotes] == ["It works,"]


# --- warnings ---------------------------------------------------------------------------

def test_unbalanced_mark_is_named_with_paragraph_and_words():
    body = "All is calm.\n\nThe minister said “we will not stop the work now.\n\nNext paragraph."
    scan = find_quotes(body)
    [warning] = [w for w in scan.warnings if "unbalanced" in w]
    assert "paragraph 2" in warning and "we will not stop" in warning
    assert_offsets(body, scan)


def test_a_warning_excerpt_starts_at_a_word():
    body = "The councillors postponed the decision once more, saying it needs work.” Then."
    [warning] = find_quotes(body).warnings
    excerpt = warning.split("near “", 1)[1]
    start = body.index(excerpt.rstrip("”…").split()[0])
    assert start == 0 or not body[start - 1].isalnum(), warning


def test_the_scan_flags_an_unbalanced_mark_as_data():
    scan = find_quotes("The minister said “we will not stop the work now.\n\nNext paragraph.")
    assert scan.unbalanced
    balanced = find_quotes("“An unbalanced budget is a crime against our children.”")
    assert not balanced.unbalanced  # a warning that quotes the word is not the flag
    assert any("unbalanced" in warning for warning in balanced.warnings)


def test_quote_with_no_speaker_is_warned_about():
    body = "The hall fell silent.\n\n“Nobody knows what happens next in this town.”"
    scan = find_quotes(body)
    assert len(scan.quotes) == 1 and scan.quotes[0].speaker is None
    assert any("no speaker" in w and "paragraph 2" in w for w in scan.warnings)


def test_scare_quotes_and_titles_are_not_quotations():
    body = ("The so-called “establishment” candidate appeared on “Meet the Press” on Sunday. "
            "Critics were not impressed.")
    scan = find_quotes(body)
    assert scan.quotes == () and scan.warnings == ()


def test_a_shows_or_a_books_title_is_not_a_quotation_even_beside_a_cue():
    # A title after its owner's name, after "on" or after a work's noun names a work: the
    # cue next to it is for the quotation before, not for the title.
    body = ("“We will win this state,” Ann Vale told WXYZ’s “Morning Hour,” adding she was sure. "
            "“Taxes must fall,” Bo Dunn said on “Sunday Talk.” Dunn wrote it in his book "
            "“Rising Tides,” which came out in May. “It worked,” Vale said.")
    scan = find_quotes(body)
    assert [q.text for q in scan.quotes] == [
        "We will win this state,", "Taxes must fall,", "It worked,"]
    assert [q.speaker for q in scan.quotes] == ["Ann Vale", "Bo Dunn", "Ann Vale"]


def test_no_quotes_and_no_warnings_in_plain_copy():
    assert find_quotes("Markets rose on Monday.\n\nOil fell.") == find_quotes("")
    assert find_quotes("").quotes == ()


def test_markup_and_control_characters_do_not_break_it():
    body = "[bold]Alert[/bold] \x1b[31m “Red skies tonight,” he said.\x1b[0m [link=x]y[/link]"
    scan = find_quotes(body)
    assert [q.text for q in scan.quotes] == ["Red skies tonight,"]
    assert_offsets(body, scan)


# --- more speakers ------------------------------------------------------------------------

def test_pronoun_after_a_sentence_about_someone_else_points_to_that_someone():
    body = ("“We leave with nothing,” said union leader Sophie Marchetti.\n\n"
            "Labour Minister Olivier Dantec insisted the door remained open. “Nobody is walking "
            "away from this table,” he told reporters.")
    second = find_quotes(body).quotes[1]
    assert (second.mention, second.cue) == ("he", "told reporters")
    assert second.speaker == "Labour Minister Olivier Dantec"


def test_passive_cue_is_not_the_speaker():
    body = "Okafor said his members had been promised “a railway fit for the new century”."
    quote = find_quotes(body).quotes[0]
    assert (quote.mention, quote.cue) == ("Okafor", "said")


def test_relative_pronoun_is_the_mention_and_its_antecedent_the_speaker():
    body = "The bill was backed by Mike Lee, who declared, “It is time to unite the party.”"
    quote = find_quotes(body).quotes[0]
    assert (quote.mention, quote.speaker, quote.cue) == ("who", "Mike Lee", "declared")


def test_byline_after_a_dash():
    body = "“Trump must stop portraying us as gangsters, most of us work hard.” ― Carla Sanchez"
    quote = find_quotes(body).quotes[0]
    assert quote.mention == "Carla Sanchez"


def test_colon_paragraph_introduces_the_next_paragraphs_quote():
    body = "He told his audience, to rowdy applause:\n\n“We will win this state in November.”"
    quote = find_quotes(body).quotes[0]
    assert quote.mention == "He" and quote.cue == "told"


def test_one_no_speaker_warning_for_a_quotation_over_several_paragraphs():
    body = "“First part of a long unattributed statement.\n\n“And its last part here.”"
    scan = find_quotes(body)
    assert len(scan.quotes) == 2
    assert len([w for w in scan.warnings if "no speaker" in w]) == 1


def test_long_affiliation_after_the_name_does_not_lose_the_speaker():
    body = ("Critics said the pledge lacked teeth. \"Voluntary commitments have a way of "
            "evaporating,\" said Dr. Nina Albrecht of the Center for Digital Rights in "
            "Washington.")
    assert find_quotes(body).quotes[0].speaker == "Dr. Nina Albrecht"


def test_of_inside_a_title_is_not_an_affiliation():
    body = "“We will go,” said Secretary of State John Kerry of the United States in Geneva."
    assert find_quotes(body).quotes[0].speaker.startswith("Secretary of State John Kerry")


@pytest.mark.parametrize(("body", "speaker"), [
    ("The union leader backed the deal: “We are happy with it and we will sign it.”",
     "The union leader"),
    ("The new mayor could be blunt: “Nobody here will pay more tax next year.”",
     "The new mayor"),
    ("The final tallies aren’t in: “We expect to win this by a mile or more.”",
     "The final tallies"),
    ("The retired teacher was calm: “We have seen worse floods than this one.”",
     "The retired teacher"),
])
def test_a_sentences_subject_ends_where_its_verb_starts(body, speaker):
    # The subject of a sentence with no cue is a noun phrase: a verb, a modal or "n’t"
    # ends it ("backed", "could", "aren’t"); a participle right after "the" does not.
    (quote,) = find_quotes(body).quotes
    assert quote.speaker == speaker


@pytest.mark.parametrize(("body", "speaker"), [
    # a dateline with an agency ends at its dash
    ("Lisbon (AFP) – Mayor Ana Costa has rejected the plan, saying that “hasty decisions” "
     "would hurt the city.", "Mayor Ana Costa"),
    ("DENVER, May 3 (UPI) — The Colorado Farm Bureau released a statement on Monday, offering "
     "“a full and frank apology” to growers.", "The Colorado Farm Bureau"),
    # "In Ames, Iowa, on Sunday," is one opening phrase before the subject
    ("At a fair in Ames, Iowa, on Sunday, Mayor Tom Reed defended the budget, saying the city "
     "should “hold the line on spending this year.”", "Mayor Tom Reed"),
    # "with X calling it": the name right before the gerund says it
    ("Farmers who back the plan were angry, with Senator Jo Hale calling it a “betrayal of "
     "rural voters.”", "Senator Jo Hale"),
    ("Supporters of the mayor cheered, with Reed reportedly yelling: “We did it, we finally "
     "did it!”", "Reed"),
])
def test_who_says_it_past_datelines_openers_and_with_clauses(body, speaker):
    (quote,) = find_quotes(body).quotes
    assert quote.speaker == speaker


@pytest.mark.parametrize("body", [
    "“We are extremely happy” about the vote, said Ann Vale, director of the Farm Union.",
    "“We are extremely happy” about the vote, said Ann Vale, director of the Farm Union, a "
    "group that has split from the others.",
    "“We are extremely happy” about the vote in May, Ann Vale said, smiling.",
])
def test_a_closing_said_x_may_be_followed_by_an_apposition(body):
    # "…”, said X, a …": the last clause is X's apposition; the clause before it says who
    (quote,) = find_quotes(body).quotes
    assert quote.speaker == "Ann Vale"


def test_phrasal_cues_shot_back_and_fired_back():
    body = ("“Let me finish my answer,” Ann Vale shot back. “You had your turn.”\n\n"
            "“That is simply not true,” Bo Dunn fired back.")
    assert [q.speaker for q in find_quotes(body).quotes] == ["Ann Vale", "Ann Vale", "Bo Dunn"]


# --- where the mention is written (the preview marks it) --------------------------------

def assert_mentions_located(body, scan):
    for q in scan.quotes:
        if q.mention_start is not None:
            assert body[q.mention_start:q.mention_end] == q.mention


def test_the_mention_the_speaker_was_found_by_is_located_in_the_body():
    scan = find_quotes(SEED)
    assert_mentions_located(SEED, scan)
    presidency = quote_with(scan, "The president during the call")
    assert SEED[presidency.mention_end:].startswith(" said in a statement")
    assert presidency.mention_start > presidency.end  # after the quote, not the headline's
    he = quote_with(scan, "concrete actions")
    assert SEED[he.mention_start - 9:he.mention_end] == "in which he"
    concerned, aggressive = quote_with(scan, "seriously"), quote_with(scan, "aggressive")
    assert SEED[concerned.mention_start:].startswith("Putin, for his part")
    assert aggressive.mention_start == concerned.mention_start  # one mention, two quotes


def test_a_mention_after_the_quote_is_the_one_written_after_it():
    body = "Ann Lee spoke first. “We will win,” Ann Lee said."
    [quote] = find_quotes(body).quotes
    assert quote.mention_start == body.rindex("Ann Lee")


def test_a_speaker_carried_from_an_earlier_quote_points_at_that_quotes_mention():
    body = "“We will win,” said Ann Lee.\n\n“And we will win again next year.”"
    first, second = find_quotes(body).quotes
    assert second.speaker == "Ann Lee"
    assert (second.mention_start, second.mention_end) == (first.mention_start, first.mention_end)
    assert body[first.mention_start:first.mention_end] == "Ann Lee"


def test_the_pieces_of_a_quotation_share_the_mention_written_by_its_last_piece():
    body = ("“The first part of a long statement.\n\n"
            "“The second part, which goes on,” the minister said.")
    first, second = find_quotes(body).quotes
    assert first.mention_start == second.mention_start
    assert body[second.mention_start:second.mention_end] == "the minister"


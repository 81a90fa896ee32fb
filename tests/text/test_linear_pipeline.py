"""The text pipeline is linear in the story's size: a story four times as long costs at
most about four times the steps. Steps are counted (Python and C function calls, through
sys.setprofile), not timed, so the test holds on a loaded machine.

Steps and objects are counted in the engine's Python source: compiled (desk.text.native),
it makes no Python calls to count and takes no patches, so where it is compiled these
tests run in a child process on the source (tests/text/test_native.py)."""

import random
import sys

import pytest

from desk import text
from desk.text.ingest import story_from_text
from desk.text.pipeline import build_story

pytestmark = pytest.mark.skipif(
    text.ENGINE.startswith("compiled"),
    reason="the engine is compiled: test_native runs these on its Python source")

WORDS = ("the minister council vote budget plan city road police river school report "
         "market bank rates said told added").split()


def wire_copy(paragraphs: int, seed: int = 7) -> str:
    """Dirty copy with everything the cleaner and the quote finder work on: mojibake,
    straight and curly quotes, speakers, repeated words, datelines, one long blob."""
    pick = random.Random(seed)
    out = ["Council backs plan", "", "PARIS (AFP) - The council met."]
    for n in range(paragraphs):
        words = " ".join(pick.choice(WORDS) for _ in range(pick.randint(12, 30)))
        shape = n % 4
        if shape == 0:
            out.append(f'"{words.capitalize()}," said Anna Berg. The plan donâ€™t work.')
        elif shape == 1:
            out.append(f"\u201c{words.capitalize()},\u201d he said.")
        elif shape == 2:
            out.append(f"Mr Smith added: \"{words.capitalize()}.\"")
        else:
            out.append(words.capitalize() + ". " + words.capitalize() + ".")
        out.append("")
    return "\n".join(out)


def steps(text: str) -> int:
    count = 0

    def tick(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(tick)
    try:
        build_story(story_from_text(text))
    finally:
        sys.setprofile(None)
    return count


def test_four_times_the_copy_costs_at_most_about_four_times_the_steps():
    build_story(story_from_text(wire_copy(50)))  # lazy imports and caches out of the count
    small, large = steps(wire_copy(400)), steps(wire_copy(1600))
    assert large <= 4.6 * small, f"{small} steps for 400 paragraphs, {large} for 1,600"


def test_one_long_paragraph_is_linear_too():
    def blob(paragraphs: int) -> str:
        head, _, body = wire_copy(paragraphs).partition("\n\n")
        return head + "\n\n" + " ".join(body.split("\n"))

    build_story(story_from_text(blob(20)))
    small, large = steps(blob(200)), steps(blob(800))
    assert large <= 4.6 * small, f"{small} steps for 200 sentences' blob, {large} for 800"


def test_the_speaker_finder_keeps_the_tokens_of_the_last_few_sentences_only(monkeypatch):
    """A sentence's tokens are looked at again only by the next few look-ups (at most 21
    later over PolNeAR dev): kept for all of a 5 MB story they are ~200,000 objects that the
    cycle collector walks again and again, which made finding its quotes grow faster than
    the copy."""
    from desk.text import quotes, speakers

    finders = []
    real_init = speakers.SpeakerFinder.__init__

    def remember(self, *args):
        real_init(self, *args)
        finders.append(self)

    monkeypatch.setattr(speakers.SpeakerFinder, "__init__", remember)
    body = build_story(story_from_text(wire_copy(400))).copy.body
    assert len(quotes.find_quotes(body).quotes) > 250
    assert len(finders[-1].token_lists) <= speakers.TOKEN_LISTS_KEPT


def test_finding_quotes_holds_no_attributions_ahead_of_the_quote_at_hand(monkeypatch):
    """Each piece's attributions (and the tokens of their sentences) are worked out when the
    piece is reached and let go once no later piece looks back at them; worked out for a
    whole 5 MB story first, they were ~10 objects a quote, ~200,000 for the cycle collector
    to walk again and again. Counted when the first quote is scored, in a story of 300
    quotes and in one of 1,200."""
    import gc

    from desk.text import quotes, ranker

    at_first_quote: list[int] = []
    real_choose = ranker.Ranker.choose

    def choose(self, candidates):
        if len(at_first_quote) < stories_begun:
            at_first_quote.append(len(gc.get_objects()))
        return real_choose(self, candidates)

    bodies = [build_story(story_from_text(wire_copy(n))).copy.body for n in (400, 1600)]
    assert [len(quotes.find_quotes(body).quotes) for body in bodies] == [300, 1200]
    monkeypatch.setattr(ranker.Ranker, "choose", choose)
    stories_begun = 0
    for body in bodies:
        stories_begun += 1
        quotes.find_quotes(body)
    assert at_first_quote[1] - at_first_quote[0] < 2 * (1200 - 300), at_first_quote


def test_a_quote_in_a_long_paragraph_does_not_copy_the_rest_of_it():
    """Whether a quotation is signed in the next paragraph ("“…”¶- Ann Lee") was asked of a
    copy of the rest of its paragraph: per quote, so a long paragraph of quotes followed by
    another paragraph cost its length squared. Memory shows the copy where counted steps
    cannot (a slice is no call)."""
    import tracemalloc

    from desk.text.quotes import find_quotes

    words = " ".join(["the council met and the plan went on"] * 50_000)  # ~1.9 MB
    body = "Headline\n\n“It works,” she said. " + words + "\n\n- Ann Lee"
    find_quotes("A “b c d,” she said.\n\nEnd")  # lazy imports and caches out of the peak
    tracemalloc.start()
    try:
        find_quotes(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(body) // 20, f"{peak:,} bytes at most for a {len(body):,}-character body"

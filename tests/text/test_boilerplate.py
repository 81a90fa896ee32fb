"""Which lines are not the story: one regex screens every line before the four kinds'
patterns (and their word counts) are tried, so it must let through every line that any
kind's pattern matches."""

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.text import boilerplate

PIECES = ["Previous", "article", "Next", "story", "Read", "more", "read", "also", ":", "»",
          "Related", "articles", "Share", "this", "on", "twitter", "Click", "here",
          "Subscribe", "to", "our", "Follow", "us", "@desk", "Copyright", "©", "(c)", "2024",
          "All", "rights", "reserved", "Advertisement", "Tags", "The", "post", "Title",
          "appeared", "first", "Site", "(Additional", "reporting", "by", "Writing", "Jane",
          "Doe;", "Editing", ")", "said", "the", "minister", "Image", "source", " ", ""]
KINDS = (boilerplate._NAVIGATION, boilerplate._BOILERPLATE, boilerplate._FEED_FOOTER,
         boilerplate._REPORTING)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_the_screen_passes_every_line_a_kind_matches(words):
    line = " ".join(words)
    assert bool(boilerplate._ANY_KIND.match(line)) == any(kind.match(line) for kind in KINDS)


def test_each_kind_passes_the_screen():
    for line, kind in (("Previous article", boilerplate.NAVIGATION),
                       ("Read more: Another story", boilerplate.BOILERPLATE),
                       ("The post Title appeared first on Site.", boilerplate.BOILERPLATE),
                       ("(Reporting by Jane Doe; Editing by John Roe)", boilerplate.REPORTING)):
        assert boilerplate.classify(line) == kind
    assert boilerplate.classify("The minister said the plan would work.") is None

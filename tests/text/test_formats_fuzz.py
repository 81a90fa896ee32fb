"""Whatever bytes arrive under a web page, feed or XML name: stories, or one IngestError
line naming the file; never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.text.ingest import IngestError, read_stories, story_id

TEMPLATES = [
    "<nitf><head><title>{0}</title></head><body><body.content><p>{1}</p></body.content>"
    "</body></nitf>",
    '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{0}"><contentMeta>'
    "<headline>{1}</headline></contentMeta><contentSet><inlineXML><html><p>{0}</p></html>"
    "</inlineXML></contentSet></newsItem>",
    '<rss version="2.0"><channel><title>{0}</title><item><title>{1}</title>'
    "<description>{0}</description></item></channel></rss>",
    "<html><head><title>{0}</title></head><body><article><p>{1}</p></article></body></html>",
]
SUFFIXES = [".xml", ".rss", ".atom", ".html", ".htm"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.tuples(st.sampled_from(TEMPLATES), st.text(max_size=60), st.text(max_size=60)).map(
            lambda t: t[0].format(t[1], t[2]).encode("utf-8", "surrogatepass")),
    ),
    suffix=st.sampled_from(SUFFIXES),
)
def test_any_bytes_give_stories_or_one_ingest_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"story{suffix}"
        path.write_bytes(data)
        problems: list[str] = []
        try:
            stories = read_stories(path, problems.append)
        except IngestError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(f"{path}: ")
        else:
            assert stories
            for raw in stories:
                assert raw.text.strip() and raw.id == story_id(raw.text)
        assert all("\n" not in p and p.startswith(f"{path}: ") for p in problems)

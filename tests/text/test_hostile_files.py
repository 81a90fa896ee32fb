"""Hostile XML and HTML: one clear line each naming the file, nothing expanded or fetched,
no traceback, bounded memory, and the rest of the inbox goes on."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from desk.text import ingest
from desk.text.ingest import IngestError, read_stories

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE nitf [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<{root}><head><title>&lol9;</title></head><body><body.content><p>&lol9;</p></body.content></body></{root}>
"""
PASSWD = """<?xml version="1.0"?>
<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<{root}><body><body.head><hedline><hl1>Leak</hl1></hedline></body.head>
<body.content><p>&xxe;</p></body.content></body></{root}>
"""
NESTED = "<nitf><body><body.content>" + "<block>" * 50_000 + "<p>Deep.</p>" \
    + "</block>" * 50_000 + "</body.content></body></nitf>"
MALFORMED = "<nitf><head><title>Broken</title></head><body><p>Unclosed</body></nitf>"
WRONG_NAMESPACE = ('<newsItem xmlns="http://example.com/not-iptc" guid="x" version="1">'
                   "<contentMeta><headline>H</headline></contentMeta></newsItem>")
GOOD = "Council approves budget\n\nLONDON (Reuters) - The council approved its budget.\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def one_line_problem(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        read_stories(path, lambda problem: pytest.fail(f"entry problem: {problem}"))
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message


@pytest.mark.parametrize("name", ["laughs.xml", "laughs.rss"])
def test_billion_laughs_is_refused_before_any_expansion(tmp_path, name):
    root = "rss" if name.endswith(".rss") else "nitf"
    message = one_line_problem(write(tmp_path, name, LAUGHS.format(root=root)))
    assert "declares entities" in message and "nothing was expanded" in message


@pytest.mark.parametrize(("name", "root"), [("xxe.xml", "nitf"), ("xxe.xml", "newsItem"),
                                            ("xxe.atom", "feed"), ("xxe.json", None)])
def test_an_external_entity_pointing_at_etc_passwd_is_never_read(tmp_path, name, root):
    if root is None:  # a ninjs body holding a NITF document with the entity
        text = json.dumps({"uri": "urn:x", "headlines": [{"value": "H"}], "bodies": [
            {"contenttype": "application/nitf+xml", "value": PASSWD.format(root="nitf")}]})
    else:
        text = PASSWD.format(root=root)
    message = one_line_problem(write(tmp_path, name, text))
    assert "declares entities" in message and "root:" not in message


def test_deeply_nested_xml_is_refused(tmp_path):
    message = one_line_problem(write(tmp_path, "deep.xml", NESTED))
    assert "nested more than" in message


def test_malformed_xml_says_where(tmp_path):
    message = one_line_problem(write(tmp_path, "broken.xml", MALFORMED))
    assert "malformed XML (mismatched tag: line 1" in message


def test_a_news_item_in_a_foreign_namespace_is_refused(tmp_path):
    message = one_line_problem(write(tmp_path, "foreign.xml", WRONG_NAMESPACE))
    assert "not NewsML-G2: <newsItem> in namespace http://example.com/not-iptc" in message


@pytest.mark.parametrize("name", ["huge.xml", "huge.html", "huge.rss"])
def test_a_file_over_5_mb_is_refused_unread(tmp_path, name, monkeypatch):
    path = tmp_path / name
    with open(path, "wb") as handle:
        handle.truncate(ingest.MAX_BYTES + 1)
    monkeypatch.setattr(ingest, "open", lambda *a, **k: pytest.fail("opened"), raising=False)
    assert "file too big (5.0 MB; the limit is 5 MB)" in one_line_problem(path)


def test_fifty_thousand_nested_divs_give_one_line(tmp_path):
    page = ("<html><head><title>Deep</title></head><body>" + "<div>" * 50_000
            + "<p>" + "A paragraph of words said here. " * 20 + "</p>" + "</div>" * 50_000
            + "</body></html>")
    message = one_line_problem(write(tmp_path, "deep.html", page))
    assert "no article text found in the page" in message


def test_scripts_and_styles_never_reach_the_copy(tmp_path):
    page = ("<html><head><title>Safe headline</title><script>alert('head')</script>"
            "<style>p {color: red}</style></head><body><article><h1>Safe headline</h1>"
            + "<p>ROME (Reuters) - The copy is here and it is long enough to be an article "
            "with several sentences in it. More words follow.</p>" * 3
            + "<script>document.write('evil')</script><noscript>Enable JS</noscript>"
            "<p onclick=\"steal()\">Last paragraph.</p></article></body></html>")
    (raw,) = read_stories(write(tmp_path, "scripts.html", page), print)
    assert raw.headline == "Safe headline"
    for bad in ("alert", "evil", "color: red", "Enable JS", "steal", "<"):
        assert bad not in raw.body


def test_a_megabyte_page_reads_whole(tmp_path):
    paragraphs = "".join(f"<p>Paragraph {n}: the minister said the plan would go ahead as "
                         "announced, and more words follow to make it a paragraph.</p>"
                         for n in range(8000))
    page = ("<html><head><title>Long page</title></head><body><article><h1>Long page</h1>"
            + paragraphs + "</article></body></html>")
    assert len(page) > 900_000
    (raw,) = read_stories(write(tmp_path, "long.html", page), print)
    assert raw.format == "html" and raw.body.count("\n\n") == 7999


def test_a_hostile_inbox_gives_one_line_per_file_and_bounded_memory(tmp_path):
    """The whole CLI under a 1.5 GB address-space cap: a billion laughs would need far more."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write(inbox, "a_laughs.xml", LAUGHS.format(root="nitf"))
    write(inbox, "b_passwd.xml", PASSWD.format(root="nitf"))
    write(inbox, "c_deep.xml", NESTED)
    write(inbox, "d_broken.xml", MALFORMED)
    write(inbox, "e_foreign.xml", WRONG_NAMESPACE)
    write(inbox, "f_deep.html", "<div>" * 50_000)
    write(inbox, "g_laughs.rss", LAUGHS.format(root="rss"))
    write(inbox, "z_good.txt", GOOD)
    with open(inbox / "h_huge.xml", "wb") as handle:
        handle.truncate(ingest.MAX_BYTES + 1)

    def cap_memory():
        limit = 1536 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run([sys.executable, "-m", "desk", "inspect", "--json", str(inbox)],
                            capture_output=True, text=True, timeout=120, preexec_fn=cap_memory)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "root:" not in result.stdout + result.stderr
    (story,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert story["headline"] == "Council approves budget"
    lines = result.stderr.splitlines()
    assert len(lines) == 8, result.stderr
    for name in ("a_laughs.xml", "b_passwd.xml", "c_deep.xml", "d_broken.xml", "e_foreign.xml",
                 "f_deep.html", "g_laughs.rss", "h_huge.xml"):
        assert sum(name in line for line in lines) == 1, result.stderr

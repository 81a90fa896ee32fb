"""Ingest: encodings, ninjs, stable ids, and one clear line for every kind of bad file."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.text import ingest
from desk.text.ingest import IngestError, iter_story_files, read_story, story_id

STORY = (
    "Ferry fares frozen for island residents\n\n"
    "OBAN \u2014 Fares will be frozen at \u00a37.50, the operator\u2019s chief, "
    "Andr\u00e9s, said.\n\n"
    "\u201cIt\u2019s a relief,\u201d said a resident.\n"
)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (STORY.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + STORY.encode("utf-8"), "utf-8"),
        (STORY.encode("utf-16"), "utf-16-le"),  # Python writes a BOM
        (b"\xfe\xff" + STORY.encode("utf-16-be"), "utf-16-be"),
        (STORY.encode("utf-16-le"), "utf-16-le"),  # no BOM: told by the NUL pattern
        (STORY.encode("cp1252"), "cp1252"),
        (STORY.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16-no-bom", "cp1252", "crlf"],
)
def test_every_common_encoding_reads_to_the_same_story(tmp_path, data, encoding):
    raw = read_story(write(tmp_path, "story.txt", data))
    assert raw.encoding == encoding
    assert raw.text == STORY.strip()
    assert raw.id == story_id(STORY)
    assert raw.format == "text"


def test_latin1_pound_sign_decodes_as_pound(tmp_path):
    # The BBC corpus's sport/199.txt is Latin-1 with "£15.8m"; this is the same shape.
    data = "Chelsea sack striker\n\nA \u00a315.8m signing from Parma last season.\n"
    raw = read_story(write(tmp_path, "199.txt", data.encode("latin-1")))
    assert "\u00a315.8m" in raw.text
    assert raw.ingest_fixes == ("decoded as cp1252 (the file is not UTF-8)",)


def test_original_keeps_the_decoded_file_text(tmp_path):
    raw = read_story(write(tmp_path, "s.txt", b"Headline  \r\n\r\nBody.\r\n\r\n"))
    assert raw.original == "Headline  \r\n\r\nBody.\r\n\r\n"
    assert raw.text == "Headline\n\nBody."


def test_stray_cp1252_byte_in_utf8_copy(tmp_path):
    data = "Caf\u00e9 \u201cnews\u201d\n\n".encode() + b"It\x92s fine."
    raw = read_story(write(tmp_path, "s.txt", data))
    assert raw.text == "Caf\u00e9 \u201cnews\u201d\n\nIt\u2019s fine."
    assert raw.ingest_fixes == ("decoded stray non-UTF-8 bytes as cp1252",)


def test_other_8bit_encodings_go_to_charset_normalizer(tmp_path):
    text = "Привет мир, как дела? Это тестовый текст новостей. " * 3
    raw = read_story(write(tmp_path, "s.txt", text.encode("cp1251")))
    assert raw.text == text.strip()


# --- ids -------------------------------------------------------------------------------


def test_story_id_is_16_lowercase_hex():
    assert re.fullmatch(r"[0-9a-f]{16}", story_id("Headline\n\nBody"))


def test_story_id_ignores_what_normalisation_removes():
    plain = story_id("Caf\u00e9 headline\n\nBody line.")
    assert story_id("\ufeffCaf\u00e9 headline  \r\n\r\nBody line.\t\r\n\n\n") == plain
    assert story_id("\n\nCafe\u0301 headline\n\nBody line.") == plain  # NFD -> NFC
    assert story_id("Caf\u00e9 headline\n\nBody line!") != plain


def test_same_story_sent_twice_differently_encoded_is_one_id(tmp_path):
    a = read_story(write(tmp_path, "a.txt", STORY.replace("\n", "\r\n").encode("utf-8")))
    b = read_story(write(tmp_path, "b.txt", STORY.encode("cp1252")))
    assert a.id == b.id


# --- ninjs -----------------------------------------------------------------------------


def test_ninjs_1_plain_body(tmp_path):
    item = {
        "uri": "urn:x:1",
        "headline": "Bank holds rates",
        "body_text": "First paragraph.\n\nSecond paragraph.",
        "byline": "Ana Reyes",
        "located": "Lisbon",
    }
    raw = read_story(write(tmp_path, "s.json", json.dumps(item).encode()))
    assert (raw.format, raw.headline, raw.body) == (
        "ninjs", "Bank holds rates", "First paragraph.\n\nSecond paragraph."
    )
    assert (raw.byline, raw.located) == ("Ana Reyes", "Lisbon")
    assert raw.text == "Bank holds rates\n\nFirst paragraph.\n\nSecond paragraph."
    assert raw.id == story_id(raw.text)


def test_ninjs_1_html_body(tmp_path):
    item = {"headline": "H", "body_html": "<p>One &amp; two.</p><script>x()</script><p>Three</p>"}
    raw = read_story(write(tmp_path, "s.json", json.dumps(item).encode()))
    assert raw.body == "One & two.\n\nThree"


def test_ninjs_2_prefers_main_headline_and_plain_body(tmp_path):
    item = {
        "uri": "urn:x:2",
        "headlines": [{"value": "Sub", "role": "sub"}, {"value": "Main one", "role": "main"}],
        "bodies": [
            {"value": "<p>HTML <b>body</b></p>", "contenttype": "text/html"},
            {"value": "Plain body.", "contenttype": "text/plain"},
        ],
        "by": "Fiona Grant",
        "located": "Aberdeen",
    }
    raw = read_story(write(tmp_path, "s.json", json.dumps(item).encode()))
    assert (raw.headline, raw.body, raw.byline) == ("Main one", "Plain body.", "Fiona Grant")


def test_ninjs_2_html_body_becomes_paragraphs(tmp_path):
    item = {
        "uri": "urn:x:3",
        "headlines": [{"value": "Wind farm approved"}],
        "bodies": [
            {"value": "<p>One\n  line.</p><div>Two&#8217;s</div>", "contenttype": "text/html"}
        ],
    }
    raw = read_story(write(tmp_path, "s.json", json.dumps(item).encode("utf-8")))
    assert raw.body == "One line.\n\nTwo\u2019s"


# --- bad files: one line, naming the file and the problem --------------------------------


def assert_one_line_error(path, problem):
    with pytest.raises(IngestError) as caught:
        read_story(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert problem in message
    return message


def test_missing_path(tmp_path):
    assert_one_line_error(tmp_path / "nope.txt", "no such file or folder")


def test_folder_named_like_a_story(tmp_path):
    (tmp_path / "x.txt").mkdir()
    assert_one_line_error(tmp_path / "x.txt", "is a folder")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "only whitespace"),
        (b"Headline\n\x00\x01\x02binary", "binary file (NUL bytes)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (a PDF document)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (a PNG image)"),
        (bytes(range(1, 9)) * 40 + b"some text", "mostly control characters"),
        (bytes(range(0x80, 0x100)) * 4, "cannot decode the text"),
        (b"\xff\xfe\x00\xd8", "cannot decode the text as UTF-16"),
    ],
    ids=["empty", "whitespace", "nul", "pdf", "png", "controls", "undecodable", "bad-utf16"],
)
def test_bad_file_contents(tmp_path, data, problem):
    assert_one_line_error(write(tmp_path, "bad.txt", data), problem)


def test_over_5_mb_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(ingest.MAX_BYTES + 1)  # sparse: no 5 MB written

    def no_reading(*args, **kwargs):
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(ingest, "open", no_reading, raising=False)
    assert_one_line_error(path, "file too big (5.0 MB; the limit is 5 MB)")


def _stat_says(monkeypatch, size: int) -> None:
    """The file's size as stat saw it a moment before it grew."""
    real = Path.stat

    def earlier(self, *args, **kwargs):
        info = real(self, *args, **kwargs)
        return os.stat_result((*info[:6], size, *info[7:]))

    monkeypatch.setattr(Path, "stat", earlier)


def test_a_file_that_grew_since_stat_is_read_whole(tmp_path, monkeypatch):
    path = write(tmp_path, "growing.txt", STORY.encode())
    _stat_says(monkeypatch, 10)
    assert read_story(path).original == STORY


def test_a_file_that_grew_past_the_limit_since_stat_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    with open(path, "wb") as handle:
        handle.truncate(ingest.MAX_BYTES + 10)
    _stat_says(monkeypatch, 10)
    assert_one_line_error(path, "file too big (the limit is 5 MB)")


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", b"Headline\n\nBody.")

    def denied(*args, **kwargs):  # root ignores chmod, so simulate the refusal
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "open", denied, raising=False)
    assert_one_line_error(path, "cannot read the file (permission denied)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_not_opened(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert_one_line_error(path, "not a regular file")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"headline": "H",', "invalid JSON (line 1, column 18"),
        ("[1, 2]", "not a ninjs story (expected an object)"),
        ('{"uri": "urn:x", "type": "text"}', "no headline and no body"),
        ('{"headline": 3, "body_text": "b"}', "`headline` should be text"),
        ('{"headlines": "H", "bodies": []}', "`headlines` should be a list"),
    ],
    ids=["invalid", "list", "no-content", "bad-type", "bad-headlines"],
)
def test_bad_json(tmp_path, text, problem):
    assert_one_line_error(write(tmp_path, "bad.json", text.encode()), problem)


def test_a_lone_surrogate_escaped_in_json_becomes_a_replacement_character(tmp_path):
    data = b'{"headline": "Bad \\udc9b head", "body_text": "B."}'
    raw = read_story(write(tmp_path, "s.json", data))
    assert raw.headline == "Bad \ufffd head"
    assert raw.id == story_id(raw.text)


def test_error_line_never_spans_lines(tmp_path):
    with pytest.raises(IngestError) as caught:
        read_story(tmp_path / "odd\nname.txt")
    assert str(caught.value) == f"{tmp_path}/odd\\nname.txt: no such file or folder"


@settings(max_examples=200, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(["headline", "headlines", "bodies", "body_html",
                                               "body_text", "value", "located", "by"]), inner,
                              max_size=4),
            max_leaves=10,
        ).map(lambda item: json.dumps(item).encode()),
    ),
    suffix=st.sampled_from([".txt", ".json"]),
)
def test_any_bytes_give_a_story_or_one_ingest_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"story{suffix}"
        path.write_bytes(data)
        try:
            raw = read_story(path)
        except IngestError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(f"{path}: ")
        else:
            assert raw.text.strip() and raw.id == story_id(raw.text)


# --- finding story files ---------------------------------------------------------------


def test_iter_story_files_walks_folders_sorted_and_skips_hidden(tmp_path):
    for name in ["b.txt", "a.json", "notes.md", ".hidden.txt", "sub/c.txt", ".git/d.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("H\n\nB")
    (tmp_path / "folder.txt").mkdir()
    errors = []
    found = list(iter_story_files([tmp_path], errors.append))
    names = [p.relative_to(tmp_path).as_posix() for p in found]
    assert names == ["a.json", "b.txt", "folder.txt", "sub/c.txt"]
    assert errors == []
    with pytest.raises(IngestError, match="is a folder"):
        read_story(tmp_path / "folder.txt")


def test_iter_story_files_reports_missing_and_keeps_going(tmp_path):
    (tmp_path / "a.txt").write_text("H\n\nB")
    (tmp_path / "notes.md").write_text("H\n\nB")
    errors = []
    found = list(
        iter_story_files(
            [tmp_path / "gone", tmp_path / "notes.md", tmp_path, tmp_path / "a.txt"],
            errors.append,
        )
    )
    assert errors == [f"{tmp_path / 'gone'}: no such file or folder"]
    # A file named on purpose is read whatever its suffix; each file comes once.
    assert found == [tmp_path / "notes.md", tmp_path / "a.txt"]


def test_iter_story_files_reports_a_name_too_long_in_one_line(tmp_path):
    errors = []
    too_long = tmp_path / ("a" * 5000)
    assert list(iter_story_files([too_long, tmp_path], errors.append)) == []
    assert errors == [f"{too_long}: cannot open (file name too long)"]


def test_short_copy_dense_with_terminal_codes_is_text_not_binary(tmp_path):
    path = write(tmp_path, "esc.txt",
                 b"\x1b[31m[bold]Red[/bold]\x1b[0m headline\x07\n\nBody \x1b[2Jtext here.\n")
    raw = read_story(path)
    assert "\x1b" in raw.original  # the original keeps what arrived; clean removes it

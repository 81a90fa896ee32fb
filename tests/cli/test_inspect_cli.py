"""`desk inspect`: JSON lines, Rich rendering, bad files as one line each, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

STORIES = Path(__file__).resolve().parents[2] / "stories"
SEED = STORIES / "000_132f97d57f8e284e.txt"
FIELDS = {"id", "source", "format", "headline", "dateline", "credit", "body", "paragraphs",
          "word_count", "quotes", "fixes", "warnings", "tags",
          "byline", "guid", "version", "urgency", "update", "slugline", "published", "site"}


def desk(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "desk", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_json_line_per_story_with_every_field():
    result = desk("inspect", "--json", str(SEED))
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    story = json.loads(line)
    assert set(story) == FIELDS
    assert story["source"] == str(SEED)
    assert story["body"] == "\n\n".join(story["paragraphs"])
    assert {"text", "start", "end", "speaker", "mention", "cue", "confidence",
            "mention_start", "mention_end"} == set(story["quotes"][0])
    assert 0 < story["quotes"][0]["confidence"] <= 1
    for quote in story["quotes"]:
        assert story["body"][quote["start"]:quote["end"]] == quote["text"]
        # where the mention the speaker was found by is written
        assert story["body"][quote["mention_start"]:quote["mention_end"]] == quote["mention"]


def test_sample_inbox_reads_cleanly():
    result = desk("inspect", "--json", str(STORIES))
    assert result.returncode == 0
    assert result.stderr == ""
    stories = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(stories) >= 16
    assert {s["format"] for s in stories} >= {"text", "ninjs", "html", "rss", "atom", "rdf",
                                              "nitf", "newsml"}
    assert all(s["headline"] and s["body"] for s in stories)


def test_bad_files_get_one_line_each_and_the_rest_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nBody text said here.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    result = desk("inspect", "--json", str(tmp_path), str(tmp_path / "missing.txt"))
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    errors = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    for name in ("empty.txt", "binary.txt", "folder.txt", "broken.json", "missing.txt"):
        assert sum(name in line for line in errors) == 1, result.stderr
    assert len(errors) == 5


def test_a_file_name_with_an_escape_and_a_non_utf8_byte_is_shown_escaped(tmp_path):
    name = b"we\x1b[31mird\x9b.txt"
    story = tmp_path / name.decode("utf-8", "surrogateescape")
    story.write_text("Headline\n\nBody text.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}  # a UTF-8 terminal
    for flags in ([], ["--json"]):
        result = subprocess.run([sys.executable, "-m", "desk", "inspect", *flags, str(tmp_path)],
                                capture_output=True, text=True, timeout=120, env=env)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert "\x1b" not in result.stdout and "Headline" in result.stdout


def test_exit_1_when_nothing_read_and_2_on_usage_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert desk("inspect", str(tmp_path)).returncode == 1
    assert desk("inspect").returncode == 2


def test_rich_rendering_shows_quotes_speakers_and_literal_markup(tmp_path):
    story = tmp_path / "markup.txt"
    story.write_text(
        "[REPORT] [bold]Markets[/bold] fall\n\n"
        "PARIS (AFP) - Shares fell on Monday. “We are worried,” said trader Anne Roux.\n",
        encoding="utf-8",
    )
    result = desk("inspect", str(story), str(SEED))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[REPORT] [bold]Markets[/bold] fall" in out
    assert "seriously concerned" in out and "Putin›" in out
    assert "Erdogan seeks Putin to help contain Idlib violence" in out


def test_sample_inbox_covers_the_quote_patterns_the_desk_must_handle():
    result = desk("inspect", "--json", str(STORIES))
    quotes = [(story, q) for story in map(json.loads, result.stdout.splitlines())
              for q in story["quotes"]]
    cues = {q["cue"] for _story, q in quotes}
    assert "according to" in cues
    assert any(q["mention"].lower() in ("he", "she", "they") and q["speaker"] != q["mention"]
               for _story, q in quotes if q["mention"]), "a pronoun speaker resolved"
    assert any("‘" in q["text"] for _story, q in quotes), "a nested quote"
    assert any(story["body"][q["end"]:q["end"] + 3] == "\n\n“" for story, q in quotes), \
        "a quote running over paragraphs (no closing mark before the next opening one)"
    warned = [story for story, _q in quotes if any("unbalanced" in w for w in story["warnings"])]
    assert warned, "an unbalanced quotation mark"


def test_the_seed_as_a_web_page_inspects_to_the_seeds_paragraphs():
    page, seed = (json.loads(desk("inspect", "--json", str(path)).stdout) for path in (
        STORIES / "020_seed_as_web_page_idlib.html", SEED))
    assert page["format"] == "html" and seed["format"] == "text"
    for field in ("headline", "dateline", "credit", "paragraphs", "quotes"):
        assert page[field] == seed[field], field
    assert (page["site"], page["byline"]) == ("The Gulf Today Herald", "AFP")
    assert "Previous article" not in page["body"] and "LEAVE A REPLY" not in page["body"]


def test_a_feed_inspects_to_one_line_per_entry_with_its_guid():
    result = desk("inspect", "--json", str(STORIES / "021_rss_harbour_city_news.rss"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["guid"] for e in entries] == [
        f"https://news.harbourcity.example/?p={n}" for n in (48211, 48190, 48177)]
    assert all(e["format"] == "rss" and e["byline"] and e["quotes"] for e in entries)


def test_rich_output_names_each_storys_format():
    result = desk("inspect", str(STORIES / "024_nitf_ap_wildfire.xml"),
                  str(STORIES / "022_atom_science_wire.atom"))
    assert result.returncode == 0, result.stderr
    assert "format nitf \u00b7 byline By MARIA DELGADO" in result.stdout
    assert "urgency 2 \u00b7 slugline Wildfire-Hillside Towns" in result.stdout
    assert result.stdout.count("format atom") == 2


def test_an_entry_with_nothing_to_read_is_one_line_and_the_rest_goes_on(tmp_path):
    (tmp_path / "feed.rss").write_text(
        '<rss version="2.0"><channel><title>F</title>'
        "<item><title>Kept</title><guid>g1</guid><description>Body one.</description></item>"
        "<item><guid>g2</guid></item></channel></rss>", encoding="utf-8")
    (tmp_path / "pic.json").write_text('{"uri": "urn:p", "type": "picture"}', encoding="utf-8")
    result = desk("inspect", "--json", str(tmp_path))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert [json.loads(line)["headline"] for line in result.stdout.splitlines()] == ["Kept"]
    assert result.stderr.splitlines() == [
        f"desk: {tmp_path / 'feed.rss'}: entry 2 (g2): no title and no text; skipped",
        f"desk: {tmp_path / 'pic.json'}: a picture item, no story text: skipped",
    ]


def test_the_cycle_collector_rests_while_a_file_is_read_and_shown(monkeypatch, capsys,
                                                                  tmp_path):
    """A big story allocates millions of objects that reference counting frees: the cycle
    collector would walk them over and over (~8% of `desk inspect` on a 5 MB story). It is
    off from the start (the pipeline's imports too) while each file is read and shown, and
    on again after, even past a bad file."""
    import gc

    from desk.cli.main import main
    from desk.text import pipeline

    seen = []
    real = pipeline.load_stories

    def load_stories(path, report):
        seen.append(gc.isenabled())
        return real(path, report)

    monkeypatch.setattr(pipeline, "load_stories", load_stories)
    (tmp_path / "empty.txt").write_bytes(b"")
    assert gc.isenabled()
    assert main(["inspect", str(tmp_path / "empty.txt"), str(SEED)]) == 0
    assert gc.isenabled()
    assert seen == [False, False]
    assert "empty.txt" in capsys.readouterr().err


def test_a_huge_storys_mojibake_lines_go_to_the_map_over_two_processes(monkeypatch, capsys,
                                                                       tmp_path):
    """ftfy is a fifth of `desk inspect` on a 5 MB story with mojibake: its lines are spread
    over two processes (desk.spread.map_in_two), with the same copy as fixed in one."""
    from desk import spread
    from desk.cli.main import main
    from desk.text import fixes

    spreads = []
    real = spread.map_in_two

    def map_in_two(function, items):
        spreads.append(len(items))
        return real(function, items)

    monkeypatch.setattr(spread, "map_in_two", map_in_two)
    story = tmp_path / "huge.txt"
    story.write_text("Huge\n\n" + "".join(f"Line {n} donâ€™t stop.\n\n"
                                            for n in range(fixes.SPREAD_FROM)))
    assert main(["inspect", "--json", str(story)]) == 0
    spread_out = capsys.readouterr().out
    assert spreads == [fixes.SPREAD_FROM] and fixes._spread is None
    monkeypatch.setattr(fixes, "SPREAD_FROM", 10 ** 9)  # fixed in this process alone
    assert main(["inspect", "--json", str(story)]) == 0
    assert capsys.readouterr().out == spread_out and "don’t stop" in spread_out


def test_inspect_answers_first_names_from_the_kept_table(tmp_path, monkeypatch):
    """`desk inspect` reads gender-guesser's answers kept in the user's cache folder (~15 ms)
    instead of parsing its data (~0.1 s): made by the first run, read by the next."""
    from desk.first_names import first_names_kept

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kept = first_names_kept()
    run = [sys.executable, "-m", "desk", "inspect", "--json", str(SEED)]
    first = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0 and kept.is_file()
    made = kept.stat()
    second = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert second.stdout == first.stdout
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)

"""Issue 8, point 6 from the shell: no escape code given in a headline reaches `desk list`,
`desk history` or an exported file; markup is shown, refused, and never slugged."""

from __future__ import annotations

import json

from desk.store import open_store

EVIL = "\x1b]0;PWNED\x07\x1b[2J Evil"
MARKUP_STORY = """[bold]Markets[/bold] rally as oil slips [red]below $70[/red]

LONDON (Reuters) - Shares rose on Tuesday as the price of oil fell below $70 a barrel.
"""
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x00")


def _clean(text: str) -> bool:
    return not any(char in text for char in RAW_CONTROLS)


def test_an_escape_headline_is_never_listed_or_exported(store, store_path, new_story,
                                                        desk_cli, tmp_path):
    story = new_story(1)
    store.add_stories([story])
    approve = desk_cli(store_path, "approve", story.id, "--headline", EVIL)
    assert approve.returncode == 0, approve.stderr
    for args in (["list"], ["list", "--json"], ["history", story.id],
                 ["history", story.id, "--json"]):
        result = desk_cli(store_path, *args)
        assert result.returncode == 0 and _clean(result.stdout), (args, result.stdout)
    listed = desk_cli(store_path, "list").stdout
    assert "Evil" in listed and "! removed 2 terminal escape codes" in listed
    out = tmp_path / "out"
    assert desk_cli(store_path, "export", "--out", str(out)).returncode == 0
    files = sorted(out.glob("*.*"))
    assert [f.suffix for f in files] == [".json", ".md", ".txt"]
    for path in files:
        assert _clean(path.read_text(encoding="utf-8")), path
    assert json.loads((out / files[0].name).read_text())["headlines"][0]["value"] == "Evil"


def test_a_record_stored_before_cleaning_is_listed_and_exported_clean(store, store_path,
                                                                     new_story, desk_cli,
                                                                     tmp_path):
    story = new_story(1, headline="Old \x9b2J headline \x1b[31mred")
    store.add_stories([story])
    store.approve(story.id)  # the ingested headline is taken as the pipeline gave it
    listed = desk_cli(store_path, "list")
    assert _clean(listed.stdout) and "\\x9b" in listed.stdout
    assert _clean(desk_cli(store_path, "list", "--json").stdout)
    out = tmp_path / "out"
    desk_cli(store_path, "export", "--out", str(out))
    assert all(_clean(path.read_text(encoding="utf-8")) for path in out.glob("*.*"))


def test_markup_in_a_headline_is_shown_refused_and_forced_without_slugging_it(
        store_path, desk_cli, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "markets.txt").write_text(MARKUP_STORY, encoding="utf-8")
    assert desk_cli(store_path, "ingest", str(inbox)).returncode == 0
    [row] = open_store(store_path).records()
    listed = desk_cli(store_path, "list").stdout
    assert "! markup-like tags left in: [bold], [/bold], [red], [/red]" in listed
    refused = desk_cli(store_path, "approve", row["id"])
    assert refused.returncode == 1 and "markup-like tags" in refused.stderr
    assert refused.stderr.count("\n") == 1
    forced = desk_cli(store_path, "approve", row["id"], "--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.strip().endswith("-markets-rally-as-oil-slips-below-70")

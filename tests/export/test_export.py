"""Export: Markdown front matter, ninjs shape, plain text, no clobbering, status."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.export.exporter import export_stories
from desk.export.formats import owner_of, yaml_str

TRICKY = 'Putin: “No deal” – #1 \\ "yes" [bold]x[/bold] 🙂'


@pytest.fixture
def approved(store, new_story):
    story = new_story(1, headline=TRICKY.replace('"yes" ', ""))
    store.add_stories([story, new_story(2)])
    store.approve(story.id, tags=["turkey", "syria"], force=True)
    return store.get(story.id)


def _yaml():
    """PyYAML parses the front matter as a site generator would (test extra: pyyaml)."""
    return pytest.importorskip("yaml")


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return _yaml().safe_load(text[4:text.index("\n---\n", 4)])


@pytest.mark.parametrize("value", [
    TRICKY, "", "line\nbreak\ttab", "null", "yes", "- dash", "a: b", "\u2028sep\x85\x07",
    "'single' and \"double\"", "\ufeffbom",
])
def test_yaml_str_round_trips(value):
    assert _yaml().safe_load(f"v: {yaml_str(value)}") == {"v": value}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_yaml_str_round_trips_any_text(value):
    assert _yaml().safe_load(f"v: {yaml_str(value)}") == {"v": value}


def test_markdown_front_matter_parses(store, approved, tmp_path):
    summary = export_stories(store, tmp_path / "out", formats=["md"])
    path = tmp_path / "out" / f"{approved['filename']}.md"
    assert summary.written == [path]
    text = path.read_text(encoding="utf-8")
    meta = front_matter(text)
    assert meta == {
        "id": approved["id"], "title": approved["headline"], "slug": approved["slug"],
        "date": approved["approved"]["approved_at"], "dateline": "ANKARA", "credit": "AFP",
        "tags": ["turkey", "syria"],
        "quotes": [{"text": "We are seriously concerned,", "speaker": "Putin"}],
    }
    body = text[text.index("\n---\n", 4) + 5:]
    assert "Officials said on day 1" in body
    assert "\\[bold\\]" in body  # story text stays text, not markup


def test_ninjs_shape(store, approved, tmp_path):
    export_stories(store, tmp_path, formats=["json"])
    item = json.loads((tmp_path / f"{approved['filename']}.json").read_text(encoding="utf-8"))
    assert item["uri"] == f"urn:desk:story:{approved['id']}"
    assert item["standard"]["name"] == "ninjs" and item["standard"]["version"].startswith("2.")
    assert item["headlines"] == [{"role": "main", "contenttype": "text/plain",
                                  "value": approved["headline"]}]
    assert item["bodies"][0]["value"] == approved["approved"]["body"]
    assert item["bodies"][0]["contenttype"] == "text/plain"
    assert item["slugline"] == approved["slug"]
    assert item["located"] == "ANKARA"
    assert item["by"] == "AFP" and item["infosources"] == [{"name": "AFP", "role": "source"}]
    assert [s["name"] for s in item["subjects"]] == ["turkey", "syria"]
    assert item["versioncreated"] == approved["approved"]["approved_at"]
    assert item["language"] == "en" and item["type"] == "text"


def test_plain_text(store, approved, tmp_path):
    export_stories(store, tmp_path, formats=["txt"])
    text = (tmp_path / f"{approved['filename']}.txt").read_text(encoding="utf-8")
    assert text.startswith(approved["headline"] + "\nANKARA (AFP)\n\n")
    assert approved["approved"]["body"] in text
    assert owner_of(text, "txt") == approved["id"]


def test_export_marks_exported_and_can_export_again(store, approved, tmp_path):
    out = tmp_path / "out"
    first = export_stories(store, out)
    assert len(first.written) == 3 and first.skipped == [] and first.stories == [approved["id"]]
    assert store.get(approved["id"])["status"] == "exported"
    assert store.history(approved["id"])[-1]["new"] == "exported"
    again = export_stories(store, out)
    assert len(again.written) == 3 and again.skipped == []
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{approved['filename']}.{ext}" for ext in ("md", "json", "txt"))


def test_never_clobbers_another_file(store, approved, tmp_path):
    foreign = tmp_path / f"{approved['filename']}.md"
    foreign.write_text("my own notes\n", encoding="utf-8")
    summary = export_stories(store, tmp_path)
    assert foreign.read_text(encoding="utf-8") == "my own notes\n"
    assert summary.skipped == [f"{foreign}: belongs to a file the desk did not write; "
                               "not overwritten"]
    assert len(summary.written) == 2
    assert store.get(approved["id"])["status"] == "approved"  # not every format written


def test_never_clobbers_another_storys_export(store, approved, new_story, tmp_path):
    other = new_story(7, headline="Another story")
    store.add_stories([other])
    store.approve(other.id)
    export_stories(store, tmp_path, ids=[other.id])
    theirs = tmp_path / f"{store.get(other.id)['filename']}.json"
    mine = tmp_path / f"{approved['filename']}.json"
    mine.write_bytes(theirs.read_bytes())  # another story's export sitting at our name
    summary = export_stories(store, tmp_path, ids=[approved["id"]], formats=["json"])
    assert summary.skipped == [f"{mine}: belongs to story {other.id}; not overwritten"]
    assert mine.read_bytes() == theirs.read_bytes()


def test_unapproved_stories_are_skipped(store, approved, new_story, tmp_path):
    summary = export_stories(store, tmp_path, ids=[new_story(2).id])
    assert summary.written == [] and "not approved" in summary.skipped[0]
    assert summary.line() == "exported 0 stories: wrote 0 files, skipped 1"

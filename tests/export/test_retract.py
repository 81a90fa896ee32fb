"""Issue 8, point 7: an export folder holds at most one live version of a story; a
retraction moves the files aside and leaves a ninjs kill notice; no temp file is ever left
where a pickup job could read it."""

from __future__ import annotations

import json

import pytest
from test_ninjs_schema import problems

from desk.export import export_stories, retract_withdrawn
from desk.export.formats import owner_of


@pytest.fixture
def exported(store, new_story, tmp_path):
    """Story 1, approved and exported: (export folder, story, its filename)."""
    out = tmp_path / "out"
    story = new_story(1)
    store.add_stories([story])
    name = store.approve(story.id)["filename"]
    export_stories(store, out)
    return out, story, name


def live_files(out, story_id) -> dict[str, str]:
    """The story's files a pickup job would read, by name: a version or a kill notice."""
    found = {}
    for path in out.iterdir():
        if path.is_file() and not path.name.startswith("."):
            text = path.read_text(encoding="utf-8")
            if owner_of(text, path.suffix[1:]) == story_id:
                kind = "kill" if path.suffix == ".json" and \
                    json.loads(text)["pubstatus"] == "canceled" else "live"
                found[path.name] = kind
    return found


def test_undo_then_a_new_approval_leaves_one_live_version(store, exported):
    out, story, old = exported
    store.undo(story.id)  # the approval is taken back
    new = store.approve(story.id, headline="A corrected headline")["filename"]
    assert new != old
    summary = export_stories(store, out)
    assert summary.retracted == [story.id]
    assert live_files(out, story.id) == {
        f"{new}.md": "live", f"{new}.json": "live", f"{new}.txt": "live",
        f"{old}.json": "kill"}
    assert sorted(p.name for p in (out / ".retracted").iterdir()) == \
        sorted(f"{old}.r5.{fmt}" for fmt in ("md", "json", "txt"))
    assert store.get(story.id)["published"] == {
        str(out.resolve()): {"filename": new, "formats": ["json", "md", "txt"],
                             "approved_at": "2026-03-14T09:30:00+01:00"}}


def test_a_spike_retracts_and_unspike_never_brings_back_exported(store, exported):
    out, story, name = exported
    store.spike(story.id)
    summary = retract_withdrawn(store)
    assert summary.retracted == [story.id] and len(summary.moved) == 3
    assert live_files(out, story.id) == {f"{name}.json": "kill"}
    kill = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert problems(kill) == []
    assert (kill["uri"], kill["pubstatus"]) == (f"urn:desk:story:{story.id}", "canceled")
    assert int(kill["version"]) > 3
    assert retract_withdrawn(store).retracted == []  # done once
    assert store.unspike(story.id)["status"] == "approved"
    export_stories(store, out)  # the same approval again replaces the kill notice
    assert live_files(out, story.id) == {f"{name}.{fmt}": "live" for fmt in ("md", "json", "txt")}


def test_undoing_a_spike_after_the_retraction_gives_approved(store, exported):
    _, story, _ = exported
    store.spike(story.id)
    retract_withdrawn(store)
    assert store.undo(story.id)["status"] == "approved"


def test_a_new_approval_replaces_the_files_under_the_same_filename(store, exported):
    out, story, name = exported
    store.set_headline(story.id, "A better headline")  # reopens; the export stays live
    assert retract_withdrawn(store).retracted == []
    assert store.approve(story.id)["filename"] == name
    summary = export_stories(store, out)
    assert summary.retracted == [] and not (out / ".retracted").exists()
    assert "A better headline" in (out / f"{name}.md").read_text(encoding="utf-8")
    assert live_files(out, story.id) == {f"{name}.{fmt}": "live" for fmt in ("md", "json", "txt")}


def test_a_format_left_out_of_an_export_is_not_left_live(store, exported):
    out, story, name = exported
    store.approve(story.id, headline="Second version")
    export_stories(store, out, formats=["md"])
    assert live_files(out, story.id) == {f"{name}.md": "live"}


def test_no_temp_file_is_left_in_the_export_folder(store, new_story, tmp_path):
    out = tmp_path / "out"
    stories = [new_story(n) for n in range(3)]
    store.add_stories(stories)
    for story in stories:
        store.approve(story.id)
    export_stories(store, out)
    store.spike(stories[0].id)
    export_stories(store, out)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".retracted"]
    assert not list(out.rglob("*.tmp"))

"""The store's CLI commands, run in-process through desk.cli.main.main."""

from __future__ import annotations

import json

import pytest

from desk.cli.main import main
from desk.store.store import Store

SEED_LIKE = """Storm closes ports along the coast

LISBON (Reuters) - Ports along the coast were closed on Tuesday as a storm moved in.

"We have never seen waves like this," harbour master Ana Costa said.
"""


@pytest.fixture
def desk_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DESK_STORE", raising=False)
    monkeypatch.delenv("DESK_EXPORT", raising=False)
    monkeypatch.delenv("DESK_INBOX", raising=False)
    return tmp_path


@pytest.fixture
def filled(desk_dir, new_story):
    store = Store(desk_dir / "desk.json")
    stories = [new_story(n) for n in range(4)]
    store.add_stories(stories)
    return store, stories


def test_ingest_counts_and_adds_only_new(desk_dir, capsys):
    inbox = desk_dir / "stories"
    inbox.mkdir()
    (inbox / "a.txt").write_text(SEED_LIKE, encoding="utf-8")
    (inbox / "b.txt").write_text(SEED_LIKE.replace("Tuesday", "Wednesday"), encoding="utf-8")
    (inbox / "bad.txt").write_bytes(b"\x00\x01\x02\xff")
    assert main(["ingest"]) == 0
    out, err = capsys.readouterr()
    # b.txt is a.txt with one word changed: a new version of its story, not a new story.
    assert "ingested 1 new stories from 3 files" in out and "1 bad files" in out
    assert "1 updated" in out and "b.txt: a new version of story" in out
    assert len(err.strip().splitlines()) == 1 and "bad.txt" in err
    assert main(["ingest"]) == 0
    again = capsys.readouterr().out
    assert "ingested 0 new stories" in again and "0 updated" in again
    assert (inbox / "a.txt").read_text(encoding="utf-8") == SEED_LIKE  # inbox untouched


def test_list_json_has_the_scripting_fields(filled, capsys):
    store, stories = filled
    assert main(["list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 4
    for row in rows:
        assert {"id", "status", "headline", "tags", "slug", "filename", "revision",
                "source"} <= set(row)
    assert main(["approve", stories[0].id[:8]]) == 0
    capsys.readouterr()
    assert main(["list", "--status", "approved", "--json"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["id"] == stories[0].id and row["filename"].endswith("story-number-0-makes-news")


def test_list_table(filled, capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ID") and len(out) == 5


def test_approve_prints_one_line_per_story(filled, capsys):
    store, stories = filled
    code = main(["approve", stories[0].id[:6], stories[1].id, "--tags", "a,b"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out == [f"approved {s.id} -> {store.get(s.id)['filename']}" for s in stories[:2]]
    assert store.get(stories[0].id)["approved"]["tags"] == ["a", "b"]


def test_approve_reports_each_failure_on_one_line(filled, capsys):
    store, stories = filled
    code = main(["approve", "zzzzzz", "abc", "0000000000", stories[2].id,
                 "--headline", "x" * 70])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 4
    assert "not a story id" in lines[0] and "no story" in lines[2]
    assert "over the limit of 64" in lines[3]


def test_approve_expect_revision_conflict(filled, capsys):
    store, stories = filled
    sid = stories[0].id
    assert main(["approve", sid, "--expect-revision", "1"]) == 0
    assert main(["approve", sid, "--expect-revision", "1", "--headline", "Other"]) == 1
    err = capsys.readouterr().err
    assert "conflict" in err and err.count("\n") == 1


def test_headline_limit_from_desk_toml(filled, desk_dir, capsys):
    store, stories = filled
    (desk_dir / "desk.toml").write_text("[desk]\nheadline_limit = 10\n", encoding="utf-8")
    assert main(["approve", stories[0].id]) == 1
    assert "limit of 10" in capsys.readouterr().err


def test_store_location_from_flag_and_environment(desk_dir, new_story, monkeypatch, capsys):
    elsewhere = desk_dir / "sub" / "other.json"
    elsewhere.parent.mkdir()
    Store(elsewhere).add_stories([new_story(1)])
    assert main(["list", "--json", "--store", str(elsewhere)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    monkeypatch.setenv("DESK_STORE", str(elsewhere))
    assert main(["list", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert not (desk_dir / "desk.json").exists()


def test_spike_unspike_history(filled, capsys):
    store, stories = filled
    sid = stories[0].id
    assert main(["spike", sid[:7]]) == 0
    assert main(["unspike", sid[:7]]) == 0
    assert main(["unspike", sid[:7]]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"spiked {sid} -> spiked", f"unspiked {sid} -> new"]
    assert "not spiked" in err
    assert main(["history", sid[:6]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5 and 'status: "new" -> "spiked"' in lines[1]
    assert main(["history", sid, "--json"]) == 0
    entries = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"at", "user", "field", "old", "new", "revision"} <= set(entries[0])


def test_export_command(filled, desk_dir, capsys):
    store, stories = filled
    main(["approve", stories[0].id, stories[1].id])
    capsys.readouterr()
    assert main(["export", "--format", "md", "--format", "json"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "exported 2 stories: wrote 4 files, skipped 0"
    assert len(list((desk_dir / "approved").iterdir())) == 4
    assert main(["export", stories[2].id, "--out", str(desk_dir / "x")]) == 1
    assert "not approved" in capsys.readouterr().err
    assert main(["list", "--status", "exported", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_a_failed_store_write_is_one_line_not_a_traceback(filled, desk_dir, monkeypatch,
                                                           capsys):
    import desk.store.files as store_files

    store, stories = filled
    main(["approve", stories[0].id])
    inbox = desk_dir / "stories"
    inbox.mkdir()
    (inbox / "a.txt").write_text(SEED_LIKE, encoding="utf-8")
    capsys.readouterr()

    def disk_full(path, *args, **kwargs):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(store_files, "atomic_write", disk_full)
    assert main(["ingest"]) == 2
    assert main(["export"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("No space left on device" in line for line in err)


def test_a_store_failure_in_any_command_is_one_line(filled, desk_dir, capsys):
    store, _stories = filled
    part = next(store.parts_dir.iterdir())
    part.write_text('{"stories": {', encoding="utf-8")
    assert main(["list"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"desk: {part.relative_to(desk_dir)}: truncated")

"""Each way a version arrives at the inbox, and exact copies: desk.inbox with desk.arrivals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk import inbox
from desk.arrivals import cache_path
from desk.store import Store

QUAKE = """Strong quake shakes southern Peru, no damage reported

LIMA, June 9 (Reuters) - A magnitude 6.4 earthquake struck southern Peru on Sunday, shaking \
buildings in the city of Arequipa, but there were no immediate reports of damage or \
casualties, authorities said.

The quake hit at a depth of 70 kilometres, according to the country's geophysical \
institute, which put the epicentre in the mountains north of the city.

"We felt it strongly, the lamps were swinging, but everyone is fine," said Arequipa \
resident Carmen Quispe, speaking by telephone from her shop near the main square.
"""
HARBOUR = """Harbour strike ends after pay deal

OSLO (AP) - Dock workers in Oslo returned to work on Tuesday after unions accepted a pay \
offer that ends a two-week strike at the city's harbour, the port authority said.
"""


def ingest(store: Store, *paths: Path) -> list[inbox.Batch]:
    problems: list[str] = []
    batches = list(inbox.ingest(store, list(paths), problems.append))
    assert problems == []
    return batches


def put(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def only_record(store: Store) -> dict:
    [row] = store.records()
    return store.get(row["id"])


def test_a_near_copy_is_a_new_version_of_the_story(tmp_path):
    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", QUAKE))
    batches = ingest(store, put(tmp_path, "b.txt", QUAKE.replace("Sunday", "Saturday")))
    record = only_record(store)
    assert record["versions"] == 2 and record["updated"] is True
    assert record["arrived_as"] == "near copy"
    assert record["version_source"].endswith("b.txt") and record["source"].endswith("a.txt")
    assert "Saturday" in record["copy"]["paragraphs"][0]
    [earlier] = record["earlier"]
    assert "Sunday" in earlier["copy"]["paragraphs"][0] and earlier["arrived_as"] == "first"
    assert [each.line() for each in batches[0].revised] == [
        f"{tmp_path / 'b.txt'}: a new version of story {record['id']} (near copy)"]


def test_an_update_wire_is_a_version_that_says_so(tmp_path):
    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", QUAKE))
    update = "UPDATE 1-" + QUAKE + "\nThe civil defence agency said roads were open.\n"
    ingest(store, put(tmp_path, "b.txt", update))
    record = only_record(store)
    assert (record["arrived_as"], record["update"], record["versions"]) == ("update", "UPDATE 1", 2)
    assert record["headline"] == "Strong quake shakes southern Peru, no damage reported"


def ninjs(uri: str, version: int, headline: str, body: str) -> str:
    return json.dumps({"uri": uri, "version": version, "headline": headline,
                       "body_text": body, "urgency": 2})


def test_a_ninjs_item_with_its_uri_and_a_later_version_is_a_version(tmp_path):
    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "v1.json", ninjs("urn:x:quake", 1, "Quake hits Peru",
                                                  "A quake hit Peru on Sunday.")))
    # Rewritten from top to bottom: only the uri says it is the same item.
    ingest(store, put(tmp_path, "v2.json", ninjs("urn:x:quake", 2, "Arequipa counts the cost",
                                                  "Engineers began checking schools.")))
    record = only_record(store)
    assert (record["arrived_as"], record["versions"], record["source_version"]) == (
        "wire version", 2, "2")
    assert record["headline"] == "Arequipa counts the cost"
    assert record["urgency"] == 2


def test_the_same_file_rewritten_is_a_version(tmp_path):
    store = Store(tmp_path / "desk.json")
    path = put(tmp_path, "wire.txt", QUAKE)
    ingest(store, path)
    put(tmp_path, "wire.txt", QUAKE + "\nPeru sits on the Pacific Ring of Fire.\n")
    ingest(store, path)
    record = only_record(store)
    assert (record["arrived_as"], record["versions"], record["updated"]) == (
        "same file", 2, True)


def test_an_exact_copy_is_counted_once_for_each_file(tmp_path):
    store = Store(tmp_path / "desk.json")
    files = [put(tmp_path, "a.txt", QUAKE), put(tmp_path, "b.txt", QUAKE)]
    batches = ingest(store, *files)
    assert len(batches[0].copies) == 1
    ingest(store, *files)  # read again: the same copy, not another one
    record = only_record(store)
    assert (record["copies"], record["versions"]) == (1, 1)


def test_other_stories_stay_stories_of_their_own(tmp_path):
    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", QUAKE), put(tmp_path, "b.txt", HARBOUR))
    assert len(store.records()) == 2
    assert all(row["versions"] == 1 and not row["updated"] for row in store.records())


def test_an_approved_story_with_a_new_version_is_new_again_then_a_correction(tmp_path):
    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", QUAKE))
    story_id = store.records()[0]["id"]
    first = store.approve(story_id)["approved"]
    assert first["corrections"] == 0
    ingest(store, put(tmp_path, "b.txt", QUAKE.replace("6.4", "6.1")))
    record = store.get(story_id)
    assert record["status"] == "new" and record["updated"] is True
    assert record["approved"] == first  # what was exported stands until approved again
    again = store.approve(story_id)
    assert again["approved"]["corrections"] == 1 and again["updated"] is False
    assert again["filename"] == first["filename"]


def test_the_index_is_a_cache_rebuilt_from_the_store(tmp_path):
    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", QUAKE), put(tmp_path, "h.txt", HARBOUR))
    assert cache_path(store.path).is_file()
    cache_path(store.path).unlink()
    ingest(store, put(tmp_path, "b.txt", QUAKE.replace("lamps", "lights")))
    assert len(store.records()) == 2
    assert cache_path(store.path).is_file()
    cache_path(store.path).write_bytes(b"damaged")
    ingest(store, put(tmp_path, "c.txt", HARBOUR.replace("Tuesday", "Monday")))
    assert sorted(row["versions"] for row in store.records()) == [2, 2]


def test_list_json_and_history_carry_the_versions(tmp_path, capsys, monkeypatch):
    from desk.cli.main import main

    monkeypatch.chdir(tmp_path)
    for name in ("DESK_STORE", "DESK_EXPORT", "DESK_INBOX"):
        monkeypatch.delenv(name, raising=False)
    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", "URGENT: " + QUAKE),
           put(tmp_path, "c.txt", "URGENT: " + QUAKE))
    ingest(store, put(tmp_path, "b.txt", "UPDATE 1-" + QUAKE.replace("Sunday", "Monday")))
    assert main(["list", "--json"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["versions"], row["copies"], row["updated"]) == (2, 1, True)
    assert row["urgency"] == 3  # the update says none: the story's stands
    assert main(["history", row["id"]]) == 0
    out = capsys.readouterr().out
    assert out.startswith("versions (2):")
    assert "v1" in out and "first" in out and "a.txt" in out
    assert "v2" in out and "update [UPDATE 1]" in out and "b.txt" in out


def test_the_export_of_a_corrected_story_says_it_is_a_correction(tmp_path):
    import yaml

    from desk.export import export_stories

    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", QUAKE))
    story_id = store.records()[0]["id"]
    store.approve(story_id)
    out = tmp_path / "out"
    export_stories(store, out, formats=["md", "json"])
    first = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert "ednote" not in first
    ingest(store, put(tmp_path, "b.txt", QUAKE.replace("6.4", "6.1")))
    store.approve(story_id)
    export_stories(store, out, formats=["md", "json"])
    [ninjs_file] = out.glob("*.json")
    corrected = json.loads(ninjs_file.read_text(encoding="utf-8"))
    assert int(corrected["version"]) > int(first["version"])
    assert corrected["ednote"] == "Corrected version (1)"
    assert "6.1" in corrected["bodies"][0]["value"]
    [markdown] = out.glob("*.md")
    front = yaml.safe_load(markdown.read_text(encoding="utf-8").split("---")[1])
    assert front["corrected"] is True and front["corrections"] == 1


def test_the_version_view_shows_each_version_and_flags_a_reworded_quote(tmp_path):
    from desk.render import render_versions

    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", QUAKE))
    reworded = QUAKE.replace("lamps were swinging", "lamps were shaking").replace(
        "Sunday", "Saturday")
    ingest(store, put(tmp_path, "b.txt", "CORRECTED-" + reworded))
    text = render_versions(store.get(store.records()[0]["id"]))
    plain = text.plain
    assert plain.startswith("v1  ") and "first" in plain and "a.txt" in plain
    assert "v2 (latest)" in plain and "update [CORRECTED]" in plain and "b.txt" in plain
    assert "⚠ quote reworded (Arequipa resident Carmen Quispe): “We felt it strongly, the " \
        "lamps were swinging" in plain
    assert "Sunday" in plain and "Saturday" in plain  # the word diff
    assert any("strike" in str(span.style) for span in text.spans)  # removed words struck


def test_a_batch_of_stories_versions_and_copies_is_one_grouped_commit(tmp_path, monkeypatch):
    """New stories, a new version and exact copies of one batch reach the disk together:
    one grouped commit (every partition synced, then renamed, the folder synced once),
    never a commit of its own for each version or copy."""
    import desk.store.partition as partition_module
    import desk.store.store as store_module

    store = Store(tmp_path / "desk.json")
    ingest(store, put(tmp_path, "a.txt", QUAKE))
    commits: list[int] = []
    grouped = store_module.commit_all
    monkeypatch.setattr(store_module, "commit_all",
                        lambda parts: (commits.append(len(parts)), grouped(parts))[1])
    monkeypatch.setattr(partition_module.Partition, "commit",
                        lambda part: pytest.fail(f"a commit of its own for {part.path}"))
    files = [put(tmp_path, "b.txt", QUAKE.replace("Sunday", "Saturday")),  # a new version
             put(tmp_path, "c.txt", QUAKE),  # an exact copy of the version it held before
             put(tmp_path, "d.txt", HARBOUR), put(tmp_path, "e.txt", HARBOUR)]  # and a copy
    [batch] = ingest(store, *files)
    assert (batch.added, len(batch.revised), len(batch.copies)) == (1, 1, 2)
    assert commits == [2]  # the quake's partition and the harbour's, in one commit
    quake = store.get(batch.revised[0].story_id)
    assert (quake["versions"], quake["copies"]) == (2, 1)
    assert store.get(batch.stories[0].id)["copies"] == 1

"""A partition's new stories go in as TinyDB's inserts would put them: the file holds
exactly the database TinyDB would write, and TinyDB takes it up from there."""

from __future__ import annotations

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document

from desk.store.files import dump_json
from desk.store.partition import Partition, doc_id_of
from desk.store.records import arrival

SESSION = "ann@desk:1:abc"


def _record(story_id: str, headline: str) -> dict:
    return {"id": story_id, "revision": 1, "status": "new", "headline": headline,
            "tags": ["zoo"], "copy": {"paragraphs": ["“Calm,” she said."]},
            "updated_at": "2026-12-01T05:00:00+00:00", "updated_by": "ann"}


def _as_tinydb_makes_it(*batches: list[dict]) -> bytes:
    db = TinyDB(storage=MemoryStorage)
    for records in batches:
        db.table("stories", cache_size=0).insert_multiple(
            Document(record, doc_id=doc_id_of(record["id"])) for record in records)
        db.table("history", cache_size=0).insert_multiple(
            arrival(record, SESSION) for record in records)
    return dump_json(db.storage.read())


def test_a_new_partition_is_the_database_tinydb_would_write(tmp_path):
    first, second = _record("abc0" * 4, "Zebra “escapes”"), _record("abc1" * 4, "Lion")
    part = Partition(tmp_path / "abc.json")
    # the same story twice in one batch is inserted once
    assert part.insert_new([first, second, dict(first)], SESSION) == 2
    part.commit()
    assert (tmp_path / "abc.json").read_bytes() == _as_tinydb_makes_it([first, second])


def test_tinydb_goes_on_from_a_new_partition(tmp_path):
    first, second = _record("abc0" * 4, "Zebra"), _record("abc1" * 4, "Lion")
    part = Partition(tmp_path / "abc.json")
    part.insert_new([first], SESSION)
    assert part.insert_new([first, second], SESSION) == 1  # the first is there already
    updated = part.apply(part.get(first["id"]), {"headline": "Calm zebra"},
                         at="2026-12-01T05:01:00+00:00", user="bo", session=SESSION)
    part.commit()

    again = Partition(tmp_path / "abc.json")
    assert again.get(first["id"]) == updated
    assert again.get(second["id"])["headline"] == "Lion"
    entries = again.history.all()
    assert [entry.doc_id for entry in entries] == [1, 2, 3]
    assert [(entry["story"], entry["field"]) for entry in entries] == [
        (first["id"], "status"), (second["id"], "status"), (first["id"], "headline")]
    assert again.insert_new([second], SESSION) == 0


def test_stories_added_to_a_partition_on_disk_go_in_as_tinydb_puts_them(tmp_path):
    first, second, third = (_record(f"abc{n}" * 4, f"Story {n}") for n in range(3))
    part = Partition(tmp_path / "abc.json")
    part.insert_new([first], SESSION)
    part.commit()
    again = Partition(tmp_path / "abc.json")
    assert again.insert_new([second, first, third], SESSION) == 2
    again.commit()
    assert (tmp_path / "abc.json").read_bytes() == _as_tinydb_makes_it([first], [second, third])


def test_history_numbers_stay_unique_when_inserts_and_edits_interleave(tmp_path):
    first, second = _record("abc0" * 4, "Zebra"), _record("abc1" * 4, "Lion")
    part = Partition(tmp_path / "abc.json")
    part.insert_new([first], SESSION)
    part.apply(part.get(first["id"]), {"headline": "Calm zebra"},
               at="2026-12-01T05:01:00+00:00", user="bo", session=SESSION)
    part.insert_new([second], SESSION)  # after TinyDB numbered an entry itself
    part.apply(part.get(second["id"]), {"headline": "Calm lion"},
               at="2026-12-01T05:02:00+00:00", user="bo", session=SESSION)
    part.commit()
    entries = Partition(tmp_path / "abc.json").history.all()
    assert [entry.doc_id for entry in entries] == [1, 2, 3, 4]
    assert [(entry["story"], entry["field"]) for entry in entries] == [
        (first["id"], "status"), (first["id"], "headline"),
        (second["id"], "status"), (second["id"], "headline")]

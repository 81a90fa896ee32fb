"""A corrupt, truncated or foreign store file is reported in one line and never touched."""

from __future__ import annotations

import pytest

from desk.store.store import CorruptStoreError, Store

pytestmark = pytest.mark.tinydb_only  # it reads or breaks the store files

BAD_STORES = {
    "truncated": b'{"desk": {"1": {"format": "desk-st',
    "foreign": b'{"_default": {"1": {"name": "someone else\'s tinydb"}}}',
    "foreign-list": b"[1, 2, 3]",
    "binary": bytes(range(256)) * 4,
    "empty": b"",
}


@pytest.mark.parametrize("kind", BAD_STORES)
def test_bad_store_file_is_refused_and_untouched(store_path, kind):
    store_path.write_bytes(BAD_STORES[kind])
    with pytest.raises(CorruptStoreError) as caught:
        Store(store_path)
    message = str(caught.value)
    assert str(store_path) in message and "\n" not in message
    assert store_path.read_bytes() == BAD_STORES[kind]


@pytest.mark.parametrize("kind", ["truncated", "foreign", "binary"])
def test_cli_on_a_bad_store(store_path, kind, desk_cli):
    store_path.write_bytes(BAD_STORES[kind])
    for args in (["list"], ["approve", "abcdef"], ["ingest", str(store_path.parent)]):
        result = desk_cli(store_path, *args)
        assert result.returncode != 0
        assert result.stderr.count("\n") == 1 and str(store_path) in result.stderr
        assert "Traceback" not in result.stderr
    assert store_path.read_bytes() == BAD_STORES[kind]


def test_damaged_partition_is_refused_and_untouched(store, new_story, desk_cli, store_path):
    story = new_story(1)
    store.add_stories([story])
    part = store_path.parent / "desk.json.d" / "parts" / f"{story.id[:3]}.json"
    damaged = part.read_bytes()[:-20]
    part.write_bytes(damaged)
    result = desk_cli(store_path, "approve", story.id)
    assert result.returncode == 1 and str(part) in result.stderr
    assert result.stderr.count("\n") == 1
    assert part.read_bytes() == damaged
    with pytest.raises(CorruptStoreError, match="truncated or invalid JSON"):
        Store(store_path).records()


def test_a_damaged_index_snapshot_is_only_a_cache(store, new_story, store_path):
    store.add_stories([new_story(n) for n in range(3)])
    store.records()
    store.close()
    (store_path.parent / "desk.json.d" / "index.json").write_bytes(b'{"format": "desk-in')
    assert len(Store(store_path).records()) == 3

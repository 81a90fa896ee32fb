"""The cycle collector rests while stories are read and stored, and is on again after."""

from __future__ import annotations

import gc
from pathlib import Path

from desk import inbox
from desk.collector import collector_resting
from desk.store import Store


def test_the_collector_is_on_again_after_its_rest_unless_it_was_off_before():
    assert gc.isenabled()
    with collector_resting():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_resting():
            assert not gc.isenabled()
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_an_ingest_rests_the_collector_while_it_stores_and_not_after(tmp_path: Path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    stories = {"harbour": "Dockers met the port authority over night shifts.",
               "library": "The council voted to keep the library open on Sundays.",
               "storm": "Forecasters warned of gales along the northern coast."}
    for name, text in stories.items():
        (folder / f"{name}.txt").write_text(f"The {name} story\n\n{text}\n", encoding="utf-8")
    store = Store(tmp_path / "desk.json")
    seen = [gc.isenabled() for _ in inbox.ingest(store, sorted(folder.iterdir()),
                                                   print)]
    assert seen == [False]
    assert gc.isenabled()
    assert len(store.records()) == 3

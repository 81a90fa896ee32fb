"""DeskSession without Pilot: changes, conflicts, the story cache, the inbox, the filter text."""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pilot_helpers import write_story

from desk.model import Status
from desk.store import Store
from desk.store.words import WordIndex, WordIndexError
from desk.tui import session as session_module
from desk.tui.search import parse_query
from desk.tui.session import DeskSession


@pytest.fixture
def session(settings) -> DeskSession:
    return DeskSession(settings)


def read_inbox(session: DeskSession) -> list:
    problems: list[str] = []
    batches = list(session.ingest(session.unread_files(problems.append), problems.append))
    assert problems == []
    return batches


def row_of(session: DeskSession, headline_start: str) -> dict:
    return next(row for row in session.rows() if row["headline"].startswith(headline_start))


def test_reading_the_inbox_fills_the_store_once(session):
    assert session.rows() == []
    batches = read_inbox(session)
    assert [(batch.done, batch.total) for batch in batches] == [(3, 3)]
    assert len(batches[0].rows) == 3
    assert found(session, '"seriously concerned"') == ["Erdogan"]  # indexed as it came
    assert session.unread_files(print) == []  # a second desk start reads nothing again


def test_new_files_are_spotted_after_the_first_listing(session, inbox):
    read_inbox(session)
    assert session.arrived_files(print) == []
    late = write_story(inbox, "late.txt", "Late story lands\n\nLIMA (AP) - It came late.\n",
                       datetime(2026, 2, 22, 8, 0, tzinfo=UTC))
    stamp = inbox.stat().st_mtime_ns + 1_000_000_000  # a coarse clock may not have ticked
    os.utime(inbox, ns=(stamp, stamp))
    assert session.arrived_files(print) == [os.path.abspath(late)]


def test_change_returns_the_new_record(session):
    read_inbox(session)
    row = row_of(session, "Harbour")
    outcome = session.change(lambda store: store.spike(row["id"],
                                                       expect_revision=row["revision"]))
    assert outcome.problem == "" and not outcome.conflict
    assert outcome.record["status"] == Status.SPIKED
    assert row_of(session, "Harbour")["status"] == Status.SPIKED


def test_a_conflict_brings_the_current_record(session, settings):
    read_inbox(session)
    row = row_of(session, "Harbour")
    Store(settings.store, user="colleague").set_headline(row["id"], "Harbour strike over")
    outcome = session.change(lambda store: store.approve(row["id"],
                                                         expect_revision=row["revision"]))
    assert outcome.conflict
    assert outcome.record["headline"] == "Harbour strike over"
    assert outcome.record["status"] == Status.NEW  # nothing overwritten
    assert outcome.problem


def test_a_refusal_and_a_failed_write_are_one_line(session, monkeypatch):
    import desk.store.files as store_files

    read_inbox(session)
    row = row_of(session, "Harbour")
    refused = session.change(lambda store: store.set_headline(row["id"], "x" * 80)
                             and store.approve(row["id"]))
    assert refused.record is None and not refused.conflict
    assert "over the limit of 64" in refused.problem

    def disk_full(path, *args, **kwargs):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(store_files, "atomic_write", disk_full)
    failed = session.change(lambda store: store.spike(row["id"]))
    assert failed.record is None and not failed.conflict
    assert failed.problem.endswith(": No space left on device") and "\n" not in failed.problem


def test_small_stories_load_inline_and_are_cached(session, monkeypatch):
    read_inbox(session)
    row = row_of(session, "Erdogan")
    loaded = session.story_for(row)
    assert loaded.problem == "" and loaded.story.id == row["id"]
    monkeypatch.setattr(session, "load_story", lambda row: pytest.fail("read twice"))
    assert session.story_for(row).story is loaded.story


def test_a_big_story_is_left_to_a_worker(session, settings, monkeypatch):
    read_inbox(session)
    row = row_of(session, "Erdogan")
    monkeypatch.setattr(session_module, "INLINE_LOAD_BYTES", 10)
    assert session.story_for(row) is None
    loaded = session.load_story(row)
    assert loaded.story.id == row["id"]
    session.remember(row["id"], loaded.story)
    assert session.story_for(row).story is loaded.story


def test_a_gone_or_edited_file_is_a_problem_not_a_story(session, settings):
    read_inbox(session)
    gone, edited = row_of(session, "Harbour"), row_of(session, "Erdogan")
    os.unlink(gone["source"])
    with open(edited["source"], "a", encoding="utf-8") as file:
        file.write("\nA late paragraph.\n")
    assert "harbour.txt" in session.story_for(gone).problem
    loaded = session.story_for(edited)
    assert loaded.story is None
    assert loaded.problem.endswith("idlib.txt: changed since it was read into the store")


def test_the_cache_keeps_the_most_recent_stories(session, monkeypatch):
    monkeypatch.setattr(session_module, "CACHED_STORIES", 2)
    read_inbox(session)
    rows = sorted(session.rows(), key=lambda row: row["id"])
    stories = [session.load_story(row).story for row in rows]
    for row, story in zip(rows, stories, strict=True):
        session.remember(row["id"], story)
    assert session.story_for(rows[2]).story is stories[2]
    assert session.story_for(rows[1]).story is stories[1]
    assert rows[0]["id"] not in session._stories


def found(session: DeskSession, query: str) -> list[str]:
    """The first word of each headline the filter keeps for `query`."""
    shown = session.filter.filter(session.rows(), parse_query(query))
    return sorted(row["headline"].split()[0] for row in shown)


def test_indexing_words_covers_every_story_and_skips_indexed_ones(session, settings):
    read_inbox(session)
    assert list(session.index_words()) == [(0, 0)]  # the ingest indexed them already
    session.words.close()
    Path(f"{settings.store}.words.sqlite").unlink()  # an index deleted: built again
    fresh = DeskSession(settings)
    assert list(fresh.index_words()) == [(3, 3)]
    assert found(fresh, "dock") == ["Harbour"]
    assert list(fresh.index_words()) == [(0, 0)]


def test_a_change_reaches_the_word_index_at_once(session):
    read_inbox(session)
    row = row_of(session, "Harbour")
    session.change(lambda store: store.set_headline(row["id"], "Ferry fares frozen",
                                                    base_revision=row["revision"]))
    assert found(session, "ferry") == ["Ferry"]
    assert found(session, "strike") == ["Ferry"]  # still in its body
    assert found(session, "harbour") == ["Ferry"]
    assert found(session, "pay deal") == []  # the old headline's words are gone
    assert list(session.index_words()) == [(0, 0)]


def test_an_editors_change_is_indexed_on_another_thread_and_a_lookup_waits_for_it(
        session, monkeypatch):
    """The key that made the change does not wait for the word index (a cache); the
    filter's next lookup does, so it never misses the change."""
    read_inbox(session)
    row = row_of(session, "Harbour")
    writers: list[threading.Thread] = []
    add = WordIndex.add

    def slow_add(index, entries):
        writers.append(threading.current_thread())
        time.sleep(0.2)  # a busy disk: the write lands after the change has returned
        return add(index, entries)

    monkeypatch.setattr(WordIndex, "add", slow_add)
    assert session.change(lambda store: store.approve(row["id"])).record
    assert found(session, "status:approved") == ["Harbour"]
    assert writers and threading.current_thread() not in writers
    assert list(session.index_words()) == [(0, 0)]


def test_a_word_index_write_that_fails_off_the_thread_is_logged(session, monkeypatch):
    read_inbox(session)
    row = row_of(session, "Harbour")

    def failing_add(index, entries):
        raise WordIndexError("desk.json.words.sqlite: disk I/O error")

    monkeypatch.setattr(WordIndex, "add", failing_add)
    assert session.change(lambda store: store.approve(row["id"])).record  # the change holds
    session.words.settle()
    assert any("disk I/O error" in line for line in session.messages)


def test_another_desks_change_is_indexed_from_the_store(session, settings):
    read_inbox(session)
    row = row_of(session, "[REPORT]")
    Store(settings.store).set_tags(row["id"], ["commodities"], expect_revision=row["revision"])
    assert found(session, "commod") == []
    session.refresh()
    assert list(session.index_words()) == [(1, 1)]
    assert found(session, "commod") == ["[REPORT]"]


def test_export_writes_approved_stories_and_says_so(session, settings):
    read_inbox(session)
    row = row_of(session, "Harbour")
    session.change(lambda store: store.approve(row["id"]))
    seen: list[tuple[int, int]] = []
    summary, ok = session.export([row["id"]], lambda done, total: seen.append((done, total)))
    assert ok and "exported 1 stories" in summary
    assert seen[-1] == (1, 1)
    session.refresh()  # the export wrote through its own Store
    assert row_of(session, "Harbour")["status"] == Status.EXPORTED
    assert len(list(settings.export.iterdir())) == 3


@pytest.mark.parametrize("withdraw", ["spike", "undo"])
def test_a_spike_or_undo_past_an_export_retracts_it_at_once(session, settings, withdraw):
    """The desk's own spike or undo pulls an exported story's files and leaves a kill
    notice straight away, not at the next export."""
    read_inbox(session)
    row = row_of(session, "Harbour")
    assert session.change(lambda store: store.approve(row["id"])).record
    session.export([row["id"]], lambda done, total: None)
    session.refresh()
    name = session.store.get(row["id"])["filename"]
    if withdraw == "spike":
        outcome = session.change(lambda store: store.spike(row["id"]))
    else:
        outcome = session.change(lambda store: store.undo(row["id"]))
    assert outcome.record and not outcome.problem
    live = sorted(p.name for p in settings.export.iterdir() if not p.name.startswith("."))
    assert live == [f"{name}.json"]
    kill = json.loads((settings.export / f"{name}.json").read_text(encoding="utf-8"))
    assert kill["pubstatus"] == "canceled"
    assert sorted((settings.export / ".retracted").iterdir())

"""A big cold inbox: the desk lists its first stories at once and answers keys, with its
progress on the status line, while it reads the rest; each batch adds its own rows to the
queue, in the queue's order, and never hands the whole store over again."""

from __future__ import annotations

import asyncio
import random
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from pilot_helpers import ready, until, write_story
from process_tree import alive, workers_of

from desk import inbox as inbox_module
from desk.model import newest_first, urgent_first
from desk.store import Store
from desk.store.index import StoreIndex
from desk.tui import cold_read
from desk.tui.screens.desk import DeskScreen
from desk.tui.session import DeskSession

START = datetime(2026, 2, 21, 6, 0, tzinfo=UTC)
PEOPLE = ("Maria Lopez", "Ahmed Karimi", "John Okafor", "Elena Petrova")


def words(count: int, rng: random.Random) -> str:
    """Made-up words: no two stories share a run of them (real wire stories do not
    either), so none is taken for another's near copy."""
    return " ".join("".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou")
                            for _ in range(rng.randint(2, 4))) for _ in range(count))


def fill(folder, count: int) -> None:
    """`count` stories whose received times jump about, every seventh one urgent, and a
    near copy of the first read last (it updates that story's row, never adds one)."""
    rng = random.Random(12)
    for n in range(count):
        flash = "FLASH: " if n % 7 == 3 else ""
        text = (f"{flash}{words(5, rng).capitalize()} {n}\n\nOSLO (AP) - "
                f"{words(20, rng).capitalize()}.\n\n“{words(12, rng).capitalize()},” "
                f"{PEOPLE[n % 4]} said.\n")
        write_story(folder, f"{n:03d}.txt", text, START + timedelta(minutes=(n * 37) % 101))
    first = (folder / "000.txt").read_text(encoding="utf-8")
    write_story(folder, "zz-copy.txt", first.replace("OSLO (AP) - ", "OSLO (AP) - Today "),
                START + timedelta(hours=3))


def queue_order(rows: list[dict]) -> list[str]:
    return [row["id"] for row in urgent_first(newest_first(rows))]


def test_each_batch_brings_only_its_own_rows(settings, monkeypatch):
    for path in settings.inbox.iterdir():
        path.unlink()
    fill(settings.inbox, 9)
    monkeypatch.setattr(inbox_module, "BATCH", 4)
    session = DeskSession(settings)
    batches = list(session.ingest(session.unread_files(print), print))
    assert [len(batch.rows) for batch in batches] == [4, 4, 2]
    assert batches[-1].news and "zz-copy.txt" in batches[-1].news[0]
    assert batches[-1].rows[1]["versions"] == 2  # story 000, now with the copy's text


async def test_a_cold_inbox_is_listed_and_live_while_it_is_read(make_app, settings,
                                                                  monkeypatch):
    for path in settings.inbox.iterdir():
        path.unlink()
    fill(settings.inbox, 30)
    monkeypatch.setattr(inbox_module, "BATCH", 8)
    go_on = threading.Event()
    reading = DeskSession.ingest

    def held_after_the_first_batch(session, paths, on_problem):
        for number, batch in enumerate(reading(session, paths, on_problem)):
            yield batch
            if number == 0:
                go_on.wait(10)  # the rest of the inbox is still being read

    monkeypatch.setattr(DeskSession, "ingest", held_after_the_first_batch)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        desk = app.desk
        await until(pilot, lambda: len(desk.queue.rows) == 8)
        assert not desk.scan_done
        assert "reading inbox 8/31" in desk.status_line.render().plain
        first = desk.queue.cursor
        await pilot.press("j")
        assert desk.queue.cursor == first + 1  # keys are answered meanwhile
        go_on.set()
        await until(pilot, lambda: desk.scan_done)
        rows = Store(settings.store).records()
        assert len(rows) == 30  # the near copy is a version of story 000
        assert [row["id"] for row in desk.queue.rows] == queue_order(rows)
        assert desk.status_line.render().plain.startswith("30 stories: 30 new · 4 urgent")


async def test_the_first_read_is_done_only_once_its_rows_are_in_the_queue(
        make_app, settings, monkeypatch):
    """The reading thread posts each batch's rows; the desk says the read is over only
    after the screen has taken the last of them in, however slowly it does."""
    for path in settings.inbox.iterdir():
        path.unlink()
    fill(settings.inbox, 12)
    monkeypatch.setattr(inbox_module, "BATCH", 4)
    taking_in = DeskScreen.on_rows_arrived

    async def slowly(screen, message):
        await asyncio.sleep(0.2)  # a busy screen: the reader has long posted the rest
        taking_in(screen, message)

    monkeypatch.setattr(DeskScreen, "on_rows_arrived", slowly)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.desk.scan_done)
        rows = Store(settings.store).records()
        assert [row["id"] for row in app.desk.queue.rows] == queue_order(rows)


def read_in_child(settings, monkeypatch, count: int) -> DeskSession:
    """A session over an inbox of `count` stories and a near copy, which reads them in
    its child process (any inbox of 2 files or more)."""
    for path in settings.inbox.iterdir():
        path.unlink()
    fill(settings.inbox, count)
    monkeypatch.setattr(cold_read, "IN_CHILD_FROM", 2)
    session = DeskSession(settings)
    session.load_rows(lambda done, total: None)
    return session


def test_a_big_read_runs_in_a_child_and_the_desk_picks_its_rows_up(settings, monkeypatch):
    """Many files are read into the store by a child process (the desk process stores
    nothing itself: its keys never wait on that work); after each of the child's
    batches the session hands on the rows that batch brought, with the progress and
    the news, as an ingest in the desk process would."""
    session = read_in_child(settings, monkeypatch, 12)
    (settings.inbox / "empty.txt").write_text("  \n", encoding="utf-8")
    monkeypatch.setattr(Store, "add_batch", lambda *args: pytest.fail("stored here"))
    problems: list[str] = []
    batches = list(session.ingest(session.unread_files(print), problems.append))
    assert batches[-1].done == batches[-1].total == 14
    assert [problem.split(": ")[0] for problem in problems] == [
        str(settings.inbox / "empty.txt")]
    assert sum(len(batch.rows) for batch in batches) == 12  # the near copy: a version
    assert any("zz-copy.txt" in line for batch in batches for line in batch.news)
    rows = Store(settings.store).records()
    assert {row["id"] for batch in batches for row in batch.rows} == {
        row["id"] for row in rows}
    list(session.index_words())  # the child indexes their words (the desk follows it)
    assert session.words.stale(rows) == []


def test_a_child_that_dies_leaves_the_files_it_did_not_store_to_the_desk(settings,
                                                                          monkeypatch):
    session = read_in_child(settings, monkeypatch, 6)
    monkeypatch.setattr(cold_read, "CHILD", [sys.executable, "-c", "import sys; "
                                             "print('out of memory', file=sys.stderr); "
                                             "sys.exit(9)"])
    batches = list(session.ingest(session.unread_files(print), print))
    assert batches[-1].done == batches[-1].total == 7
    assert len(Store(settings.store).records()) == 6
    assert "the inbox reader stopped (exit 9): out of memory" in session.messages[-1]


def test_the_desk_indexes_none_of_the_words_its_inbox_reader_indexed(settings,
                                                                      monkeypatch):
    session = read_in_child(settings, monkeypatch, 8)
    assert len(session.words) == 0  # the desk has looked at its index before
    monkeypatch.setattr(session.words, "add",
                        lambda entries: pytest.fail("indexed again in the desk"))
    list(session.ingest(session.unread_files(print), print))
    assert list(session.index_words())[-2:] == [(1, 1), (0, 0)]  # the child's, then none


def test_two_desks_reading_one_cold_inbox_at_once_store_each_story_once(settings,
                                                                         monkeypatch):
    first = read_in_child(settings, monkeypatch, 10)
    second = DeskSession(settings)
    second.load_rows(lambda done, total: None)
    paths = first.unread_files(print)
    done: list[list] = [[], []]
    readers = [threading.Thread(target=lambda n, session: done[n].extend(
        session.ingest(paths, print)), args=(n, session)) for n, session in
        enumerate((first, second))]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(60)
    assert [batches[-1].done for batches in done] == [11, 11]
    store = Store(settings.store)
    assert len(store.records()) == 10
    for row in store.records():  # one arrival each, whichever desk stored it
        assert [entry["field"] for entry in store.history(row["id"])].count("status") == 1


def test_the_inbox_reader_lists_every_file_first_then_indexes_their_words(settings,
                                                                          monkeypatch):
    """The queue fills as fast as the stories are stored: their words are indexed once
    every file is listed (the filter finds them then), with its progress, by the child."""
    session = read_in_child(settings, monkeypatch, 8)
    batches = list(session.ingest(session.unread_files(print), print))
    assert batches[-1].done == batches[-1].total == 9
    rows = Store(settings.store).records()
    progress = list(session.index_words())  # the child's indexing, as it goes
    assert (8, 8) in progress  # the new stories; then story 000's new version
    assert session.words.stale(rows) == []
    assert list(session.index_words()) == [(0, 0)]  # nothing left for the desk to do


def test_a_child_that_dies_while_indexing_leaves_the_words_to_the_desk(settings,
                                                                        monkeypatch):
    session = read_in_child(settings, monkeypatch, 4)
    listed = ['{"done": 5, "total": 5, "news": []}', '{"indexed": 2, "total": 4}']
    monkeypatch.setattr(cold_read, "CHILD", [sys.executable, "-c", "import sys; print("
                                             f"{chr(10).join(listed)!r}, flush=True); "
                                             "sys.exit(3)"])
    paths = session.unread_files(print)
    assert [batch.done for batch in session.ingest(paths, print)] == [5]
    list(inbox_module.ingest(session.store, paths, print))  # what the child had stored
    assert list(session.index_words())[:1] == [(2, 4)]
    assert "the inbox reader stopped (exit 3)" in session.messages[-1]
    assert session.words.stale(session.rows()) == []  # the desk indexed the rest itself


touched: set[int] = set()  # the ids of the Watched rows read since the last clear()


class Watched(dict):
    """A queue row that notes each time it is read."""

    def __getitem__(self, field):
        touched.add(id(self))
        return super().__getitem__(field)

    def get(self, field, default=None):
        touched.add(id(self))
        return super().get(field, default)


def synthetic_row(n: int, minutes: int, *, urgency: int | None = None) -> Watched:
    return Watched(id=f"{n:016x}", source=f"/inbox/{n:05d}.txt", status="new",
                   headline=f"Story {n}", original_headline=f"Story {n}", tags=[],
                   suggested_tags=[], slug=None, filename=None, revision=1,
                   received=(START + timedelta(minutes=minutes)).isoformat(), credit="AP",
                   dateline="OSLO", word_count=100, quote_count=1, warning_count=0,
                   updated_at="", updated_by="", urgency=urgency)


async def test_a_batch_is_taken_in_by_its_own_rows_not_by_a_pass_over_the_queue(
        make_app, settings):
    """Rows arriving go where the queue's order puts them, and the cursor keeps its
    story, reading only the rows beside their places: 3,000 rows or 300,000 cost a
    batch the same few looks (no pass over the queue, nor a sort of it)."""
    for path in settings.inbox.iterdir():
        path.unlink()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        desk = app.desk
        await until(pilot, lambda: desk.scan_done)
        queue = [synthetic_row(n, n, urgency=2 if n % 500 == 7 else None)
                 for n in range(3000)]
        desk.apply_rows(queue)
        desk.queue.move_to(2500)
        await pilot.pause()
        kept = desk.queue.current["id"]
        batch = [synthetic_row(3000 + n, 3000 + n, urgency=1 if n == 5 else None)
                 for n in range(40)]
        batch += [synthetic_row(4000 + n, 1000 + 2 * n) for n in range(10)]  # between
        touched.clear()
        desk.apply_changed(batch)
        old = {id(row) for row in queue}
        assert len(touched & old) < 300  # of 3,000
        assert desk.queue.current["id"] == kept
        everything = queue + batch
        assert [row["id"] for row in desk.all_rows] == queue_order(everything)
        assert [row["id"] for row in desk.queue.rows] == queue_order(everything)


async def test_rows_arriving_are_not_a_move_of_the_cursor(make_app, settings):
    """A question pending over marked stories stays pending while the inbox is read:
    only the editor's moves answer it no."""
    fill(settings.inbox, 6)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        desk = app.desk
        await pilot.press("g", *["space"] * 6, "a")
        assert "approve 6 marked stories? press a again" in desk.session.messages[-1]
        desk.apply_changed([synthetic_row(100, 20_000)])  # the next batch lands on top
        await pilot.pause()
        await pilot.press("a")
        assert "approve: 4 of 6 marked stories" in desk.session.messages[-1]  # (2 refused)


def test_the_desk_takes_the_rows_its_inbox_reader_hands_over_reading_no_store_file(
        settings, monkeypatch):
    """The rows the child wrote come with its progress: the desk reads no partition of
    the store for them (a batch cost it a file read a story)."""
    session = read_in_child(settings, monkeypatch, 12)
    monkeypatch.setattr(StoreIndex, "_reload", lambda *args: pytest.fail("a file read"))
    batches = list(session.ingest(session.unread_files(print), print))
    assert batches[-1].done == batches[-1].total == 13
    desk_rows = session.rows()
    monkeypatch.undo()  # a store opened now reads its files
    rows = Store(settings.store).records()
    assert {row["id"] for batch in batches for row in batch.rows} == {
        row["id"] for row in rows}
    assert {row["id"]: row["revision"] for row in desk_rows} == {
        row["id"]: row["revision"] for row in rows}  # story 000's new version too


# The inbox reader as a pool-sized read makes it, on a 2-core machine and from 2 files on,
# noting how its pool's workers are made.
NOTED_READER = """
import os, sys
os.sched_getaffinity = lambda pid: {0, 1}
from desk import reading
reading.POOL_FROM = 2
made = reading.FileReader.__init__

def noted(self, *args, **kwargs):
    made(self, *args, **kwargs)
    with open(sys.argv[1], "a") as note:
        note.write(self.pool._mp_context.get_start_method() if self.pool else "none")

reading.FileReader.__init__ = noted
from desk.tui import inbox_reader
if sys.argv[2:] == ["stuck"]:  # after its first batch, as if on a very slow disk
    import time
    from desk import inbox
    inbox.FIRST_BATCH, inbox.BATCH = 2, 4
    # A file a task: tasks are still to come when it sticks, so its workers are there
    # (a pool shuts down once the last file is read).
    reading.CHUNK = reading.EDGE_CHUNK = 1
    spool = inbox_reader.Spool.add
    inbox_reader.Spool.add = lambda self, entries: (
        time.sleep(3600) if self.count else spool(self, entries))
sys.exit(inbox_reader.main())
"""


def test_the_inbox_reader_forks_its_workers_from_itself(settings, monkeypatch, tmp_path):
    """As `desk ingest`'s, the reader's workers are forks of it (it loads the pipeline
    before any thread starts), with no fork server loading it all again."""
    session = read_in_child(settings, monkeypatch, 12)
    note = tmp_path / "pool.txt"
    monkeypatch.setattr(cold_read, "CHILD", [sys.executable, "-c", NOTED_READER, str(note)])
    batches = list(session.ingest(session.unread_files(print), print))
    assert batches[-1].done == batches[-1].total == 13
    assert note.read_text() == "fork"
    assert len(Store(settings.store).records()) == 12


def test_the_inbox_reader_leaves_once_the_desk_is_gone(settings, monkeypatch, desk_cmd):
    """A desk killed mid-read closes the reader's stdin and nothing else: the reader (and
    its workers, which die with it) must leave by itself, even stuck in its work."""
    import pickle
    import subprocess
    import time

    read_in_child(settings, monkeypatch, 12)
    paths = sorted(str(path) for path in settings.inbox.iterdir())
    _, env = desk_cmd
    child = subprocess.Popen([sys.executable, "-c", NOTED_READER, "/dev/null", "stuck"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        pickle.dump((settings, "test@host:1:abc", paths), child.stdin)
        child.stdin.flush()
        assert b'"done": 2' in child.stdout.readline()  # the first batch is stored
        workers = workers_of(child.pid, deadline=time.monotonic() + 10)
        assert len(workers) == 2
        child.stdin.close()  # the desk is gone
        deadline = time.monotonic() + 20
        while (child.poll() is None or any(map(alive, workers))) and \
                time.monotonic() < deadline:
            time.sleep(0.02)
        assert child.poll() == 0
        assert not any(map(alive, workers))
        assert len(Store(settings.store).records()) < 12
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()

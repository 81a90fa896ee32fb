"""Many inbox files are read in a pool of worker processes: the stories, the problems and
the store they make are the same as when this process reads them, in the same order."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from process_tree import alive, workers_of

from desk import inbox, reading
from desk.store import Store

FIXED = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def write_inbox(folder: Path, count: int) -> list[str]:
    """`count` stories, a near copy of one, an empty file and a feed with a bad entry."""
    folder.mkdir()
    people = ["Maria Lopez", "Ahmed Karimi", "John Okafor", "Elena Petrova"]
    for n in range(count):
        person = people[n % len(people)]
        (folder / f"{n:03d}.txt").write_text(
            f"Story {n} about the harbour number {n * 7}\n\nOSLO (AP) - Dock workers in "
            f"district {n} met on day {n % 28} over plan {n * 13}.\n\n“We will keep talking "
            f"about item {n},” {person} said on {n} Street.\n", encoding="utf-8")
    (folder / "005b.txt").write_text((folder / "005.txt").read_text(encoding="utf-8")
                                     .replace("Dock workers", "Dockers"), encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    items = "".join(f"<item><title>Entry {n}</title><guid>urn:e:{n}</guid>"
                    f"<description>Body of feed entry {n}.</description></item>"
                    for n in range(3))
    (folder / "wire.rss").write_text(
        f'<rss version="2.0"><channel><title>Wire</title>{items}<item><guid>urn:e:x</guid>'
        "</item></channel></rss>", encoding="utf-8")
    for index, path in enumerate(sorted(folder.iterdir())):
        stamp = FIXED.timestamp() - 3600 + index * 60
        os.utime(path, (stamp, stamp))
    return [str(path) for path in sorted(folder.iterdir())]


@pytest.fixture
def files(tmp_path) -> list[str]:
    return write_inbox(tmp_path / "inbox", 24)


@pytest.fixture
def pooled(monkeypatch):
    """From now on, two files are enough for a pool of two workers."""
    monkeypatch.setattr(reading, "POOL_FROM", 2)
    monkeypatch.setattr(reading, "CHUNK", 3)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})


def read_all(files: list[str]) -> tuple[list[tuple], list[str]]:
    problems: list[str] = []
    with reading.FileReader(files, problems.append) as reads:
        found = [(read.path, [story.id for story in read.stories], read.error)
                 for read in reads]
    return found, problems


def read_all_pooled(files: list[str], *, workers_read: bool = True
                    ) -> tuple[list[tuple], list[str]]:
    problems: list[str] = []
    with reading.FileReader(files, problems.append) as reads:
        assert reads.pool is not None  # really through the workers
        found = [(read.path, [story.id for story in read.stories], read.error,
                  read.sketches is not None) for read in reads]
    if workers_read:  # each story's sketch is made there too
        assert all(sketched for *_, sketched in found)
    return [each[:3] for each in found], problems


def test_the_pool_reads_every_file_as_this_process_does_in_order(files, monkeypatch):
    here = read_all(files)
    assert here[0][-2][2].startswith(files[-2])  # empty.txt: no story, one line
    assert len(here[1]) == 1 and "wire.rss" in here[1][0]  # the feed's bad entry
    monkeypatch.setattr(reading, "POOL_FROM", 2)
    monkeypatch.setattr(reading, "CHUNK", 3)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert read_all_pooled(files) == here


def test_the_workers_end_once_the_last_file_is_read_while_the_caller_writes(files, pooled):
    """The caller still has the last stories to write when the last file is read: the
    workers end meanwhile, not after it."""
    import time

    with reading.FileReader(files, print) as reads:
        workers: list[int] = []
        for _read in reads:
            workers = workers or workers_of(os.getpid(), time.monotonic() + 10)
        deadline = time.monotonic() + 10
        while [pid for pid in workers if alive(pid)] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(workers) == 2 and [pid for pid in workers if alive(pid)] == []


def ingested(store_path: Path, files: list[str]) -> tuple[list[dict], list[str], list]:
    store = Store(store_path, user="alice", clock=lambda: FIXED, session="s")
    problems: list[str] = []
    batches = list(inbox.ingest(store, files, problems.append))
    records = sorted(store.full_records(), key=lambda record: record["id"])
    return records, problems, [(b.added, b.done, b.bad, b.copies,
                                [r.line() for r in b.revised]) for b in batches]


def test_an_ingest_through_the_pool_makes_the_same_store(files, tmp_path, pooled):
    through_pool = ingested(tmp_path / "pooled.json", files)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "POOL_FROM", 10_000)
        in_process = ingested(tmp_path / "here.json", files)
    assert through_pool == in_process
    records, problems, batches = through_pool
    assert len(records) == 24 + 3  # the near copy is a version of story 5, not a story
    assert sum(added for added, *_ in batches) == 27
    assert [bad for _, _, bad, *_ in batches] == [1]


def test_a_workers_stories_bring_what_the_stores_writer_would_work_out(files, pooled):
    """A worker stats each file it read and counts each story's words, off the store's
    writer (an ingest's narrowest stage); the stories still equal this process's."""
    with reading.FileReader(files, lambda line: None) as reads:
        assert reads.pool is not None
        pooled_reads = list(reads)
    here = {read.path: read.stories for read in read_all_reads(files)}
    stories = [(read.path, story) for read in pooled_reads for story in read.stories]
    assert stories
    for path, story in stories:
        assert story.raw.modified == os.stat(path).st_mtime
        assert story.counted_words == sum(len(p.split()) for p in story.copy.paragraphs)
        assert story.word_count == story.counted_words
        [same] = [mine for mine in here[path] if mine.id == story.id]
        assert (same.raw.modified, same.counted_words) == (None, None)  # read here: none
        assert story.copy == same.copy and story.word_count == same.word_count


def read_all_reads(files: list[str]) -> list:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "POOL_FROM", 10_000)
        with reading.FileReader(files, lambda line: None) as reads:
            assert reads.pool is None
            return list(reads)


def test_a_worker_that_dies_leaves_the_rest_to_this_process(files, pooled, monkeypatch):
    here = read_all(files)
    monkeypatch.setattr(reading, "read_chunk", _die)
    assert read_all_pooled(files, workers_read=False) == here


def _die(paths: list[str]) -> list:
    os._exit(1)  # a worker killed (out of memory, say) mid-task


def test_workers_start_with_the_pipeline_tables_built(files, pooled, monkeypatch):
    """The fork server builds what the pipeline builds on first use (gender-guesser's
    first names, ~0.2 s), so no worker builds it again."""
    monkeypatch.setattr(reading, "read_chunk", _tables_built)
    problems: list[str] = []
    with reading.FileReader(files, problems.append) as reads:
        assert reads.pool is not None
        list(reads)
    assert set(problems) == {"names known: True"}


def _tables_built(paths: list[str]) -> list:
    from desk.text import gender

    known = gender._first_names is not None
    return [reading.Read(path, problems=[f"names known: {known}"]) for path in paths]


@pytest.mark.parametrize("count", [0, 1, 31, 32, 33, 200, 2226])
@pytest.mark.parametrize("workers", [2, 4])
def test_tasks_begin_and_end_small_and_cover_every_file_once_in_order(count, workers):
    paths = [f"{n}.txt" for n in range(count)]
    tasks = list(reading._chunks(paths, workers))
    assert [path for task in tasks for path in task] == paths
    assert all(task for task in tasks)
    sizes = [len(task) for task in tasks]
    assert all(size <= reading.EDGE_CHUNK for size in sizes[:workers])  # first stories soon
    assert all(size <= reading.EDGE_CHUNK for size in sizes[-workers:])  # an even finish
    assert max(sizes, default=0) <= reading.CHUNK


def test_a_pool_is_made_ready_only_for_an_inbox_big_enough(tmp_path, monkeypatch):
    """fork_from_here loads the pipeline for a pool only: POOL_FROM files or more under
    the folders given (a missing one aside), on two cores or more."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(reading, "POOL_FROM", 3)
    (tmp_path / "agency").mkdir()
    for name in ("a.txt", "agency/b.txt"):
        (tmp_path / name).write_text("Story\n\nText.\n", encoding="utf-8")
    assert not reading._pool_for([str(tmp_path)])  # two files: read in the caller's process
    (tmp_path / "agency" / "c.txt").write_text("Story\n\nText.\n", encoding="utf-8")
    assert reading._pool_for([str(tmp_path / "missing"), str(tmp_path)])
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not reading._pool_for([str(tmp_path)])  # one core: no pool at all


def test_the_cycle_collector_rests_while_a_worker_reads_its_chunk(files, monkeypatch):
    """A chunk's stories allocate objects that reference counting frees: the collector's
    walks over them are wasted. It is off while a chunk is read, and on again after."""
    import gc

    from desk.text import pipeline

    seen = []
    real = pipeline.load_files

    def load_files(paths):
        seen.append(gc.isenabled())
        return real(paths)

    monkeypatch.setattr(pipeline, "load_files", load_files)
    assert gc.isenabled()
    reads = reading.read_chunk(files[:3])
    assert gc.isenabled() and seen == [False]
    assert [read.path for read in reads] == files[:3] and reads[0].stories


def test_a_chunk_is_read_without_loading_the_store(tmp_path, desk_cmd):
    """A worker loads the pipeline and the sketch (desk.reader_start), not the store."""
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("Headline\n\nBody text of the story.\n", encoding="utf-8")
    code = ("import sys; from desk import reading; reading.read_chunk([sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.startswith('desk.store')))")
    _, env = desk_cmd  # this checkout, wherever pytest runs from
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.txt")],
                         capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "[]"


def test_a_listed_inbox_is_counted_no_further_than_the_pool_needs(tmp_path, monkeypatch):
    """The desk's inbox reader hands fork_from_here every file it listed: it looks at
    POOL_FROM of them, not all, before it loads the pipeline."""
    looked: list[str] = []
    isdir = os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda path: looked.append(path) or isdir(path))
    files = [str(tmp_path / f"{n}.txt") for n in range(reading.POOL_FROM * 5)]
    assert reading._holds_at_least(files, reading.POOL_FROM)
    assert len(looked) == reading.POOL_FROM


FORKED_HERE = """
import json, os, sys, threading
from desk import reading
reading.POOL_FROM, reading.CHUNK = 2, 3
os.sched_getaffinity = lambda pid: {0, 1}
files = json.loads(sys.argv[1])
reading.fork_from_here(files)
found = {}

def read(label):
    with reading.FileReader(files, lambda line: None) as reads:
        method = reads.pool._mp_context.get_start_method()
        stories = [[story.id for story in read.stories] for read in reads]
    found[label] = [method, stories]

read("alone")
hold = threading.Event()
threading.Thread(target=hold.wait, daemon=True).start()
read("beside a thread")
hold.set()
print(json.dumps(found))
"""


def test_a_command_reading_first_forks_its_workers_from_itself(files, desk_cmd):
    """`desk ingest` loads the pipeline itself (fork_from_here): its workers are forks of
    it, with no fork server, and read what this process reads. Once another thread runs,
    a fork could copy a lock that thread holds: the fork server makes the workers again."""
    import json
    import subprocess
    import sys

    _, env = desk_cmd  # this checkout, wherever pytest runs from
    out = subprocess.run([sys.executable, "-c", FORKED_HERE, json.dumps(files)],
                         capture_output=True, text=True, check=True, env=env).stdout
    found = json.loads(out)
    here = [[story.id for story in read.stories]
            for read in (reading._read(path, lambda line: None) for path in files)]
    assert found["alone"] == ["fork", here]
    assert found["beside a thread"] == ["forkserver", here]


def test_a_command_reading_a_few_files_loads_the_pipeline_only_to_read_them(tmp_path,
                                                                          desk_cmd):
    """Too few files for a pool (an empty inbox, a wire or two): fork_from_here loads
    nothing; reading them loads the pipeline then, as it always did."""
    import subprocess
    import sys

    code = ("import sys; from desk import reading; reading.fork_from_here(sys.argv[1:]); "
            "print('desk.text.pipeline' in sys.modules, reading._forking_here)")
    _, env = desk_cmd
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)],
                         capture_output=True, text=True, check=True, env=env).stdout
    assert out.split() == ["False", "False"]


@pytest.mark.parametrize("command", ["ingest", "desk"])
def test_a_killed_reader_takes_its_workers_with_it(tmp_path, desk_cmd, command):
    """kill -9 of `desk ingest` (forks its workers itself) or of a reader whose workers a
    fork server makes (a desk reading the rest itself): the workers hold both ends of
    their task queue, so none of them would ever read its end closed; they must go with
    the process."""
    import signal
    import subprocess
    import sys
    import time

    write_inbox(tmp_path / "inbox", 1000)
    argv, env = desk_cmd
    code = ("import sys, threading; from desk import reading; "
            "threading.Thread(target=lambda: None).start() if sys.argv[1] == 'desk' else None; "
            "reading.fork_from_here(sys.argv[2:]) if sys.argv[1] == 'ingest' else None; "
            "reader = reading.FileReader(sys.argv[2:], print).__enter__(); "
            "[read for read in reader]; print('read all', flush=True)")
    files = sorted(str(path) for path in (tmp_path / "inbox").iterdir())
    process = subprocess.Popen([sys.executable, "-c", code, command, *files], env=env,
                               stdout=subprocess.DEVNULL, start_new_session=True)
    workers: list[int] = []
    try:
        workers = workers_of(process.pid, deadline=time.monotonic() + 30)
        assert len(workers) >= 2, "the pool never started"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 10
        while [pid for pid in workers if alive(pid)] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in workers if alive(pid)] == []
    finally:
        if process.poll() is None:
            process.kill()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


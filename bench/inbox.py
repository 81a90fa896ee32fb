"""Reading an inbox: `desk ingest` on the BBC corpus, and a cold 10,000-file inbox in the desk.

    python bench/inbox.py [--files 10000] [--corpus DIR] [--work /tmp/desk-bench-inbox]
                          [--runs 2] [--packing]

- ingest_files_per_s: files over the wall time of `python -m desk --store NEW ingest DIR`
  (a real process, from spawn to exit, so imports count) on the BBC corpus; then the same
  on the synthetic inbox, with the peak resident memory of its processes (ru_maxrss): a
  stream keeps it flat however many files there are. cpu_main_s is the desk process's CPU
  with its children's (`desk ingest` forks its workers itself: that is all of them),
  cpu_all_s that of every process (a fork server's workers too): on a machine shared with
  other work, files_per_cpu_s says more than the wall time. `--packing` adds, for the BBC
  ingest, when its workers start and stop, how busy they are meanwhile, and how busy the
  cores are (bench/process_cpu.py).
- desk_listed_s: a headless desk (`DeskApp.run_test(size=(120, 40))`) opened on an empty
  store and the synthetic inbox of --files wire stories (bench/tui.py's): seconds from
  creating the app until the status line counts every file's story and the inbox read is
  over. first_rows_s: until the queue shows its first stories; words_indexed_s: until the
  filter knows every story's words (the inbox reader indexes them once all are listed).
- key_ms: meanwhile `j` is pressed every 50 ms (`--key-every`; `k` on the last row) once
  the queue shows stories, each press after the frame of the one before, so almost every
  press is followed by its story's preview (it follows a cursor resting 50 ms): some 16
  moves and previews a second, a stress far beyond an editor's pace, which takes ~4 CPU-s
  of the desk's while it reads (`--key-every 0.25` is a fast editor's). Each press is
  timed (wall clock) from the key reaching the app until a frame is painted with the
  cursor on the next story, so whatever the screen does first (a worker batch landing in
  the event loop, the preview of the story before) counts against the key. Median, 95th
  percentile and worst. `--keys pilot` times `Pilot.press` instead, as this bench did
  before: that waits besides for the whole process to go idle for two 20 ms windows
  (Textual's wait_for_idle), so with the desk's reading thread at work it measures that
  thread as much as the key, and even on an idle desk it reads 60-100 ms.
- progress: how many distinct "reading inbox n/N" texts the status line showed.
- desk_cpu_s: CPU of the desk process until listed (with the bench's key presses);
  reader_cpu_s: CPU of the inbox reader (desk.tui.inbox_reader) and its pool's workers,
  listing and indexing; desk_rss_mb: the desk's VmRSS when listed, reader_peak_rss_mb
  the largest peak of the processes ended (the reader's, or one of its workers').

Each figure is measured --runs times from a fresh store, each in a folder of its own, all
removed at the end (see remove_runs); the JSON last line holds every run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # time this checkout's desk, not whichever is installed

from desk_env import desk_env  # noqa: E402  (bench/ is on sys.path when run as a script)
from machine import python_ms  # noqa: E402
from polnear import corpus  # noqa: E402
from process_cpu import Sampler  # noqa: E402
from tui import AGENCIES, PEOPLE, PLACES  # noqa: E402

from desk.text import ENGINE  # noqa: E402  (what the desk processes run: same checkout, env)

KEY_EVERY = 0.05  # seconds between the `j` presses sampled while the desk reads (--key-every)
KEY_TIMEOUT = 10.0  # seconds a press may wait for its frame before it is counted as that


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Made-up words of two to four syllables: text whose word shingles no two stories
    share, so every file is a story of its own (bench/tui.py's stories share their filler
    and would be read as versions of one another)."""
    onsets, vowels = "b c d f g h k l m n p r s t v w".split(), "a e i o u ai ea ou".split()
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(onsets) + rng.choice(vowels)
                          for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choices(words, k=rng.randint(12, 24))).capitalize() + "."


def distinct_story(n: int, rng: random.Random, words: list[str]) -> str:
    """A wire story of about 3 KB: headline, dateline, paragraphs, quotes with speakers."""
    place, agency = rng.choice(PLACES), rng.choice(AGENCIES)
    headline = f"{place.title()} {' '.join(rng.choices(words, k=5))} {n}"
    paragraphs = []
    for _ in range(rng.randint(6, 9)):
        text = " ".join(sentence(rng, words) for _ in range(rng.randint(1, 2)))
        quote = sentence(rng, words)[:-1]
        paragraphs.append(f"{text} “{quote},” {rng.choice(PEOPLE)} said.")
    return f"{headline}\n\n{place} ({agency}) - " + "\n\n".join(paragraphs) + "\n"


def build_inbox(work: Path, count: int) -> Path:
    inbox = work / f"inbox-{count}"
    marker = work / f"built-{count}-v2"
    if marker.exists():
        return inbox
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir(parents=True)
    rng = random.Random(4)
    words = vocabulary(rng)
    base = time.time() - count * 60
    for n in range(count):
        path = inbox / f"{n:05d}.txt"
        path.write_text(distinct_story(n, rng, words), encoding="utf-8")
        os.utime(path, (base + n * 60, base + n * 60))
    marker.touch()
    return inbox


def fresh_folder(work: Path) -> Path:
    """A new empty folder for one run's store, removed only once every run is over (see
    remove_runs)."""
    runs = work / "runs"
    runs.mkdir(exist_ok=True)
    folder = runs / f"{len(list(runs.iterdir())):03d}"
    folder.mkdir()
    return folder


def remove_runs(work: Path) -> None:
    """The runs' stores go at the end, not before each run: on ext4 without a journal
    (as here) a removed file's inode is skipped, not reused, for a while (recently_deleted,
    seconds to minutes), so a run creating its thousands of files just after the last
    run's were removed pays a scan past each of them (measured: creating 4,000 files took
    ten times as long after 8,000 were removed). An editor's ingest follows no such mass
    removal."""
    shutil.rmtree(work / "runs", ignore_errors=True)


def ingest(folder: Path, work: Path, packing: bool = False) -> dict:
    """One `desk ingest` of `folder` into a new store: wall seconds and peak memory, and
    with `packing` how its processes fill the cores (bench/process_cpu.py)."""
    store = fresh_folder(work) / "desk.json"
    env = desk_env()  # this checkout, compiled as an installed desk is
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "desk", "--store", str(store), "ingest",
                                str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    sampler = Sampler(process) if packing else None
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if sampler:
        sampler.stop()
    main = resource.getrusage(resource.RUSAGE_CHILDREN)
    reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"bench: desk ingest failed: {stderr.strip()[:500]}")
    summary = stdout.splitlines()[0] if stdout else ""
    files = int(re.search(r"from (\d+) files", summary).group(1))
    cpu_all = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"files": files, "wall_s": round(wall, 3), "files_per_s": round(files / wall, 1),
            "cpu_main_s": round(main.ru_utime + main.ru_stime - before.ru_utime
                                - before.ru_stime, 2),
            "cpu_all_s": round(cpu_all, 2),
            "files_per_cpu_s": round(files / cpu_all, 1) if cpu_all else None,
            "peak_rss_mb": round(after.ru_maxrss / 1024, 1),
            "packing": sampler.packing(wall) if sampler else None, "summary": summary}


def become_subreaper() -> bool:
    """Adopt the ingest's orphans (its pool's fork server outlives it by a moment, and
    the workers are that server's children), so RUSAGE_CHILDREN counts every process's
    CPU, not only the main one's. Linux only; elsewhere cpu_all_s is the main process's."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_orphans(wait: float = 10.0) -> None:
    """Wait for the adopted processes to end (the fork server sees its parent gone), and
    for any child of this process that has ended (the desk's inbox reader)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


async def painted_press(app) -> float | None:
    """Press `j` (`k` on the last row) and return the milliseconds until a frame is
    painted with the cursor on another story; None while the queue is empty."""
    from textual.events import Key

    queue = app.desk.queue
    before = queue.current
    if before is None:
        return None
    key = "k" if queue.cursor == len(queue.rows) - 1 else "j"
    begin = time.perf_counter()
    app._driver.send_message(Key(key, key))  # as the terminal driver posts a key
    while time.perf_counter() - begin < KEY_TIMEOUT:
        painted = asyncio.Event()
        app.screen.call_after_refresh(painted.set)  # after the next frame (or at once)
        await painted.wait()
        current = queue.current
        if current is not None and current["id"] != before["id"]:
            break
        await asyncio.sleep(0)  # (a frame already painted: let the key be handled)
    return (time.perf_counter() - begin) * 1000


async def pilot_press(pilot) -> float:
    begin = time.perf_counter()
    await pilot.press("j")
    return (time.perf_counter() - begin) * 1000


async def cold_desk(inbox: Path, work: Path, count: int, keys_by: str = "paint",
                    key_every: float = KEY_EVERY) -> dict:
    from desk.config import Settings
    from desk.tui.app import DeskApp

    scratch = fresh_folder(work)
    desk_env()  # the desk's inbox reader (a child process) starts from bytecode, as installed
    started = time.perf_counter()
    desk_before = resource.getrusage(resource.RUSAGE_SELF)
    reader_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    app = DeskApp(Settings(inbox=inbox, store=scratch / "desk.json", export=scratch / "out"),
                  watch_interval=1.0)
    keys: list[float] = []
    progress: set[str] = set()
    first_rows = listed = indexed = desk_cpu = desk_rss = float("nan")
    async with app.run_test(size=(120, 40)) as pilot:
        while time.perf_counter() - started < 600:
            desk = app.desk
            line = desk.status_line.render().plain
            progress.update(re.findall(r"reading inbox [\d,]+/[\d,]+", line))
            if first_rows != first_rows and desk.queue.rows:
                first_rows = time.perf_counter() - started
            if listed != listed and line.startswith(f"{count:,} stories") and desk.scan_done:
                listed = time.perf_counter() - started
                desk_cpu = _cpu(resource.RUSAGE_SELF) - _cpu(desk_before)
                desk_rss = _vm_rss_mb()
            if listed == listed and desk.bodies_indexed:
                indexed = time.perf_counter() - started
                break
            taken = await (pilot_press(pilot) if keys_by == "pilot" else painted_press(app))
            if taken is not None:
                keys.append(taken)
            await asyncio.sleep(key_every)
        shown = len(app.desk.queue.rows)
    reap_orphans()  # the inbox reader's pool, adopted when the reader ended
    reader_cpu = _cpu(resource.RUSAGE_CHILDREN) - _cpu(reader_before)
    keys.sort()
    return {"files": count, "key_every_s": key_every, "listed_s": round(listed, 3),
            "first_rows_s": round(first_rows, 3),
            "words_indexed_s": round(indexed, 3),
            "files_per_s": round(count / listed, 1), "shown": shown,
            "desk_cpu_s": round(desk_cpu, 2), "reader_cpu_s": round(reader_cpu, 2),
            "desk_rss_mb": desk_rss,
            "reader_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                                        / 1024, 1),
            "key_ms": {"by": keys_by, "presses": len(keys),
                       "median": round(statistics.median(keys), 1),
                       "p95": round(keys[int(len(keys) * 0.95)], 1),
                       "max": round(keys[-1], 1)},
            "progress_texts": len(progress)}


def _cpu(usage) -> float:
    """User and system seconds of a getrusage() result (or of RUSAGE_SELF/CHILDREN now)."""
    if isinstance(usage, int):
        usage = resource.getrusage(usage)
    return usage.ru_utime + usage.ru_stime


def _vm_rss_mb() -> float:
    """This process's resident memory now (the desk's, with the bench's little besides)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return float("nan")


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=corpus("bbc"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/desk-bench-inbox"))
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--keys", choices=("paint", "pilot"), default="paint",
                        help="time each key until its frame is painted, or Pilot.press")
    parser.add_argument("--key-every", type=float, default=KEY_EVERY, metavar="SECONDS",
                        help="pause between the cold desk's key presses (each press is "
                        "followed by its preview when the pause is 50 ms or more)")
    parser.add_argument("--skip-desk", action="store_true", help="only time desk ingest")
    parser.add_argument("--packing", action="store_true",
                        help="sample how the BBC ingest's processes fill the cores "
                        "(bench/process_cpu.py; the sampling takes ~0.1 CPU-s a run)")
    parser.add_argument("--skip-synthetic", action="store_true",
                        help="no desk ingest of the synthetic inbox")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    remove_runs(args.work)  # an earlier bench stopped before its end
    inbox = build_inbox(args.work, args.files)
    figures: dict = {"load_before": load(), "engine": ENGINE, "bbc": [], "synthetic": [],
                     "desk": [], "every_process_counted": become_subreaper()}
    print(f"quote engine: {ENGINE}")
    if args.corpus.is_dir():
        for _ in range(args.runs):
            run = ingest(args.corpus, args.work, args.packing)
            figures["bbc"].append(run)
            print(f"desk ingest BBC: {run['files']} files in {run['wall_s']} s = "
                  f"{run['files_per_s']} files/s (CPU {run['cpu_main_s']} s main, "
                  f"{run['cpu_all_s']} s all processes = {run['files_per_cpu_s']} files per "
                  f"CPU-second; peak {run['peak_rss_mb']} MB) -- {run['summary']}")
            if run["packing"]:
                print(f"  packing: {run['packing']}")
    else:
        print(f"bench: {args.corpus}: no BBC corpus, its ingest is skipped", file=sys.stderr)
    for _ in range(0 if args.skip_synthetic else args.runs):
        run = ingest(inbox, args.work)
        figures["synthetic"].append(run)
        print(f"desk ingest synthetic: {run['files']} files in {run['wall_s']} s = "
              f"{run['files_per_s']} files/s (CPU {run['cpu_main_s']} s main, "
              f"{run['cpu_all_s']} s all processes; peak {run['peak_rss_mb']} MB)")
    if not args.skip_desk:
        for _ in range(args.runs):
            run = asyncio.run(cold_desk(inbox, args.work, args.files, args.keys,
                                        args.key_every))
            figures["desk"].append(run)
            print(f"cold desk (a key every {run['key_every_s']} s): {run['files']} files "
                  f"listed in {run['listed_s']} s "
                  f"({run['files_per_s']} files/s), first stories at {run['first_rows_s']} s, "
                  f"their words indexed at {run['words_indexed_s']} s, "
                  f"keys {run['key_ms']}, {run['progress_texts']} progress texts; CPU "
                  f"{run['desk_cpu_s']} s in the desk process (and this bench's keys), "
                  f"{run['reader_cpu_s']} s in its inbox reader and the reader's pool; "
                  f"desk {run['desk_rss_mb']} MB resident when listed, reader peak "
                  f"{run['reader_peak_rss_mb']} MB")
    remove_runs(args.work)
    figures["load_after"] = load()
    figures["python_ms"] = python_ms()
    print(f"machine: sum(range(10**6)) in {figures['python_ms']} ms (bench/machine.py)")
    print(f"load average before {figures['load_before']}, after {figures['load_after']}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

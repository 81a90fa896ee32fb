"""The desk at 10,000 (or 100,000) stories: first frame, cursor move, filter keystroke,
approve, and the desk's resident memory.

    python bench/tui.py [--stories 10000] [--work /tmp/desk-bench-tui-N] [--runs 5]

Builds (once, reused after) an inbox of synthetic wire stories of about 3 KB and a store
holding all of them, added through the store API (`Store.add_stories`); at 100,000 that
takes a while (~25 min on a busy 2-core machine). Each count has its own work folder. The
filter's word index beside the store is brought up to date then too, as the desk's first
start would (its time is printed, not one of the figures).

- first_frame_s: wall time from spawning `python -m desk` (a real process, under a
  pseudo-terminal of 120x40) until its first frame is on the terminal: the queue's first
  page with the status line saying "loading stories" (the rest of the index is read
  behind it), or, when the desk loaded every row first, the status line's "10,000
  stories". counts_s: until the status line's "10,000 stories" (every row loaded). Medians
  of --runs; the desk is killed after each. first_frame_cpu_s: the CPU time the desk
  process used until its first frame (/proc/<pid>/stat), steadier than wall time on a
  shared machine (tick resolution, 10 ms). rss_first_frame_mb and rss_counts_mb: the
  desk's VmRSS (from /proc/<pid>/status) at those two moments, the larger of the runs.
- rss_after_filter_mb: VmRSS of the headless desk below (this process) after the inbox
  scan, the filter's body text, and the filter keystrokes; hwm_mb its peak (VmHWM).
  words_index_mb: the filter's word index on disk beside the store (SQLite FTS5, read
  through SQLite's small page cache: no story text is held in the desk's memory for it).
- move_ms, filter_ms, approve_ms: CPU time of the whole process (`time.process_time()`)
  around `pilot.press(key)` in a headless `DeskApp.run_test(size=(120, 40))`, after the
  inbox scan and the filter's text cache are done. It counts handling the key and
  repainting; Pilot's idle wait costs no CPU. Worker threads' CPU (the 1 s inbox watch)
  falls into a few samples, hence medians.
- The preview follows the cursor once it rests (desk.tui.screens.desk.PREVIEW_DELAY), as a
  held key outpaces it. move_ms samples that regime (rest delay raised, since Pilot presses
  are slower than key repeat), and so does approve_ms (an approve moves the cursor on:
  approves in a row); move_with_preview_ms is one move plus the preview repaint
  that follows it: the same CPU clock, from before the press until the screen refresh that
  paints the new preview (after the rest delay, the bench polls every 2 ms for the
  preview's new text, then awaits Preview.wait_for_refresh; the clock counts the polls), so
  it holds the rest delay's idle ticks but not the idle time after the paint (a fixed
  0.15 s settle, as before, added ~4-5 ms of that). approve_with_preview_ms likewise. The
  desk defers no work past that paint. Last line: JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import random
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # time this checkout's desk, not whichever is installed

from desk_env import desk_env  # noqa: E402  (bench/ is on the path: this script's folder)
from machine import python_ms  # noqa: E402

PEOPLE = ["Maria Lopez", "Ahmed Karimi", "John Okafor", "Elena Petrova", "Wei Zhang",
          "Fatima Haddad", "Tom Brennan", "Ingrid Olsen", "Rahul Mehta", "Ana Souza"]
PLACES = ["ANKARA", "PARIS", "NAIROBI", "LIMA", "OSLO", "DELHI", "CAIRO", "QUITO", "SEOUL",
          "BERLIN"]
AGENCIES = ["AFP", "Reuters", "AP"]
TOPICS = ["budget", "harbour", "vaccine", "election", "drought", "rail strike", "tariffs",
          "flooding", "museum", "satellite", "refinery", "fishing quota"]
VERBS = ["backs", "rejects", "delays", "weighs", "unveils", "probes", "expands", "cuts"]
WATCH = 1.0  # the inbox/store watch runs during the key figures, as it does for editors
FILLER = ("Officials said the measure would be reviewed next month after talks with regional "
          "partners, and analysts expect further changes before the end of the year. ")


def synthetic_story(n: int, rng: random.Random) -> str:
    place, agency = rng.choice(PLACES), rng.choice(AGENCIES)
    topic = rng.choice(TOPICS)
    headline = f"{place.title()} {rng.choice(VERBS)} {topic} plan {n}"
    paragraphs = []
    for _ in range(rng.randint(6, 9)):
        person = rng.choice(PEOPLE)
        quote = f"“We will not accept a {topic} deal that leaves people behind,” {person} said."
        paragraphs.append(FILLER * rng.randint(1, 2) + quote)
    body = "\n\n".join(paragraphs)
    return f"{headline}\n\n{place} ({agency}) - {body}\n"


def build(work: Path, count: int) -> tuple[Path, Path, Path]:
    inbox, store_path, out = work / "inbox", work / "desk.json", work / "approved"
    marker = work / f"built-{count}"
    if marker.exists():
        return read_from(inbox, store_path), store_path, out
    from desk.store.store import Store
    from desk.text.pipeline import load_story

    shutil.rmtree(work, ignore_errors=True)
    inbox.mkdir(parents=True)
    rng = random.Random(4)
    base = time.time() - count * 60
    for n in range(count):
        path = inbox / f"{n:05d}.txt"
        path.write_text(synthetic_story(n, rng), encoding="utf-8")
        os.utime(path, (base + n * 60, base + n * 60))
    store = Store(store_path)
    paths = sorted(inbox.iterdir())
    for start in range(0, count, 500):
        store.add_stories(load_story(path) for path in paths[start:start + 500])
    store.close()
    marker.touch()
    return inbox, store_path, out


def read_from(inbox: Path, store_path: Path) -> Path:
    """The inbox the store's stories were read from. A copied work folder's store still
    names the files of the folder it was built in: pointed at the copy's inbox, the desk
    would take every file for a new one and read all of them again, beside the figures."""
    from desk.store.store import Store

    store = Store(store_path)
    first = store.first_rows(1) or store.records()[:1]  # (no snapshot: every row read)
    source = Path(first[0]["source"]).parent if first else inbox
    if source != inbox and source.is_dir():
        print(f"the store's stories were read from {source} (this folder is a copy): "
              "the desk reads that inbox")
        return source
    return inbox


def vm_kb(pid: int | str, field: str = "VmRSS") -> int:
    """A figure from /proc/<pid>/status, in kB (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_frame(inbox: Path, store: Path, out: Path, count: int) -> dict[str, float]:
    """Seconds from spawning `desk` until its first frame and until every row's count
    reach the terminal, and its resident memory (MB) at each."""
    counts = f"{count:,} stories".encode()
    page = b"loading stories"
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**desk_env(), "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "desk", "--inbox", str(inbox), "--store", str(store),
         "--out", str(out)],
        stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True,
        start_new_session=True)
    os.close(follower)
    seen = b""
    figures = {"first_frame": float("nan"), "counts": float("nan"),
               "rss_first_frame": 0.0, "rss_counts": 0.0, "first_frame_cpu": float("nan")}
    try:
        while time.perf_counter() - started < 60:
            ready, _, _ = select.select([leader], [], [], 0.01)
            if not ready:
                continue
            try:
                seen += os.read(leader, 1 << 16)
            except OSError:
                break
            if figures["rss_first_frame"] == 0 and (page in seen or counts in seen):
                figures["first_frame"] = time.perf_counter() - started
                figures["rss_first_frame"] = vm_kb(process.pid) / 1024
                figures["first_frame_cpu"] = cpu_s(process.pid)
            if counts in seen:
                figures["counts"] = time.perf_counter() - started
                figures["rss_counts"] = vm_kb(process.pid) / 1024
                break
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(leader)
    return figures


async def keys(inbox: Path, store: Path, out: Path) -> tuple[dict[str, float], dict[str, float]]:
    import desk.tui.screens.desk as desk_screen
    from desk.config import Settings
    from desk.tui.app import DeskApp
    from desk.tui.widgets.preview import Preview

    app = DeskApp(Settings(inbox=inbox, store=store, export=out), watch_interval=WATCH)
    figures: dict[str, list[float]] = {
        "move": [], "move_with_preview": [], "filter": [], "approve": [],
        "approve_with_preview": []}

    async def timed(name: str, key: str) -> None:
        begin = time.process_time()
        await pilot.press(key)
        figures[name].append((time.process_time() - begin) * 1000)

    async def timed_with_preview(name: str, key: str) -> None:
        preview = app.desk.query_one(Preview)
        shown = preview.text
        begin = time.process_time()
        await pilot.press(key)
        await asyncio.sleep(rest)  # the preview cannot follow sooner: no need to poll yet
        deadline = time.monotonic() + 5
        while preview.text is shown:
            if time.monotonic() > deadline:
                raise RuntimeError("the preview did not follow the cursor")
            await asyncio.sleep(0.002)
        await preview.wait_for_refresh()
        figures[name].append((time.process_time() - begin) * 1000)
        await pilot.pause(0.1)

    rest = desk_screen.PREVIEW_DELAY
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + 120
        while not (app.desk.scan_done and app.desk.bodies_indexed) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        await pilot.pause(1.0)
        # A held key repeats every ~30 ms, faster than the preview's rest delay, so the
        # preview waits for the cursor to stop. Pilot presses ~60 ms apart, so to measure
        # that regime the rest delay is raised while sampling moves...
        desk_screen.PREVIEW_DELAY = 1.0
        for key in "j" * 40 + "k" * 20:
            await timed("move", key)
        desk_screen.PREVIEW_DELAY = rest
        # ...and a move that the preview follows is measured up to the preview's paint.
        for _ in range(20):
            await timed_with_preview("move_with_preview", "j")
        for word in ("refinery", "harbour plan 99", "status:new ahmed", "quito budget"):
            await pilot.press("slash")
            for char in word:
                await timed("filter", "space" if char == " " else char)
            await pilot.press("escape")
        memory = {"rss_after_filter": vm_kb("self") / 1024}
        await pilot.press("g")
        # An approve moves the cursor on, and the next story's preview follows once it
        # rests: approves in a row are timed as moves are (rest delay raised: each approve
        # alone, never half of them with a preview that happened to fall in the window),
        # and an approve that the preview follows up to the preview's paint, apart.
        desk_screen.PREVIEW_DELAY = 1.0
        for _ in range(40):
            await pilot.press("j")
            await pilot.pause(0.15)
            await timed("approve", "a")
        desk_screen.PREVIEW_DELAY = rest
        for _ in range(20):
            await pilot.press("j")
            await pilot.pause(0.15)
            await timed_with_preview("approve_with_preview", "a")
        memory["hwm"] = vm_kb("self", "VmHWM") / 1024
    return {name: statistics.median(values) for name, values in figures.items()}, memory


def index_words(inbox: Path, store: Path, out: Path) -> None:
    """Bring the word index beside the store up to date, as the desk's first start does
    (it stays on disk like the store: a desk started after finds it so)."""
    from desk.config import Settings
    from desk.tui.session import DeskSession

    session = DeskSession(Settings(inbox=inbox, store=store, export=out))
    started = time.perf_counter()
    for done, total in session.index_words():
        if done == total and total:
            print(f"word index: {total:,} stories in {time.perf_counter() - started:.1f} s")
    session.words.close()


def copy_store(store: Path, folder: Path) -> Path:
    """A copy of the store (and its word index) in `folder`."""
    shutil.copy2(store, folder / store.name)
    shutil.copytree(store.with_name(store.name + ".d"), folder / (store.name + ".d"))
    for index in store.parent.glob(store.name + ".words.sqlite*"):
        shutil.copy2(index, folder / index.name)
    return folder / store.name


def frame_figures(frames: list[dict[str, float]]) -> dict[str, float]:
    """The first-frame runs' figures for the JSON line, and the load they ran under."""
    return {
        "first_frame_s": round(statistics.median(frame["first_frame"] for frame in frames), 3),
        "first_frame_cpu_s": round(
            statistics.median(frame["first_frame_cpu"] for frame in frames), 3),
        "counts_s": round(statistics.median(frame["counts"] for frame in frames), 3),
        "rss_first_frame_mb": round(max(frame["rss_first_frame"] for frame in frames)),
        "rss_counts_mb": round(max(frame["rss_counts"] for frame in frames)),
        "load": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "python_ms": python_ms(),  # the machine's speed now (bench/machine.py)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--work", type=Path, help="default /tmp/desk-bench-tui-<stories>")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frames-only", action="store_true",
                        help="only the first-frame figures (no headless key run)")
    args = parser.parse_args()
    work = args.work or Path(f"/tmp/desk-bench-tui-{args.stories}")
    inbox, store, out = build(work, args.stories)
    index_words(inbox, store, out)
    frames = [first_frame(inbox, store, out, args.stories) for _ in range(args.runs)]
    print("first frame runs (s): "
          + ", ".join(f"{frame['first_frame']:.3f}" for frame in frames))
    print("first frame CPU of the desk (s): "
          + ", ".join(f"{frame['first_frame_cpu']:.2f}" for frame in frames))
    print("all counts runs (s): " + ", ".join(f"{frame['counts']:.3f}" for frame in frames))
    print("VmRSS at first frame / at counts (MB): " + ", ".join(
        f"{frame['rss_first_frame']:.0f}/{frame['rss_counts']:.0f}" for frame in frames))
    if args.frames_only:
        print(json.dumps({"stories": args.stories, **frame_figures(frames)}))
        return 0
    # Approvals change the store: they run on a copy, so every run starts alike.
    scratch = work / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    medians, memory = asyncio.run(keys(inbox, copy_store(store, scratch),
                                       scratch / "approved"))
    print(f"key medians (ms CPU): {medians}")
    print(f"memory (MB): {memory}")
    print(json.dumps({
        "stories": args.stories,
        **frame_figures(frames),
        "rss_after_filter_mb": round(memory["rss_after_filter"]),
        "words_index_mb": round(sum(path.stat().st_size for path in store.parent.glob(
            store.name + ".words.sqlite*")) / 2**20),
        "hwm_mb": round(memory["hwm"]),
        "move_ms": round(medians["move"], 2),
        "filter_ms": round(medians["filter"], 2),
        "approve_ms": round(medians["approve"], 2),
        "move_with_preview_ms": round(medians["move_with_preview"], 2),
        "approve_with_preview_ms": round(medians["approve_with_preview"], 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

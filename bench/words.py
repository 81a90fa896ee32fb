"""Building the filter's word index: CPU per story, in the order the stories were read (the
way desk indexed them before) against the shipped order (each batch by rowid), in this one
process, alternately.

    python bench/words.py [FOLDER] [--rounds 3] [--work /tmp/desk-bench-words]

FOLDER's stories (default: the BBC corpus) go through the text pipeline once; each round
then indexes all of them into a new index file on disk, WORDS_PER_COMMIT (the desk's
batch) to a transaction, as the desk's inbox reader and a rebuild do. Figures are CPU
microseconds a story (process_time, SQLite's work included) and wall ones, the best of
--rounds; the ratio is the earlier order's over the shipped one's. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # time this checkout's desk, not whichever is installed

from machine import python_ms  # noqa: E402
from polnear import corpus  # noqa: E402


def entries_of(folder: Path) -> list:
    from desk.store.words import Entry
    from desk.text.ingest import iter_story_files
    from desk.text.pipeline import load_files

    files = [str(path) for path in iter_story_files([str(folder)], print)]
    return [Entry.of_new_story(story) for read in load_files(files) for story in read.stories]


def index_all(entries: list, path: Path, as_read: bool) -> tuple[float, float]:
    """CPU and wall seconds to index `entries` into a new index at `path`."""
    from desk.store import words
    from desk.tui.session import WORDS_PER_COMMIT

    shipped = words._rowid_order
    if as_read:  # sorted() is stable: a constant key keeps the order read
        words._rowid_order = lambda entry: 0
    try:
        index = words.WordIndex(path)
        began, began_wall = time.process_time(), time.perf_counter()
        for start in range(0, len(entries), WORDS_PER_COMMIT):
            index.add(entries[start:start + WORDS_PER_COMMIT])
        spent = time.process_time() - began, time.perf_counter() - began_wall
        index.close()
        return spent
    finally:
        words._rowid_order = shipped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=corpus("bbc"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/desk-bench-words"))
    args = parser.parse_args()
    entries = entries_of(args.folder)
    best: dict[str, tuple[float, float]] = {}
    for round_ in range(args.rounds):
        for label, as_read in (("as_read", True), ("rowid_order", False)):
            shutil.rmtree(args.work, ignore_errors=True)
            args.work.mkdir(parents=True)
            cpu, wall = index_all(entries, args.work / f"{round_}-{label}.words.sqlite", as_read)
            if label not in best or cpu < best[label][0]:
                best[label] = (cpu, wall)
    shutil.rmtree(args.work, ignore_errors=True)
    figures = {label: {"cpu_us": round(cpu / len(entries) * 1e6, 1),
                       "wall_us": round(wall / len(entries) * 1e6, 1)}
               for label, (cpu, wall) in best.items()}
    ratio = round(best["as_read"][0] / best["rowid_order"][0], 2)
    for label, figure in figures.items():
        print(f"{label:12} {figure['cpu_us']:8.1f} us CPU a story ({figure['wall_us']:.1f} wall)")
    print(f"{len(entries)} stories of {args.folder}; in the order read, indexing takes {ratio}x "
          f"the CPU it takes in rowid order")
    print(json.dumps({"stories": len(entries), "rounds": args.rounds, **figures,
                      "ratio_as_read_to_rowid_order": ratio, "python_ms": python_ms()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where an ingest's CPU goes, per file: each step `desk ingest` takes, run one after the
other in this one process, so the steps can be told apart (bench/inbox.py times the whole
command, its steps overlapping on every core).

    python bench/ingest_costs.py [FOLDER] [--files N] [--repeat 3] [--work /tmp/desk-bench-costs]

In a worker (desk.reading.read_chunk, CHUNK files at a time):
- pipeline: desk.text.pipeline.load_files (read, decode, clean, quotes, tags);
- worker_rest: the rest of read_chunk (each story's near-duplicate sketch, the raw text
  dropped): read_chunk's best time less the pipeline's, so it wavers by some us;
- pickle: the worker's results pickled, as its pool hands them over.
In the main process (desk.inbox, BATCH files at a time, into a new store):
- unpickle: the results taken back;
- gather: each story checked against the store (an exact copy?) and placed among the near
  duplicates (desk.arrivals);
- write_user, write_system: the batch's grouped commit (desk.store), user and system CPU
  (os.times: the system's share is the file system's, creating, syncing and renaming).

Each figure is microseconds per file (CPU), the best of --repeat runs (a new store each).
The last line is JSON. FOLDER defaults to the BBC corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from contextlib import nullcontext
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # time this checkout's desk, not whichever is installed

from polnear import corpus  # noqa: E402

STEPS = ("pipeline", "worker_rest", "pickle", "unpickle", "gather", "write_user",
         "write_system")
TIMED = ("pipeline", "read_chunk", *STEPS[2:])  # worker_rest: read_chunk less pipeline


def one_run(files: list[str], store_path: Path) -> dict[str, float]:
    """CPU seconds of each step over `files`, into a new store at `store_path`."""
    from desk import inbox, reading
    from desk.arrivals import Arrivals
    from desk.store.store import Store
    from desk.text.pipeline import load_files

    spent = dict.fromkeys(TIMED, 0.0)
    chunks = [files[start:start + reading.CHUNK]
              for start in range(0, len(files), reading.CHUNK)]
    blobs = []
    for chunk in chunks:
        began = time.process_time()
        load_files(chunk)
        middle = time.process_time()
        reads = reading.read_chunk(chunk)  # the pipeline again, then the rest
        ended = time.process_time()
        blobs.append(pickle.dumps(reads, protocol=pickle.HIGHEST_PROTOCOL))
        spent["pipeline"] += middle - began
        spent["read_chunk"] += ended - middle
        spent["pickle"] += time.process_time() - ended

    began = time.process_time()
    reads = [read for blob in blobs for read in pickle.loads(blob)]
    spent["unpickle"] = time.process_time() - began
    store = Store(store_path)
    rows = store.records()
    known, arrivals = inbox._Known(rows), Arrivals(store, rows)
    for start in range(0, len(reads), inbox.BATCH):
        began = time.process_time()
        gathered = inbox._gather(reads[start:start + inbox.BATCH], known, arrivals,
                                 lambda line: None)
        spent["gather"] += time.process_time() - began
        before = os.times()
        inbox._write(store, gathered, start + inbox.BATCH, len(reads), nullcontext())
        after = os.times()
        spent["write_user"] += after.user - before.user
        spent["write_system"] += after.system - before.system
    arrivals.save()
    store.close()
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=corpus("bbc"))
    parser.add_argument("--files", type=int, default=0, help="the first N files (0: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/desk-bench-costs"))
    args = parser.parse_args()
    if not args.folder.is_dir():
        raise SystemExit(f"bench: {args.folder}: no such folder")
    from desk import inbox, reader_start  # noqa: F401  (the workers' tables, built once)

    files = inbox.list_files([args.folder], print).files
    files = files[:args.files] if args.files else files
    runs = []
    args.work.mkdir(parents=True, exist_ok=True)
    for run in range(args.repeat):
        # A store folder of its own each run, all left until the end: on ext4 without a
        # journal, creating files just after thousands were removed is far slower.
        folder = args.work / f"run-{os.getpid()}-{run}"
        folder.mkdir()
        runs.append(one_run(files, folder / "desk.json"))
    best = {step: min(run[step] for run in runs) / len(files) * 1e6 for step in TIMED}
    best["worker_rest"] = best.pop("read_chunk") - best["pipeline"]  # each the best of all
    best = {step: best[step] for step in STEPS}
    worker = best["pipeline"] + best["worker_rest"] + best["pickle"]
    main_process = sum(best[step] for step in STEPS[3:])
    for step in STEPS:
        print(f"{step:>13}: {best[step]:7.1f} us/file")
    print(f"worker {worker:.0f} us/file, main process {main_process:.0f} us/file, "
          f"together {worker + main_process:.0f} us/file: on 2 cores at best "
          f"{2e6 / (worker + main_process):,.0f} files/s, start-up aside "
          f"({len(files)} files of {args.folder}, load {os.getloadavg()[0]:.2f})")
    print(json.dumps({"files": len(files), "us_per_file": {k: round(v, 1)
                                                           for k, v in best.items()},
                      "worker_us": round(worker), "main_us": round(main_process),
                      "load": os.getloadavg()[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

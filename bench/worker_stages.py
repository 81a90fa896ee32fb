"""Where an inbox worker's CPU goes, per stage, on a cold pass: one process reads every file
once, as a worker of `desk ingest` sees each text once (in-process benches that repeat the
same files find their caches warm).

    python bench/worker_stages.py [FOLDER] [--against OTHER_CHECKOUT] [--rounds 3]

The pass is desk.reading.read_chunk over chunks of CHUNK files, its results pickled and
unpickled as the pool hands them over. Stages (microseconds of CPU per file): read (read
and decode, desk.text.ingest), clean, quotes, tags, sketch (the near-duplicate sketch),
chunk_rest (the rest of read_chunk: building the stories, dropping their raw text),
pickle (in the worker) and unpickle (in the main process). Each stage is timed by
process_time around its calls (~1 us a call lands in the figures). `ours` is every stage
but quotes.

With --against, the pass runs in fresh processes alternately on this checkout and the
other (A B A B ...), --rounds times each, and the medians are printed side by side: CPU
time on a shared machine wavers from run to run, and alternation spreads that over both.
The last line is JSON. FOLDER defaults to the BBC corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

STAGES = ("read", "clean", "quotes", "tags", "sketch", "chunk_rest", "pickle", "unpickle")
TIMED = {"read": ("desk.text.pipeline", "read_stories"), "clean": ("desk.text.pipeline", "clean"),
         "quotes": ("desk.text.pipeline", "find_quotes"),
         "tags": ("desk.text.pipeline", "suggest_tags"), "sketch": ("desk.versions", "sketch")}


def one_pass(folder: Path) -> dict[str, float]:
    """Microseconds of CPU per file in each stage, over one cold pass of `folder`."""
    import importlib

    from desk import reader_start, reading  # noqa: F401  (reader_start: a worker's preload)
    from desk.text.ingest import iter_story_files

    spent = dict.fromkeys(STAGES, 0.0)
    for stage, (module_name, name) in TIMED.items():
        module = importlib.import_module(module_name)
        setattr(module, name, _timed(getattr(module, name), stage, spent))
    files = [str(path) for path in iter_story_files([str(folder)], print)]
    in_chunks = 0.0
    for start in range(0, len(files), reading.CHUNK):
        began = time.process_time()
        reads = reading.read_chunk(files[start:start + reading.CHUNK])
        read = time.process_time()
        blob = pickle.dumps(reads, protocol=pickle.HIGHEST_PROTOCOL)
        pickled = time.process_time()
        pickle.loads(blob)
        in_chunks += read - began
        spent["pickle"] += pickled - read
        spent["unpickle"] += time.process_time() - pickled
    spent["chunk_rest"] = in_chunks - sum(spent[stage] for stage in TIMED)
    return {stage: seconds / len(files) * 1e6 for stage, seconds in spent.items()}


def _timed(function, stage: str, spent: dict[str, float]):
    def timed(*args, **kwargs):
        began = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.process_time() - began
    return timed


def in_process(checkout: Path, folder: Path) -> dict[str, float]:
    """One pass in a fresh process on `checkout`'s desk (this script, run from there)."""
    out = subprocess.run([sys.executable, __file__, str(folder), "--one-pass", str(checkout)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--against", type=Path, help="another checkout, run alternately")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one-pass", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_pass:  # a child: time the pass on that checkout's desk
        sys.path.insert(0, str(args.one_pass))
        print(json.dumps(one_pass(args.folder)))
        return 0
    sys.path.insert(0, str(REPO))
    from polnear import corpus

    folder = args.folder or corpus("bbc")
    sides = {"this": REPO} | ({"against": args.against.resolve()} if args.against else {})
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    for _ in range(args.rounds):
        for side, checkout in sides.items():
            runs[side].append(in_process(checkout, folder))
    medians = {side: {stage: statistics.median(run[stage] for run in side_runs)
                      for stage in STAGES} for side, side_runs in runs.items()}
    for side, figures in medians.items():
        figures["ours"] = sum(figures[stage] for stage in STAGES if stage != "quotes")
        print(f"{side:>7} ({sides[side]}): " + ", ".join(
            f"{stage} {figures[stage]:.0f}" for stage in (*STAGES, "ours")) + " us/file")
    if args.against:
        this, other = medians["this"]["ours"], medians["against"]["ours"]
        print(f"this checkout's stages but quotes take {this / other:.2f}x the other's CPU")
    print(json.dumps({"folder": str(folder), "rounds": args.rounds, "load": os.getloadavg()[0],
                      "us_per_file": {side: {stage: round(value, 1)
                                             for stage, value in figures.items()}
                                      for side, figures in medians.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

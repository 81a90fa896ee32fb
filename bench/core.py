"""Core speed: ingest + clean + quotes + tags over the BBC corpus, per stage, one core.

    python bench/core.py [CORPUS_DIR] [--repeat N]

Stories go through the stages as the desk's reader workers take them (desk.reading,
desk.text.pipeline.load_files): a chunk of CHUNK files at a time, each stage over the whole
chunk before the next. The same work story by story (each story through every stage in
turn) is timed too, and the ratio printed: the chunked order keeps each stage's code and
data in the CPU's caches.

Prints stories/s overall and per stage (wall time, and CPU time beside it: on a shared
machine what other processes take counts less there), the ratio against a baseline run in
the same process (just reading and decoding the files), checks that `desk inspect --json`
emits every story with sport/199.txt (Latin-1) decoded, and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # time this checkout's desk, not whichever is installed

from machine import python_ms  # noqa: E402
from polnear import corpus  # noqa: E402

from desk.reading import CHUNK  # noqa: E402
from desk.text import ENGINE  # noqa: E402
from desk.text.clean import clean  # noqa: E402
from desk.text.ingest import IngestError, iter_story_files, read_story  # noqa: E402
from desk.text.quotes import find_quotes  # noqa: E402
from desk.text.tags import suggest_tags  # noqa: E402

DEFAULT_CORPUS = corpus("bbc")


def baseline(paths: list[Path]) -> float:
    """Seconds to read and decode every file: the floor any ingest pays."""
    start = time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data.decode("latin-1")
    return time.perf_counter() - start


def one_pass(paths: list[Path], clock=time.perf_counter, chunk: int = CHUNK) -> dict[str, float]:
    """Seconds in each stage over every path, `chunk` files at a time (1: story by story),
    in the order desk.text.pipeline.load_files runs them."""
    stages = dict.fromkeys(("ingest", "clean", "quotes", "tags"), 0.0)
    for start in range(0, len(paths), chunk):
        t0 = clock()
        raws = []
        for path in paths[start:start + chunk]:
            try:
                raws.append(read_story(path))
            except IngestError as exc:
                print(f"bench: {exc}", file=sys.stderr)
        t1 = clock()
        copies = [clean(raw) for raw in raws]
        t2 = clock()
        scans = [find_quotes(copy.body) for copy in copies]
        t3 = clock()
        for copy, scan in zip(copies, scans, strict=True):
            suggest_tags(copy, scan.quotes)
        t4 = clock()
        stages["ingest"] += t1 - t0
        stages["clean"] += t2 - t1
        stages["quotes"] += t3 - t2
        stages["tags"] += t4 - t3
    return stages


def check_inspect(corpus: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "desk", "inspect", "--json", str(corpus)],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    stories = [json.loads(line) for line in result.stdout.splitlines()]
    latin1 = [s for s in stories if s["source"].endswith("sport/199.txt")]
    return {"emitted": len(stories), "exit": result.returncode,
            "stderr_lines": len(result.stderr.splitlines()),
            "latin1_decoded": bool(latin1) and "£15.8m" in latin1[0]["body"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="passes; the median is reported")
    parser.add_argument("--no-inspect", action="store_true", help="skip the desk inspect check")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"bench: {args.corpus}: corpus folder not found", file=sys.stderr)
        return 1
    paths = list(iter_story_files([args.corpus], lambda m: print(f"bench: {m}", file=sys.stderr)))
    one_pass(paths)  # warm caches and lazy imports, as a running desk would have
    passes = [one_pass(paths) for _ in range(args.repeat)]
    stages = {name: statistics.median(p[name] for p in passes) for name in passes[0]}
    total = sum(stages.values())
    # CPU time as well: on a shared machine what other processes take counts less there
    cpu_passes = [one_pass(paths, time.process_time) for _ in range(args.repeat)]
    cpu_stages = {name: statistics.median(p[name] for p in cpu_passes) for name in stages}
    cpu_total = sum(cpu_stages.values())
    one_by_one = statistics.median(sum(one_pass(paths, time.process_time, 1).values())
                                   for _ in range(args.repeat))
    floor = statistics.median(baseline(paths) for _ in range(args.repeat))
    n = len(paths)
    print(f"{n} stories from {args.corpus}, {CHUNK} files a chunk, median of {args.repeat} "
          f"passes, one core; wall time (CPU time in brackets)")
    for name, seconds in stages.items():
        print(f"  {name:7s} {seconds * 1000:8.1f} ms  {seconds / n * 1e6:7.1f} µs/story "
              f"({cpu_stages[name] / n * 1e6:5.1f})  {seconds / total:5.1%}")
    print(f"desk core: {n / total:,.0f} stories/s ({n / cpu_total:,.0f} in CPU time)")
    print(f"story by story (every stage per story, CPU): {n / one_by_one:,.0f} stories/s; "
          f"chunked is {one_by_one / cpu_total:.2f}x that")
    print(f"quote engine: {ENGINE}")
    print(f"baseline (read + decode only): {n / floor:,.0f} stories/s; "
          f"desk costs {total / floor:.1f}x the bare read")
    figures = {"stories": n, "stories_per_s": round(n / total, 1),
               "cpu_stories_per_s": round(n / cpu_total, 1),
               "stage_ms": {k: round(v * 1000, 1) for k, v in stages.items()},
               "cpu_stage_ms": {k: round(v * 1000, 1) for k, v in cpu_stages.items()},
               "chunk": CHUNK, "cpu_story_by_story_per_s": round(n / one_by_one, 1),
               "baseline_stories_per_s": round(n / floor, 1),
               "ratio_to_baseline": round(total / floor, 2), "engine": ENGINE,
               "python_ms": python_ms()}
    if not args.no_inspect:
        figures["inspect"] = check_inspect(args.corpus)
        print(f"desk inspect --json: {figures['inspect']}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

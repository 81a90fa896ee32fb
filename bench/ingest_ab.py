"""`desk ingest` of one corpus by this checkout and others, run alternately: the same work
under the same weather of a shared machine, whose speed swings by a fifth from one minute
to the next (one checkout's runs and then another's compare two weathers).

    python bench/ingest_ab.py OTHER_CHECKOUT [MORE ...] [--rounds 12] [--corpus DIR]
                              [--work /tmp/desk-bench-ab]

Each round runs `python -m desk --store NEW ingest CORPUS` once from each checkout (its
folder first on PYTHONPATH, its desk compiled to bytecode first, as an installed desk is),
in turn, the order reversed every other round; each run into a new store, the stores
removed only at the end (bench/inbox.py's remove_runs says why). Every checkout must say
the same of the corpus (the summary line `desk ingest` prints). Prints each round, then
for each checkout the median and best wall time, files/s at the median, and the median
CPU of the process with its children (`desk ingest` forks its workers itself); the last
line is JSON.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inbox import fresh_folder, load, remove_runs  # noqa: E402  (bench/, this folder)
from polnear import corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def run(checkout: Path, folder: Path, work: Path) -> tuple[float, float, str]:
    """One ingest of `folder` by `checkout`: wall seconds, CPU seconds, its summary."""
    store = fresh_folder(work) / "desk.json"
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "desk", "--store", str(store), "ingest",
                           str(folder)], capture_output=True, text=True, env=env, cwd=work)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"bench: {checkout}: desk ingest failed: {done.stderr.strip()[:500]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done.stdout.splitlines()[0] if done.stdout else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("others", nargs="+", type=Path, metavar="OTHER_CHECKOUT")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--corpus", type=Path, default=corpus("bbc"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/desk-bench-ab"))
    args = parser.parse_args()
    checkouts = [REPO, *(other.resolve() for other in args.others)]
    for checkout in checkouts:
        if not (checkout / "desk" / "__main__.py").is_file():
            raise SystemExit(f"bench: {checkout}: not a desk checkout (no desk/__main__.py)")
        compileall.compile_dir(checkout / "desk", quiet=1)
    args.work.mkdir(parents=True, exist_ok=True)
    remove_runs(args.work)  # an earlier bench stopped before its end
    names = [str(checkout) for checkout in checkouts]
    walls: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    summaries: dict[str, str] = {}
    load_before = load()
    try:
        for round_ in range(args.rounds):
            order = checkouts if round_ % 2 == 0 else checkouts[::-1]
            for checkout in order:
                wall, cpu, summary = run(checkout, args.corpus, args.work)
                walls[str(checkout)].append(wall)
                cpus[str(checkout)].append(cpu)
                summaries.setdefault(str(checkout), summary)
            print(f"round {round_ + 1}: " + "  ".join(
                f"{name} {walls[name][-1]:.3f} s" for name in names), flush=True)
    finally:
        remove_runs(args.work)
    if len(set(summaries.values())) > 1:
        raise SystemExit("bench: the checkouts read the corpus differently:\n" + "\n".join(
            f"  {name}: {summary}" for name, summary in summaries.items()))
    files = int(re.search(r"from (\d+) files", summaries[names[0]]).group(1))
    figures = {}
    for name in names:
        median = statistics.median(walls[name])
        figures[name] = {"median_s": round(median, 3), "best_s": round(min(walls[name]), 3),
                         "files_per_s": round(files / median, 1),
                         "cpu_s": round(statistics.median(cpus[name]), 2)}
        print(f"{name}: median {median:.3f} s ({files / median:,.0f} files/s), best "
              f"{min(walls[name]):.3f} s, CPU {figures[name]['cpu_s']} s")
    print(json.dumps({"files": files, "rounds": args.rounds, "load_before": load_before,
                      "load_after": load(), "checkouts": figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

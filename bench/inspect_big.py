"""`desk inspect` on one big generated story: 1, 2, 4 and 5 MB.

    python bench/inspect_big.py [--sizes 1,2,4,5] [--work /tmp/desk-bench-inspect] [--runs 2]

The stories are tests/text/test_linear_pipeline.py's dirty wire copy (mojibake, straight
and curly quotes, speakers, datelines) grown to each size. For each size:

- wall_s: `python -m desk inspect FILE` as a process, its output into a pipe (read and
  dropped), from spawn to exit; the best of --runs. desk is compiled to bytecode first,
  as an installed desk is (bench/desk_env.py).
- pipeline_s, render_s: CPU time in this process of the text pipeline (build_story) and
  of drawing the story as inspect does into a pipe, after one warm-up on a small story.

Prints each size's figures and the ratios to 1 MB (linear: the 4 MB story costs at most
about 4x); the last line is JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # time this checkout's desk, not whichever is installed
sys.path.insert(0, str(REPO / "tests" / "text"))

from desk_env import desk_env  # noqa: E402  (bench/, this script's folder)
from machine import python_ms  # noqa: E402
from test_linear_pipeline import wire_copy  # noqa: E402

MB = 1_000_000  # decimal: a 5 MB story stays under the reader's 5 MiB limit


def story_of(megabytes: float) -> str:
    per_paragraph = len(wire_copy(100).encode("utf-8")) / 100
    return wire_copy(int(megabytes * MB / per_paragraph))


def wall(path: Path, runs: int) -> float:
    env = desk_env()
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "desk", "inspect", str(path)], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def stages(text: str) -> tuple[float, float]:
    from desk.cli.inspect import _rich_printer
    from desk.text.ingest import story_from_text
    from desk.text.pipeline import build_story

    begin = time.process_time()
    story = build_story(story_from_text(text))
    built = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):  # a pipe, as wall_s has it
        _rich_printer()(story)
    return built - begin, time.process_time() - built


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4,5", help="megabytes, comma-separated")
    parser.add_argument("--work", type=Path, default=Path("/tmp/desk-bench-inspect"))
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    stages(wire_copy(50))  # lazy imports and caches out of the figures
    figures: dict = {"load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()), "sizes": {}}
    for size in [float(each) for each in args.sizes.split(",")]:
        path = args.work / f"story-{size:g}mb.txt"
        text = story_of(size)
        path.write_text(text, encoding="utf-8")
        pipeline, render = stages(text)
        figures["sizes"][f"{size:g}"] = {
            "bytes": len(text.encode("utf-8")), "wall_s": round(wall(path, args.runs), 3),
            "pipeline_s": round(pipeline, 3), "render_s": round(render, 3)}
        print(f"{size:g} MB: {figures['sizes'][f'{size:g}']}", flush=True)
    sizes = figures["sizes"]
    if "1" in sizes:
        for name in ("wall_s", "pipeline_s", "render_s"):
            figures[f"ratio_{name}"] = {key: round(value[name] / sizes["1"][name], 2)
                                        for key, value in sizes.items()}
        print(f"ratios to 1 MB (wall): {figures['ratio_wall_s']}")
    figures["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    figures["python_ms"] = python_ms()
    print(f"load average before {figures['load_before']}, after {figures['load_after']}; "
          f"sum(range(10**6)) in {figures['python_ms']} ms (bench/machine.py)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

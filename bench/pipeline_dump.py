"""The text pipeline's output over a corpus, to check that a speed-up changed nothing.

    python bench/pipeline_dump.py OUT [CORPUS_DIR ...] [--against EARLIER]

Writes one JSON line per story (its file, then the story as `desk inspect --json` has it:
clean copy, fixes, quotes, speakers, tags) to OUT, for the BBC corpus, the seed stories and
any other folders given. Run it at the commit before a change and after; `--against` the
earlier dump it counts the stories whose output differs and names the first few. Also the
pipeline's CPU time. Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's desk, not whichever is installed

from polnear import corpus  # noqa: E402

from desk.text.ingest import IngestError, iter_story_files  # noqa: E402
from desk.text.pipeline import load_stories  # noqa: E402

SHOWN = 5  # differing stories named


def dump(folders: list[Path], out: Path) -> tuple[int, float]:
    """Write every story of `folders` to `out`; (stories, pipeline CPU seconds). A story's
    file is named from its folder's name on, so two checkouts' dumps compare."""
    named = {}
    for folder in folders:
        for path in iter_story_files([str(folder)], lambda problem: None):
            named[path] = str(Path(folder.resolve().name) / Path(path).resolve().relative_to(
                folder.resolve())) if folder.is_dir() else folder.name
    count, cpu = 0, 0.0
    with out.open("w", encoding="utf-8") as file:
        for path in sorted(named):
            begin = time.process_time()
            try:
                stories = [story.to_json() for story in load_stories(path, lambda problem: None)]
            except IngestError as exc:
                stories = [{"error": str(exc)}]
            cpu += time.process_time() - begin
            for story in stories:
                file.write(json.dumps({"file": named[path], "story": story},
                                      ensure_ascii=False, sort_keys=True) + "\n")
            count += len(stories)
    return count, cpu


def differing(out: Path, earlier: Path) -> list[str]:
    """The files whose stories differ between the two dumps (or are in only one)."""
    def by_file(path: Path) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            found.setdefault(json.loads(line)["file"], []).append(line)
        return found

    now, before = by_file(out), by_file(earlier)
    return sorted(name for name in now.keys() | before.keys()
                  if now.get(name) != before.get(name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("folders", type=Path, nargs="*",
                        default=[corpus("bbc"), REPO / "stories"])
    parser.add_argument("--against", type=Path, help="an earlier dump to compare with")
    args = parser.parse_args()
    stories, cpu = dump(args.folders, args.out)
    figures: dict = {"stories": stories, "pipeline_cpu_s": round(cpu, 2)}
    print(f"{stories:,} stories in {cpu:.2f} s of CPU, written to {args.out}")
    if args.against:
        files = differing(args.out, args.against)
        figures["files_differing"] = len(files)
        print(f"{len(files)} file(s) differ from {args.against}"
              + "".join(f"\n  {name}" for name in files[:SHOWN]))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

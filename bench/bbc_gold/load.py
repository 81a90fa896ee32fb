"""Read a split of the hand-annotated BBC quote gold and check every offset against the copy.

    python bench/bbc_gold/load.py [--corpus DIR] [dev] [heldout]

`load_split(split)` yields (file, text, quotes) for each story of dev.jsonl or heldout.jsonl,
reading the story from the BBC corpus (default ../shared/corpora/bbc next to the repo; the
copy itself is not in the repo). Every quote is checked before it is yielded: its offsets lie
inside the text, it has no blank at either edge, a quotation mark comes next before its start
and next after its end, blanks aside (unless the copy left it `unopened` / `unclosed`), and no
two overlap. Anything else raises GoldError naming the split, the line and the file. Run as a
script it prints counts per split and ends with one JSON line. README.md says how it was made.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent
DEFAULT_CORPUS = GOLD_DIR.parents[2] / "shared" / "corpora" / "bbc"
SPLITS = ("dev", "heldout")
KINDS = ("quote", "scare")
MARKS = frozenset('"“”«»„')


class GoldError(ValueError):
    """A gold record that does not fit the copy it points into."""


def read_story(path: Path) -> str:
    """The story as the gold's offsets count it: UTF-8, or cp1252 for the one Latin-1 file."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _problem(text: str, q: dict) -> str | None:
    start, end = q.get("start"), q.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return "offsets outside the text or empty"
    if q.get("kind") not in KINDS:
        return f"kind {q.get('kind')!r} is not one of {KINDS}"
    if q["kind"] == "quote" and not (isinstance(q.get("speaker"), str) and q["speaker"].strip()):
        return "a quote without a speaker"
    inner = text[start:end]
    if inner != inner.strip():
        return "blank at the edge of the quoted text"
    # Blanks between a mark and the words are the copy's ("nine years... "), not the quote's.
    before, after = text[:start].rstrip(), text[end:].lstrip()
    if not q.get("unopened") and before[-1:] not in MARKS:
        return f"no opening mark before {inner[:30]!r}"
    if not q.get("unclosed") and after[:1] not in MARKS:
        return f"no closing mark after {inner[-30:]!r}"
    return None


def load_split(split: str, corpus: Path | str = DEFAULT_CORPUS,
               gold_dir: Path | str = GOLD_DIR) -> Iterator[tuple[str, str, list[dict]]]:
    """Yield (file, text, quotes) for each story of the split, every offset checked."""
    path = Path(gold_dir) / f"{split}.jsonl"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name} line {n}"
        row = json.loads(line)
        file = row["file"]
        try:
            text = read_story(Path(corpus) / file)
        except OSError as exc:
            raise GoldError(f"{where}: {file}: cannot read the story ({exc.strerror})") from exc
        quotes = row["quotes"]
        last_end = 0
        for i, q in enumerate(quotes, 1):
            problem = _problem(text, q)
            if problem is None and q["start"] < last_end:
                problem = "overlaps the quote before it (quotes must be in order)"
            if problem:
                raise GoldError(f"{where}: {file}: quote {i} ({q.get('start')}-{q.get('end')}): "
                                f"{problem}")
            last_end = q["end"]
        yield file, text, quotes


def counts(split: str, corpus: Path | str = DEFAULT_CORPUS) -> dict[str, int]:
    stories = quotes = scare = unsure = carried = 0
    for _file, _text, gold in load_split(split, corpus):
        stories += 1
        quotes += sum(q["kind"] == "quote" for q in gold)
        scare += sum(q["kind"] == "scare" for q in gold)
        unsure += sum(bool(q.get("unsure")) for q in gold)
        carried += sum(q["kind"] == "quote" and q["mention"] is None for q in gold)
    return {"stories": stories, "quotes": quotes, "scare": scare, "unsure": unsure,
            "carried": carried}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("splits", nargs="*", help="dev and/or heldout (default: both)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if unknown := set(args.splits) - set(SPLITS):
        parser.error(f"unknown split {sorted(unknown)[0]!r}: choose from {SPLITS}")
    figures = {}
    try:
        for split in args.splits or SPLITS:
            figures[split] = counts(split, args.corpus)
    except GoldError as exc:
        print(f"bbc_gold: {exc}", file=sys.stderr)
        return 1
    for split, c in figures.items():
        print(f"{split:8} {c['stories']:3} stories  {c['quotes']:4} quotes "
              f"({c['carried']} with the speaker carried from an earlier paragraph)  "
              f"{c['scare']:3} scare  {c['unsure']:3} unsure  - every offset checked")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

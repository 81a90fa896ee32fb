"""`desk inspect PATH... [--json]`: clean copy with quotes and speakers, no store needed."""

from __future__ import annotations

import argparse
import json
import sys

from desk.cli.options import LOCATIONS


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "inspect",
        parents=[LOCATIONS],
        help="show stories as clean copy with quotes and speakers",
        description="Show each story as clean copy: quotes and speakers highlighted, "
        "fixes and warnings listed. PATH: files or folders (searched for .txt, .json, "
        ".html/.htm, .xml, .rss and .atom; a feed gives one story per entry).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--json", action="store_true", help="one JSON object per story per line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk import spread
    from desk.first_names import use_kept_first_names
    from desk.text import fixes
    from desk.text.ingest import IngestError, iter_story_files
    from desk.text.pipeline import load_stories

    def report(message: str) -> None:
        print(f"desk: {message}", file=sys.stderr)

    show = _json_printer() if args.json else _rich_printer()
    use_kept_first_names()  # ~15 ms, where parsing gender-guesser's data takes ~0.1 s
    read = 0
    # One story at a time, in one process: a huge one's mojibake lines (ftfy is a fifth of
    # the time of a 5 MB story with mojibake) are fixed with the second core's help.
    with fixes.lines_spread_by(spread.map_in_two):
        for path in iter_story_files(args.paths, report):
            try:
                stories = load_stories(path, report)
            except IngestError as exc:
                report(str(exc))
                continue
            for story in stories:
                show(story)
            read += len(stories)
    if not read:
        report("no story could be read")
    return 0 if read else 1


def _json_printer():
    write = sys.stdout.write

    def show(story) -> None:
        line = json.dumps(story.to_json(), ensure_ascii=False)
        # A file name that is not UTF-8 holds lone surrogates: JSON escapes them, "\udc9b".
        write(line.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")

    return show


def _rich_printer():
    from rich.console import Console
    from rich.rule import Rule

    from desk.render import plain_story, render_story

    console = Console(highlight=False)
    # Into a pipe or a file, lines are left whole for the reader (less, grep) to wrap:
    # Rich's word wrapping is most of the time `desk inspect` takes on a long story.
    soft_wrap = not console.is_terminal
    # With no colours to draw either, each part's text is all Rich would write: write
    # it straight (Rich takes ~0.7 s a megabyte to lay out a story it does not wrap).
    plain = soft_wrap and console.color_system is None
    first = True

    def show(story) -> None:
        nonlocal first
        if not first:
            console.print(Rule(style="dim"), soft_wrap=soft_wrap)
        first = False
        if plain:
            console.file.write(plain_story(story))
        else:
            console.print(render_story(story), soft_wrap=soft_wrap)
        console.print(source_facts(story), soft_wrap=soft_wrap)

    return show


def source_facts(story):
    """The source's format and what it says of the story, as a dim line of plain text."""
    from rich.text import Text

    from desk.text.visible import one_line

    raw = story.raw
    facts = [
        f"format {raw.format}",
        f"byline {raw.byline}" if raw.byline else "",
        f"urgency {story.copy.urgency}" if story.copy.urgency else "",
        f"update ({story.copy.update})" if story.copy.update else "",
        f"slugline {raw.slugline}" if raw.slugline else "",
        f"site {raw.site}" if raw.site else "",
        f"published {raw.published}" if raw.published else "",
        f"guid {raw.guid}" + (f" v{raw.version}" if raw.version else "") if raw.guid else "",
    ]
    return Text(one_line(" \u00b7 ".join(fact for fact in facts if fact)), style="dim")

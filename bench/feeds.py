"""Feed ingest speed: a 500-entry RSS feed read, cleaned, quoted, tagged and stored, then
ingested again (which must add nothing).

Two feeds of the same 500 entries: "summary" (a two-paragraph description, the common
RSS shape) and "full" (content:encoded with a whole five-paragraph article, share links
and a WordPress footer, which goes through trafilatura). One core: the ingest is one
thread; CPU time is printed beside the wall time, since the store's durable writes (one
fsync per partition touched: ~470 for 500 new stories) wait on a disk other processes
share. Prints figures, then one JSON line.

    python bench/feeds.py [--entries 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the desk of this checkout

from desk.store.store import Store  # noqa: E402
from desk.text.ingest import read_stories  # noqa: E402
from desk.text.pipeline import build_story  # noqa: E402

CITIES = ["LONDON", "PARIS", "BERLIN", "MADRID", "ROME", "WARSAW", "NAIROBI", "LIMA"]
PEOPLE = ["Anna Keller", "Marcus Bell", "Helen Achterberg", "Dev Ramsay", "Ruth Hales"]
TITLES = ["council leader", "finance minister", "union chair", "spokeswoman", "mayor"]


def paragraphs(n: int, count: int) -> list[str]:
    city, person, title = CITIES[n % 8], PEOPLE[n % 5], TITLES[n % 5]
    lines = [
        f"{city} &#8212; Officials announced plan number {n} on Monday, saying it would cost "
        f"{n * 3 + 10} million and take {n % 7 + 2} years to finish.",
        f"&#8220;This is the right decision for the city, and we will see it through,&#8221; "
        f"said {title} {person}. &#8220;Nobody should doubt that.&#8221;",
        f"Critics said the budget for item {n} left too little room for overruns, and asked "
        "the auditor to look at the contract before any work begins.",
        f"The plan follows {n % 11 + 1} months of talks between the council, unions and "
        "businesses in the area, according to a statement.",
        f"Work is due to start in spring, {person.split()[0]} said, with the first results "
        "expected by the end of next year.",
    ]
    return lines[:count]


def entry(n: int, full: bool) -> str:
    summary = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs(n, 2))
    content = ""
    if full:
        article = "".join(f"<p>{p}</p>" for p in paragraphs(n, 5))
        content = (f"<content:encoded><![CDATA[{article}<div class=\"share\"><h3>Share this:"
                   "</h3><a href=\"#\">Twitter</a> <a href=\"#\">Facebook</a></div><p>The post "
                   f"<a href=\"#\">Plan {n}</a> appeared first on <a href=\"#\">City News</a>."
                   "</p>]]></content:encoded>")
    return (f"<item><title>Plan {n} approved after long fight</title>"
            f"<link>https://news.example/{n}</link><guid isPermaLink=\"false\">urn:news:{n}"
            f"</guid><dc:creator>Reporter {n % 9}</dc:creator>"
            f"<pubDate>Mon, 06 May 2024 10:{n % 60:02d}:00 GMT</pubDate>"
            f"<description>{summary}</description>{content}</item>")


def feed(entries: int, full: bool) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>City News</title><link>https://news.example/</link>"
            + "".join(entry(n, full) for n in range(entries)) + "</channel></rss>")


def ingest_once(path: Path, store: Store) -> dict:
    problems: list[str] = []
    cpu = time.process_time()
    start = time.perf_counter()
    raws = read_stories(path, problems.append)
    read = time.perf_counter()
    stories = [build_story(raw) for raw in raws]
    built = time.perf_counter()
    added = store.add_stories(stories)
    stored = time.perf_counter()
    assert not problems, problems
    return {"stories": len(stories), "added": added, "read_s": read - start,
            "clean_quotes_tags_s": built - read, "store_s": stored - built,
            "total_s": stored - start, "cpu_s": time.process_time() - cpu}


def run(kind: str, entries: int, repeat: int, folder: Path) -> dict:
    path = folder / f"{kind}.rss"
    path.write_text(feed(entries, kind == "full"), encoding="utf-8")
    firsts, agains = [], []
    for attempt in range(repeat):
        (folder / f"{kind}-{attempt}").mkdir()
        store = Store(folder / f"{kind}-{attempt}" / "desk.json", user="bench")
        firsts.append(ingest_once(path, store))
        agains.append(ingest_once(path, store))
        store.close()
    first = min(firsts, key=lambda r: r["total_s"])
    again = min(agains, key=lambda r: r["total_s"])
    assert first["stories"] == entries and first["added"] == entries, first
    assert again["added"] == 0, again
    return {"kind": kind, "feed_kb": round(path.stat().st_size / 1024),
            "first": first, "again": again,
            "first_total_median_s": statistics.median(r["total_s"] for r in firsts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # Warm up: the first feed pays for importing feedparser, lxml and trafilatura.
        warm = Path(folder) / "warm.rss"
        warm.write_text(feed(3, True), encoding="utf-8")
        read_stories(warm, print)
        results = [run(kind, args.entries, args.repeat, Path(folder))
                   for kind in ("summary", "full")]
    for result in results:
        first, again = result["first"], result["again"]
        print(f"{result['kind']:>7} feed, {args.entries} entries ({result['feed_kb']} KB): "
              f"first ingest {first['total_s']:.3f} s, CPU {first['cpu_s']:.3f} s "
              f"(read {first['read_s']:.3f}, "
              f"clean+quotes+tags {first['clean_quotes_tags_s']:.3f}, "
              f"store {first['store_s']:.3f}; median of {args.repeat} "
              f"{result['first_total_median_s']:.3f}); "
              f"again {again['total_s']:.3f} s, added {again['added']}")
    print(json.dumps({"bench": "feeds", "entries": args.entries, "results": results}))


if __name__ == "__main__":
    main()

"""Store speed at newsroom scale: approve, open and list against stock TinyDB.

    python bench/store.py                      # 100,000 stories, 20,000 approved
    python bench/store.py --stories 10000 --stock-n 3
    python bench/store.py --store postgresql://user@host/db   # PostgreSQL beside TinyDB

With --store, the same records go into a new database made on that server for the run
(desk_bench_<pid>, dropped at the end: the user needs CREATEDB) and the same figures are
printed for PostgreSQL beside TinyDB's, under "postgresql" in the JSON line.

Builds a synthetic store under /tmp (about 3 KB of copy a story) with the store's bulk
import, then measures, on the same data in the same run:
  approve_median_ms   one approval of a new story, including the durable (fsynced) write
  load_s              opening the store and reading every index row, fresh Store
                      (median of 3; a fresh interpreter's figure is printed above it)
  list_approved_s     fresh Store, the approved stories as JSON lines (`desk list --json`)
  stock_tinydb_approve_median_ms   the same approval as one Table.update on stock
                      TinyDB (JSONStorage, one table holding every record)
The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tinydb import TinyDB

from desk.model import CleanCopy, Quote, RawStory, Story
from desk.store import open_store
from desk.store.records import approved_copy, new_record
from desk.store.slugs import slug_for
from desk.store.store import Store

WORDS = ("minister government talks border ceasefire market shares inflation council "
         "president parliament election vote troops city residents officials report "
         "agency spokesman statement week morning figures growth budget crisis").split()
PLACES = ("ANKARA", "PARIS", "WASHINGTON", "MOSCOW", "BRUSSELS", "NAIROBI", "LIMA")
CREDITS = ("AFP", "Reuters", "AP", "The Gazette")
BASE_DAY = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def synthetic_story(n: int, paragraphs: list[str]) -> Story:
    rng = random.Random(n)
    paras = tuple(rng.sample(paragraphs, 6)) + (
        f"“We will not accept this,” the spokesman told reporters in item {n}.",)
    body = "\n\n".join(paras)
    start = body.index("“")
    end = body.index("”", start) + 1
    quote = Quote(body[start + 1:end - 1], start, end, "the spokesman", "the spokesman", "told")
    # At most 10 + 1 + 10 + 1 + 10 + 9 + 6 characters: always within the headline limit.
    headline = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(WORDS)} " \
               f"in item {n}"
    story_id = hashlib.sha256(f"bench {n}".encode()).hexdigest()[:16]
    raw = RawStory(id=story_id, source=f"/inbox/{n:06d}.txt", format="text", text="",
                   original="")
    copy = CleanCopy(headline=headline, dateline=rng.choice(PLACES),
                     credit=rng.choice(CREDITS), paragraphs=paras)
    return Story(raw=raw, copy=copy, quotes=(quote,), warnings=(),
                 tags=tuple(rng.sample(WORDS, 3)))


def paragraph_pool(size: int = 400) -> list[str]:
    rng = random.Random(0)
    return [" ".join(rng.choice(WORDS) for _ in range(70)).capitalize() + "."
            for _ in range(size)]


def build_records(count: int, approved: int) -> list[dict]:
    pool = paragraph_pool()
    records = []
    for n in range(count):
        story = synthetic_story(n, pool)
        moment = BASE_DAY + timedelta(minutes=7 * n)
        at = moment.isoformat(timespec="seconds")
        record = new_record(story, received=at, at=at, user="bench")
        if n < approved:
            slug = slug_for(record["headline"])
            filename = f"{moment.date().isoformat()}-{slug}"
            record.update(status="approved", slug=slug, filename=filename, revision=2,
                          approved=approved_copy(record["copy"], headline=record["headline"],
                                                 tags=record["tags"], slug=slug,
                                                 filename=filename, at=at))
        records.append(record)
    return records


def time_approvals(store, ids: list[str]) -> list[float]:
    times = []
    for story_id in ids:
        start = time.perf_counter()
        store.approve(story_id)
        times.append((time.perf_counter() - start) * 1000)
    return times


def build_stock(records: list[dict], path: Path) -> list[int]:
    """Stock TinyDB on the same data: one JSONStorage file, one table; the new doc ids."""
    with TinyDB(path) as db:
        db.table("stories").insert_multiple(records)
    return [n for n, record in enumerate(records, 1) if record["status"] == "new"]


def time_stock(path: Path, doc_ids: list[int]) -> float:
    """One approval = one Table.update, which reads and rewrites the whole file."""
    times = []
    with TinyDB(path) as db:
        table = db.table("stories")
        for doc_id in doc_ids:
            start = time.perf_counter()
            table.update({"status": "approved", "revision": 2}, doc_ids=[doc_id])
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def list_approved_json(location) -> int:
    out = io.StringIO()
    with open_store(location) as store:
        for row in store.records("approved"):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out.tell()


def open_and_index(location) -> None:
    with open_store(location) as store:
        store.records()


def timed_thrice(work) -> list[float]:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def cold_open_s(location) -> float:
    """Open + index in a fresh interpreter (imports excluded), as a desk starting up."""
    code = ("import time,sys;from desk.store import open_store;import desk.store.postgres;"
            "t=time.perf_counter();s=open_store(sys.argv[1]);n=len(s.records());"
            "print(time.perf_counter()-t)")
    result = subprocess.run([sys.executable, "-c", code, str(location)], capture_output=True,
                            text=True, check=True)
    return float(result.stdout.strip())


def measure(location, to_approve: list[str], label: str) -> dict:
    """Approve, open + index, list: the same figures for any store location."""
    store = open_store(location, user="bench")
    store.records()
    approve_times = sorted(time_approvals(store, to_approve))
    approve_ms = statistics.median(approve_times)
    store.close()
    print(f"{label} approve: median {approve_ms:.2f} ms, 90th percentile "
          f"{approve_times[len(approve_times) * 9 // 10]:.2f} ms")
    load_s = statistics.median(timed_thrice(lambda: open_and_index(location)))
    cold_s = statistics.median(cold_open_s(location) for _ in range(3))
    list_s = statistics.median(timed_thrice(lambda: list_approved_json(location)))
    print(f"{label} open + index: {load_s:.2f} s (cold process {cold_s:.2f} s); "
          f"list approved {list_s:.2f} s")
    return {"approve_median_ms": round(approve_ms, 2), "load_s": round(load_s, 3),
            "cold_load_s": round(cold_s, 3), "list_approved_s": round(list_s, 3)}


def bench_database(url: str):
    """A new database on the server at `url` for this run, and how to drop it."""
    import psycopg

    name = f"desk_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + "/" + name, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--approved", type=int, default=None,
                        help="approved at build time (default: a fifth of --stories)")
    parser.add_argument("--approvals", type=int, default=200, help="approvals to time")
    parser.add_argument("--stock-n", type=int, default=3, help="stock TinyDB approvals to time")
    parser.add_argument("--store", help="a PostgreSQL server (postgresql://...) to measure too")
    args = parser.parse_args()
    approved = args.stories // 5 if args.approved is None else args.approved

    folder = Path(tempfile.mkdtemp(prefix="desk-bench-store-", dir="/tmp"))
    drop = None
    try:
        start = time.perf_counter()
        records = build_records(args.stories, approved)
        print(f"generated {len(records):,} records in {time.perf_counter() - start:.1f} s")
        path = folder / "desk.json"
        start = time.perf_counter()
        with Store(path, user="bench") as store:
            store.bulk_import(records, durable=False)
        print(f"bulk import in {time.perf_counter() - start:.1f} s")
        postgres, drop = bench_database(args.store) if args.store else (None, None)
        if postgres:
            start = time.perf_counter()
            with open_store(postgres, user="bench") as store:
                store.bulk_import(records)
            print(f"postgresql bulk import in {time.perf_counter() - start:.1f} s")

        stock_path = folder / "stock.json"
        stock_ids = build_stock(records, stock_path)[-args.stock_n:] if args.stock_n else []
        to_approve = [r["id"] for r in records[approved:approved + args.approvals]]
        del records  # measure with a heap the size a desk would have
        gc.collect()
        os.sync()  # else the stock file's writeback lands inside our first fsyncs

        tinydb = measure(path, to_approve, "tinydb")
        stock_ms = time_stock(stock_path, stock_ids) if stock_ids else None
        data_mb = sum(f.stat().st_size for f in (folder / "desk.json.d").rglob("*")
                      if f.is_file()) / 1e6
        print(f"store on disk: {data_mb:.0f} MB")
        figures = {"stories": args.stories, **tinydb,
                   "stock_tinydb_approve_median_ms": round(stock_ms, 1) if stock_ms else None}
        if postgres:
            figures["postgresql"] = measure(postgres, to_approve, "postgresql")
        print(json.dumps(figures))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if drop:
            drop()


if __name__ == "__main__":
    main()

"""The PostgreSQL store's schema, versioned: each migration runs once, recorded in
`desk_schema`, under an advisory lock so two desks opening a new database do not race."""

from __future__ import annotations

import json

import psycopg

from desk.store.errors import CorruptStoreError
from desk.store.records import INDEX_FIELDS, index_values

CHANNEL = "desk_changes"
LOCK_KEY = 0x6465736B  # "desk": the advisory lock around schema changes

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "stories, history, export filenames", """
        CREATE TABLE stories (
            id text PRIMARY KEY,
            revision integer NOT NULL,
            status text NOT NULL,
            index_row text NOT NULL,      -- the queue's row, JSON in INDEX_FIELDS order
            record jsonb NOT NULL
        );
        CREATE TABLE history (
            seq bigserial PRIMARY KEY,
            story text NOT NULL REFERENCES stories (id),
            entry jsonb NOT NULL
        );
        CREATE INDEX history_story ON history (story, seq);
        CREATE TABLE names (
            filename text PRIMARY KEY,    -- the unique constraint is the claim
            story text NOT NULL REFERENCES stories (id)
        );
    """),
    (2, "the index rows' field list", """
        CREATE TABLE desk_index (fields text NOT NULL);  -- JSON: INDEX_FIELDS the rows hold
    """),
)
VERSION = MIGRATIONS[-1][0]


def migrate(conn: psycopg.Connection) -> list[str]:
    """Bring the schema up to VERSION; returns one line per migration applied."""
    applied = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute("""CREATE TABLE IF NOT EXISTS desk_schema (
                            version integer PRIMARY KEY,
                            description text NOT NULL,
                            applied_at timestamptz NOT NULL DEFAULT now())""")
        current = conn.execute("SELECT coalesce(max(version), 0) FROM desk_schema").fetchone()[0]
        if current > VERSION:
            raise CorruptStoreError(f"desk schema version {current} is newer than this desk "
                                    f"knows ({VERSION}): upgrade desk")
        for version, description, sql in MIGRATIONS:
            if version > current:
                conn.execute(sql)
                conn.execute("INSERT INTO desk_schema (version, description) VALUES (%s, %s)",
                             (version, description))
                applied.append(f"schema version {version}: {description}")
    return applied


def rebuild_index_rows(conn: psycopg.Connection) -> list[str]:
    """Bring every story's index row to this desk's INDEX_FIELDS (a desk that adds a field
    to the queue's rows upgrades the rows once, on open); one line if it did."""
    fields = json.dumps(list(INDEX_FIELDS))
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        stored = conn.execute("SELECT fields FROM desk_index").fetchone()
        if stored is not None and stored[0] == fields:
            return []
        rebuilt, last = 0, ""
        while batch := conn.execute("SELECT id, record FROM stories WHERE id > %s "
                                    "ORDER BY id LIMIT 2000", (last,)).fetchall():
            with conn.cursor() as cursor:
                cursor.executemany("UPDATE stories SET index_row = %s WHERE id = %s", [
                    (json.dumps(index_values(record), ensure_ascii=False), story_id)
                    for story_id, record in batch])
            rebuilt += len(batch)
            last = batch[-1][0]
        conn.execute("DELETE FROM desk_index")
        conn.execute("INSERT INTO desk_index (fields) VALUES (%s)", (fields,))
    return [f"index rows for {rebuilt:,} stories ({len(INDEX_FIELDS)} fields)"] \
        if rebuilt else []

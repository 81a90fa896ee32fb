"""The PostgreSQL store's schema, versioned: each migration runs once, recorded in
`desk_schema`, under an advisory lock so two desks opening a new database do not race."""

from __future__ import annotations

import psycopg

from desk.store.errors import CorruptStoreError

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


def version_of(conn: psycopg.Connection) -> int:
    """The schema version in the database (0 for none)."""
    exists = conn.execute("SELECT to_regclass('desk_schema') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM desk_schema").fetchone()[0]

"""Store test fixtures: stories built straight from the vocabulary (no inbox, no cleaner)."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

# What desk keeps in the user's cache folder (desk.first_names' table, desk.kept_patterns'
# code) goes to one of the test run's own, never the real one; every desk process a test
# starts inherits it. Set before desk loads (it finds its patterns' file as it loads), and
# removed when the run ends, after desk has kept its patterns there (atexit: last in, first
# out); each run's was left in /tmp, ~0.5 MB a run.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="desk-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

import desk  # noqa: E402
from desk.model import CleanCopy, Quote, RawStory, Story  # noqa: E402
from desk.store import DeskStore, open_store  # noqa: E402

REPO = Path(desk.__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))  # postgres_cluster, by name
import postgres_cluster  # noqa: E402

FIXED_NOW = datetime(2026, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def make_story(n: int, *, headline: str | None = None, warnings: tuple[str, ...] = (),
               story_id: str | None = None, paragraphs: tuple[str, ...] | None = None,
               tags: tuple[str, ...] = ("turkey", "putin"),
               unbalanced: bool = False) -> Story:
    story_id = story_id or hashlib.sha256(f"story {n}".encode()).hexdigest()[:16]
    headline = headline if headline is not None else f"Story number {n} makes news"
    paragraphs = paragraphs or (
        f"Officials said on day {n} that talks would go on.",
        "“We are seriously concerned,” Putin said.",
    )
    body = "\n\n".join(paragraphs)
    quotes = ()
    start = body.find("“")
    if start >= 0:
        end = body.find("”", start) + 1
        quotes = (Quote(body[start + 1:end - 1], start, end, "Putin", "Putin", "said"),)
    raw = RawStory(id=story_id, source=f"/nonexistent/inbox/{n:05d}.txt", format="text",
                   text=body, original=body)
    copy = CleanCopy(headline=headline, dateline="ANKARA", credit="AFP", paragraphs=paragraphs)
    return Story(raw=raw, copy=copy, quotes=quotes, warnings=warnings, tags=tags,
                 unbalanced=unbalanced)


BACKENDS = ("tinydb", "postgresql")


def pytest_configure(config):
    config.addinivalue_line("markers", "tinydb_only: the test reads or breaks the TinyDB "
                            "store's files, so it runs on that backend alone")


def pytest_generate_tests(metafunc):
    """Every test of the store (through `store` or `store_path`) runs on both backends."""
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("tinydb_only")
        metafunc.parametrize("backend", BACKENDS[:1] if only else BACKENDS)


@pytest.fixture
def store_path(backend: str, tmp_path: Path, request) -> Path | str:
    """Where the test's store lives: a TinyDB file, or a fresh PostgreSQL database's URL."""
    if backend == "tinydb":
        return tmp_path / "desk.json"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def fixed_now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def store(store_path: Path | str) -> DeskStore:
    return open_store(store_path, user="alice", clock=lambda: FIXED_NOW)


def desk_env() -> dict[str, str]:
    """The environment for a `python -m desk` child: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("DESK_STORE", None)
    return env


def desk_command(store_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desk", "--store", str(store_path), *args]


def run_desk(store_path: Path, *args: str, cwd: Path | None = None):
    return subprocess.run(desk_command(store_path, *args), capture_output=True, text=True,
                          env=desk_env(), cwd=cwd, timeout=120)


@pytest.fixture
def new_story():
    """The story factory: new_story(n, headline=..., warnings=..., unbalanced=..., ...)."""
    return make_story


@pytest.fixture
def desk_cli():
    """Run `python -m desk --store PATH ARGS...` in a child process."""
    return run_desk


@pytest.fixture
def desk_cmd():
    """The argv and environment for a `desk` child the test drives itself."""
    return desk_command, desk_env()


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server's URL: .ci/run's (DESK_TEST_POSTGRES), else a throwaway cluster
    started here, else the test is skipped saying why (pytest -rs prints it)."""
    url = os.environ.get("DESK_TEST_POSTGRES")
    if url:
        yield url
        return
    folder = Path(tempfile.mkdtemp(prefix="desk-test-postgres-"))
    try:
        try:
            url = postgres_cluster.start(folder)
        except (postgres_cluster.ClusterUnavailable, OSError,
                subprocess.TimeoutExpired) as exc:
            pytest.skip(f"PostgreSQL tests: no server ({exc})")
        yield url
    finally:
        postgres_cluster.stop(folder)
        subprocess.run(["rm", "-rf", str(folder)], check=False)


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the test server for one test; dropped after it."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg is a desk dependency")
    name = f"desk_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""A throwaway PostgreSQL cluster for the tests: initdb in a folder, a loopback port, trust auth.

    python3 tests/postgres_cluster.py start FOLDER   # prints the URL, e.g. postgresql://desk@127.0.0.1:PORT/postgres
    python3 tests/postgres_cluster.py start-durable FOLDER   # fsync on, for benchmarks
    python3 tests/postgres_cluster.py stop FOLDER

.ci/run starts one before pytest (DESK_TEST_POSTGRES); the tests' fixture starts its own when
that is unset. Uses Debian's server binaries (/usr/lib/postgresql/*/bin). initdb refuses to
run as root, so as root the cluster runs as the `postgres` user (via runuser).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path

USER = "desk"
SERVER_USER = "postgres"


class ClusterUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def server_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda path: int(Path(path).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    raise ClusterUnavailable("no PostgreSQL server binaries (apt-get install postgresql)")


def _as_server_user() -> list[str]:
    """The prefix that runs a server command as a non-root user when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise ClusterUnavailable(f"running as root and no '{SERVER_USER}' user for initdb") \
            from None
    runuser = shutil.which("runuser")
    if not runuser:
        raise ClusterUnavailable("running as root and no runuser to drop to another user")
    return [runuser, "-u", SERVER_USER, "--"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise ClusterUnavailable(f"{Path(command[len(_as_server_user())]).name} failed: "
                                 f"{message[-1] if message else result.returncode}")


def start(folder: Path, *, durable: bool = False) -> str:
    """Create and start a cluster under `folder`; returns its URL.

    `durable=False` turns fsync off: the tests kill clients, never the server, and a
    throwaway cluster need not survive a power cut. Benchmarks pass durable=True.
    """
    bin_dir = server_bin()
    prefix = _as_server_user()
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    data.mkdir(mode=0o700, exist_ok=True)
    if prefix:
        folder.chmod(0o755)  # the server user must reach its data folder
        account = pwd.getpwnam(SERVER_USER)
        os.chown(data, account.pw_uid, account.pw_gid)
    port = _free_port()
    _run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
          "-E", "UTF8", "--locale=C", "--no-sync"])
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} "
               f"-c unix_socket_directories='{data}' -c max_connections=200")
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
          "-l", str(data / "server.log"), "-w", "-t", "60", "start"])
    (folder / "url").write_text(url := f"postgresql://{USER}@127.0.0.1:{port}/postgres")
    return url


def stop(folder: Path) -> None:
    """Stop the cluster under `folder` (if it runs) and leave the folder for the caller."""
    data = folder / "data"
    if not (data / "postmaster.pid").exists():
        return
    subprocess.run([*_as_server_user(), str(server_bin() / "pg_ctl"), "-D", str(data),
                    "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "start-durable", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1])
    try:
        if argv[0].startswith("start"):
            print(start(folder, durable=argv[0] == "start-durable"))
        else:
            stop(folder)
    except (ClusterUnavailable, OSError, subprocess.TimeoutExpired) as exc:
        print(f"postgres_cluster: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

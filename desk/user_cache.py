"""The user's cache folder for desk: what is worked out once and kept between runs (the
first names' table, the compiled regular expressions). Anything in it may be removed."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "desk"


def write_kept(path: Path, data: bytes) -> None:
    """Replace a kept file whole (a temp file renamed over it), best effort: a cache that
    cannot be written is made again next time."""
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        with suppress(OSError):
            temp.unlink()

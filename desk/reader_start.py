"""What the fork server of desk.reading's pool loads before it forks a worker (its
PRELOAD), and nothing else imports: the text pipeline, the near-duplicate sketch, and the
tables they build on first use. Built once here, each worker starts with them.

gender-guesser's first names take ~0.25 s to parse, while every worker waits for this
server: the table made from them is kept in the user's cache folder (marshal, ~15 ms to
read), made again for another gender-guesser, and made here each time when
that folder cannot be written.
"""

import gc
import marshal
import os
from importlib import metadata
from pathlib import Path

from desk import reading  # noqa: F401  (the worker's own code)
from desk.store.files import atomic_write
from desk.text.gender import first_name_table, name_gender, use_first_names
from desk.text.pipeline import load_files  # noqa: F401
from desk.versions import sketch

TABLE_FORMAT = 1


def first_names_kept() -> Path:
    """Where the first-name table is kept: named for its maker, so a new gender-guesser
    (or another table format) makes a new one."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "desk"
    return cache / f"first-names-{TABLE_FORMAT}-{metadata.version('gender-guesser')}.marshal"


def load_first_names(path: Path) -> dict[str, str]:
    """The kept table, or a new one made and kept (best effort)."""
    try:
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict) and table:
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass  # none yet, or damaged: made again
    table = first_name_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, marshal.dumps(table), durable=False)
    except OSError:
        pass
    return table


use_first_names(load_first_names(first_names_kept()))
name_gender("Ann Lee")
sketch("the first sketch builds the permutations")
# Everything loaded so far lives as long as the workers: out of the cycle collector's way
# (gc.freeze), its scans of it neither cost each worker time nor copy its pages.
gc.freeze()

"""gender-guesser's answers for every first name it knows (desk.text.gender's table), made
once and kept in the user's cache folder: parsing its data takes ~0.1-0.25 s, reading the
kept table (marshal) ~15 ms. Made again for another gender-guesser, and made each time
when that folder cannot be written. For the processes that read stories: the inbox
readers' fork server (desk.reader_start) and `desk inspect`."""

from __future__ import annotations

import marshal
import os
from importlib.util import find_spec
from pathlib import Path

from desk.text.gender import first_name_table, use_first_names
from desk.user_cache import cache_folder, write_kept

TABLE_FORMAT = 1


def use_kept_first_names() -> None:
    use_first_names(load_first_names(first_names_kept()))


def first_names_kept() -> Path:
    """Where the table is kept: named for its maker, so a new gender-guesser (or another
    table format) makes a new one."""
    return cache_folder() / f"first-names-{TABLE_FORMAT}-{_maker()}.marshal"


def _maker() -> str:
    """gender-guesser's name data, told apart by its file's size and time: another
    install is another file. Found without importlib.metadata, whose import and lookup
    cost ~20 ms of every start of a process that reads stories."""
    spec = find_spec("gender_guesser")
    try:
        data = os.stat(Path(spec.origin).parent / "data" / "nam_dict.txt")
    except (AttributeError, TypeError, OSError):  # not there: first_name_table says so
        return "unknown"
    return f"{data.st_size}-{data.st_mtime_ns}"


def load_first_names(path: Path) -> dict[str, str]:
    """The kept table, or a new one made and kept (best effort)."""
    try:
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict) and table:
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass  # none yet, or damaged: made again
    table = first_name_table()
    write_kept(path, marshal.dumps(table))
    return table

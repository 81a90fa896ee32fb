"""The export folder as a CMS pickup job sees it: only finished files of ours, each under
its story's filename. Temp files are written in a hidden subfolder on the same file system
(`.desk-tmp`) and renamed in; retracted files are moved aside into `.retracted`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desk.export.formats import owner_of
from desk.store.files import atomic_write, create_new, sweep_temps

TEMPS = ".desk-tmp"
RETRACTED = ".retracted"


@contextmanager
def temp_area(out_dir: Path) -> Iterator[Path]:
    """The hidden temp folder of `out_dir`, swept of a killed export's leftovers, and
    removed again once empty."""
    temps = out_dir / TEMPS
    temps.mkdir(exist_ok=True)
    sweep_temps(temps)
    try:
        yield temps
    finally:
        try:
            temps.rmdir()
        except OSError:  # another export is writing there, or a leftover is not ours
            pass


def write_owned(target: Path, fmt: str, story_id: str, text: str, temps: Path) -> str | None:
    """Write `text` to `target` unless another story's (or a stranger's) file is there;
    the problem in one line when it is."""
    data = text.encode("utf-8", "replace")
    try:
        existing = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        try:
            create_new(target, data, temps=temps)  # fails rather than replace a newcomer
        except FileExistsError:
            return f"{target}: appeared while exporting; not overwritten"
        return None
    except (OSError, UnicodeDecodeError):
        return f"{target}: exists and is not a desk export; not overwritten"
    owner = owner_of(existing, fmt)
    if owner != story_id:
        whose = f"story {owner}" if owner else "a file the desk did not write"
        return f"{target}: belongs to {whose}; not overwritten"
    atomic_write(target, data, temps=temps)
    return None


def move_aside(target: Path, fmt: str, story_id: str, tag: str) -> Path | None:
    """Move our story's file `target` into `.retracted/` (as `<name>.<tag>.<fmt>`); None
    when it is not there or not ours (then it is left alone)."""
    try:
        if owner_of(target.read_text(encoding="utf-8"), fmt) != story_id:
            return None
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        return None
    aside = target.parent / RETRACTED / f"{target.name[: -len(fmt) - 1]}.{tag}.{fmt}"
    aside.parent.mkdir(exist_ok=True)
    target.replace(aside)
    return aside

"""Regular expressions compiled once and kept between runs.

Each start of desk compiles a few hundred regular expressions as its modules load (the
text pipeline's, the store's, Textual's and rich's): ~50 ms of Python's own parser and
compiler before `desk ingest` forks its workers, ~30 ms of the desk's first frame (0.34
s -> 0.31 s at 10,000 stories, alternated with the code before: bench/tui.py), all of it
before any work can start. What the compiler makes of a pattern (the code the regex
engine runs) is the same every time on one Python, so the code of every pattern compiled
as a module loads is kept in the user's cache folder, and later runs hand it to the
engine directly.

Only patterns compiled while a module loads are kept: a pattern made later, from what
someone typed (a filter), never reaches the disk. The file is named for the Python that
made it (two builds of one Python version keep a file each) and holds its exact version
and the engine's format number; a file that does not match, or does not read back whole,
is passed over and made again. Python's own `re` module compiles whatever the kept file
lacks, as it always would.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import zlib
from pathlib import Path

from desk.user_cache import cache_folder, write_kept

try:  # CPython's regex compiler and engine; elsewhere nothing is kept
    import _sre
    from re import _compiler
    _compile_anew = _compiler.compile  # re's own, before any keeper stands in for it
except ImportError:  # pragma: no cover
    _sre = _compiler = _compile_anew = None

KEPT_AT_MOST = 4096  # patterns: past that the file starts again from one run's

Key = tuple[bool, "str | bytes", int]  # (bytes?, pattern, flags)
Args = tuple  # what the compiler handed the engine, after the pattern itself


def kept_file() -> Path:
    build = zlib.crc32(sys.version.encode())
    return cache_folder() / f"patterns-{sys.implementation.cache_tag}-{build:08x}.marshal"


def _stamp() -> tuple:
    """What the kept code depends on: this very Python and its engine's code format."""
    return (sys.version, _sre.MAGIC, _sre.CODESIZE)


class PatternKeeper:
    """Serves re's compiler from the kept code and notes what is compiled anew."""

    def __init__(self, path: Path):
        self.path = path
        self.kept: dict[Key, Args] = read_kept(path)
        self.new: dict[Key, Args] = {}
        self.pid = os.getpid()

    def compile(self, pattern, flags=0):
        key = (isinstance(pattern, bytes), pattern, flags)
        args = self.kept.get(key)
        if args is not None:
            try:
                return _sre.compile(pattern, *args)
            except (TypeError, ValueError, RuntimeError):  # not the engine's after all
                self.kept.pop(key, None)
        handed: list[tuple] = []
        _compiler._sre = _Handing(handed)
        try:
            compiled = _compile_anew(pattern, flags)
        finally:
            _compiler._sre = _sre
        for args in handed:  # another thread's compile may have passed through too
            if args[0] is pattern and not flags & re.DEBUG and _while_importing():
                self.new[key] = _plain(args[1:])
        return compiled

    def save(self) -> None:
        """Keep what this process compiled anew (its forks keep nothing)."""
        if not self.new or os.getpid() != self.pid:
            return
        kept = {**self.kept, **self.new} if len(self.kept) < KEPT_AT_MOST else self.new
        try:
            data = marshal.dumps((_stamp(), kept))
        except ValueError:  # something marshal cannot hold: kept by no one (a cache)
            return
        write_kept(self.path, zlib.crc32(data).to_bytes(4, "big") + data)
        self.kept, self.new = kept, {}


def _plain(args: tuple) -> Args:
    """The compiler's arguments with its named opcodes (int subclasses, which marshal
    refuses) as plain ints: (flags, code, groups, groupindex, indexgroup)."""
    flags, code, groups, groupindex, indexgroup = args
    return (int(flags), [int(word) for word in code], int(groups),
            {str(name): int(index) for name, index in groupindex.items()}, tuple(indexgroup))


class _Handing:
    """The engine module as re's compiler sees it while a pattern compiles: the same,
    but noting what the compiler hands its compile()."""

    def __init__(self, handed: list[tuple]):
        self.handed = handed

    def compile(self, *args):
        self.handed.append(args)
        return _sre.compile(*args)

    def __getattr__(self, name: str):
        return getattr(_sre, name)


def _while_importing() -> bool:
    """Is a module loading (the pattern one of its own, not made from what someone typed)?"""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "_call_with_frames_removed" and \
                frame.f_globals.get("__name__") == "importlib._bootstrap":
            return True
        frame = frame.f_back
    return False


def read_kept(path: Path) -> dict[Key, Args]:
    """The kept code by pattern, or nothing when the file is missing, damaged or another
    Python's."""
    try:
        blob = path.read_bytes()
        data = blob[4:]
        if zlib.crc32(data).to_bytes(4, "big") != blob[:4]:
            return {}
        stamp, kept = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return kept if stamp == _stamp() and isinstance(kept, dict) else {}


def installed() -> PatternKeeper | None:
    """The keeper standing in for re's compiler in this process, if any."""
    keeper = getattr(_compiler.compile, "__self__", None) if _compiler else None
    return keeper if isinstance(keeper, PatternKeeper) else None


def save_now() -> None:
    """Keep what this process compiled anew now: for one that ends with os._exit, which
    runs no exit handlers."""
    keeper = installed()
    if keeper is not None:
        keeper.save()


def keep_patterns() -> PatternKeeper | None:
    """From now on, compile regular expressions from the kept code where there is some, and
    keep the new ones at exit. Once per process; None where there is no CPython engine."""
    if _compiler is None or getattr(_compiler, "_sre", None) is not _sre:
        return None
    if current := installed():
        return current
    try:
        path = kept_file()
    except (RuntimeError, KeyError, OSError):  # no home folder to find a cache folder in
        return None
    keeper = PatternKeeper(path)
    _compiler.compile = keeper.compile
    atexit.register(keeper.save)
    return keeper

"""Durable files for the store: atomic replace, strict reading, a TinyDB storage on top.

Every write goes to a temporary file in the same folder, is flushed and fsynced, then
renamed over the target and the folder fsynced: a reader (or a crash) sees the old file or
the new one, never half of one. `replace_all` does that for many files at once: a few
files' fsyncs run side by side (the file system commits syncs that wait together in one
journal transaction), SYNCFS_FROM files or more are synced together by one syncfs, and
each folder is synced once, after every rename. `replace_in_order` syncs its files side by
side too, but renames them one by one, in order. A file synced together with others that
the caller knows is not there yet (a new partition) is written unnamed instead and linked
into place after the sync (_UnnamedFiles): the same guarantees, with no temp name.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import secrets
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from desk.libc import libc_function
from desk.store.errors import CorruptStoreError

TEMP_SUFFIX = ".tmp"
SYNC_THREADS = 16  # files of one replace_all written at once
# A replace_all of this many files or more (an ingest's group of partitions) syncs the
# file system once (syncfs) instead of each file: on ext4, 2,000 files cost a third of
# the CPU and a fifth of the time. Fewer files (an editor's change) are synced one by
# one: a syncfs also waits for whatever else is being written on that disk.
SYNCFS_FROM = 8


def fsync_path(path: Path) -> None:
    """Sync a file or a folder (its entries: the renames into it) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs_call():
    """`sync_file_system(folder)`, where the system has syncfs (Linux), else None: a
    context that opens `folder` and gives a function syncing its whole file system. The
    folder is opened before the files are written: syncfs reports a failed writeback
    (Linux 5.8 on) only if it happened after the descriptor was opened."""
    syncfs = libc_function("syncfs")
    if syncfs is None:
        return None
    import ctypes

    syncfs.argtypes = [ctypes.c_int]

    @contextmanager
    def sync_file_system(folder: Path) -> Iterator[Callable[[], None]]:
        fd = os.open(folder, os.O_RDONLY)

        def sync() -> None:
            if syncfs(fd) != 0:
                error = ctypes.get_errno()
                raise OSError(error, os.strerror(error), str(folder))

        try:
            yield sync
        finally:
            os.close(fd)

    return sync_file_system


sync_file_system = _syncfs_call()
_SYNCFS_REFUSED = (errno.ENOSYS, errno.EPERM, errno.EACCES, errno.EINVAL, errno.EOPNOTSUPP)


Temp = Path | int  # a temp file written for a target: named, or an unnamed file's descriptor


class _UnnamedFiles:
    """New files written unnamed (Linux's O_TMPFILE) and linked into place once synced:
    no temp name to make, and no rename; on ext4 ~30 us a new partition, not ~40-45, and
    a temp never to sweep (an unnamed file goes with its descriptor). `works` turns off
    where the file system makes no unnamed files or /proc cannot name them for linkat."""

    def __init__(self) -> None:
        self.works = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")
        self._proc: tuple[int, int] | None = None  # (pid, its /proc/self/fd open)
        self._opening = threading.Lock()

    def open(self, path: Path, data: bytes) -> int | None:
        """An unnamed file in `path`'s folder holding `data` (not synced), open; None
        where the file system makes none (from now on, none is tried) or the process may
        open no more files."""
        try:
            fd = os.open(path.parent, os.O_WRONLY | os.O_TMPFILE, 0o644)
        except OSError as exc:
            if exc.errno in (errno.EMFILE, errno.ENFILE):  # a group holds one open a file:
                return None                                # a named temp holds none
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
            self.works = False
            return None
        try:
            _write_all(fd, data)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def link(self, fd: int, path: Path) -> None:
        """Give the unnamed file open as `fd` the name `path`, which must not exist
        (FileExistsError): linkat through /proc/self/fd, which needs no privilege."""
        os.link(str(fd), path, src_dir_fd=self._proc_fds(), follow_symlinks=True)

    def _proc_fds(self) -> int:
        """/proc/self/fd, open (once a process: a fork's copy names its parent's files)."""
        with self._opening:
            if self._proc is None or self._proc[0] != os.getpid():
                self._proc = (os.getpid(), os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY))
            return self._proc[1]


_unnamed = _UnnamedFiles()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _temp_for(path: Path, temps: Path | None) -> Path:
    """A temp file's name: hidden, ending .tmp, with the writer's pid (so a sweep can tell
    one whose writer is gone); in `temps` (same file system) when given, else beside."""
    name = f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    return (temps or path.parent) / name


def _writer_gone(name: str) -> bool:
    """Is the process that named this temp file (`.<name>.<pid>.<hex>.tmp`, or an older
    desk's `.<name>.<pid>.tmp`) gone?"""
    parts = name.split(".")
    pid_part = next((part for part in parts[-3:-1] if part.isdigit()), "")
    pid = int(pid_part) if pid_part else 0
    if pid <= 0 or pid == os.getpid():
        return False  # not one of ours, or our own
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, someone else's
        return False
    return False


def sweep_temps(folder: Path, prefix: str = ".") -> int:
    """Remove the temp files in `folder` (named from `prefix` on) whose writer has died (a
    killed desk leaves them); never one a live process is still writing. Best effort: a
    read-only folder keeps them. Returns how many went."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX) \
                and _writer_gone(entry.name):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


def _write_temp(path: Path, data: bytes, temps: Path | None = None,
                mode: int | None = None, *, durable: bool = True) -> Path:
    temp, fd = _open_temp(path, data, temps, mode)
    try:
        if durable:
            os.fsync(fd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    return temp


def _open_temp(path: Path, data: bytes, temps: Path | None = None,
               mode: int | None = None) -> tuple[Path, int]:
    """A new temp file for `path` holding `data` (not synced yet), and its open descriptor."""
    temp = _temp_for(path, temps)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        if mode is not None:
            os.fchmod(fd, mode)  # exactly these bits, whatever the umask
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    return temp, fd


@contextmanager
def _naming(path: Path) -> Iterator[None]:
    """An OSError while writing `path` names `path`: not its temp file, and not nothing (a
    full disk fails os.write or os.fsync, which name no file)."""
    try:
        yield
    except OSError as exc:
        if exc.errno is None:  # not from the system: nothing to rename
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from exc  # same errno, same class


def atomic_write(path: Path, data: bytes, *, durable: bool = True,
                 temps: Path | None = None, mode: int | None = None) -> None:
    """Replace `path` with `data` all at once; durable on disk when it returns.

    `durable=False` is for caches and bulk loads that sync the file system once at the
    end. `temps`: a folder on the same file system for the temp file (an export folder's
    pickup job must never see one). `mode`: the new file's exact permission bits (durable
    writes only; None: 0o644 less the umask).
    """
    with _naming(path):
        _replace(path, data, durable, temps, mode)


def replace_streamed(path: Path, blocks: Iterable[bytes]) -> None:
    """Replace `path` with the bytes of `blocks`, written as they come, unsynced: for a
    cache too big to hold whole in memory once more (a crash may leave the old one)."""
    with _naming(path):
        _replace_unsynced(path, blocks, None)


def _replace(path: Path, data: bytes, durable: bool, temps: Path | None,
             mode: int | None = None) -> None:
    if not durable:
        _replace_unsynced(path, (data,), temps)
        return
    temp = _write_temp(path, data, temps, mode)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)


def _replace_unsynced(path: Path, blocks: Iterable[bytes], temps: Path | None) -> None:
    """`blocks` written to a temp as they come, then renamed over `path`, unsynced; the
    temp goes on any error (a full disk while writing too)."""
    temp = _temp_for(path, temps)
    try:
        with open(temp, "wb") as file:
            for block in blocks:
                file.write(block)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def replace_all(files: Sequence[tuple[Path, bytes]], *, durable: bool = True,
                absent: Collection[Path] = ()) -> None:
    """Replace each path with its data, each all at once; durable on disk when it returns.

    Every temp file is written and synced before any is renamed, so an error (a full disk)
    while writing leaves every file as it was and no temp behind; a crash at any moment
    leaves each file old or new, never torn. Files synced one by one are written on
    several threads, their syncs side by side (syncs that wait together are committed
    together); files synced together (syncfs) are written and renamed in turn: with no
    sync to wait on, threads only contend for the folder's lock (measured 1.5-2.5x
    slower). `absent`: paths the caller found missing (and no other writer can make,
    under the caller's lock); synced together, each is written unnamed and linked into
    place (see _unnamed), and a file there by then is an error, never written over.
    """
    if len(files) == 1:
        atomic_write(*files[0], durable=durable)
        return
    written = _durable_temps(files, absent) if durable \
        else _synced_temps(files, durable=False)
    placed = _each(lambda item: _placed(*item), list(zip(written, files, strict=True)),
                   side_by_side=False)
    for result in placed:
        if isinstance(result, BaseException):
            raise result  # each temp is gone: placed, or removed by _placed
    if durable:
        for folder in dict.fromkeys(path.parent for path, _ in files):
            fsync_path(folder)


def replace_in_order(files: Sequence[tuple[Path, bytes]]) -> None:
    """Replace each path with its data, durably, never one before those ahead of it in
    `files`: every temp file is written and synced side by side (one round of syncs, as
    in replace_all), then each is renamed in turn, its folder synced before the next
    rename. A crash leaves the files new up to some point of the list and old after it
    (a filename's claim on disk before the record that uses it), never torn."""
    written = _synced_temps(files, durable=True)
    for at, (temp, target) in enumerate(zip(written, files, strict=True)):
        try:
            _placed(temp, target)
        except BaseException:
            for left in written[at + 1:]:
                left.unlink(missing_ok=True)
            raise
        fsync_path(target[0].parent)


def _durable_temps(files: Sequence[tuple[Path, bytes]],
                   absent: Collection[Path] = ()) -> list[Temp]:
    """A temp file for each of `files`, on disk when it returns: a few synced each, many
    written and then synced together (SYNCFS_FROM), those of `absent` paths unnamed; on
    an error none is left behind."""
    if len(files) < SYNCFS_FROM or sync_file_system is None:
        return _synced_temps(files, durable=True)
    with ExitStack() as folders:
        syncs = [folders.enter_context(sync_file_system(folder))  # mostly one folder
                 for folder in dict.fromkeys(path.parent for path, _ in files)]
        written = _synced_temps(files, durable=False, unnamed=absent)
        try:
            try:
                for sync in syncs:
                    sync()
            except OSError as exc:
                if exc.errno not in _SYNCFS_REFUSED:
                    raise
                _refuse_syncfs()
                for result in _each(_fsync_temp, written):
                    if isinstance(result, BaseException):
                        raise result from None
        except BaseException:
            for temp in written:
                _discard(temp)
            raise
    return written


def _refuse_syncfs() -> None:
    """The system forbids syncfs (a sandbox's EPERM) or lacks it: each file is synced
    alone from now on."""
    global sync_file_system
    sync_file_system = None


def _synced_temps(files: Sequence[tuple[Path, bytes]], durable: bool,
                  unnamed: Collection[Path] = ()) -> list[Temp]:
    """A temp file for each of `files`, written (and synced) side by side, unnamed where
    the path is in `unnamed` and the system allows (unsynced only); on an error none is
    left behind."""
    linkable = bool(unnamed) and not durable

    def write(item: tuple[Path, bytes]) -> Temp:
        path, data = item
        if linkable and path in unnamed and _unnamed.works:  # asked once if refused
            with _naming(path):
                fd = _unnamed.open(path, data)
            if fd is not None:
                return fd
        return _temp_written(path, data, durable)

    written = _each(write, files, side_by_side=durable)
    problems = [result for result in written if isinstance(result, BaseException)]
    if problems:
        for result in written:
            if not isinstance(result, BaseException):
                _discard(result)
        raise problems[0]
    return written


def _placed(temp: Temp, target: tuple[Path, bytes]) -> None:
    """Put a written temp in its target's place: rename a named one, link an unnamed one.
    An unnamed file that cannot be linked (a system whose /proc will not name it) is
    written again to a named temp, synced and renamed, and none is made from then on;
    one whose name is taken by then is an error, never written over."""
    if isinstance(temp, int):
        try:
            if _unnamed.works:  # else one before it could not be linked: none will be
                with _naming(target[0]):
                    _unnamed.link(temp, target[0])
                return
        except FileExistsError:
            raise
        except OSError:
            _unnamed.works = False
        finally:
            os.close(temp)
        temp = _temp_written(*target)
    try:
        with _naming(target[0]):
            os.replace(temp, target[0])
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _temp_written(path: Path, data: bytes, durable: bool = True) -> Path:
    """A named temp for `path` holding `data` (synced when `durable`)."""
    with _naming(path):
        return _write_temp(path, data, durable=durable)


def _fsync_temp(temp: Temp) -> None:
    if isinstance(temp, int):
        os.fsync(temp)
    else:
        fsync_path(temp)


def _discard(temp: Temp) -> None:
    """Remove a temp not to be used: an unnamed one goes with its descriptor."""
    if isinstance(temp, int):
        os.close(temp)
    else:
        temp.unlink(missing_ok=True)


def _each(job, items: Sequence, *, side_by_side: bool = True) -> list:
    """job(item) for every item, on up to SYNC_THREADS threads (`side_by_side`, for jobs
    that wait on the disk) or in turn: each result in order, or the exception it raised."""
    def run(item):
        try:
            return job(item)
        except Exception as exc:  # handed back, so every other item still finishes
            return exc

    if len(items) <= 1 or not side_by_side:
        return [run(item) for item in items]
    size = -(-len(items) // SYNC_THREADS)  # a slice a thread: one task each, not one a file
    slices = [items[start:start + size] for start in range(0, len(items), size)]
    return [result for part in _writers().map(lambda part: [run(item) for item in part],
                                              slices) for result in part]


@functools.cache
def _writers() -> ThreadPoolExecutor:
    """The threads replace_all writes on, started once: on a busy machine starting a
    thread can take milliseconds."""
    return ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="desk-store-write")


def overwrite(path: Path, data: bytes) -> None:
    """Write `data` over `path` in place, unsynced: only for a cache whose reader checks
    what it reads (a reader, or a crash, may meet it empty or cut short), where a temp
    file and a rename would double the cost of the write."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def create_new(path: Path, data: bytes, *, temps: Path | None = None) -> None:
    """Create `path` holding `data`, durably; FileExistsError if it is already there."""
    with _naming(path):
        _link_new(path, data, temps)


def _link_new(path: Path, data: bytes, temps: Path | None) -> None:
    temp = _write_temp(path, data, temps)
    try:
        os.link(temp, path)  # unlike rename, link never replaces an existing file
    finally:
        temp.unlink(missing_ok=True)
    fsync_path(path.parent)


def dump_json(data: Any) -> bytes:
    """`data` as compact JSON. orjson writes a 140 KB partition (24 stories, as at 100,000)
    in a sixth of the time the standard library takes, which an approval pays each time;
    what it refuses (a lone surrogate in some odd story text, an integer past 64 bits)
    goes out as the standard library's ASCII escapes, which round-trip it intact."""
    try:
        return orjson.dumps(data)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(data, separators=(",", ":"), check_circular=False).encode("ascii")


def parse_json(path: Path, data: bytes) -> Any:
    """Decode a store file, naming the file and the problem in one line when it is bad."""
    if not data.strip():
        raise CorruptStoreError(f"{path}: store file is empty (truncated?); left untouched")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CorruptStoreError(f"{path}: binary data, not a desk store; left untouched") \
            from None
    if "\x00" in text:
        raise CorruptStoreError(f"{path}: binary data, not a desk store; left untouched")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass  # a lone surrogate's escape (the standard library reads it), or bad JSON
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorruptStoreError(
            f"{path}: truncated or invalid JSON (line {exc.lineno}, column {exc.colno}); "
            "left untouched"
        ) from None


def read_tables_stat(path: Path) -> tuple[dict[str, dict] | None, os.stat_result | None]:
    """A TinyDB file's tables and the stat of exactly the file version read.

    (None, None) if the file does not exist. Reading and fstat-ing one open descriptor ties
    the content to its inode even if a writer replaces the file meanwhile.
    """
    try:
        fd = os.open(path, os.O_RDONLY)  # not open(): an ingest looks for ~1,000 new
    except FileNotFoundError:           # partitions a batch, and a file object's failure
        return None, None               # costs several times an os.open's
    except OSError as exc:
        raise CorruptStoreError(f"{path}: cannot read store file: {exc.strerror}") from None
    try:
        stat = os.fstat(fd)
        data = _read_all(fd, stat.st_size)
    except OSError as exc:
        raise CorruptStoreError(f"{path}: cannot read store file: {exc.strerror}") from None
    finally:
        os.close(fd)
    tables = parse_json(path, data)
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise CorruptStoreError(f"{path}: not a desk store file (foreign JSON); left untouched")
    return tables, stat


def _read_all(fd: int, size: int) -> bytes:
    """Everything left to read from `fd`, `size` bytes expected (a file may grow)."""
    chunks = [os.read(fd, size + 1)]
    while chunks[-1]:
        chunks.append(os.read(fd, 1 << 20))
    return b"".join(chunks)


def read_tables(path: Path) -> dict[str, dict] | None:
    """A TinyDB file's tables, or None if the file does not exist."""
    return read_tables_stat(path)[0]


class DurableStorage(Storage):
    """A TinyDB storage for one small file: TinyDB's writes stay in memory until commit().

    TinyDB writes the whole database on every table operation; buffering them lets one
    store change (record + history) reach the disk as a single atomic, fsynced replace.
    """

    def __init__(self, path: Path, *, durable: bool = True):
        self.path = path
        self.durable = durable
        self._tables = read_tables(path)
        self._absent = self._tables is None  # no file yet: commit_all links a new one
        self._dirty = False

    def read(self) -> dict[str, dict] | None:
        return self._tables

    def write(self, data: dict[str, dict]) -> None:
        self._tables = data
        self._dirty = True

    def commit(self) -> bool:
        """Write buffered changes durably; False when there was nothing to write."""
        if not self._dirty:
            return False
        atomic_write(self.path, dump_json(self._tables), durable=self.durable)
        self._dirty = self._absent = False
        return True

    @staticmethod
    def commit_all(storages: Sequence[DurableStorage]) -> None:
        """commit() each of `storages`, in one replace_all."""
        dirty = [storage for storage in storages if storage._dirty]
        replace_all([(storage.path, dump_json(storage._tables)) for storage in dirty],
                    durable=any(storage.durable for storage in dirty),
                    absent={storage.path for storage in dirty if storage._absent})
        for storage in dirty:
            storage._dirty = storage._absent = False

    @staticmethod
    def commit_in_order(storages: Sequence[DurableStorage]) -> bool:
        """commit() each of `storages`, durably, in one round of syncs, each on disk before
        the next is renamed into place (replace_in_order); False when none had changes."""
        dirty = [storage for storage in storages if storage._dirty]
        if len(dirty) <= 1:
            return any(storage.commit() for storage in dirty)
        replace_in_order([(storage.path, dump_json(storage._tables)) for storage in dirty])
        for storage in dirty:
            storage._dirty = storage._absent = False
        return True

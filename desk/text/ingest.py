"""Inbox file -> RawStory: find story files, decode them, refuse bad ones in one line.

A story's id is the first 16 hex digits of the SHA-256 of its *normalised* text, so the
same story sent twice (CRLF once, cp1252 the next time) is one story. Normalised means:
decoded, byte order mark removed, CRLF and CR turned into LF, Unicode NFC, trailing
whitespace stripped from every line, blank lines stripped from both ends.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desk.model import RawStory
from desk.text.decoding import Decoded, DecodeError, decode
from desk.text.ninjs import NinjsError, parse_ninjs
from desk.text.visible import one_line

MAX_BYTES = 5 * 1024 * 1024
STORY_SUFFIXES = (".txt", ".json")


class IngestError(Exception):
    """A file that cannot become a story. str() is one line: "PATH: problem"."""

    def __init__(self, path: str | os.PathLike, problem: str) -> None:
        self.path = one_line(str(path))
        self.problem = one_line(problem)
        super().__init__(f"{self.path}: {self.problem}")


def normalise_text(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return "\n".join([line.rstrip() for line in text.split("\n")]).strip("\n")


def story_id(text: str) -> str:
    """The id of a story: 16 lowercase hex digits of SHA-256 over its normalised text."""
    return _hash(normalise_text(text))


def _hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def story_from_text(text: str, source: str = "<text>", *, encoding: str = "utf-8",
                    ingest_fixes: tuple[str, ...] = ()) -> RawStory:
    """A plain-text story: an inbox file's decoded text, or copy held in memory."""
    normalised = normalise_text(text)
    return RawStory(id=_hash(normalised), source=source, format="text", text=normalised,
                    original=text, encoding=encoding, ingest_fixes=ingest_fixes)


def read_story(path: str | os.PathLike) -> RawStory:
    """Read one inbox file; raises IngestError naming the file and the problem."""
    path = Path(path)
    decoded = _read_decoded(path)
    if path.suffix.lower() == ".json":
        return _ninjs_story(path, decoded)
    raw = story_from_text(decoded.text, str(path), encoding=decoded.encoding,
                          ingest_fixes=decoded.fixes)
    if not raw.text.strip():
        raise IngestError(path, "empty file (only whitespace)")
    return raw


def _read_decoded(path: Path) -> Decoded:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IngestError(path, "no such file or folder") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({_reason(exc)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(path, "is a folder, not a story file")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(path, "not a regular file")
    if info.st_size > MAX_BYTES:
        size = info.st_size / (1024 * 1024)
        raise IngestError(path, f"file too big ({size:.1f} MB; the limit is 5 MB)")
    if info.st_size == 0:
        raise IngestError(path, "empty file")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({_reason(exc)})") from None
    if len(data) > MAX_BYTES:  # grew since stat
        raise IngestError(path, "file too big (the limit is 5 MB)")
    try:
        return decode(data)
    except DecodeError as exc:
        raise IngestError(path, str(exc)) from None


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()


def _ninjs_story(path, decoded: Decoded) -> RawStory:
    try:
        item = parse_ninjs(decoded.text)
    except NinjsError as exc:
        raise IngestError(path, str(exc)) from None
    headline = normalise_text(item.headline)
    body = normalise_text(item.body)
    text = normalise_text(f"{headline}\n\n{body}")
    if not text.strip():
        raise IngestError(path, "empty story (no headline and no body text)")
    return RawStory(
        id=_hash(text),
        source=str(path),
        format="ninjs",
        text=text,
        original=decoded.text,
        encoding=decoded.encoding,
        headline=headline,
        body=body,
        byline=item.byline,
        located=item.located,
        ingest_fixes=decoded.fixes,
    )


def iter_story_files(
    paths: Iterable[str | os.PathLike], on_error: Callable[[str], None]
) -> Iterator[Path]:
    """Story files under `paths`: files as given, folders walked (sorted, hidden skipped).

    In a folder, `.txt` and `.json` entries are yielded (a folder named `x.txt` too, so
    read_story reports it). A missing path or unreadable folder goes to `on_error` as one
    line. Each file is yielded once.
    """
    seen: set[str] = set()
    for path in map(Path, paths):
        try:
            missing = not path.exists() and not path.is_symlink()
            folder = not missing and path.is_dir()
        except OSError as exc:  # a name too long, a folder on the way we may not enter
            on_error(f"{one_line(str(path))}: cannot open ({_reason(exc)})")
            continue
        if missing:
            on_error(f"{one_line(str(path))}: no such file or folder")
        elif folder:
            yield from _unique(_walk(path, on_error, set()), seen)
        else:
            yield from _unique([path], seen)


def _unique(paths: Iterable[Path], seen: set[str]) -> Iterator[Path]:
    for path in paths:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            yield path


def _walk(folder: Path, on_error: Callable[[str], None], visited: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in visited:  # a symlink loop
        return
    visited.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        on_error(f"{one_line(str(folder))}: cannot open the folder ({_reason(exc)})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.name.endswith(STORY_SUFFIXES):
            yield path
        elif _is_dir(entry):
            yield from _walk(path, on_error, visited)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False

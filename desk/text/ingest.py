"""Inbox file -> RawStories: find story files, decode them, read their format, refuse bad
ones in one line.

Formats: plain text (`.txt`, any other name given on purpose), ninjs (`.json`), web pages
(`.html`, `.htm`), RSS/Atom/RDF feeds (`.rss`, `.atom`), and `.xml` holding a feed, NITF
or NewsML-G2 (told by the root element). Suffixes are read case-blind. A feed, a NewsML-G2
message or a ninjs list holds many stories; every other file one.

A story's id is the first 16 hex digits of the SHA-256 of its *normalised* text, so the
same story sent twice (CRLF once, cp1252 the next time; or the same feed entry in the next
refresh of the feed) is one story. Normalised means: decoded, byte order mark removed, CRLF
and CR turned into LF, Unicode NFC, trailing whitespace stripped from every line, blank
lines stripped from both ends. A structured story's text is its headline, a blank line and
its body. The source's own id (a feed entry's guid, a ninjs uri, a NewsML-G2 guid and
version) rides along in `guid` and `version`: an entry whose text changed is a new story,
never a lost update.
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
from desk.text.formats import FEED_SUFFIXES
from desk.text.formats.article import Article, FormatError
from desk.text.formats.xmlsafe import root_name
from desk.text.visible import one_line

MAX_BYTES = 5 * 1024 * 1024
STORY_SUFFIXES = (".txt", ".json", ".html", ".htm", ".xml", ".rss", ".atom")
_FEED_ROOTS = ("rss", "feed", "RDF")
_NEWSML_ROOTS = ("newsItem", "newsMessage")


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


def read_stories(path: str | os.PathLike, on_problem: Callable[[str], None]) -> list[RawStory]:
    """Every story in one inbox file, in file order, each id once.

    Raises IngestError when the file gives no story at all. When it gives some, each entry
    that cannot be a story (a feed entry with no text, a picture item) goes to `on_problem`
    as one line naming the file and the entry.
    """
    path = Path(path)
    decoded = _read_decoded(path)
    kind = _kind(path, decoded.text)
    if kind == "text":
        raw = story_from_text(decoded.text, str(path), encoding=decoded.encoding,
                              ingest_fixes=decoded.fixes)
        if not raw.text.strip():
            raise IngestError(path, "empty file (only whitespace)")
        return [raw]
    try:
        articles, problems = _READERS[kind](decoded.text)
    except FormatError as exc:
        raise IngestError(path, str(exc)) from None
    stories: dict[str, RawStory] = {}
    for article in articles:
        raw = _structured_story(path, article, decoded)
        if raw is None:
            problems.append(f"{_label(article)}: empty story (no headline and no body text)")
        else:
            stories.setdefault(raw.id, raw)
    if not stories:
        raise IngestError(path, _summary(problems))
    for problem in problems:
        on_problem(str(IngestError(path, problem)))
    return list(stories.values())


def read_story(path: str | os.PathLike, story_id: str | None = None) -> RawStory:
    """The story of a one-story file, or the story `story_id` of any file.

    A one-story file gives its story even if its id is no longer `story_id` (the caller
    tells the editor it changed); a many-story file without it raises IngestError.
    """
    stories = read_stories(path, lambda problem: None)
    if story_id is not None:
        found = next((raw for raw in stories if raw.id == story_id), None)
        if found is not None:
            return found
    if len(stories) == 1:
        return stories[0]
    if story_id is not None:
        raise IngestError(path, f"story {story_id} is no longer in the file")
    raise IngestError(path, f"holds {len(stories)} stories, not one")


def _kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "ninjs"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix != ".xml":
        return "text"
    root = root_name(text)
    if root in _FEED_ROOTS:
        return "feed"
    if root == "nitf":
        return "nitf"
    if root in _NEWSML_ROOTS:
        return "newsml"
    if root is None:
        raise IngestError(path, "not XML (no root element)")
    if root == "NewsML":
        raise IngestError(path, "NewsML 1.x, which desk does not read (NewsML-G2 it does)")
    raise IngestError(path, f"XML with root element <{root}>: not a feed, NITF or NewsML-G2")


def _read_page(text: str) -> tuple[list[Article], list[str]]:
    from desk.text.formats.htmltext import page_article

    return [page_article(text)], []


def _read_feed(text: str) -> tuple[list[Article], list[str]]:
    from desk.text.formats.feeds import feed_articles

    return feed_articles(text)


def _read_nitf(text: str) -> tuple[list[Article], list[str]]:
    from desk.text.formats.nitf import nitf_article
    from desk.text.formats.xmlsafe import parse_xml

    return [nitf_article(parse_xml(text))], []


def _read_newsml(text: str) -> tuple[list[Article], list[str]]:
    from desk.text.formats.newsml import newsml_articles
    from desk.text.formats.xmlsafe import parse_xml

    return newsml_articles(parse_xml(text))


def _read_ninjs(text: str) -> tuple[list[Article], list[str]]:
    from desk.text.formats.ninjs import ninjs_articles

    return ninjs_articles(text)


# Readers import their libraries on first use: a plain-text inbox never loads lxml.
_READERS: dict[str, Callable[[str], tuple[list[Article], list[str]]]] = {
    "html": _read_page, "feed": _read_feed, "nitf": _read_nitf, "newsml": _read_newsml,
    "ninjs": _read_ninjs,
}


def _structured_story(path: Path, article: Article, decoded: Decoded) -> RawStory | None:
    headline = " ".join(normalise_text(article.headline).split())
    body = normalise_text(article.body)
    text = normalise_text(f"{headline}\n\n{body}")
    if not text.strip():
        return None
    return RawStory(
        id=_hash(text),
        source=str(path),
        format=article.format,
        text=text,
        original=article.original or decoded.text,
        encoding=decoded.encoding,
        headline=headline,
        body=body,
        byline=article.byline,
        located=article.located,
        ingest_fixes=decoded.fixes,
        guid=article.guid,
        version=article.version,
        urgency=article.urgency,
        slugline=article.slugline,
        published=article.published,
        site=article.site,
    )


def _label(article: Article) -> str:
    return f"entry {article.guid}" if article.guid else "entry"


def _summary(problems: list[str]) -> str:
    if not problems:
        return "no story in the file"
    if len(problems) == 1:
        return problems[0]
    return f"no story in the file ({problems[0]}; and {len(problems) - 1} more)"


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
        # Read the size stat gave, plus a byte to see growth: read(MAX_BYTES) would
        # allocate 5 MB for every small story.
        with open(path, "rb", buffering=0) as handle:
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_BYTES + 1 - len(data))
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


def iter_story_files(
    paths: Iterable[str | os.PathLike], on_error: Callable[[str], None]
) -> Iterator[Path]:
    """Story files under `paths`: files as given, folders walked (sorted, hidden skipped).

    In a folder, entries with a story suffix (any case) are yielded (a folder named `x.txt`
    too, so read_story reports it). A missing path or unreadable folder goes to `on_error` as one
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
        if entry.name.lower().endswith(STORY_SUFFIXES):
            yield path
        elif _is_dir(entry):
            yield from _walk(path, on_error, visited)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False

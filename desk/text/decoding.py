"""Bytes -> text for inbox files: BOMs, UTF-8, UTF-16, cp1252 and, last, charset-normalizer.

Why not charset-normalizer first: it is slow, and on short Western copy it guesses wrong
(it reads the BBC's Latin-1 `£15.8m` story as cp932). Wire copy is UTF-8 or cp1252 almost
always, so those are tried first and the detector only sees what neither explains.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the problem, for one line."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    fixes: tuple[str, ...] = ()


_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", None),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)

# Letters a cp1252 reading of another 8-bit encoding puts inside words: `³` for Polish `ł`.
# (Not ´ · ª º or soft hyphens: real copy has those between letters.)
_ODD_IN_WORD = re.compile(
    r"(?<=[^\W\d_])[\u0080-\u009f\u00a1-\u00a9\u00ab-\u00ac\u00ae-\u00b3\u00b5\u00b6"
    r"\u00b8\u00b9\u00bb-\u00bf\u02c6\u02dc\u0192\u2020\u2021\u2030](?=[^\W\d_])"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# ESC counts as text: terminal colour codes in scraped copy are dirt the cleaner removes,
# not a sign of a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")
_TEXT_BYTES = bytes(range(0x09, 0x0E)) + b"\x1b" + bytes(range(0x20, 0x7F))

codecs.register_error(
    "desk-cp1252",  # a stray non-UTF-8 byte in UTF-8 copy is, in practice, cp1252
    lambda exc: (exc.object[exc.start:exc.end].decode("cp1252", "desk-latin1"), exc.end),
)
codecs.register_error(  # the five bytes cp1252 leaves undefined: their Latin-1 controls
    "desk-latin1", lambda exc: (exc.object[exc.start:exc.end].decode("latin-1"), exc.end)
)


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes; raises DecodeError with a short problem statement."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom):], codec, name)
    head = data[:8000]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise DecodeError(f"binary file ({kind}), not text")
    if b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec is None:
            raise DecodeError("binary file (NUL bytes), not text")
        return _checked(_strict(data, codec, "UTF-16"), codec, ("decoded as UTF-16",))
    try:
        return _checked(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError:
        pass
    return _decode_8bit(data)


def _decode_with_bom(body: bytes, codec: str, name: str | None) -> Decoded:
    text = _strict(body, codec, name or "UTF-8")
    return _checked(text, codec, (f"decoded as {name}",) if name else ())


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"cannot decode the text as {name} (bad bytes at {exc.start})") from None


def _utf16_without_bom(head: bytes) -> str | None:
    """ASCII-heavy UTF-16 has a NUL in every other byte; say which half, if so."""
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if len(head) >= 4 and even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_8bit(data: bytes) -> Decoded:
    text = data.decode("utf-8", "desk-cp1252")
    if _looks_western(text):
        if text == data.decode("cp1252", "desk-latin1"):
            return _checked(text, "cp1252", ("decoded as cp1252 (the file is not UTF-8)",))
        return _checked(text, "utf-8", ("decoded stray non-UTF-8 bytes as cp1252",))
    from charset_normalizer import from_bytes  # rarely needed: ~6 ms of every start

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot decode the text (not UTF-8, UTF-16 or a known 8-bit encoding)")
    return _checked(str(best), best.encoding, (f"decoded as {best.encoding}",))


def _looks_western(text: str) -> bool:
    """Western copy is mostly ASCII letters, with accents and typography sprinkled in."""
    letters = sum(1 for ch in text if ch.isalpha())
    foreign = len(_NON_ASCII.findall(text))
    return foreign <= 0.3 * max(letters, 1) and not _ODD_IN_WORD.search(text)


def _checked(text: str, encoding: str, fixes: tuple[str, ...]) -> Decoded:
    """Refuse text that decoded but is mostly control characters (a binary file)."""
    sample = text[:8000]
    if sample.isascii():  # bytes.translate is much faster than a regex scan
        controls = len(sample.encode("ascii").translate(None, _TEXT_BYTES))
    else:
        controls = len(_CONTROL.findall(sample))
    if controls > 0.05 * len(sample):
        raise DecodeError("binary file (mostly control characters), not text")
    return Decoded(text, encoding, fixes)

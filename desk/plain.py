"""Plain text, whoever wrote it: the one rule for wire copy (desk.text's cleaner) and for
what an editor types (a headline or a tag, from the desk or the shell, at the store).

Terminal escape codes and control characters are removed, never published; markup-like
tags (`[bold]`, `[/red]`, `<b>`) are found, so the editor is shown them and approval can
refuse them. Imports nothing of desk: every layer may use it.
"""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile("[\v\f\r\x85\u2028\u2029]")
_TERMINAL_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])?"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff]")
_ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2060\ufeff\u2028\u2029]")
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"
_PLAIN_LATIN1 = _PLAIN_ASCII + bytes(range(0xA0, 0x100))  # _ANY_CONTROL's complement

# Rich markup opens with a lowercase letter, `#`, `@` or `/` (`[bold]`, `[/]`, `[#ff0000]`;
# a wire's `[UPDATE]` is not markup); HTML and BBCode-ish tags with a letter.
_MARKUP_TAG = re.compile(r"\[(?:[a-z#@/][^\[\]\n]*)\]|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _has_controls(text: str) -> bool:
    # bytes.translate is much faster than a regex scan: text in Latin-1 (most wire copy
    # with a £ or an é) is looked at as its bytes, the rest searched
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PLAIN_ASCII))
    try:
        return bool(text.encode("latin-1").translate(None, _PLAIN_LATIN1))
    except UnicodeEncodeError:  # a character past U+00FF
        return bool(_ANY_CONTROL.search(text))


def remove_controls(text: str) -> tuple[str, list[str]]:
    """Terminal escapes and control characters go; odd line breaks become newlines."""
    if not _has_controls(text):
        return text, []
    fixes = []
    text = _LINE_BREAKS.sub("\n", text)
    text, escapes = _TERMINAL_ESCAPE.subn("", text)
    if escapes:
        fixes.append(f"removed {plural(escapes, 'terminal escape code')}")
    text, controls = _CONTROL.subn("", text)
    if controls:
        fixes.append(f"removed {plural(controls, 'control character')}")
    if escapes or controls:  # a removal can leave a letter next to its accent
        text = unicodedata.normalize("NFC", text)
    return text, fixes


def plain_line(text: str) -> tuple[str, list[str]]:
    """A one-line field a person typed (a headline): controls removed, whitespace runs
    made one space; with what was removed, in words."""
    text, fixes = remove_controls(text or "")
    return " ".join(text.split()), fixes


def markup_tags(text: str) -> list[str]:
    """The markup-like tags in `text`, in order, each once."""
    return list(dict.fromkeys(_MARKUP_TAG.findall(text or "")))


def without_markup(text: str) -> str:
    """`text` with its markup-like tags taken out (for a slug, never for the copy)."""
    return " ".join(_MARKUP_TAG.sub(" ", text or "").split())


def markup_fix(text: str) -> list[str]:
    """The markup-like tags of `text` as a fix line for the editor (none: no line)."""
    tags = markup_tags(text)
    if not tags:
        return []
    shown = ", ".join(tags[:4]) + (" ..." if len(tags) > 4 else "")
    return [f"markup-like tags left in: {shown}"]

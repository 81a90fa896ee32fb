"""Clean copy as Rich text: each quote and the words naming its speaker in one colour.

`desk inspect` prints `render_story`; the TUI preview reuses the pieces. Story text only
ever enters `Text` as plain strings (`append`, `Text(body)`), so `[bold]` in copy stays
literal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache, partial
from typing import TypeVar

from rich.console import Group
from rich.control import STRIP_CONTROL_CODES
from rich.text import Text

from desk.model import HistoryEntry, Quote, Record, Story
from desk.plain import plural
from desk.text.marks import MARKS
from desk.text.quotes import is_scare_quote
from desk.text.visible import one_line

HEADLINE_STYLE = "bold"
META_STYLE = "dim"
QUOTE_STYLE = "bold yellow"  # a quote nobody is said to have said
# One colour per speaker, tying their quotes to the words that name them. Not yellow or
# red: those are a quote with no speaker and a warning.
SPEAKER_COLOURS = ("turquoise2", "orchid1", "chartreuse3", "dodger_blue1", "medium_purple1",
                   "dark_sea_green2")
# Below this confidence the speaker is shown as a guess (dimmed, with "?"), not a fact.
UNSURE = 0.5
NO_SPEAKER_STYLE = "bold red"
FIX_STYLE = "dim"
WARNING_STYLE = "bold red"

_CLOSING = "”’\"'»“,.;:!?"
# What Rich's Text drops of a string (rich.control.strip_control_codes), as a regular
# expression: str.translate takes ~0.1 s a megabyte on text that is not all ASCII.
_strip_controls = partial(re.compile(f"[{''.join(map(chr, STRIP_CONTROL_CODES))}]").sub, "")
T = TypeVar("T")
_UNKNOWN_SPEAKER = "speaker?"
_PRONOUNS = frozenset("he she they we i it you who which".split())


def meta_line(story: Story) -> Text:
    copy = story.copy
    parts = [copy.dateline, copy.credit, f"{story.word_count} words",
             plural(len(story.quotes), "quote")]
    if story.warnings:
        parts.append(plural(len(story.warnings), "warning"))
    return Text(" · ".join(part for part in parts if part), style=META_STYLE)


def body_text(story: Story, *, marks: bool = True) -> Text:
    """The body with each quote and the mention of its speaker in the speaker's colour, and
    ‹the resolved name› only where the text does not name the speaker beside the quote (a
    pronoun, a surname alone, a speaker carried from another paragraph). `marks=False`:
    the copy alone."""
    text = Text(story.copy.body)
    if not marks:
        return text
    styles, names = _speaker_marks(story)
    for style, start, end in styles:
        text.stylize(style, start, end)
    return _with_marks(text, {offset: Text(*mark) for offset, mark in names.items()})


def body_plain(story: Story) -> str:
    """body_text(story).plain, without laying out its styles (a pipe shows none)."""
    _, names = _speaker_marks(story)
    body = _strip_controls(story.copy.body)  # as Text(body) holds it
    pieces, done = [], 0
    for offset in sorted(names):
        pieces += [body[done:offset], _strip_controls(names[offset][0])]
        done = offset
    return "".join([*pieces, body[done:]])


def _speaker_marks(story: Story) -> tuple[list[tuple[str, int, int]],
                                          dict[int, tuple[str, str]]]:
    """The body's styles (style, start, end): each quote, and the mention of its speaker
    beside it; and the marks to insert (offset -> text, style): ‹name›, ‹?›, ‹speaker?›."""
    body = story.copy.body
    colours = speaker_colours(story.quotes)
    styles: list[tuple[str, int, int]] = []
    names: dict[int, tuple[str, str]] = {}  # body offset -> the mark inserted there
    quotes = _in_order(story.quotes, len(body))
    for index, quote in enumerate(quotes):
        unsure = _unsure(quote)
        colour = colours.get(quote.speaker or "")
        styles.append((_style(colour, unsure) if colour else QUOTE_STYLE, quote.start,
                       quote.end))
        next_start = quotes[index + 1].start - 1 if index + 1 < len(quotes) else len(body)
        after_quote = _after_closing_mark(body, quote.end, next_start)
        if not quote.speaker:
            if not is_scare_quote(quote.text):
                names.setdefault(after_quote, (f" ‹{_UNKNOWN_SPEAKER}›", NO_SPEAKER_STYLE))
            continue
        beside = _mention_beside(body, quote)
        if beside:
            styles.append((_style(colour, unsure, "bold underline"), *beside))
        mark = _name_mark(quote, beside, colour, unsure)
        if mark is not None:
            names.setdefault(beside[1] if beside else after_quote, mark)
    return styles, names


def speaker_colours(quotes: tuple[Quote, ...]) -> dict[str, str]:
    """Each speaker's colour, in the order they are first quoted; one person named more or
    less fully ("chief Dana Whitfield", "Cal Fire battalion chief Dana Whitfield") keeps one."""
    colours: dict[str, str] = {}
    people = 0
    for quote in quotes:
        speaker = quote.speaker
        if not speaker or speaker in colours:
            continue
        same = next((colour for known, colour in colours.items()
                     if _same_person(known, speaker)), None)
        if same is None:
            same, people = SPEAKER_COLOURS[people % len(SPEAKER_COLOURS)], people + 1
        colours[speaker] = same
    return colours


def _same_person(one: str, other: str) -> bool:
    short, long = sorted((one.casefold(), other.casefold()), key=len)
    return len(short.split()) > 1 and long.endswith(" " + short)


def _in_order(quotes: tuple[Quote, ...], length: int) -> list[Quote]:
    """The quotes by place, without overlapping or stale ones: show the copy, never crash."""
    kept: list[Quote] = []
    for quote in sorted(quotes, key=lambda q: q.start):
        if quote.start >= (kept[-1].end if kept else 0) and quote.end <= length:
            kept.append(quote)
    return kept


def _mention_beside(body: str, quote: Quote) -> tuple[int, int] | None:
    """Where the speaker's mention is written, if in the quote's own paragraph."""
    start, end = quote.mention_start, quote.mention_end
    if start is None or end is None or not 0 <= start < end <= len(body):
        return None
    lo, hi = min(start, quote.start), max(end, quote.end)
    return None if "\n\n" in body[lo:hi] else (start, end)


def _name_mark(quote: Quote, beside: tuple[int, int] | None, colour: str | None,
               unsure: bool) -> tuple[str, str] | None:
    """‹name› (and its style) where the text does not name the speaker beside the quote;
    for a guess named there, a dimmed ‹?›."""
    named = beside is not None and _names(quote.mention or "", quote.speaker or "")
    if named and not unsure:
        return None
    label = "?" if named else quote.speaker + ("?" if unsure else "")
    return ("" if named else " ") + f"‹{label}›", _style(colour, unsure, "italic")


def _names(mention: str, speaker: str) -> bool:
    """Does the mention name the speaker? "the Kremlin", "Ray Dobbins" for "Councilman Ray
    Dobbins" do; a pronoun or a surname alone ("Dobbins") does not."""
    mention, speaker = mention.casefold(), speaker.casefold()
    if mention == speaker:
        return mention not in _PRONOUNS
    return len(mention.split()) > 1 and speaker.endswith(mention)


def _with_marks(text: Text, names: dict[int, Text]) -> Text:
    if not names:
        return text
    at = sorted(names)
    pieces = text.divide(at)
    out = pieces[0]
    for offset, piece in zip(at, pieces[1:], strict=True):
        out.append_text(names[offset])
        out.append_text(piece)
    return out


def _unsure(quote: Quote) -> bool:
    return quote.confidence is not None and quote.confidence < UNSURE


@cache  # asked for every quote, and there are a few styles
def _style(colour: str | None, unsure: bool, emphasis: str = "") -> str:
    parts = ("dim" if unsure else "", emphasis, colour or SPEAKER_COLOURS[0])
    return " ".join(part for part in parts if part)


def _speaker(quote: Quote, colour: str | None = None) -> tuple[str, str]:
    """The quotes panel's speaker and its style: a name, a dimmed guess, or "speaker?"."""
    if not quote.speaker:
        return _UNKNOWN_SPEAKER, NO_SPEAKER_STYLE
    if _unsure(quote):
        return quote.speaker + "?", _style(colour, True, "italic")
    return quote.speaker, _style(colour, False, "italic")


def _after_closing_mark(body: str, end: int, next_start: int) -> int:
    # Keep the closing mark (and punctuation tucked inside it) with the quote, so a mark
    # never splits “…,” from its mark. A paragraph break ends the quote.
    limit = min(len(body), end + 3, next_start)
    while end < limit and body[end] in _CLOSING:
        end += 1
    return end


def quotes_text(story: Story) -> Text:
    """One "speaker — “quote”" line per quote, in the copy's own marks."""
    text = Text()
    for index, (speaker, speaker_style, opening, quote, quote_style, closing) in enumerate(
            _quote_lines(story)):
        if index:
            text.append("\n")
        text.append(speaker, style=speaker_style)
        text.append(f" — {opening}")
        text.append(quote, style=quote_style)
        text.append(closing)
    return text


def quotes_plain(story: Story) -> str:
    """quotes_text(story).plain, without laying out its styles (a pipe shows none)."""
    return _strip_controls("\n".join(f"{speaker} — {opening}{quote}{closing}"
                                      for speaker, _, opening, quote, _, closing
                                      in _quote_lines(story)))


def _quote_lines(story: Story) -> Iterator[tuple[str, str, str, str, str, str]]:
    """quotes_text's lines: speaker and its style, opening mark, quote and its style,
    closing mark."""
    body = story.copy.body
    colours = speaker_colours(story.quotes)
    for index, quote in enumerate(story.quotes):
        colour = colours.get(quote.speaker or "")
        speaker, style = _speaker(quote, colour)
        if _unsure(quote):
            speaker += f" ({quote.confidence:.0%})"
        after = story.quotes[index + 1] if index + 1 < len(story.quotes) else None
        opening, closing = _own_marks(body, quote, after)
        yield (speaker, style, opening, quote.text,
               _style(colour, _unsure(quote)) if colour else QUOTE_STYLE, closing)


def _own_marks(body: str, quote: Quote, after: Quote | None) -> tuple[str, str]:
    """The marks the copy writes around the quote (with any space inside them), and no
    closing mark where it has none (an unbalanced mark, a paragraph of a longer
    quotation). Offsets that do not fit the body: curly marks."""
    if body[quote.start:quote.end] != quote.text:
        return "“", "”"
    opening = _opening_mark_at(body, quote)
    end = quote.end
    while end < len(body) and body[end] in " \t":
        end += 1
    width = 2 if body[end:end + 2] == "''" else 1
    # Straight marks run on ("… defence. "Baxter …"): the next quote's opening mark
    # is no closing mark of this one.
    opens_next = after is not None and _opening_mark_at(body, after) == end
    if end < len(body) and body[end] in MARKS and not opens_next:
        return body[opening:quote.start], body[quote.end:end + width]
    return body[opening:quote.start], ""


def _opening_mark_at(body: str, quote: Quote) -> int:
    """Where the quote's opening mark starts (the engine skips space after it)."""
    at = quote.start
    while at > 0 and body[at - 1] in " \t":
        at -= 1
    if body[max(0, at - 2):at] in ("''", "``"):
        return at - 2
    return at - 1 if at and body[at - 1] in MARKS else quote.start


def notes_text(story: Story) -> Text:
    """Warnings (standing out) above the fixes the cleaner made (dim)."""
    text = Text()
    for warning in story.warnings:
        text.append("⚠ ", style=WARNING_STYLE)
        text.append(one_line(warning), style=WARNING_STYLE)
        text.append("\n")
    for fix in story.copy.fixes:  # (one kept by an older desk may quote a control)
        text.append(f"· {one_line(fix)}\n", style=FIX_STYLE)
    text.rstrip()
    return text


def render_story(story: Story) -> Group:
    """Everything an editor needs to judge a story, for the terminal."""
    return Group(*_story_parts(story, body_text, quotes_text))


def plain_story(story: Story) -> str:
    """render_story's text as a pipe gets it, a line per part and no styles: the body and
    the quotes never become Rich Text, which costs ~0.2 s a megabyte to build."""
    parts = _story_parts(story, body_plain, quotes_plain)
    return "".join(f"{part if isinstance(part, str) else part.plain}\n" for part in parts)


def _story_parts(story: Story, body: Callable[[Story], T],
                 quotes: Callable[[Story], T]) -> list[Text | T]:
    source = Text(f"{story.id}  {one_line(story.raw.source)}", style=META_STYLE)
    parts: list[Text | T] = [
        source, Text(story.copy.headline or "(no headline)", style=HEADLINE_STYLE),
        meta_line(story), Text(), body(story)]
    if story.quotes:
        parts += [Text(), Text("Quotes", style="bold underline"), quotes(story)]
    notes = notes_text(story)
    if notes:
        parts += [Text(), notes]
    return parts


def change_line(entry: HistoryEntry) -> str:
    """One change as `desk history` prints it: when, revision, who, what."""
    return f"{entry['at']}  r{entry['revision']}  {entry['user']}  {what_changed(entry)}"


def what_changed(entry: HistoryEntry) -> str:
    """`field: old -> new`, and the revision an undo undid."""
    return (f"{entry['field']}: {one_line(_shown(entry['old']))} -> "
            f"{one_line(_shown(entry['new']))}"
            + (f"  (undo of r{entry['undoes']})" if "undoes" in entry else ""))


def history_text(entries: list[HistoryEntry]) -> Text:
    """A story's changes for the desk, oldest first: when (local time), who, what; the
    export machinery's own bookkeeping dimmed (nobody's decision)."""
    lines = []
    for entry in entries:
        try:
            when = datetime.fromisoformat(entry["at"]).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        except (TypeError, ValueError):
            when = one_line(str(entry["at"]))
        line = Text(style="dim" if entry.get("system") else "")
        line.append(when, style="dim")
        line.append(f"  r{entry['revision']}  ", style="dim")
        line.append(one_line(entry["user"]), style="bold")
        line.append(f"  {what_changed(entry)}")
        lines.append(line)
    return Text("\n").join(lines)


def _shown(value) -> str:
    if isinstance(value, dict):  # an approved copy: its headline says which one
        return f"approved copy {json.dumps(value.get('headline'), ensure_ascii=False)}"
    if isinstance(value, list) and value and isinstance(value[0], dict) and "text_id" in value[0]:
        return f"{len(value)} earlier versions"
    return json.dumps(value, ensure_ascii=False)


def render_versions(record: Record) -> Text:
    """A story's versions, oldest first: when, how and from which file each came, and what
    changed from the one before: headline, tags, the quotes (a reworded quote flagged: an
    editor must see it), and a word diff of the copy."""
    from desk.versions.diff import ADDED, ALTERED, REMOVED, quote_changes, word_diff

    versions = [*(record.get("earlier") or []), {
        "received": record["received"], "arrived_as": record.get("arrived_as") or "first",
        "update": record.get("update") or "", "headline": record["headline"],
        "tags": record["tags"], "copy": record["copy"],
        "source": record.get("version_source") or record["source"]}]
    out = Text()
    before = None
    for number, version in enumerate(versions, start=1):
        latest = " (latest)" if number == len(versions) else ""
        out.append(f"v{number}{latest}", style="bold")
        out.append(f"  {version['received'][:16].replace('T', ' ')}  "
                   f"{version.get('arrived_as') or 'first'}", style="dim")
        if version.get("update"):
            out.append(f" [{one_line(version['update'])}]", style="yellow")
        out.append(f"  {one_line(version['source'])}\n", style="dim")
        copy = version["copy"]
        if before is None:
            out.append(f"  {one_line(version['headline'])}\n")
        else:
            old = before["copy"]
            if copy["headline"] != old["headline"]:
                out.append(f"  headline: {one_line(old['headline'])} → "
                           f"{one_line(copy['headline'])}\n", style="cyan")
            if version["tags"] != before["tags"]:
                out.append(f"  tags: {', '.join(before['tags']) or '-'} → "
                           f"{', '.join(version['tags']) or '-'}\n", style="cyan")
            for change in quote_changes(old["quotes"], copy["quotes"]):
                speaker = one_line(change.speaker or "no speaker")
                if change.kind == ALTERED:
                    out.append(f"  ⚠ quote reworded ({speaker}): “{one_line(change.old)}” → "
                               f"“{one_line(change.new)}”\n", style="bold red")
                elif change.kind == ADDED:
                    out.append(f"  + quote ({speaker}): “{one_line(change.new)}”\n",
                               style="green")
                else:
                    out.append(f"  − quote ({speaker}): “{one_line(change.old)}”\n",
                               style="red")
            out.append("  ")
            for piece in word_diff("\n\n".join(old["paragraphs"]),
                                   "\n\n".join(copy["paragraphs"])):
                style = {ADDED: "bold green", REMOVED: "red strike"}.get(piece.kind, "dim")
                out.append(one_line(piece.text) + " ", style=style)
            out.append("\n")
        out.append("\n")
        before = version
    return out

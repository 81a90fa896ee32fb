"""Clean copy as Rich text: quotes highlighted, each speaker marked beside its quote.

`desk inspect` prints `render_story`; the TUI preview reuses the pieces. Story text only
ever enters `Text` as plain strings (`append`), so `[bold]` in copy stays literal.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from desk.model import Quote, Record, Story
from desk.plain import plural
from desk.text.visible import one_line

HEADLINE_STYLE = "bold"
META_STYLE = "dim"
QUOTE_STYLE = "bold yellow"
SPEAKER_STYLE = "italic cyan"
UNSURE_SPEAKER_STYLE = "dim italic cyan"
# Below this confidence the speaker is shown as a guess ("‹Ann Lee?›", dimmed), not a fact.
UNSURE = 0.5
NO_SPEAKER_STYLE = "bold red"
FIX_STYLE = "dim"
WARNING_STYLE = "bold red"

_CLOSING = "”’\"'»“,.;:!?"
_UNKNOWN_SPEAKER = "speaker?"


def meta_line(story: Story) -> Text:
    copy = story.copy
    parts = [copy.dateline, copy.credit, f"{story.word_count} words",
             plural(len(story.quotes), "quote")]
    if story.warnings:
        parts.append(plural(len(story.warnings), "warning"))
    return Text(" · ".join(part for part in parts if part), style=META_STYLE)


def body_text(story: Story) -> Text:
    """The body with each quote highlighted and ‹speaker› after its closing mark."""
    body = story.copy.body
    text = Text()
    position = 0
    quotes = sorted(story.quotes, key=lambda q: q.start)
    for index, quote in enumerate(quotes):
        if quote.start < position or quote.end > len(body):
            continue  # overlapping or stale offsets: show the copy, never crash
        # “yes”“no”: the next quote's opening mark is not this one's closing mark.
        next_start = quotes[index + 1].start - 1 if index + 1 < len(quotes) else len(body)
        text.append(body[position:quote.start])
        text.append(body[quote.start:quote.end], style=QUOTE_STYLE)
        position = _after_closing_mark(body, quote.end, next_start)
        text.append(body[quote.end:position])
        text.append(" ‹", style=SPEAKER_STYLE)
        text.append(*_speaker(quote))
        text.append("›", style=SPEAKER_STYLE)
    text.append(body[position:])
    return text


def _speaker(quote: Quote) -> tuple[str, str]:
    """The speaker mark and its style: a name, a dimmed guess, or "speaker?"."""
    if not quote.speaker:
        return _UNKNOWN_SPEAKER, NO_SPEAKER_STYLE
    if quote.confidence is not None and quote.confidence < UNSURE:
        return quote.speaker + "?", UNSURE_SPEAKER_STYLE
    return quote.speaker, SPEAKER_STYLE


def _after_closing_mark(body: str, end: int, next_start: int) -> int:
    # Keep the closing mark (and punctuation tucked inside it) with the quote, so the
    # speaker mark never splits “…,” from its mark. A paragraph break ends the quote.
    limit = min(len(body), end + 3, next_start)
    while end < limit and body[end] in _CLOSING:
        end += 1
    return end


def quotes_text(story: Story) -> Text:
    """One "speaker — “quote”" line per quote."""
    text = Text()
    for index, quote in enumerate(story.quotes):
        if index:
            text.append("\n")
        speaker, style = _speaker(quote)
        if style == UNSURE_SPEAKER_STYLE:
            speaker += f" ({quote.confidence:.0%})"
        text.append(speaker, style=style)
        text.append(" — ")
        text.append(f"“{quote.text}”", style=QUOTE_STYLE)
    return text


def notes_text(story: Story) -> Text:
    """Warnings (standing out) above the fixes the cleaner made (dim)."""
    text = Text()
    for warning in story.warnings:
        text.append("⚠ ", style=WARNING_STYLE)
        text.append(warning, style=WARNING_STYLE)
        text.append("\n")
    for fix in story.copy.fixes:
        text.append(f"· {fix}\n", style=FIX_STYLE)
    text.rstrip()
    return text


def render_story(story: Story) -> Group:
    """Everything an editor needs to judge a story, for the terminal."""
    source = Text(f"{story.id}  {one_line(story.raw.source)}", style=META_STYLE)
    parts = [source, Text(story.copy.headline or "(no headline)", style=HEADLINE_STYLE),
             meta_line(story), Text(), body_text(story)]
    if story.quotes:
        parts += [Text(), Text("Quotes", style="bold underline"), quotes_text(story)]
    notes = notes_text(story)
    if notes:
        parts += [Text(), notes]
    return Group(*parts)


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

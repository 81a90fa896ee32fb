"""Clean copy as Rich text: quotes highlighted, each speaker marked beside its quote.

`desk inspect` prints `render_story`; the TUI preview reuses the pieces. Story text only
ever enters `Text` as plain strings (`append`), so `[bold]` in copy stays literal.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from desk.model import Quote, Story
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

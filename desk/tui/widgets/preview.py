"""The preview: the selected story's headline with its live counter, the meta line with
the row's tags, the clean copy with each quote and its speaker in one colour (`marks`), and
the cleaner's fixes and warnings.

All story text arrives as `rich.text.Text` (from desk.render or built with plain
appends), so markup-looking copy shows exactly as written. It is one Text,
drawn with the Line API (TextView), so showing a story repaints only the preview.
"""

from __future__ import annotations

from rich.text import Text

from desk.model import Row, Status, Story
from desk.text.visible import visible_controls
from desk.tui.actions import PREVIEW, bindings
from desk.tui.widgets.text_view import TextView

_STATUS_COLOURS = {Status.APPROVED: "green", Status.SPIKED: "red", Status.EXPORTED: "cyan"}


def headline_counter(headline: str, limit: int) -> Text:
    """`47/64`, turning red at the limit (past it the store refuses approval)."""
    over = len(headline) >= limit
    return Text(f"{len(headline)}/{limit}", style="bold red" if over else "dim")


def status_text(row: Row) -> Text:
    status = row.get("status") or Status.NEW
    text = Text(status, style=f"bold {_STATUS_COLOURS.get(status, '')}".strip())
    if row.get("filename") and status in (Status.APPROVED, Status.EXPORTED):
        text.append(" → ")
        text.append(row["filename"], style="bold")
    return text


def headline_text(row: Row, limit: int) -> Text:
    """The headline, then `n/limit · status` (and the approved filename) under it."""
    headline = row.get("headline") or ""
    text = Text(headline or "(no headline)", style="bold")
    text.append("\n")
    text.append_text(headline_counter(headline, limit))
    text.append(" · ", style="dim")
    text.append_text(status_text(row))
    return text


def tags_text(row: Row) -> Text:
    """The story's tags for the meta line (`#syria #turkey`), or that it has none yet."""
    tags = row.get("tags") or ()
    if not tags:
        return Text("no tags (t adds)", style="dim")
    return Text(" ".join(f"#{tag}" for tag in tags), style="cyan")


class Preview(TextView, can_focus=True):
    """Shows one story; `show()` is the only way in. Focused, it scrolls as `less` does."""

    BINDINGS = bindings(PREVIEW)

    def show(self, row: Row | None, story: Story | None, *, limit: int,
             original: bool = False, marks: bool = True, problem: str = "") -> None:
        self.set_title("Original" if original else "Preview")
        if row is None:
            content = Text(problem or "No stories. Drop files into the inbox.", style="dim")
        elif story is None:  # the session vouches that a story is the row's (or its new text)
            content = Text("\n").join([
                headline_text(row, limit), Text(row.get("source") or "", style="dim"), Text(),
                Text(problem or "loading…", style="bold red" if problem else "dim")])
        else:
            # Here, not at the top: the desk's first frame shows no story yet.
            from desk.render import body_text, meta_line, notes_text

            meta = meta_line(story)
            meta.append(" · ", style="dim")
            meta.append_text(tags_text(row))
            parts = [headline_text(row, limit), meta, Text()]
            if original:
                # As received, but an ESC must show as a glyph, not drive the terminal.
                original_text = Text(visible_controls(story.raw.original))
                parts += [original_text, Text(), Text(story.raw.source, style="dim")]
            else:
                parts.append(body_text(story, marks=marks))
                notes = notes_text(story)
                if notes:
                    parts += [Text(), notes]
            content = Text("\n").join(parts)
        self.set_text(content)

"""The quotes panel: "speaker — quote" for every direct quotation in the selected story."""

from __future__ import annotations

from rich.text import Text

from desk.model import Story
from desk.tui.widgets.text_view import TextView


class QuotesPanel(TextView):
    def show(self, story: Story | None) -> None:
        count = len(story.quotes) if story else 0
        self.set_title(f"Quotes ({count})" if story else "Quotes")
        if story is None:
            self.set_text(Text())
        elif not story.quotes:
            self.set_text(Text("No direct quotes.", style="dim"))
        else:
            from desk.render import quotes_text  # the first frame shows no story yet

            self.set_text(quotes_text(story))

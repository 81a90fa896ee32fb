"""The tag editor: a comma list with the story's suggestions and the desk's own tags;
tab accepts the one offered."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Static

from desk.model import split_tags
from desk.store import FieldConflict
from desk.tui.actions import TAGS, bindings
from desk.tui.messages import InputReady
from desk.tui.screens.field_editor import CANCEL, FieldEditor
from desk.tui.widgets.ordered_input import OrderedInput
from desk.tui.widgets.theirs_note import TheirsNote


def next_suggestion(value: str, suggestions: tuple[str, ...]) -> str | None:
    """The suggestion completing the tag being typed (or the next unused one after a comma)."""
    head, _, partial = value.rpartition(",")
    partial = partial.strip().lower()
    used = set(split_tags(head))
    for tag in suggestions:
        if tag not in used and tag.startswith(partial) and tag != partial:
            return tag
    return None


class TagSuggester(Suggester):
    """Ghost text in the input: the whole value with the offered tag completed."""

    def __init__(self, suggestions: tuple[str, ...]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._suggestions = suggestions

    async def get_suggestion(self, value: str) -> str | None:
        tag = next_suggestion(value, self._suggestions)
        if tag is None or not value.strip():
            return None
        head, comma, _ = value.rpartition(",")
        return f"{head}{comma}{' ' if comma else ''}{tag}"


class TagsScreen(FieldEditor[list[str]]):
    """Dismisses with the new tag list, or None when cancelled."""

    BINDINGS = bindings(TAGS)

    def __init__(self, tags: list[str], suggestions: tuple[str, ...],
                 theirs: FieldConflict | None = None) -> None:
        super().__init__(theirs)
        self._tags = tags
        self._suggestions = suggestions

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-dialog", classes="dialog") as dialog:
            dialog.border_title = "Tags"
            yield OrderedInput(", ".join(self._tags), id="tags-input", select_on_focus=False,
                               suggester=TagSuggester(self._suggestions), screen_actions=CANCEL)
            yield Static(id="tags-suggestions")
            if self._theirs is not None:
                yield TheirsNote(self._theirs)
            else:
                yield Static(Text("comma list · tab accepts a suggestion · enter saves · "
                                  "escape cancels", style="dim"))

    def on_mount(self) -> None:
        self._show(self.query_one(Input).value)
        self.set_focus(self.query_one(Input))
        self.app.post_message(InputReady())  # keys typed since `e` can come in now

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, value: str) -> None:
        used = set(split_tags(value))
        offered = [tag for tag in self._suggestions if tag not in used]
        if offered:
            text = Text("suggested ", style="dim")
            text.append(", ".join(offered))
        else:
            text = Text("no more suggestions: type a tag of your own", style="dim")
        self.query_one("#tags-suggestions", Static).update(text)

    def action_accept(self) -> None:
        field = self.query_one(Input)
        tag = next_suggestion(field.value, self._suggestions)
        if tag is None:
            return
        head, comma, _ = field.value.rpartition(",")
        field.value = f"{head}{comma}{' ' if comma else ''}{tag}, "
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(split_tags(event.value))


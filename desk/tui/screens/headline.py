"""The headline editor: the current headline in a standard input, with the live `n/limit`
counter and the slug approval would give. Enter saves, escape cancels."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from desk.plain import markup_tags
from desk.store import FieldConflict
from desk.store.records import unbalanced_mark
from desk.tui.actions import HEADLINE, bindings
from desk.tui.messages import InputReady
from desk.tui.screens.field_editor import CANCEL, FieldEditor
from desk.tui.widgets.ordered_input import OrderedInput
from desk.tui.widgets.preview import headline_counter
from desk.tui.widgets.theirs_note import TheirsNote


def approval_problems(headline: str, limit: int) -> list[str]:
    """What approval will say of `headline` (the store's rules, in the editor's words)."""
    if len(headline) > limit:
        return [f"{len(headline) - limit} over the limit: approval will refuse it "
                "(A too); shorten it"]
    if len(headline) == limit:
        return ["at the limit"]
    forced = []
    if tags := markup_tags(headline):
        forced.append(f"markup-like tags {', '.join(tags[:3])}")
    if mark := unbalanced_mark(headline):
        forced.append(f"an unbalanced {mark}")
    return [f"{' and '.join(forced)}: a will refuse it, A approves anyway"] if forced else []


class HeadlineScreen(FieldEditor[str]):
    """Dismisses with the new headline, or None when cancelled."""

    BINDINGS = bindings(HEADLINE)

    def __init__(self, headline: str, *, limit: int, slug: Callable[[str], str],
                 theirs: FieldConflict | None = None) -> None:
        super().__init__(theirs)
        self._headline = headline
        self._limit = limit
        self._slug = slug  # the store's own slug function: no second copy of its rules

    def compose(self) -> ComposeResult:
        with Vertical(id="headline-dialog", classes="dialog") as dialog:
            dialog.border_title = "Headline"
            yield OrderedInput(self._headline, id="headline-input", select_on_focus=False,
                               screen_actions=CANCEL)
            yield Static(id="headline-counter")
            yield Static(id="headline-slug")
            if self._theirs is not None:
                yield TheirsNote(self._theirs)
            else:
                yield Static(Text("enter saves · escape cancels · ctrl+u clears", style="dim"))

    def on_mount(self) -> None:
        self._show(self._headline)
        self.set_focus(self.query_one(Input))
        self.app.post_message(InputReady())  # keys typed since `e` can come in now

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, headline: str) -> None:
        counter = headline_counter(headline, self._limit)
        for problem in approval_problems(headline, self._limit):
            counter.append(f"  {problem}", style="red")
        self.query_one("#headline-counter", Static).update(counter)
        slug = Text("slug ", style="dim")
        slug.append(self._slug(headline) if headline.strip() else "—", style="bold")
        self.query_one("#headline-slug", Static).update(slug)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)


"""What the headline and tags editors share: cancel, and the choice a clash with another
desk offers (keep mine by saving again, take theirs)."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen

from desk.store import FieldConflict
from desk.tui.widgets.ordered_input import OrderedInput

Value = TypeVar("Value")
# The editors' own action their input's keys may end it with (escape, keymap applied): run
# by the input itself, in the order typed (desk.tui.widgets.ordered_input).
CANCEL = frozenset({"cancel"})


class FieldEditor(ModalScreen[Value | None], Generic[Value]):
    """Dismisses with the edited value, or None when cancelled."""

    def __init__(self, theirs: FieldConflict | None = None) -> None:
        super().__init__()
        self._theirs = theirs  # another desk's value, when saving clashed with it

    def action_cancel(self) -> None:
        self._hand_on_keys()
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "take_theirs" or self._theirs is not None

    def action_take_theirs(self) -> None:
        if self._theirs is not None:
            self._hand_on_keys()
            self.dismiss(self._theirs.theirs)

    def _hand_on_keys(self) -> None:
        """Keys typed behind escape (or ctrl+t) are for the desk once this closes, not for
        its input (desk.tui.key_hold), as those behind enter are."""
        if isinstance(self.focused, OrderedInput):
            self.focused.done_with_keys()

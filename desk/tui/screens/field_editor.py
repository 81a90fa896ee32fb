"""What the headline and tags editors share: cancel, and the choice a clash with another
desk offers (keep mine by saving again, take theirs)."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen

from desk.store import FieldConflict

Value = TypeVar("Value")


class FieldEditor(ModalScreen[Value | None], Generic[Value]):
    """Dismisses with the edited value, or None when cancelled."""

    def __init__(self, theirs: FieldConflict | None = None) -> None:
        super().__init__()
        self._theirs = theirs  # another desk's value, when saving clashed with it

    def action_cancel(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "take_theirs" or self._theirs is not None

    def action_take_theirs(self) -> None:
        if self._theirs is not None:
            self.dismiss(self._theirs.theirs)

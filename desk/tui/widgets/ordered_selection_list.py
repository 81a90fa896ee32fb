"""A SelectionList whose keys take effect in the order they were typed: up, down and space
run as they arrive (desk.tui.widgets.inline_keys), and enter posts `Submitted` behind them,
so a burst `x down space enter` ticks before the dialog acts on what is ticked."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.message import Message
from textual.widgets import SelectionList

from desk.tui.widgets.inline_keys import InlineKeys

Value = TypeVar("Value")


class OrderedSelectionList(SelectionList[Value], InlineKeys):
    class Submitted(Message):
        """Enter: go ahead with what is ticked (OptionList's enter would tick)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            self.post_message(self.Submitted())
        elif not await self.run_own_binding(event.key):
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()

    def action_select(self) -> None:
        # OptionList posts a message that SelectionList toggles on, later: toggle now.
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted))

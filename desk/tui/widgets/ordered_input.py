"""An Input whose own editing keys (backspace, ctrl+u, enter, arrows) run in the order they
were typed (desk.tui.widgets.inline_keys says why)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from desk.tui.widgets.inline_keys import InlineKeys


class OrderedInput(Input, InlineKeys):
    async def _on_key(self, event: events.Key) -> None:
        # A printable key is text: Input inserts it as it arrives already.
        if not event.is_printable and await self.run_own_binding(event.key):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

"""An Input whose own editing keys run in the order they were typed.

Textual's Input inserts a printable key as it arrives, but runs a bound key (backspace,
ctrl+u, enter, arrows) only once the key has bubbled up to the App and back: in a burst
(a paste, a slow link) `ctrl+u o i l` gives `` and `b a backspace c` gives `ba`
(Textual issue #6605; the open PR #6631 fixes it the same way). Here the input runs its
own bindings inline, as the key arrives.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable and await self._run_own_binding(event.key):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    async def _run_own_binding(self, key: str) -> bool:
        bindings = self._bindings.copy()
        if self.app._keymap:  # remapped keys, as the App's binding chain applies them
            bindings.apply_keymap(self.app._keymap)
        for binding in bindings.key_to_bindings.get(key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                return True
        return False

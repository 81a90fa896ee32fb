"""A widget's own bound keys run as they arrive, in the order they were typed.

Textual runs a bound key (backspace, enter, space in a list) only once the key has bubbled
up to the App and back, while a priority key (the dialog's enter) runs as the App takes it:
in a burst (a paste, a slow link, `tmux send-keys`) `space enter` exports before the space
ticks, and `ctrl+u o i l` in an input gives `` (Textual issue #6605; the open PR #6631
fixes it the same way). A widget with this mixin runs its own bindings inline.
"""

from __future__ import annotations

from textual.widget import Widget


class InlineKeys(Widget):
    async def run_own_binding(self, key: str) -> bool:
        """Run this widget's binding for `key` now, if it has one (keymap applied)."""
        return await self.run_binding_of(self, key)

    async def run_binding_of(self, node: Widget, key: str,
                             actions: frozenset[str] | None = None) -> bool:
        """Run `node`'s binding for `key` now (of `actions` only, when given), if it has one
        (keymap applied)."""
        bindings = node._bindings.copy()
        if self.app._keymap:  # remapped keys, as the App's binding chain applies them
            bindings.apply_keymap(self.app._keymap)
        for binding in bindings.key_to_bindings.get(key, ()):
            if binding.priority or (actions is not None and binding.action not in actions):
                continue
            if await self.app.run_action(binding.action, node):
                return True
        return False

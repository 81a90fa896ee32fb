"""An Input whose own editing keys (backspace, ctrl+u, enter, arrows) run in the order they
were typed (desk.tui.widgets.inline_keys says why), and which hands on the keys typed
behind its enter, or behind the key that cancels its dialog (desk.tui.key_hold says how)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from desk.tui.messages import InputReady
from desk.tui.widgets.inline_keys import InlineKeys


class OrderedInput(Input, InlineKeys):
    _handing_on = False  # done with keys: those still reaching it are for the next focus

    def __init__(self, *args, screen_actions: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Its screen's actions that end this input (a dialog's cancel): their keys run
        # inline too, so that the keys typed behind them are handed on, not typed in.
        self._screen_actions = screen_actions

    def done_with_keys(self) -> None:
        """Keys typed from now on are for what has focus once this input is left: the App
        holds them (and this input gives back those it already has) until then."""
        self.app.hold_keys()
        self._handing_on = True

    async def action_submit(self) -> None:
        self.done_with_keys()
        await super().action_submit()

    async def _on_key(self, event: events.Key) -> None:
        if self._handing_on:
            if self.app.holding_keys:
                event.stop()
                event.prevent_default()
                self.app.give_back_key(event)
                return
            self._handing_on = False  # let go (the App's time limit): text again
        # A printable key is text: Input inserts it as it arrives already.
        if not event.is_printable and (await self.run_own_binding(event.key) or (
                self._screen_actions and await self.run_binding_of(
                    self.screen, event.key, self._screen_actions))):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def on_blur(self) -> None:
        self._let_keys_go()

    def on_unmount(self) -> None:
        self._let_keys_go()

    def _let_keys_go(self) -> None:
        """Focus has left this input (or its dialog closed): the keys held go where it is."""
        if self._handing_on:
            self._handing_on = False
            self.app.post_message(InputReady())

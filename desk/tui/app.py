"""DeskApp: the stylesheet, the keymap, the `?` help and the command palette around the
desk screen, and `run_app`.

The desk screen does the work, over a headless DeskSession (store, stories, inbox) it is
handed at construction: attributes down, messages up.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from desk.config import Settings
from desk.kept_patterns import save_now
from desk.store import DeskStore, StoreError, open_store
from desk.tui.actions import APP, bindings, key_help, palette, saved_filter_help
from desk.tui.key_hold import HOLD_LIMIT, ORDER_LIMIT, KeyHold, KeysInFlight
from desk.tui.messages import InputReady
from desk.tui.paths import styles_dir
from desk.tui.screens.desk import DeskScreen
from desk.tui.screens.help import HelpScreen
from desk.tui.session import DeskSession

SWITCH_INTERVAL = 0.001  # seconds


class DeskApp(App, inherit_bindings=False):
    """`DeskApp(settings)`: the factory shared by the CLI, the tests and the benchmark."""

    CSS_PATH = str(styles_dir() / "desk.tcss")
    TITLE = "desk"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = bindings(APP)

    def __init__(self, settings: Settings, *, store: DeskStore | None = None,
                 watch_interval: float | None = 1.0) -> None:
        super().__init__()
        # The inbox is read on a thread that holds the GIL between its writes: the event
        # loop asks for it back after this long (Python's default is 5 ms), per key.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.session = DeskSession(settings, store)
        self._watch_interval = watch_interval
        if settings.keymap:
            self.set_keymap(settings.keymap)
        self._keys = KeyHold()
        # Keys typed before the desk screen is up (`desk` then `/` at once) wait for it:
        # its bindings act on widgets it only finds once mounted (it posts InputReady).
        self._keys.start()
        self._in_flight = KeysInFlight()
        self._opener_waiting = False  # a key that opens an input waits for keys in flight
        self._hold_timer: Timer | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        gc.enable()  # off while the desk starts (desk.cli.main)
        save_now()  # the code of the patterns compiled as the desk loaded, even if killed later

    def get_default_screen(self) -> Screen:
        return DeskScreen(self.session, watch_interval=self._watch_interval)

    @property
    def desk(self) -> DeskScreen:
        screen = self.screen_stack[0]  # the default screen, under any dialog
        assert isinstance(screen, DeskScreen)
        return screen

    # -- keys typed while a dialog opens (desk.tui.key_hold) -------------------------

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif event.is_forwarded:  # back from the focused widget: its binding runs now
            await super().on_event(event)
            self._in_flight.landed(event)
            if self._opener_waiting and not self._in_flight:
                await self._replay_keys()
        elif not self._keys.take(event) and not await self._take_key(event):
            self._hold_behind_keys_in_flight([event])

    async def _take_key(self, event: events.Key) -> bool:
        """Handle a key fresh from the terminal, or held; False, leaving it, when it opens
        an input and keys typed before it have not come back to the App yet."""
        if self._in_flight and self._runs_at_once(event.key):
            return False
        target = self.focused
        await super().on_event(event)
        if event.is_forwarded and not isinstance(target, Input):  # (an input takes keys)
            self._in_flight.sent(event)
        return True

    def _hold_behind_keys_in_flight(self, keys: list[events.Key]) -> None:
        """Hold `keys` (a key that opens an input first) until the keys in flight are
        back at the App, or no longer count (a widget took one: ORDER_LIMIT)."""
        self._opener_waiting = True
        self._keys.start()
        self._keys.hold_again(keys)
        if self._hold_timer is None:
            self._hold_timer = self.set_timer(ORDER_LIMIT, self._replay_keys)

    def _runs_at_once(self, key: str) -> bool:
        """`key` runs a priority binding: as the App takes it, ahead of keys before it."""
        active = self.screen.active_bindings.get(key)
        return active is not None and active.binding.priority and active.enabled

    def hold_keys(self) -> None:
        """Hold the keys that follow until the dialog being opened posts InputReady."""
        self._keys.start()
        if self._hold_timer is None:
            self._hold_timer = self.set_timer(HOLD_LIMIT, self._replay_keys)

    @property
    def holding_keys(self) -> bool:
        return self._keys.holding

    def give_back_key(self, event: events.Key) -> None:
        """A key an input took after it was done with keys: replayed with the held ones."""
        self._keys.give_back(event)

    async def on_input_ready(self, message: InputReady) -> None:
        await self._replay_keys()

    async def _replay_keys(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        self._opener_waiting = False
        held = self._keys.release()
        for index, event in enumerate(held):
            if not await self._take_key(event):  # it waits for the keys before it
                self._hold_behind_keys_in_flight(held[index:])
                return
            if self._keys.holding:  # that key opened another dialog
                self._keys.hold_again(held[index + 1:])
                return

    def action_help(self) -> None:
        """Every desk key as mapped now (keymap applied), in the order Textual lists them."""
        keys = key_help(self.desk.active_bindings.values(), self.get_key_display,
                        saved_filter_help(self.session.settings.filters))
        self.push_screen(HelpScreen(keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        desk = self.desk
        for action in palette():
            yield SystemCommand(action.palette, action.palette_help,
                                getattr(desk, f"action_{action.action}"))


def run_app(settings: Settings) -> int:
    """`desk` with no command: open the store (a bad one is one line, no traceback)."""
    try:
        store = open_store(settings.store, headline_limit=settings.headline_limit)
    except StoreError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return 1
    app = DeskApp(settings, store=store)
    try:
        app.run()
    finally:
        store.close()  # leaves a fresh index snapshot, so the next start opens fast
        app.session.words.close()  # folds its write-ahead log back into the index file
    return app.return_code or 0

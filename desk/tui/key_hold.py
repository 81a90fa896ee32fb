"""Keys typed straight after a key that opens a dialog belong to that dialog's input.

Textual sends each key to whatever has focus when the App takes the key from its queue. A
dialog's input only exists once the dialog has mounted, a few messages later, so keys that
arrive in one burst behind `e` (a paste, a slow link, `tmux send-keys`) would go to the
queue underneath: `s` would spike the story. The App holds such keys from the moment the
opening key runs until the dialog says its input has focus, then replays them in order
through its ordinary key handling.

The same from the start: keys typed before the desk screen has mounted (`desk`, then `/`
at once) wait until it has, and the keys it binds act on widgets it found.

The keys before an opening key matter as much: Textual runs the keys that open an input
(priority bindings) as the App takes them, but hands every other key to the focused
widget, which handles it when it gets to it. In a burst `j j e`, `e` would open the editor
on the story the cursor was on before the `j`s moved it. So a key that opens an input
waits, held with the keys after it, until the keys before it are back at the App
(KeysInFlight), where their bindings have run.

The same when an input is done (enter, or escape in the filter): keys typed behind it
are for what has focus next (the queue, the desk under a dialog), but the App has already
handed some to the input. The input gives those back, and the App holds them with the
keys still to come until focus has left the input (desk.tui.widgets.ordered_input).
"""

from __future__ import annotations

import time

from textual import events

# A dialog that never mounts must not swallow the keyboard: keys are let go after this.
HOLD_LIMIT = 1.0  # seconds
# A key that never comes back to the App (a widget took it) holds up the next no longer.
ORDER_LIMIT = 0.5  # seconds


class KeyHold:
    """The keys held while a dialog opens (None: not holding)."""

    def __init__(self) -> None:
        self._held: list[events.Key] | None = None
        self._given_back: list[events.Key] = []  # typed before any of _held

    @property
    def holding(self) -> bool:
        return self._held is not None

    def start(self) -> None:
        if self._held is None:
            self._held = []

    def take(self, event: events.Event) -> bool:
        """Keep `event` if keys are being held and it is a key fresh from the terminal."""
        if self._held is None or not isinstance(event, events.Key) or event.is_forwarded:
            return False
        self._held.append(event)
        return True

    def give_back(self, event: events.Key) -> None:
        """A key the focused input took before holding began, handed back: it goes before
        every key held since (it was typed before them)."""
        self._given_back.append(events.Key(event.key, event.character))

    def release(self) -> list[events.Key]:
        """Stop holding; the keys held, oldest first."""
        held = [*self._given_back, *(self._held or [])]
        self._held, self._given_back = None, []
        return held

    def hold_again(self, rest: list[events.Key]) -> None:
        """A replayed key opened another dialog: the keys after it wait for that one."""
        assert self._held is not None
        self._held[:0] = rest



class KeysInFlight:
    """The keys handed on to the focused widget that have not come back to the App yet:
    Textual runs the bindings a key is for once the widget and its parents have let it by
    and it is back at the App. A key stopped on the way (taken by a widget) never comes
    back: after ORDER_LIMIT it no longer counts."""

    def __init__(self) -> None:
        self._sent: dict[int, tuple[events.Key, float]] = {}

    def sent(self, event: events.Key) -> None:
        self._sent[id(event)] = (event, time.monotonic())

    def landed(self, event: events.Key) -> None:
        self._sent.pop(id(event), None)

    def __bool__(self) -> bool:
        if self._sent:
            stale = time.monotonic() - ORDER_LIMIT
            self._sent = {key: sent for key, sent in self._sent.items() if sent[1] > stale}
        return bool(self._sent)

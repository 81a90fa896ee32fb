"""Keys typed straight after a key that opens a dialog belong to that dialog's input.

Textual sends each key to whatever has focus when the App takes the key from its queue. A
dialog's input only exists once the dialog has mounted, a few messages later, so keys that
arrive in one burst behind `e` (a paste, a slow link, `tmux send-keys`) would go to the
queue underneath: `s` would spike the story. The App holds such keys from the moment the
opening key runs until the dialog says its input has focus, then replays them in order
through its ordinary key handling.
"""

from __future__ import annotations

from textual import events

# A dialog that never mounts must not swallow the keyboard: keys are let go after this.
HOLD_LIMIT = 1.0  # seconds


class KeyHold:
    """The keys held while a dialog opens (None: not holding)."""

    def __init__(self) -> None:
        self._held: list[events.Key] | None = None

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

    def release(self) -> list[events.Key]:
        """Stop holding; the keys held, oldest first."""
        held, self._held = self._held or [], None
        return held

    def hold_again(self, rest: list[events.Key]) -> None:
        """A replayed key opened another dialog: the keys after it wait for that one."""
        assert self._held is not None
        self._held[:0] = rest

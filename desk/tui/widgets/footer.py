"""The footer, fitted to the terminal: when the keys do not all fit, the least needed go
(the highest `footer` rank in desk.tui.actions first), so `a`, `s`, `x`, quit and `?` stay
at 80 columns, and `?` always shows.

One widget drawing one line of text, where Textual's Footer is a widget for every key,
all mounted again at each focus change: ~90 ms of CPU at every `/` and escape.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from desk.tui.actions import BY_ID

PALETTE_RANK = 10  # Textual's ^p palette, which the table does not hold: after `enter`
_EDGE = "▏"  # the rule left of the palette key, which stands at the right end
_DISABLED, _PLAIN = Style(dim=True), Style()


@dataclass(frozen=True)
class FooterKey:
    """One key as the footer shows it: ` k Label `."""

    key: str  # the key a click presses
    display: str  # how the key is written (⏎, ^q)
    label: str
    enabled: bool
    rank: int

    @property
    def width(self) -> int:
        return cell_len(self.display) + cell_len(self.label) + 3


class DeskFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--hover",
                         "footer--edge"}
    DEFAULT_CSS = """
    DeskFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer--hover { background: $block-hover-background; }
        & > .footer--edge { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[FooterKey] = []
        self._palette: FooterKey | None = None
        self._spans: list[tuple[int, int, FooterKey]] = []  # where each shown key is drawn
        self._hover: FooterKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        active = screen.active_bindings
        keys: dict[str, FooterKey] = {}  # the first key of each action, as Footer shows
        for _, binding, enabled, _ in active.values():
            if binding.show and binding.action not in keys:
                action = BY_ID.get(binding.id or "")
                keys[binding.action] = FooterKey(
                    binding.key, self.app.get_key_display(binding), binding.description,
                    enabled, action.footer if action else PALETTE_RANK)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) \
            if self.app.ENABLE_COMMAND_PALETTE else None
        palette_key = palette and FooterKey(
            palette.binding.key, self.app.get_key_display(palette.binding),
            palette.binding.description, palette.enabled, PALETTE_RANK)
        if (list(keys.values()), palette_key) != (self._keys, self._palette):
            self._keys, self._palette = list(keys.values()), palette_key
            self.refresh()

    def _fitted(self, room: int) -> tuple[list[FooterKey], FooterKey | None]:
        """The keys that fit in `room` cells, least needed dropped first (`?` never)."""
        shown = [*self._keys, *([self._palette] if self._palette else [])]
        used = sum(key.width for key in shown)
        for key in sorted(shown, key=lambda key: key.rank, reverse=True):
            if used <= room or key.rank <= 1:
                break
            shown.remove(key)
            used -= key.width
        palette = shown.pop() if self._palette in shown else None
        return shown, palette

    def render(self) -> Text:
        keys, palette = self._fitted(self.size.width)
        # Each style looked up once a paint (a lookup walks the styles: ~50 us).
        key_style, label_style, hover, edge = map(self.get_component_rich_style, (
            "footer--key", "footer--description", "footer--hover", "footer--edge"))
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def draw(key: FooterKey, shown_key: str, shown_label: str) -> None:
            start = line.cell_len  # cells, as a mouse's x counts them
            extra = hover if key == self._hover else _DISABLED if not key.enabled else _PLAIN
            line.append(shown_key, key_style + extra)
            line.append(shown_label, label_style + extra)
            self._spans.append((start, line.cell_len, key))

        for key in keys:
            draw(key, f" {key.display} ", f"{key.label} ")
        if palette is not None:  # at the right end, after its rule: `▏^p palette `
            line.append(" " * max(self.size.width - line.cell_len - palette.width, 0))
            line.append(_EDGE, edge)
            draw(palette, palette.display, f" {palette.label} ")
        return line

    def _key_at(self, x: int) -> FooterKey | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is not None and key.enabled:
            self.app.simulate_key(key.key)
        elif key is not None:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hovered(self._key_at(event.x))

    def on_leave(self) -> None:
        self._hovered(None)

    def _hovered(self, key: FooterKey | None) -> None:
        if key != self._hover:
            self._hover = key
            self.refresh()

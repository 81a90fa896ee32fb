"""The footer, fitted to the terminal: when the keys do not all fit, the least needed go
(the highest `footer` rank in desk.tui.actions first), so `a`, `s`, `x`, quit and `?` stay
at 80 columns, and `?` always shows."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; textual is pinned (8.2.8)

from desk.tui.actions import BY_ID

PALETTE_RANK = 10  # Textual's ^p palette, which the table does not hold: after `enter`
_PALETTE_EDGE = 2  # the palette key's left rule and right padding


class DeskFooter(Footer):
    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        room = self.size.width
        if not room:  # not laid out yet: a resize composes again
            yield from keys
            return
        ranks = {binding.key: BY_ID[binding.id].footer
                 for _, binding, _, _ in self.screen.active_bindings.values()
                 if binding.id in BY_ID}
        ranked = [(ranks.get(key.key, PALETTE_RANK), key) for key in keys
                  if isinstance(key, FooterKey)]
        dropped: set[int] = set()
        used = sum(_width(key) for _, key in ranked)
        for rank, key in sorted(ranked, key=lambda pair: pair[0], reverse=True):
            if used <= room or rank <= 1:
                break
            dropped.add(id(key))
            used -= _width(key)
        yield from (key for key in keys if id(key) not in dropped)

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)


def _width(key: FooterKey) -> int:
    """Cells a key takes: ` k Label ` (Footer's padding), and the palette key's edge."""
    edge = _PALETTE_EDGE if key.has_class("-command-palette") else 0
    return cell_len(key.key_display) + cell_len(key.description) + 3 + edge

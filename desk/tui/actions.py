"""Every key action of the desk, written once: its binding id, keys, footer label, the `?`
help line and its command palette entry.

The App, the screens and the widgets take their BINDINGS from here (`bindings(...)`), the
help screen its lines, the palette its commands, and a test holds the README's key table
to it. `[keymap]` in desk.toml remaps a key by binding id (`App.set_keymap`). No
ctrl+c/x/v: those are copy, cut and paste in every input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import ActiveBinding, Binding
from textual.keys import _character_to_key  # Textual's own normalising of a keymap's keys


@dataclass(frozen=True)
class Action:
    id: str  # the binding id, which [keymap] remaps
    action: str  # the action it runs: action_<name> on the node that binds it
    keys: str  # Textual key names, comma separated
    label: str  # the footer's word for it
    help: str = ""  # the `?` line, in an editor's words ("": not listed)
    # 0: not in the footer; else its rank when the footer is short of room: the highest
    # number goes first, and rank 1 (`?`) always shows.
    footer: int = 0
    palette: str = ""  # the command palette's title ("": not in the palette)
    palette_help: str = ""
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.label, show=bool(self.footer),
                       priority=self.priority, id=self.id)


# On the App, so they work over every dialog too.
APP = (
    Action("desk.quit", "quit", "ctrl+q", "Quit", "quit", footer=5, priority=True),
    Action("desk.help", "help", "question_mark", "Help", "this help", footer=1),
)

# The queue's cursor (bound by the queue widget, so they follow its focus).
QUEUE = (
    Action("desk.down", "cursor_down", "j,down", "Down", "next story"),
    Action("desk.up", "cursor_up", "k,up", "Up", "previous story"),
    Action("desk.top", "first", "g,home", "Top", "newest story"),
    Action("desk.bottom", "last", "G,end", "Bottom", "oldest story"),
    Action("desk.page_down", "page_down", "pagedown", "Page down"),
    Action("desk.page_up", "page_up", "pageup", "Page up"),
    Action("desk.mark", "mark", "space", "Mark",
           "mark the story and move down (a, s, A and x then act on every marked story)"),
)

# The desk screen's own, in footer order. The keys that open an input or a dialog taking
# keys are priority: they run as the App takes them, before the keys behind them are sent
# anywhere (desk.tui.key_hold).
DESK = (
    Action("desk.preview", "focus_preview", "enter", "Read",
           "read the story (focus the preview; escape returns)", footer=9),
    Action("desk.back", "back", "escape", "Back", "back to the queue; clears an active filter"),
    Action("desk.headline", "headline", "e", "Headline",
           "edit the headline (live n/limit counter and slug; enter saves)", footer=7,
           priority=True,
           palette="Edit headline", palette_help="Edit the selected story's headline"),
    Action("desk.tags", "tags", "t", "Tags", "edit tags (comma list; tab accepts a suggestion)",
           footer=11, priority=True, palette="Edit tags",
           palette_help="Edit the selected story's tags"),
    Action("desk.approve", "approve", "a", "Approve",
           "approve: validated by the store, saved under a slugged filename", footer=2,
           palette="Approve story",
           palette_help="Approve the selected story (store validation applies)"),
    Action("desk.approve_anyway", "approve_anyway", "A", "Approve anyway",
           "approve over an unbalanced-quote warning (you checked it)",
           palette="Approve anyway", palette_help="Approve over an unbalanced-quote warning"),
    Action("desk.spike", "spike", "s", "Spike", "spike the story (again: unspike)",
           footer=3, palette="Spike story",
           palette_help="Spike the selected story, or unspike a spiked one"),
    Action("desk.next_new", "next_undecided", "n", "Next new",
           "next story still needing a decision", palette="Next undecided story",
           palette_help="Move to the next story that is neither approved nor spiked"),
    Action("desk.previous_new", "previous_undecided", "p", "Previous new",
           "previous story still needing a decision"),
    Action("desk.first_new", "first_undecided", "N", "First new",
           "top of the new stories (the first still needing a decision)"),
    Action("desk.undo", "undo", "u", "Undo",
           "undo this desk's last change to the story (not another desk's)", footer=8,
           palette="Undo", palette_help="Undo this desk's last change to the selected story"),
    Action("desk.filter", "filter", "slash", "Filter",
           "filter as you type: words, \"a phrase\", -word, a OR b, tag:, credit:, "
           "status:new|approved|spiked|exported, is:, urgent, @saved (1-9)",
           footer=6, priority=True, palette="Filter",
           palette_help="Filter the queue (words, status:approved, tag:x, credit:x)"),
    Action("desk.original", "original", "o", "Original", "toggle the untouched inbox text",
           footer=12, palette="Toggle original",
           palette_help="Show the untouched inbox text, or the clean copy"),
    Action("desk.export", "export", "x", "Export",
           "export approved stories: asks which formats (md, ninjs json, txt)", footer=4,
           priority=True, palette="Export approved",
           palette_help="Export every approved story to the export folder"),
    Action("desk.versions", "versions", "v", "Versions",
           "the story's versions: when and from which file, a word diff of each, headline, "
           "tags and quotes changed (a reworded quote flagged)",
           palette="Show versions",
           palette_help="The selected story's versions and what changed between them"),
    Action("desk.history", "history", "h", "History",
           "the story's history: every change, when, by whom (as `desk history`)",
           palette="Show history",
           palette_help="Every change made to the selected story, when and by whom"),
    Action("desk.speaker_marks", "speaker_marks", "w", "Speakers",
           "speaker marks: each quote and the words naming its speaker in one colour "
           "(again: the copy alone)",
           palette="Toggle speaker marks",
           palette_help="Mark each quote's speaker where the copy names them, or show the "
                        "copy alone"),
    Action("desk.sort", "cycle_sort", "S", "Sort",
           "sort the queue: newest first, most urgent, by credit, longest, by status (the "
           "header says which; desk.toml keeps it)", footer=13, palette="Sort the queue",
           palette_help="Sort by received time, urgency, credit, length or status, in turn"),
    Action("desk.urgent_first", "urgent_first", "U", "Urgent first",
           "new urgent stories (flash, bulletin, urgent: ▲1-3) first, or newest first",
           palette="Toggle urgent first",
           palette_help="Sort new urgent stories to the top of the queue, or not"),
    Action("desk.copy_headline", "copy_headline", "y", "Copy headline",
           "copy the headline to the clipboard (also over SSH, where the terminal allows)",
           palette="Copy headline", palette_help="Copy the headline to the system clipboard"),
    Action("desk.copy_body", "copy_body", "Y", "Copy body",
           "copy the clean body to the clipboard", palette="Copy body",
           palette_help="Copy the story's clean body to the system clipboard"),
    Action("desk.skipped", "skipped", "f", "Skipped files",
           "inbox files not read, each with its reason", palette="Skipped files",
           palette_help="List the inbox files that were not read, and why"),
    Action("desk.log", "log", "l", "Messages", "every message in full (the message log)",
           palette="Message log", palette_help="Every message of this session, in full"),
    # 1-9: the saved filters of desk.toml [filters], in order (the `?` help names each).
    *(Action(f"desk.saved_filter_{number}", f"saved_filter({number})", str(number),
             f"Filter {number}", f"saved filter {number} (desk.toml [filters])")
      for number in range(1, 10)),
)

# The preview, once focused (`enter`): it scrolls as `less` does.
PREVIEW = (
    Action("desk.preview_down", "scroll_down", "j", "Down"),
    Action("desk.preview_up", "scroll_up", "k", "Up"),
    Action("desk.preview_page_down", "page_down", "space", "Page down"),
    Action("desk.preview_page_up", "page_up", "b", "Page up"),
    Action("desk.preview_top", "scroll_home", "g", "Top"),
    Action("desk.preview_bottom", "scroll_end", "G", "Bottom"),
)

# Inside the filter line and the dialogs.
FILTER_BAR = (Action("desk.filter_clear", "clear_filter", "escape", "Clear filter",
                     footer=6),)
# After a clash with another desk: their value instead of the one typed.
HEADLINE = (
    Action("desk.headline_cancel", "cancel", "escape", "Cancel", footer=1),
    Action("desk.headline_theirs", "take_theirs", "ctrl+t", "Take theirs", footer=1,
           priority=True),
)
TAGS = (
    Action("desk.tags_cancel", "cancel", "escape", "Cancel", footer=1),
    Action("desk.tags_theirs", "take_theirs", "ctrl+t", "Take theirs", footer=1,
           priority=True),
    Action("desk.tags_accept", "accept", "tab", "Accept suggestion", footer=1,
           priority=True),
)
HELP = (Action("desk.help_close", "dismiss_help", "escape,question_mark,q", "Close",
               footer=1),)
EXPORT = (
    Action("desk.export_go", "go", "enter", "Export", footer=2),
    Action("desk.export_cancel", "cancel", "escape", "Cancel", footer=1),
)
LINES = (Action("desk.lines_close", "close", "escape,q", "Close", footer=1),)
CONFLICT = (Action("desk.conflict_close", "close", "escape,enter", "Close", footer=1),)

OPENS_INPUT = frozenset(action.action for action in DESK if action.priority)

# The groups that answer keys together, the App first, then a screen, then the focused
# widget: a key bound twice in one chain reaches one action only.
CHAINS = ((APP, DESK, QUEUE), (APP, DESK, PREVIEW), (APP, DESK, FILTER_BAR), (APP, HEADLINE),
          (APP, TAGS), (APP, HELP), (APP, LINES), (APP, CONFLICT), (APP, EXPORT))

ALL = (APP + QUEUE + PREVIEW + DESK + FILTER_BAR + HEADLINE + TAGS + HELP + LINES + CONFLICT
       + EXPORT)
BY_ID = {action.id: action for action in ALL}


def bindings(actions: Iterable[Action]) -> list[Binding]:
    return [action.binding() for action in actions]


def palette() -> list[Action]:
    """The actions the command palette offers by name (the desk screen runs them)."""
    return [action for action in DESK if action.palette]


def key_help(active: Iterable[ActiveBinding], key_display,
             helps: Mapping[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(keys as now mapped, binding id, help) for each action that has a help line: the
    ones bound now in the order Textual lists them, then any a keymap left with no key
    (its keys shown empty). `key_display` is App.get_key_display; `helps` overrides the
    help line of a binding id ("": not listed)."""
    helps = {**{action.id: action.help for action in ALL}, **(helps or {})}
    keys: dict[str, list[str]] = {}
    for binding in (each.binding for each in active):
        if helps.get(binding.id):
            keys.setdefault(binding.id, []).append(key_display(binding))
    for action in APP + DESK + QUEUE:
        if helps.get(action.id):
            keys.setdefault(action.id, [])
    return [(" ".join(dict.fromkeys(shown)), binding_id, helps[binding_id])
            for binding_id, shown in keys.items()]


def saved_filter_help(filters: Mapping[str, str]) -> dict[str, str]:
    """The help lines of the number keys: each saved filter's name and query (none saved:
    no line; the `/` line names them)."""
    lines = {f"desk.saved_filter_{number}": "" for number in range(1, 10)}
    for number, (name, query) in enumerate(list(filters.items())[:9], 1):
        lines[f"desk.saved_filter_{number}"] = f"filter @{name}: {query}"
    return lines


def shadowed(keymap: dict[str, str]) -> list[str]:
    """One line for each key that a [keymap] remap leaves to two actions in one chain,
    naming the key and both ids, the one that runs and what is left to the other. Keys
    that actions share by design (escape in the filter line) are not news."""
    lines: list[str] = []
    for chain in CHAINS:
        before = set(_clashes(chain, {}))
        for key, runs, hidden in _clashes(chain, keymap):
            if (key, runs.id, hidden.id) in {(k, r.id, h.id) for k, r, h in before}:
                continue
            left = [other for other in _keys(hidden, keymap) if other != key]
            remapped, other = (hidden, runs) if hidden.id in keymap and runs.id not in keymap \
                else (runs, hidden)
            line = (f"keymap: {key} is {remapped.id}'s and {other.id}'s key; it runs "
                    f"{runs.id}, and {hidden.id} " + (f"keeps {', '.join(left)}" if left
                                                      else "has no key left"))
            if line not in lines:
                lines.append(line)
    return lines


def _keys(action: Action, keymap: dict[str, str]) -> list[str]:
    keys = [key.strip() for key in keymap.get(action.id, action.keys).split(",")]
    return [_character_to_key(key) if len(key) == 1 else key for key in keys if key]


def _clashes(chain: tuple[tuple[Action, ...], ...],
             keymap: dict[str, str]) -> list[tuple[str, Action, Action]]:
    """(key, the action it runs, an action it hides) in one chain. Textual's order:
    priority bindings from the App down, the others from the focused widget up; on one
    node a remapped key replaces the binding that had it."""
    bound: dict[str, list[tuple[int, Action]]] = {}
    for depth, group in enumerate(chain):
        for action in group:
            for key in _keys(action, keymap):
                bound.setdefault(key, []).append((depth, action))
    clashes = []
    for key, actions in bound.items():
        if len(actions) < 2:
            continue
        ranked = sorted(actions, key=lambda pair: (
            not pair[1].priority, pair[0] if pair[1].priority else -pair[0],
            pair[1].id not in keymap))
        clashes += [(key, ranked[0][1], hidden) for _, hidden in ranked[1:]]
    return clashes

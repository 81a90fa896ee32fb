"""Writing one setting back into desk.toml (the queue's sort, which `S` changes).

desk.toml is the editor's own file: tomlkit changes the one value and keeps every other
setting, comment and blank line as written. The new text goes to a temp file beside it
(with the file's own permission bits: it may hold a database password), is fsynced and
renamed over it, so a crash leaves the old file or the new one. A symlinked desk.toml (a
dotfiles checkout) has its target written, the link kept.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desk.store.files import atomic_write


def remember(config: Path, key: str, value: object) -> str:
    """Set `key = value` among desk.toml's [desk] settings (or its top-level ones, where
    it has no [desk] table), creating the file when there is none. Returns "" when saved,
    else one line naming the file and why it was left as it is."""
    target = Path(os.path.realpath(config))
    try:
        text = target.read_text(encoding="utf-8")
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        text, mode = "", None  # a new file: the umask decides
    except (OSError, UnicodeDecodeError) as exc:
        return f"{config}: cannot read it, {key} not saved: {exc}"
    import tomlkit  # here, not at the top: the desk's first frame needs none of it
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
        if "desk" not in document and text.strip():
            settings = document  # settings written at the top level, as config allows
        else:
            settings = document.setdefault("desk", tomlkit.table())
        settings[key] = value
        data = tomlkit.dumps(document).encode("utf-8")
    except (TOMLKitError, TypeError) as exc:  # TypeError: `desk = 3`, not a table
        return f"{config}: not valid TOML now, {key} not saved: {' '.join(str(exc).split())}"
    try:
        atomic_write(target, data, mode=mode)
    except OSError as exc:
        return f"{config}: {key} not saved: {exc}"
    return ""


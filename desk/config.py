"""Settings: defaults < desk.toml < DESK_* environment < command-line flags."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

CONFIG_FILE = "desk.toml"
SETTLE_SECONDS = 2.0  # how long an inbox file must hold still before it is read
FILTER_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")  # a saved filter's name, as `@name` recalls it
# The queue's orders, in the order `S` cycles them (desk.tui.queue_order sorts by them).
SORTS = ("received", "urgency", "credit", "length", "status")
# What the exporter writes (desk.export.formats.RENDERERS, held equal by a test): ninjs is json.
EXPORT_FORMATS = ("md", "json", "txt")


class ConfigError(Exception):
    """An invalid desk.toml or setting; the message is one line naming the file."""


@dataclass(frozen=True)
class Settings:
    inbox: Path = Path("stories")
    store: Path | str = Path("desk.json")  # a TinyDB file, or a URL (postgresql://...)
    export: Path = Path("approved")
    headline_limit: int = 64
    settle: float = SETTLE_SECONDS
    keymap: dict[str, str] = field(default_factory=dict)
    advance: bool = True  # after a decision the cursor moves to the next undecided story
    # Saved `/` queries by name, in desk.toml's order (number keys 1-9 recall the first 9).
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "received"  # the queue's order, one of SORTS
    export_formats: tuple[str, ...] = EXPORT_FORMATS  # what `x` offers ticked, and the CLI writes
    # The desk.toml these came from, or would (the desk writes the sort back to it); None
    # for settings made in code. Where settings come from is no part of what they are.
    config_file: Path | None = field(default=None, compare=False)


_PATH_KEYS = {"inbox": "DESK_INBOX", "store": "DESK_STORE", "export": "DESK_EXPORT"}


def _from_toml(path: Path, settings: Settings) -> Settings:
    import tomllib  # only where there is a desk.toml: ~4 ms of every command's start

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    desk = data.get("desk", data)
    if not isinstance(desk, dict):
        raise ConfigError(f"{path}: [desk] must be a table")
    changes: dict = {}
    for key in _PATH_KEYS:
        if key in desk:
            if not isinstance(desk[key], str) or not desk[key]:
                raise ConfigError(f"{path}: '{key}' must be a non-empty path string")
            changes[key] = _location(desk[key], relative_to=path.parent)
    if "headline_limit" in desk:
        limit = desk["headline_limit"]
        if not isinstance(limit, int) or isinstance(limit, bool) or not 8 <= limit <= 500:
            raise ConfigError(f"{path}: 'headline_limit' must be a whole number from 8 to 500")
        changes["headline_limit"] = limit
    if "settle" in desk:
        settle = desk["settle"]
        if not isinstance(settle, int | float) or isinstance(settle, bool) or \
                not 0 <= settle <= 600:
            raise ConfigError(f"{path}: 'settle' must be a number of seconds from 0 to 600")
        changes["settle"] = float(settle)
    if "advance" in desk:
        if not isinstance(desk["advance"], bool):
            raise ConfigError(f"{path}: 'advance' must be true or false")
        changes["advance"] = desk["advance"]
    if "export_formats" in desk:
        formats = desk["export_formats"]
        if not isinstance(formats, list) or not formats or \
                not all(each in EXPORT_FORMATS for each in formats):
            raise ConfigError(f"{path}: 'export_formats' must list formats from "
                              f"{', '.join(EXPORT_FORMATS)}")
        changes["export_formats"] = tuple(f for f in EXPORT_FORMATS if f in formats)
    if "sort" in desk:
        if desk["sort"] not in SORTS:
            raise ConfigError(f"{path}: 'sort' must be one of {', '.join(SORTS)}")
        changes["sort"] = desk["sort"]
    keymap = data.get("keymap", desk.get("keymap", {}))
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        raise ConfigError(f"{path}: [keymap] must map binding ids to key strings")
    if keymap:
        changes["keymap"] = dict(keymap)
    if "filters" in data:
        changes["filters"] = _filters(path, data["filters"])
    return replace(settings, **changes)


def _filters(path: Path, table: object) -> dict[str, str]:
    """[filters]: name = "query". Names are recalled as `@name`, in any case."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [filters] must be a table of name = \"query\"")
    filters: dict[str, str] = {}
    for name, query in table.items():
        if not FILTER_NAME.fullmatch(name.lower()):
            raise ConfigError(f"{path}: [filters] {name!r}: a name is letters, digits, - "
                              "and _")
        if not isinstance(query, str) or not query.strip():
            raise ConfigError(f"{path}: [filters] {name}: the query must be a non-empty "
                              "string")
        if name.lower() in filters:
            raise ConfigError(f"{path}: [filters] {name}: named twice (names ignore case)")
        filters[name.lower()] = query.strip()
    return filters


def _location(value: str, *, relative_to: Path | None = None) -> Path | str:
    """A path (relative to the config file's folder, for one written there), or a URL such
    as the store's `postgresql://user@host/db`, kept as written."""
    if "://" in value:
        return value
    if relative_to is not None and not Path(value).is_absolute():
        return relative_to / value
    return Path(value)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long, say: not a file we can read
        return False


def load_settings(
    config: Path | None = None,
    *,
    inbox: str | Path | None = None,
    store: str | Path | None = None,
    export: str | Path | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Build the settings; `config` defaults to ./desk.toml when that file exists."""
    env = os.environ if environ is None else environ
    path = config if config is not None else Path(CONFIG_FILE)
    settings = Settings(config_file=path)
    if config is not None or path.exists():
        if not _is_file(path):
            raise ConfigError(f"{path}: config file not found")
        settings = _from_toml(path, settings)
    env_changes = {key: _location(env[var]) for key, var in _PATH_KEYS.items() if env.get(var)}
    flags = {"inbox": inbox, "store": store, "export": export}
    flag_changes = {key: _location(str(value)) for key, value in flags.items() if value}
    if env.get("DESK_SETTLE"):
        try:
            env_changes["settle"] = max(0.0, float(env["DESK_SETTLE"]))
        except ValueError:
            raise ConfigError(f"DESK_SETTLE={env['DESK_SETTLE']!r}: not a number of seconds")\
                from None
    return replace(settings, **{**env_changes, **flag_changes})  # a flag beats the env

"""Which quote engine runs: the mypyc-compiled modules the build left beside their sources
(hatch_build.py), or the sources themselves.

The build stamps each source it compiled with its SHA-256 (compiled.json). Python would
import an extension module over its source, edited or not; so when any compiled source
changed since (an editable checkout being worked on) or DESK_PURE_PYTHON is set, every
compiled module is imported from its source instead: the compiled ones call each other
directly, so they are used all together or not at all.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

FOLDER = Path(__file__).parent
STAMP = "compiled.json"  # written by hatch_build.py, {source file name: source_digest}


def compiled_sources(folder: Path = FOLDER) -> dict[str, str] | None:
    """The stamp's {source file name: SHA-256}, or None when nothing was compiled."""
    try:
        stamp = json.loads((folder / STAMP).read_bytes())
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def source_digest(path: Path) -> str:
    """What the stamp holds for a source (hatch_build.py writes it with this too)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edited_since(folder: Path, sources: dict[str, str]) -> list[str]:
    """The compiled sources whose text is no longer what was compiled."""
    edited = []
    for name, digest in sources.items():
        try:
            now = source_digest(folder / name)
        except OSError:
            now = None
        if now != digest:
            edited.append(name)
    return edited


def extension_modules(folder: Path) -> list[Path]:
    """The extension module files in `folder` (hatch_build.py builds and removes these)."""
    return sorted({path for suffix in EXTENSION_SUFFIXES  # (".so" is among them: once each)
                   for path in folder.glob(f"*{suffix}")})


class SourceFirst:
    """A meta path finder that imports the named modules of `folder` from their .py files,
    ahead of the extension modules beside them."""

    def __init__(self, package: str, folder: Path, names: list[str]):
        self.modules = {f"{package}.{Path(name).stem}": str(folder / name) for name in names}

    def find_spec(self, fullname, path=None, target=None):
        source = self.modules.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def unstamped(folder: Path) -> list[str]:
    """The sources with an extension module beside them (a build that stopped before its
    stamp was written, or an older one's): nothing says what those were compiled from."""
    sources = {f"{path.name.split('.')[0]}.py" for path in extension_modules(folder)}
    return sorted(name for name in sources if (folder / name).is_file())


def choose(package: str, folder: Path = FOLDER) -> str:
    """Arrange for `package`'s engine to be imported compiled or from source; says which."""
    sources = compiled_sources(folder)
    if sources is None:
        strays = unstamped(folder)
        if not strays:
            return "pure Python (not compiled)"
        sys.meta_path.insert(0, SourceFirst(package, folder, strays))
        return "pure Python (compiled modules with no stamp)"
    if os.environ.get("DESK_PURE_PYTHON"):
        why = "pure Python (DESK_PURE_PYTHON is set)"
    elif edited := edited_since(folder, sources):
        why = f"pure Python ({', '.join(sorted(edited))} edited since compiled)"
    else:
        return "compiled (mypyc)"
    sys.meta_path.insert(0, SourceFirst(package, folder, list(sources)))
    return why

"""The environment a benchmark spawns `python -m desk` in: this checkout first on the path,
and its modules compiled to bytecode beforehand, as `pip install` leaves them.

Without that, a shell with PYTHONDONTWRITEBYTECODE=1 (as some CI and sandboxes set)
compiles every desk module from source at every start: about 0.1 s of CPU before the
first frame that no installed desk pays. The bytecode goes where Python looks for it,
desk/**/__pycache__ (ignored by git); a source changed since is compiled afresh.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def desk_env() -> dict[str, str]:
    """os.environ for a desk process, after compiling this checkout's desk."""
    compileall.compile_dir(REPO / "desk", quiet=1)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}

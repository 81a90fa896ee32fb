"""Where the app's stylesheets live: inside the wheel, or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # desk/


def styles_dir() -> Path:
    # An installed wheel carries styles/ inside the package (hatch force-include);
    # a checkout (or an editable install) keeps it beside the package.
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if (candidate / "desk.tcss").is_file():
            return candidate
    raise FileNotFoundError("desk: styles/desk.tcss not found in the package or the checkout")

"""The desk's first frame waits on nothing it does not draw: opening `desk` imports none of
the heavy libraries that only a filter, an ingest, an export or a settings change needs
(each is imported where it is used, after the first frame)."""

import subprocess
import sys

NOT_AT_START = ("numpy", "tomlkit", "ftfy", "charset_normalizer", "datasketch", "psycopg",
                "trafilatura", "feedparser", "desk.text.pipeline", "desk.versions",
                "desk.reading", "desk.arrivals")


def test_opening_the_desk_imports_none_of_the_heavy_modules():
    code = ("import sys, desk.cli.main, desk.tui.app\n"
            f"print(' '.join(name for name in {NOT_AT_START!r} if name in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [], "imported at the desk's start"

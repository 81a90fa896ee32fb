"""The desk's first frame waits on nothing it does not draw: opening `desk` imports none of
the heavy libraries that only a filter, an ingest, an export or a settings change needs
(each is imported where it is used, after the first frame), and the cycle collector, off
while it starts, is back on once that frame is drawn."""

import gc
import os
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


def test_once_the_store_is_read_the_filter_and_the_preview_find_their_modules_loaded(tmp_path):
    """A worker imports them after the first frame: the first `/` keystroke and the first
    preview do not wait for numpy and the renderer (an empty inbox and store: nothing else
    would import them)."""
    result = _open_desk_in_a_child(tmp_path, (
        "        while not app.desk.scan_done:\n"
        "            await pilot.pause(0.05)\n"
        "        print(*(name in sys.modules for name in ('numpy', 'desk.render')))\n"))
    assert result.stdout.split() == ["True", "True"]


def _open_desk_in_a_child(tmp_path, then: str, env: dict[str, str] | None = None):
    """Run a desk on an empty inbox and store in a Python of its own, doing `then` (lines
    of code, indented 8) once it is up; `app`, `pilot`, `os` and `sys` are at hand."""
    (tmp_path / "inbox").mkdir()
    code = (
        "import asyncio, os, sys\n"
        "from pathlib import Path\n"
        "from desk.config import Settings\n"
        "from desk.tui.app import DeskApp\n"
        "async def main():\n"
        "    folder = Path(sys.argv[1])\n"
        "    app = DeskApp(Settings(inbox=folder / 'inbox', store=folder / 'desk.json',\n"
        "                           export=folder / 'approved'), watch_interval=None)\n"
        "    async with app.run_test(size=(120, 40)) as pilot:\n"
        f"{then}"
        "asyncio.run(main())\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return result


async def test_the_cycle_collector_is_back_on_once_the_desk_is_drawn(make_app):
    gc.disable()  # as desk.cli.main leaves it for the desk's start
    try:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()


def test_the_desk_keeps_its_patterns_code_once_drawn_though_it_is_killed_later(tmp_path):
    """desk.kept_patterns: the regular expressions compiled as the desk loaded (Textual's,
    rich's, its own) are kept at its first frame, not only at a clean exit."""
    from desk.kept_patterns import kept_file, read_kept

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    _open_desk_in_a_child(tmp_path, (
        "        await pilot.pause()\n"
        "        os._exit(0)  # as a kill: no exit handler runs\n"), env)
    assert len(read_kept(tmp_path / "cache" / "desk" / kept_file().name)) > 20

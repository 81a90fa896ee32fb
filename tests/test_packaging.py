"""The wheel carries styles/: build it, install it in a fresh venv outside the checkout,
and check the installed desk finds its stylesheet and runs. Offline: pip is never allowed an
index, so the build backend (hatchling, in the [test] extra) comes from the running
environment."""

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


OFFLINE = {**os.environ, "PIP_NO_INDEX": "1"}


def run(*args, cwd):
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=600,
                            env=OFFLINE)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", str(work), str(ROOT), cwd=work)
    (wheel,) = work.glob("desk-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The running environment's site-packages (a venv's or the system's) supply the
    # dependencies offline. A .pth line only adds the folder, so the checkout's editable
    # desk (itself a .pth there) is not loaded and the venv's own desk comes first.
    site_dirs = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    purelib = run(str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                  cwd=work).strip()
    (Path(purelib) / "running_env.pth").write_text("\n".join(site_dirs) + "\n")
    run(str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel), cwd=work)
    return python, work


def test_installed_wheel_finds_styles_inside_the_package(installed):
    python, work = installed
    out = run(str(python), "-c",
              "import desk, desk.tui.paths as paths; print(desk.__file__); "
              "print(paths.styles_dir())",
              cwd=work)
    module_file, styles = out.splitlines()
    assert str(work / "venv") in module_file, "the checkout's desk was imported, not the wheel"
    assert Path(styles) == Path(module_file).parent / "styles"
    assert (Path(styles) / "desk.tcss").is_file()


def test_installed_wheel_runs_inspect(installed):
    python, work = installed
    story = work / "story.txt"
    story.write_text("Headline here\n\nPARIS (AFP) - “Yes,” she said.\n", encoding="utf-8")
    out = run(str(python), "-m", "desk", "inspect", "--json", str(story), cwd=work)
    assert '"headline": "Headline here"' in out


def test_installed_wheel_ships_the_speaker_weights(installed):
    python, work = installed
    out = run(str(python), "-c",
              "from desk.text.ranker import WEIGHTS, shipped; from desk.text.quotes import "
              "find_quotes; print(WEIGHTS); print(len(shipped().weights)); "
              "print(find_quotes('“We will win,” said Tom Brown.').quotes[0].confidence)",
              cwd=work)
    weights, count, confidence = out.splitlines()
    assert str(work / "venv") in weights and int(count) > 10 and float(confidence) > 0.5


def test_installed_wheel_ships_the_minhash_permutations(installed):
    python, work = installed
    out = run(str(python), "-c",
              "from desk.versions.shingles import PERMUTATIONS_FILE, sketch; "
              "print(PERMUTATIONS_FILE); print(sketch('one two three four five')[1])",
              cwd=work)
    kept, shingles = out.splitlines()
    assert str(work / "venv") in kept and shingles == "3"


def test_installed_wheel_runs_the_quote_engine_compiled(installed):
    """The wheel carries the engine compiled by mypyc (hatch_build.py) where the build had
    mypyc: here the running environment's, from the [test] extra."""
    pytest.importorskip("mypyc", reason="no mypyc here: the wheel was built pure Python")
    python, work = installed
    (wheel,) = work.glob("desk-*.whl")
    assert not wheel.name.endswith("-none-any.whl"), "a compiled wheel names its platform"
    found = json.loads(run(str(python), "-c", """if True:
        import json, desk.text, desk.text.quotes as quotes
        scan = quotes.find_quotes("“We will win,” said Tom Brown.")
        print(json.dumps({"engine": desk.text.ENGINE, "module": quotes.__file__,
                          "speaker": scan.quotes[0].speaker}))""", cwd=work))
    assert found["engine"] == "compiled (mypyc)"
    assert str(work / "venv") in found["module"] and not found["module"].endswith(".py")
    assert found["speaker"] == "Tom Brown"

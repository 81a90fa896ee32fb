"""hatch_build.py, the hook that compiles the quote engine: a compile that fails says why
in one line and the build goes on pure Python, as DESK_PURE_PYTHON asks."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_hook():
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_engine_that_does_not_type_check_fails_to_compile_saying_where(tmp_path):
    pytest.importorskip("mypyc", reason="no mypyc here: nothing is compiled")
    hook = load_hook()
    engine = tmp_path / "root" / hook.PACKAGE
    engine.mkdir(parents=True)
    for name in hook.ENGINE:
        shutil.copy(ROOT / hook.PACKAGE / f"{name}.py", engine / f"{name}.py")
    with (engine / "tags.py").open("a") as tags:
        tags.write("\nBROKEN: int = 'not a number'\n")
    (tmp_path / "work").mkdir()
    with pytest.raises(RuntimeError, match=r"mypyc failed \(.*tags\.py:\d+: error"):
        hook.compile_engine(tmp_path / "root", tmp_path / "work")


def test_desk_pure_python_builds_a_pure_wheel(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env={**os.environ, "PIP_NO_INDEX": "1", "DESK_PURE_PYTHON": "1"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (wheel,) = tmp_path.glob("desk-*.whl")
    assert wheel.name.endswith("-py3-none-any.whl")
    assert "DESK_PURE_PYTHON is set: the quote engine stays pure Python" in \
        result.stdout + result.stderr

"""The layers hold: imports point one way (import-linter's contracts in pyproject.toml) and
the headless packages never import Textual."""

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import desk

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = ("desk.model", "desk.config", "desk.plain", "desk.collector", "desk.render",
            "desk.inbox", "desk.text", "desk.store", "desk.versions", "desk.export",
            "desk.cli", "desk.serve",
            "desk.tui.session", "desk.tui.search", "desk.tui.cold_read",
            "desk.tui.inbox_reader")


def headless_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(desk.__path__, "desk."):
        if info.name.startswith(HEADLESS) and info.name != "desk.cli.main":
            names.append(info.name)
    return sorted(names)


def test_the_designed_packages_exist():
    names = {info.name for info in pkgutil.iter_modules(desk.__path__, "desk.")}
    for name in ("desk.model", "desk.render", "desk.inbox", "desk.text", "desk.store",
                 "desk.export", "desk.cli", "desk.tui"):
        assert name in names


@pytest.mark.parametrize("module", headless_modules())
def test_headless_module_does_not_import_textual(module):
    code = (
        f"import sys, {module}\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} imports {result.stdout.strip()}"


def lint_imports() -> list[str]:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "importlinter.cli"]


def test_import_contracts_hold():
    """cli -> tui -> (inbox, export, render) -> (text, store) -> model, and no cycles."""
    pytest.importorskip("importlinter", reason="import-linter is in the [test] extra")
    result = subprocess.run([*lint_imports(), "--no-cache"], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contracts(tmp_path):
    """The contracts really bite: a copy of the package with one upward import fails."""
    pytest.importorskip("importlinter", reason="import-linter is in the [test] extra")
    shutil.copytree(ROOT / "desk", tmp_path / "desk")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "desk" / "model.py"
    model.write_text(model.read_text() + "\nimport desk.store  # noqa\n")
    result = subprocess.run([*lint_imports(), "--no-cache"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0, result.stdout
    assert "desk.model" in result.stdout

"""The core is headless: importing any desk.core module must not import Textual."""

import pkgutil
import subprocess
import sys

import pytest

import desk.core

CORE_MODULES = sorted(f"desk.core.{m.name}" for m in pkgutil.iter_modules(desk.core.__path__))


def test_core_has_the_designed_modules():
    for name in ("story", "ingest", "clean", "quotes", "tags", "store", "export"):
        assert f"desk.core.{name}" in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module):
    code = (
        f"import sys, {module}\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} imports {result.stdout.strip()}"

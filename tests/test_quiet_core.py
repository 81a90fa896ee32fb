"""Printing, exit codes and settings belong to the faces (cli, tui): the packages below them
never print, write to the terminal's streams, exit, or read desk.config themselves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import desk

DESK = Path(desk.__file__).resolve().parent
CORE = ("model.py", "render.py", "text", "store", "versions", "export")
STREAMS = {"stdout", "stderr", "exit"}


def core_files() -> list[Path]:
    files = []
    for name in CORE:
        path = DESK / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


@pytest.mark.parametrize("path", core_files(), ids=lambda path: str(path.relative_to(DESK)))
def test_core_module_neither_prints_nor_reads_settings(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in ("print", "exit", "input"), \
                f"{path.name}:{node.lineno} calls {node.func.id}()"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert not (node.value.id == "sys" and node.attr in STREAMS), \
                f"{path.name}:{node.lineno} uses sys.{node.attr}"
        if isinstance(node, ast.ImportFrom):
            assert node.module != "desk.config" and not (
                node.module == "desk" and any(a.name == "config" for a in node.names)), \
                f"{path.name}:{node.lineno} imports desk.config"
        if isinstance(node, ast.Import):
            assert all(a.name != "desk.config" for a in node.names), \
                f"{path.name}:{node.lineno} imports desk.config"

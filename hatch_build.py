"""Build hook: the quote engine compiled with mypyc, beside its Python source.

The engine's modules (ENGINE) are typed Python; mypyc turns them into C extension modules
that find the same quotes ~1.3x faster (bench/worker_stages.py, bench/quotes.py). A wheel
carries them with the sources; an editable install gets them in the source tree. Either
way the hook also writes desk/text/compiled.json, the SHA-256 of each source compiled:
desk.text.native imports the sources instead wherever one was edited since (an editable
checkout), or when DESK_PURE_PYTHON is set. No compiler, no mypyc, or a failed compile:
the build goes on pure Python, saying why on one line (set DESK_PURE_PYTHON to skip
compiling at all).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ENGINE = ("cues", "lexicon", "marks", "ranker", "speakers", "quotes", "tags")
PACKAGE = Path("desk", "text")
GROUP = "desk.text.engine"  # one shared library: desk/text/engine__mypyc.*.so


def _load_native():
    """desk.text.native, which reads the stamp this hook writes, loaded from its file (it
    needs only the standard library; importing the package would need desk's own)."""
    path = Path(__file__).parent / PACKAGE / "native.py"
    spec = importlib.util.spec_from_file_location("desk_text_native", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


native = _load_native()

# Run in a temporary folder, so setuptools reads no pyproject.toml of ours.
# Arguments: build folder, temporary folder, group name, the sources.
_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify
lib, temp, group, *sources = sys.argv[1:]
setup(name="desk-engine", script_args=["build_ext", "--build-lib", lib, "--build-temp", temp],
      ext_modules=mypycify(["--disable-error-code", "annotation-unchecked", "--follow-imports",
                            "silent", "--ignore-missing-imports", *sources],
                           group_name=group, opt_level="3", target_dir=temp))
"""


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        if version == "editable":
            remove_compiled(root / PACKAGE)  # none stale left if this compile fails
        if os.environ.get("DESK_PURE_PYTHON"):
            print("desk: DESK_PURE_PYTHON is set: the quote engine stays pure Python",
                  file=sys.stderr)
            return
        self._work = tempfile.TemporaryDirectory()
        try:
            built = compile_engine(root, Path(self._work.name))
        except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
            print(f"desk: the quote engine stays pure Python: {exc}", file=sys.stderr)
            return
        if version == "editable":
            for path in built:
                shutil.copy2(path, root / PACKAGE / path.name)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for path in built:
            build_data["force_include"][str(path)] = str(PACKAGE / path.name)

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_work", None) is not None:
            self._work.cleanup()


def compile_engine(root: Path, work: Path) -> list[Path]:
    """The engine's extension modules and the stamp of their sources, built in `work`."""
    sources = [root / PACKAGE / f"{name}.py" for name in ENGINE]
    lib, temp = work / "lib", work / "temp"
    result = subprocess.run(
        [sys.executable, "-c", _SETUP, str(lib), str(temp), GROUP, *map(str, sources)],
        cwd=work, capture_output=True, text=True)
    if result.returncode:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"mypyc failed ({last[0][:200]})")
    built = native.extension_modules(lib / PACKAGE)
    if len(built) != len(ENGINE) + 1:  # each module's, and the group's library
        raise RuntimeError(f"mypyc built {len(built)} modules, not {len(ENGINE) + 1}")
    stamp = work / native.STAMP
    stamp.write_text(json.dumps({source.name: native.source_digest(source)
                                 for source in sources}, indent=1))
    return [*built, stamp]


def remove_compiled(folder: Path) -> None:
    """An earlier editable build's stamp, then its extension modules (any left without
    their stamp run from source: desk.text.native)."""
    for path in [folder / native.STAMP, *native.extension_modules(folder)]:
        path.unlink(missing_ok=True)

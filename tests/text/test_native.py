"""The quote engine compiled (desk.text.native, hatch_build.py): used only while every
compiled source is what was compiled, and finding exactly what its source finds."""

import hashlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk import text
from desk.text import native

REPO = Path(__file__).resolve().parents[2]
COMPILED = text.ENGINE.startswith("compiled")
needs_compiled = pytest.mark.skipif(
    not COMPILED, reason=f"the quote engine runs from source here: {text.ENGINE}")

# Each sample story's quotes and tags, as the engine this interpreter imported finds them.
FINDINGS = """
import json, sys
from pathlib import Path
from desk import text
from desk.text.pipeline import load_files
paths = sorted(path for path in Path(sys.argv[1]).iterdir() if path.is_file())
found = {path.name: [[(q.text, q.start, q.speaker, q.mention, q.cue, q.confidence)
                      for q in story.quotes] + [story.tags, list(story.warnings)]
                     for story in stories]
         for path, (stories, _, _) in zip(paths, load_files(paths))}
print(json.dumps({"engine": text.ENGINE, "found": found}))
"""


def findings(*, source: bool) -> dict:
    env = {"PYTHONPATH": str(REPO), **({"DESK_PURE_PYTHON": "1"} if source else {})}
    result = subprocess.run([sys.executable, "-c", FINDINGS, str(REPO / "stories")],
                            capture_output=True, text=True, timeout=300,
                            env={**_environment(), **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "DESK_PURE_PYTHON"}


@needs_compiled
def test_the_compiled_engine_finds_what_its_source_finds_in_every_sample():
    compiled, source = findings(source=False), findings(source=True)
    assert compiled["engine"] == "compiled (mypyc)"
    assert source["engine"] == "pure Python (DESK_PURE_PYTHON is set)"
    stories = [story for found in compiled["found"].values() for story in found]
    assert len(stories) >= 30  # a feed file holds several
    assert sum(len(story) - 2 for story in stories) > 60  # quotes (then tags and warnings)
    assert compiled["found"] == source["found"]


@needs_compiled
def test_the_linear_pipeline_checks_hold_on_the_engine_source():
    """tests/text/test_linear_pipeline.py counts the engine's Python steps and patches its
    classes, which only its source allows: run there, from source."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
         str(REPO / "tests" / "text" / "test_linear_pipeline.py")],
        capture_output=True, text=True, timeout=600, cwd=REPO,
        env={**_environment(), "DESK_PURE_PYTHON": "1"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout and "skipped" not in result.stdout, result.stdout


def engine_folder(tmp_path: Path, stamped: dict[str, str]) -> Path:
    """A package folder holding engine.py and a stamp of it (`stamped`: name -> text)."""
    folder = tmp_path / "fake_engine"
    folder.mkdir()
    (folder / "engine.py").write_text("WHO = 'source'\n")
    digests = {name: hashlib.sha256(body.encode()).hexdigest()
               for name, body in stamped.items()}
    (folder / "compiled.json").write_text(json.dumps(digests))
    return folder


@pytest.fixture
def meta_path(monkeypatch):
    """sys.meta_path restored after the test, whatever choose() put on it."""
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.delenv("DESK_PURE_PYTHON", raising=False)
    return sys.meta_path


def test_nothing_compiled_means_source_with_no_finder(tmp_path, meta_path):
    before = list(meta_path)
    assert native.choose("fake_engine", tmp_path) == "pure Python (not compiled)"
    assert meta_path == before


def test_a_source_unchanged_since_compiling_keeps_the_compiled_modules(tmp_path, meta_path):
    folder = engine_folder(tmp_path, {"engine.py": "WHO = 'source'\n"})
    before = list(meta_path)
    assert native.choose("fake_engine", folder) == "compiled (mypyc)"
    assert meta_path == before


def test_an_edited_source_sends_every_compiled_module_to_its_source(tmp_path, meta_path):
    folder = engine_folder(tmp_path, {"engine.py": "WHO = 'compiled'\n"})
    assert native.choose("fake_engine", folder) == \
        "pure Python (engine.py edited since compiled)"
    assert isinstance(meta_path[0], native.SourceFirst)
    spec = meta_path[0].find_spec("fake_engine.engine")
    assert spec.origin == str(folder / "engine.py")
    assert meta_path[0].find_spec("fake_engine.other") is None


def test_a_missing_source_counts_as_edited(tmp_path, meta_path):
    folder = engine_folder(tmp_path, {"engine.py": "WHO = 'source'\n", "gone.py": "x = 1\n"})
    assert native.choose("fake_engine", folder) == "pure Python (gone.py edited since compiled)"


def test_desk_pure_python_sends_the_engine_to_its_source(tmp_path, meta_path, monkeypatch):
    folder = engine_folder(tmp_path, {"engine.py": "WHO = 'source'\n"})
    monkeypatch.setenv("DESK_PURE_PYTHON", "1")
    assert native.choose("fake_engine", folder) == "pure Python (DESK_PURE_PYTHON is set)"
    assert isinstance(meta_path[0], native.SourceFirst)


def test_the_source_is_imported_over_an_extension_module_beside_it(tmp_path, meta_path,
                                                                    monkeypatch):
    """Python prefers an extension module to a source of the same name: a stale .so would
    run, edits unseen. With the finder the source runs."""
    folder = engine_folder(tmp_path, {"engine.py": "WHO = 'compiled'\n"})
    (folder / "__init__.py").write_text("")
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    (folder / f"engine{suffix}").write_bytes(b"not a shared library")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("fake_engine", "fake_engine.engine"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(ImportError):
        __import__("fake_engine.engine")
    monkeypatch.delitem(sys.modules, "fake_engine.engine", raising=False)
    native.choose("fake_engine", folder)
    module = __import__("fake_engine.engine", fromlist=["WHO"])
    assert module.WHO == "source"


def test_desk_version_says_which_engine_runs(desk_cli, tmp_path):
    result = desk_cli(tmp_path / "desk.json", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("desk ")
    assert result.stdout.strip().endswith(f"quote engine: {text.ENGINE}")


def test_extension_modules_with_no_stamp_are_passed_over(tmp_path, meta_path):
    """A build stopped between its modules and its stamp: nothing says what they were
    compiled from, so their sources run."""
    folder = tmp_path / "fake_engine"
    folder.mkdir()
    (folder / "engine.py").write_text("WHO = 'source'\n")
    (folder / f"engine{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"stale")
    (folder / f"lonely{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"no source")
    assert native.choose("fake_engine", folder) == \
        "pure Python (compiled modules with no stamp)"
    assert meta_path[0].modules == {"fake_engine.engine": str(folder / "engine.py")}

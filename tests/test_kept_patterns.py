"""Regular expressions compiled as modules load are kept, and later runs use the kept code
(desk.kept_patterns): the same patterns, no parsing."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import textwrap

from desk.kept_patterns import PatternKeeper, kept_file, read_kept

# Patterns of every kind the compiler handles: named groups, lookarounds, flags (inline
# and given), classes past Latin-1, bytes.
PATTERNS = [
    (r"(?P<place>[A-Z][A-Z .'-]+), (?P<date>\w+ \d+) \((?P<agency>AFP|AP|Reuters)\)", 0),
    (r"(?<=[“\"])(?:[^”\"]|\n)+?(?=[”\"])", 0),
    (r"(?i)\bsaid\b|\btold\b", 0),
    (r"^\s*(?:Read more|Previous article)\b.*$", int(re.MULTILINE | re.IGNORECASE)),
    (r"[\u2010-\u2027\u00ab\u00bb]+", 0),
    (rb"\x1b\[[0-9;]*[A-Za-z]", 0),
]
TEXT = ("ANKARA, May 3 (AFP) Erdogan said: “We will not stop,” he told reporters.\n"
        "Read more: earlier quakes\n«Non» — ‘yes’")


def _compile_while_importing(tmp_path, keeper: PatternKeeper, name: str) -> None:
    (tmp_path / f"{name}.py").write_text(
        "from tests_kept_keeper import KEEPER\n"
        f"COMPILED = [KEEPER.compile(pattern, flags) for pattern, flags in {PATTERNS!r}]\n")
    holder = type(sys)("tests_kept_keeper")
    holder.KEEPER = keeper
    sys.modules["tests_kept_keeper"] = holder
    sys.path.insert(0, str(tmp_path))
    try:
        importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)
        sys.modules.pop("tests_kept_keeper", None)


def test_kept_code_compiles_the_same_patterns_without_parsing_them(tmp_path, monkeypatch):
    path = tmp_path / "patterns.marshal"
    first = PatternKeeper(path)
    _compile_while_importing(tmp_path, first, "loads_patterns_once")
    compiled = set(first.new)
    assert len(compiled) == len(PATTERNS)
    first.save()
    assert first.new == {}  # kept: a second save (at exit, after save_now) writes nothing

    later = PatternKeeper(path)
    assert set(later.kept) == compiled

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed a kept pattern")

    monkeypatch.setattr(re._parser, "parse", no_parsing)
    for pattern, flags in PATTERNS:
        kept = later.compile(pattern, flags)
        monkeypatch.undo()
        fresh = re.compile(pattern, flags)
        monkeypatch.setattr(re._parser, "parse", no_parsing)
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (
            fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
        text = TEXT.encode() if isinstance(pattern, bytes) else TEXT
        assert [m.span() for m in kept.finditer(text)] == [m.span() for m in fresh.finditer(text)]
        assert [m.groupdict() for m in kept.finditer(text)] == [
            m.groupdict() for m in fresh.finditer(text)]


def test_a_pattern_made_after_loading_is_never_kept(tmp_path):
    keeper = PatternKeeper(tmp_path / "patterns.marshal")
    typed = keeper.compile(re.escape("zebra [bold]"), re.IGNORECASE)  # a filter, say
    assert typed.search("A ZEBRA [BOLD] escaped")
    assert keeper.new == {}
    keeper.save()
    assert not (tmp_path / "patterns.marshal").exists()


def test_a_damaged_or_foreign_file_is_passed_over(tmp_path):
    path = tmp_path / "patterns.marshal"
    keeper = PatternKeeper(path)
    _compile_while_importing(tmp_path, keeper, "loads_patterns_to_damage")
    keeper.save()
    whole = path.read_bytes()
    assert len(read_kept(path)) == len(PATTERNS)
    for damaged in (whole[: len(whole) // 2], b"", b"\x00" * 64, whole[:4] + b"x" + whole[5:]):
        path.write_bytes(damaged)
        assert read_kept(path) == {}
    path.write_bytes(whole.replace(sys.version.encode(), b"9" * len(sys.version.encode())))
    assert read_kept(path) == {}  # another Python's (the check sum passes over it)
    path.write_bytes(whole)
    assert len(read_kept(path)) == len(PATTERNS)


def test_a_second_run_of_desk_parses_none_of_its_patterns(tmp_path, monkeypatch):
    """Two processes, as two runs of `desk ingest`: the second parses no pattern that its
    modules compile as they load."""
    count_parses = textwrap.dedent("""
        import re, sys
        import desk  # keeps patterns from here on
        parsed = []
        parse = re._parser.parse
        def counting(pattern, *args, **kwargs):
            parsed.append(pattern)
            return parse(pattern, *args, **kwargs)
        re._parser.parse = counting
        import desk.text.pipeline, desk.store.store, desk.inbox
        print(len(parsed))
    """)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def parses() -> int:
        done = subprocess.run([sys.executable, "-c", count_parses], check=True,
                              capture_output=True, text=True)
        return int(done.stdout.split()[-1])

    assert parses() > 20  # the first run compiles them all (the pipeline alone has dozens)
    assert kept_file().is_file() and kept_file().is_relative_to(tmp_path)
    assert parses() == 0


def test_the_kept_file_sits_in_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert kept_file().parent == tmp_path / "desk"


def test_desk_ingest_keeps_them_though_it_ends_with_os_exit(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "zebra.txt").write_text("Zebra escapes\n\n“Calm,” said keeper Ann Berg.\n")
    os.utime(inbox / "zebra.txt", (0, 0))  # settled long ago
    (tmp_path / "store").mkdir()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    store = str(tmp_path / "store" / "desk.json")
    done = subprocess.run([sys.executable, "-m", "desk", "--store", store, "ingest", str(inbox)],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "ingested 1 new stories" in done.stdout
    kept = read_kept(tmp_path / "cache" / "desk" / kept_file().name)
    assert len(kept) > 20


def test_what_cannot_be_kept_is_not_kept_and_nothing_breaks(tmp_path):
    """Saving runs at the desk's first frame: it never raises into the desk."""
    keeper = PatternKeeper(tmp_path / "patterns.marshal")
    keeper.new[(False, "odd", 0)] = (0, [object()], 0, {}, ())  # not marshal's
    keeper.save()
    assert not (tmp_path / "patterns.marshal").exists()
    (tmp_path / "patterns.marshal").mkdir()  # a folder where the file goes: unwritable
    keeper.new = {(False, "x", 0): (32, [1, 2], 0, {}, (None,))}
    keeper.save()
    assert (tmp_path / "patterns.marshal").is_dir()

"""load_files: many inbox files through the pipeline a stage at a time, with the same
stories and lines as one file at a time."""

from __future__ import annotations

from pathlib import Path

from desk.text import pipeline
from desk.text.pipeline import load_files, load_stories

STORIES = Path(__file__).resolve().parents[2] / "stories"


def _inbox(tmp_path: Path) -> list[Path]:
    paths = sorted(STORIES.glob("*.txt"))[:5]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"%PDF-1.4 \x00\x01")
    return [paths[0], empty, *paths[1:3], binary, *paths[3:]]


def test_same_stories_as_one_file_at_a_time(tmp_path):
    paths = _inbox(tmp_path)
    read = load_files(paths)
    assert len(read) == len(paths)
    for path, (stories, error, problems) in zip(paths, read, strict=True):
        if path.parent == tmp_path:
            assert stories == [] and error.startswith(str(path) + ": ")
        else:
            assert (stories, error, problems) == (load_stories(path, print), "", [])
    assert "empty file" in read[1].error and "binary file" in read[4].error


def test_each_stage_runs_over_the_whole_chunk_before_the_next(tmp_path, monkeypatch):
    calls: list[str] = []
    for name in ("clean", "find_quotes", "suggest_tags"):
        real = getattr(pipeline, name)
        monkeypatch.setattr(pipeline, name,
                            lambda *args, _real=real, _name=name: calls.append(_name)
                            or _real(*args))
    read = load_files(_inbox(tmp_path))
    count = sum(len(stories) for stories, _, _ in read)
    assert count == 5
    assert calls == ["clean"] * count + ["find_quotes"] * count + ["suggest_tags"] * count

"""The first-name table: gender-guesser's answer for every name it knows, worked out once
and kept in the user's cache folder for the processes that read inbox files."""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

import gender_guesser.detector
import pytest

from desk import first_names
from desk.text import gender
from desk.text.gender import FEMALE, GUESSED, MALE, first_name_table, name_gender


@pytest.fixture(scope="module")
def table() -> dict[str, str]:
    return first_name_table()


def test_the_table_answers_as_gender_guesser_does_for_every_name(table):
    detector = gender_guesser.detector.Detector(case_sensitive=False)
    for name in detector.names:
        assert table.get(name) == GUESSED.get(detector.get_gender(name)), name
    assert set(table.values()) == {MALE, FEMALE}
    assert table["ann"] == FEMALE and table["john"] == MALE and "kremlin" not in table


def test_names_are_looked_up_whatever_their_case(table, monkeypatch):
    monkeypatch.setattr(gender, "_first_names", table)
    name_gender.cache_clear()
    assert name_gender("Minister ANA Costa") == name_gender("Minister Ana Costa") == FEMALE
    name_gender.cache_clear()


def test_the_table_is_made_once_then_read_from_the_cache_folder(tmp_path, monkeypatch):
    made = []
    monkeypatch.setattr(first_names, "first_name_table",
                        lambda: made.append(1) or {"ann": FEMALE})
    kept = tmp_path / "cache" / "desk" / "first-names.marshal"
    assert first_names.load_first_names(kept) == {"ann": FEMALE}
    assert marshal.loads(kept.read_bytes()) == {"ann": FEMALE}
    assert first_names.load_first_names(kept) == {"ann": FEMALE}
    assert len(made) == 1
    kept.write_bytes(b"\x00damaged")
    assert first_names.load_first_names(kept) == {"ann": FEMALE}  # made again
    assert len(made) == 2


def test_a_cache_folder_that_cannot_be_written_costs_only_time(tmp_path, monkeypatch):
    monkeypatch.setattr(first_names, "first_name_table", lambda: {"ann": FEMALE})
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    assert first_names.load_first_names(blocked / "desk" / "t.marshal") == {"ann": FEMALE}


def test_the_kept_table_is_named_for_its_maker(monkeypatch, tmp_path):
    """Named for gender-guesser's data file as installed: another install, another name."""
    import gender_guesser

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = first_names.first_names_kept()
    assert path.parent == tmp_path / "desk"
    data = os.stat(Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt")
    assert path.name == f"first-names-{first_names.TABLE_FORMAT}-{data.st_size}-" \
        f"{data.st_mtime_ns}.marshal"
    package = tmp_path / "site" / "gender_guesser"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "data" / "nam_dict.txt").write_text("another version's names\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "gender_guesser")
    assert first_names.first_names_kept() != path

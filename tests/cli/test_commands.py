"""desk's command table: every command listed with its help line, each parsed as its module
registers it, and only the module of the command being run imported at start."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desk.cli.main import COMMANDS, build_parser, main

STORY = "Harbour strike ends\n\nOSLO (AP) - Dock workers went back to work on Tuesday.\n"


def printed(capsys, call) -> str:
    """What a call that ends in argparse's exit 0 (a --help) printed."""
    with pytest.raises(SystemExit) as stop:
        call()
    assert stop.value.code == 0
    return capsys.readouterr().out


def imported_after(code: str, desk_cmd) -> dict:
    """Run `code` in a fresh interpreter, then name the command modules it imported."""
    _, env = desk_cmd
    probe = code + (
        "\nimport json, sys"
        "\nfrom desk.cli.main import COMMANDS"
        "\nmodules = {f'desk.cli.{module}' for module, _ in COMMANDS.values()}"
        "\nprint(json.dumps(sorted(modules & set(sys.modules))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=env, timeout=120, check=True)
    return {"out": result.stdout.splitlines(), "err": result.stderr}


def test_help_lists_every_command_with_its_modules_help_line(capsys):
    listed = printed(capsys, lambda: main(["--help"]))
    for name, (_, help_line) in COMMANDS.items():
        assert f"    {name:<15}{help_line}\n" in listed
    # the table's lines are the ones the modules register: the same help however loaded
    assert listed == build_parser().format_help()
    for name in COMMANDS:
        assert build_parser([name]).format_help() == listed


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_parses_as_its_module_registers_it(name, capsys):
    alone = printed(capsys, lambda: main([name, "--help"]))
    assert alone.startswith(f"usage: desk {name} ")
    assert alone == printed(capsys, lambda: build_parser().parse_args([name, "--help"]))


def test_a_flag_before_the_command_still_finds_it(tmp_path, capsys):
    store = str(tmp_path / "desk.json")
    assert main(["--store", store, "list", "--json"]) == 0
    assert main([f"--store={store}", "list"]) == 0
    assert capsys.readouterr().err == ""


def test_starting_ingest_imports_no_other_command(tmp_path, desk_cmd):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "strike.txt").write_text(STORY, encoding="utf-8")
    store = tmp_path / "desk.json"
    run = imported_after(
        "from desk.cli.main import main"
        f"\nassert main(['--store', {str(store)!r}, 'ingest', {str(inbox)!r}]) == 0", desk_cmd)
    assert run["out"][0].startswith("ingested 1 new stories"), run
    assert json.loads(run["out"][-1]) == ["desk.cli.ingest"]


def test_help_imports_no_command(desk_cmd):
    run = imported_after(
        "from desk.cli.main import main"
        "\ntry:\n    main(['--help'])\nexcept SystemExit as stop:\n    assert stop.code == 0",
        desk_cmd)
    assert json.loads(run["out"][-1]) == []

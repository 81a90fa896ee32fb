"""Settings: defaults < desk.toml < DESK_* environment < flags; bad config is one line."""

from pathlib import Path

import pytest

from desk.config import ConfigError, Settings, load_settings


def test_defaults_without_a_config_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(environ={}) == Settings()


def test_toml_then_environment_then_flags(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "desk.toml").write_text(
        '[desk]\ninbox = "wire"\nstore = "s.json"\nexport = "out"\nheadline_limit = 70\n'
        '[keymap]\n"desk.approve" = "A"\n', encoding="utf-8")
    settings = load_settings(environ={})
    assert settings.inbox == Path("wire") and settings.store == Path("s.json")
    assert settings.export == Path("out") and settings.headline_limit == 70
    assert settings.keymap == {"desk.approve": "A"}
    settings = load_settings(environ={"DESK_STORE": "env.json", "DESK_INBOX": "envbox"})
    assert settings.store == Path("env.json") and settings.inbox == Path("envbox")
    settings = load_settings(store="flag.json", environ={"DESK_STORE": "env.json"})
    assert settings.store == Path("flag.json")


def test_saved_filters_keep_their_order_and_names_ignore_case(tmp_path):
    config = tmp_path / "desk.toml"
    config.write_text('[desk]\nadvance = true\n[filters]\nSyria = "idlib OR tag:syria"\n'
                      'flash = " urgent status:new "\n', encoding="utf-8")
    filters = load_settings(config, environ={}).filters
    assert list(filters.items()) == [("syria", "idlib OR tag:syria"),
                                     ("flash", "urgent status:new")]


def test_paths_in_a_named_config_are_relative_to_it(tmp_path):
    config = tmp_path / "conf" / "desk.toml"
    config.parent.mkdir()
    config.write_text('inbox = "stories"\n', encoding="utf-8")
    assert load_settings(config, environ={}).inbox == tmp_path / "conf" / "stories"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[desk\n", "invalid TOML"),
        ("headline_limit = 'x'\n", "headline_limit"),
        ("headline_limit = 2\n", "headline_limit"),
        ("inbox = 3\n", "'inbox'"),
        ("[keymap]\n'desk.approve' = 1\n", "keymap"),
        ("filters = 3\n", "[filters] must be a table"),
        ("[filters]\nsyria = 3\n", "[filters] syria: the query must be a non-empty string"),
        ("[filters]\nsyria = ' '\n", "[filters] syria: the query must be a non-empty string"),
        ("[filters]\n'a b' = 'x'\n", "[filters] 'a b': a name is letters, digits, - and _"),
        ("[filters]\nSyria = 'x'\nsyria = 'y'\n", "[filters] syria: named twice"),
        ("sort = 'random'\n", "'sort' must be one of received, urgency"),
        ("export_formats = ['md', 'pdf']\n", "'export_formats' must list formats from md, json"),
        ("export_formats = []\n", "'export_formats' must list formats"),
        ("export_formats = 'md'\n", "'export_formats' must list formats"),
    ],
)
def test_invalid_config_is_one_line_naming_the_file(tmp_path, content, problem):
    config = tmp_path / "desk.toml"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    message = str(caught.value)
    assert str(config) in message and problem in message and "\n" not in message


def test_missing_named_config(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_a_config_name_too_long_is_not_found_not_a_crash(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / ("a" * 5000), environ={})


def test_export_formats_are_configured_and_are_the_exporters_own(tmp_path):
    from desk.config import EXPORT_FORMATS
    from desk.export.formats import RENDERERS

    assert EXPORT_FORMATS == tuple(RENDERERS) == Settings().export_formats
    config = tmp_path / "desk.toml"
    config.write_text('[desk]\nexport_formats = ["txt", "md", "md"]\n', encoding="utf-8")
    assert load_settings(config, environ={}).export_formats == ("md", "txt")  # the exporter's order

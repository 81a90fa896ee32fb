"""Every ninjs export validates against IPTC's official JSON Schema for the version it claims.

The schema is vendored in tests/export/schemas/ (IPTC's MIT licence beside it), unchanged:
tests never read ../shared. Formats are checked too (uri, date-time), so a tag with a space
in a subject uri is caught, not waved through.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.export.exporter import export_stories
from desk.export.formats import NINJS_STANDARD, render_ninjs

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the [test] extra")

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def validator():
    version = NINJS_STANDARD["version"]
    schema = json.loads((SCHEMAS / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))
    assert schema["$id"].startswith(NINJS_STANDARD["schema"])  # the schema desk claims
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    # Without rfc3986-validator / rfc3339-validator the formats would pass unchecked.
    assert not checker.conforms("urn:desk:tag:two words", "uri")
    assert not checker.conforms("yesterday", "date-time")
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def problems(item: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator().iter_errors(item)]


def test_the_vendored_schema_comes_with_its_licence():
    assert "MIT License" in (SCHEMAS / "LICENSE-ninjs").read_text(encoding="utf-8")
    assert "International Press Telecommunications Council" in \
        (SCHEMAS / "LICENSE-ninjs").read_text(encoding="utf-8")


def test_the_schema_rejects_what_desk_used_to_write():
    item = {"uri": "urn:desk:story:0123456789abcdef", "representationtype": "complete"}
    assert any("representationtype" in p for p in problems(item))


@pytest.mark.parametrize(("headline", "tags", "dateline", "credit"), [
    ('Putin: “No deal” – #1 \\ [bold]x[/bold] 🙂', ["turkey", "syria"], "ANKARA", "AFP"),
    ("Plain headline", ["climate change", "São Paulo", "a/b?c#d"], "", ""),
    ("No tags at all", [], "PARIS, Feb 21", "AFP/Reuters"),
])
def test_every_export_validates(store, new_story, tmp_path, headline, tags, dateline, credit):
    story = new_story(1, headline=headline)
    store.add_stories([story])
    store.approve(story.id, tags=tags, force=True)
    record = store.get(story.id)
    record["approved"].update(dateline=dateline, credit=credit)
    assert problems(json.loads(render_ninjs(record))) == []
    export_stories(store, tmp_path / "out", formats=["json"])
    (path,) = (tmp_path / "out").glob("*.json")
    item = json.loads(path.read_text(encoding="utf-8"))
    assert problems(item) == []
    assert item["representationtype"] == "full"


def record_with(headline: str, body: str, tags: list[str], dateline: str, credit: str) -> dict:
    return {"id": "0123456789abcdef", "revision": 3, "approved": {
        "headline": headline, "body": body, "slug": "some-slug", "tags": tags,
        "dateline": dateline, "credit": credit, "approved_at": "2026-03-14T09:30:00+01:00",
        "quotes": [], "filename": "some-slug"}}


@settings(max_examples=150, deadline=None)
@given(headline=st.text(min_size=1), body=st.text(), tags=st.lists(st.text(min_size=1),
       max_size=4), dateline=st.text(), credit=st.text())
def test_any_approved_copy_exports_valid_ninjs(headline, body, tags, dateline, credit):
    item = json.loads(render_ninjs(record_with(headline, body, tags, dateline, credit)))
    assert problems(item) == []

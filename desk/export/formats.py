"""Approved copy as Markdown (YAML front matter), ninjs 2.x JSON and plain text.

Every format carries the story's id (front matter `id`, ninjs `uri`, a last text line), so
an export never mistakes another story's file for its own.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from desk.model import Record
from desk.plain import remove_controls

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}
URI_PREFIX = "urn:desk:story:"
LANGUAGE = "en"

_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)
_MD_ID = re.compile(r'^id: "([0-9a-f]+)"$', re.MULTILINE)
_TEXT_ID = re.compile(r"\[desk story ([0-9a-f]+)\]\s*\Z")


def yaml_str(value: str | None) -> str:
    """A YAML double-quoted scalar: every character that YAML would not keep is escaped."""
    if value is None:
        return "null"
    out = []
    for char in value:
        code = ord(char)
        if char in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[char])
        elif 0x20 <= code <= 0x7E or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029)) \
                or (0xE000 <= code <= 0xFFFD and code != 0xFEFF) or code >= 0x10000:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(yaml_str(v) for v in values) + "]"


def _md_escape(text: str) -> str:
    """Story text is data: keep Markdown from reading emphasis, links or headings in it."""
    return _MD_LINE_START.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", text))


def _plain(value):
    """The approved copy with no control character left in any string: the store cleans
    what it is given, and this keeps a record stored before it did from publishing one."""
    if isinstance(value, str):
        return remove_controls(value)[0]
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def approved_of(record: Record) -> dict:
    return _plain(record["approved"])


def render_markdown(record: Record) -> str:
    copy = approved_of(record)
    lines = [
        "---",
        f"id: {yaml_str(record['id'])}",
        f"title: {yaml_str(copy['headline'])}",
        f"slug: {yaml_str(copy['slug'])}",
        f"date: {yaml_str(copy['approved_at'])}",
        f"dateline: {yaml_str(copy['dateline'])}",
        f"credit: {yaml_str(copy['credit'])}",
        f"tags: {_yaml_list(copy['tags'])}",
    ]
    if copy.get("corrections"):  # approved again after a newer version: a correction
        lines += ["corrected: true", f"corrections: {copy['corrections']}"]
    if copy["quotes"]:
        lines.append("quotes:")
        for quote in copy["quotes"]:
            lines.append(f"  - text: {yaml_str(quote['text'])}")
            lines.append(f"    speaker: {yaml_str(quote.get('speaker'))}")
    else:
        lines.append("quotes: []")
    lines += ["---", "", f"# {_md_escape(copy['headline'])}", ""]
    lines += [_md_escape(paragraph) + "\n" for paragraph in copy["body"].split("\n\n")]
    return "\n".join(lines)


def render_ninjs(record: Record) -> str:
    copy = approved_of(record)
    body = copy["body"]
    item: dict = {
        "uri": URI_PREFIX + record["id"],
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationtype": "full",  # 2.x: "full" or "partial" (1.x said "complete")
        "version": str(record["revision"]),
        "versioncreated": copy["approved_at"],
        "pubstatus": "usable",
        "language": LANGUAGE,
        "slugline": copy["slug"],
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": copy["headline"]}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": body,
                    "charcount": len(body), "wordcount": len(body.split())}],
        # A tag is free text ("climate change"): percent-encoded, the uri stays a URI.
        "subjects": [{"name": tag, "uri": "urn:desk:tag:" + quote(tag, safe="")}
                     for tag in copy["tags"]],
    }
    if copy.get("corrections"):  # a later version approved after an export: say so
        item["ednote"] = f"Corrected version ({copy['corrections']})"
    if copy["dateline"]:
        item["located"] = copy["dateline"]
    if copy["credit"]:
        item["by"] = copy["credit"]
        item["infosources"] = [{"name": copy["credit"], "role": "source"}]
    return json.dumps(item, ensure_ascii=False, indent=2) + "\n"


def render_text(record: Record) -> str:
    copy = approved_of(record)
    place = " ".join(part for part in (copy["dateline"],
                                       f"({copy['credit']})" if copy["credit"] else "") if part)
    head = [copy["headline"]] + ([place] if place else [])
    return "\n".join(head) + "\n\n" + copy["body"] + f"\n\n[desk story {record['id']}]\n"


def render_kill(record: Record, slugline: str, at: str) -> str:
    """A kill notice: the story's ninjs item again, `pubstatus: canceled`, so a CMS that
    picked up the approved copy takes it down. `version` moves past the copy's."""
    item = {
        "uri": URI_PREFIX + record["id"],
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationtype": "partial",
        "version": str(record["revision"]),
        "versioncreated": at,
        "pubstatus": "canceled",
        "language": LANGUAGE,
        "slugline": slugline,
        "ednote": "Withdrawn by the desk: its approval was taken back. Do not use.",
    }
    return json.dumps(item, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"md": render_markdown, "json": render_ninjs, "txt": render_text}


def owner_of(text: str, fmt: str) -> str | None:
    """The story id an exported file was written for, or None if it is not one of ours."""
    if fmt == "md":
        if not text.startswith("---\n"):
            return None
        front = text[4:text.find("\n---", 4)]
        match = _MD_ID.search(front)
        return match.group(1) if match else None
    if fmt == "json":
        try:
            uri = json.loads(text).get("uri", "")
        except (ValueError, AttributeError):
            return None
        return uri[len(URI_PREFIX):] if isinstance(uri, str) and uri.startswith(URI_PREFIX) \
            else None
    match = _TEXT_ID.search(text)
    return match.group(1) if match else None

"""Reading dispatch formats into raw records: the seed's header text, JSON, JSON Lines, RSS.

Pure functions over bytes and strings; `sources.py` does the file reading.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from defusedxml import ElementTree

from services.ingest.errors import UnreadableDispatchError

Record = dict[str, Any]

# `date 2021-11` or `date 2021-11-03` as the first token (the seed's format).
_HEADER = re.compile(r"\A\s*date\s+(\d{1,5}-\d{1,2}(?:-\d{1,2})?)\s+", re.IGNORECASE)
# An e-mail-like header block: `Date: ...`, `Source: ...`, `Title: ...`, then a blank line.
_FIELD = re.compile(r"^(date|source|title|url|language|id):\s*(.*)$", re.IGNORECASE)


def decode_text(data: bytes) -> str:
    """UTF-8 text, refusing binary junk rather than guessing an encoding."""
    if b"\x00" in data:
        raise UnreadableDispatchError("binary", "binary content (NUL bytes), not a text dispatch")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableDispatchError(
            "encoding", f"not UTF-8 text (bad byte at offset {error.start})"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > max(8, len(text) // 100):
        raise UnreadableDispatchError("binary", f"binary content ({controls} control characters)")
    return text


def parse_text(text: str) -> Record:
    """A plain-text dispatch: the seed's `date ...` header, or a `Date:` header block."""
    if match := _HEADER.match(text):
        return {"published": match.group(1), "text": text[match.end() :]}
    record: Record = {}
    lines = text.lstrip("\ufeff").splitlines()
    for index, line in enumerate(lines):
        field = _FIELD.match(line.strip())
        if field is None:
            if line.strip() == "" and record:
                record["text"] = "\n".join(lines[index + 1 :])
                return _renamed(record)
            break
        record[field.group(1).lower()] = field.group(2).strip()
    raise UnreadableDispatchError(
        "no_date", "no publication date: start the text with 'date YYYY-MM-DD' or a 'Date:' line"
    )


def _renamed(record: Record) -> Record:
    if "date" in record:
        record["published"] = record.pop("date")
    return record


def parse_json(text: str) -> Iterator[Record]:
    """A JSON object or a JSON array of objects."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableDispatchError(
            "json", f"broken JSON: {error.msg} at line {error.lineno}"
        ) from None
    items = value if isinstance(value, list) else [value]
    for item in items:
        yield _object(item)


def parse_json_line(line: str) -> Record:
    """One line of a JSON Lines file."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise UnreadableDispatchError(
            "json", f"broken JSON: {error.msg} at column {error.colno}"
        ) from None
    return _object(value)


def _object(value: Any) -> Record:
    if not isinstance(value, dict):
        raise UnreadableDispatchError("json", "a dispatch must be a JSON object")
    return value


def parse_rss(data: bytes) -> Iterator[Record]:
    """RSS 2.0 or Atom items, parsed with defusedxml so entity bombs are refused."""
    try:
        root = ElementTree.fromstring(data)
    except Exception as error:  # defusedxml raises several unrelated types
        raise UnreadableDispatchError("xml", f"unreadable feed: {error}") from None
    atom = "{http://www.w3.org/2005/Atom}"
    for item in root.iter("item"):
        yield {
            "title": item.findtext("title") or "",
            "text": item.findtext("description") or "",
            "url": item.findtext("link"),
            "id": item.findtext("guid"),
            "published": item.findtext("pubDate"),
        }
    for entry in root.iter(f"{atom}entry"):
        link = entry.find(f"{atom}link")
        yield {
            "title": entry.findtext(f"{atom}title") or "",
            "text": entry.findtext(f"{atom}content") or entry.findtext(f"{atom}summary") or "",
            "url": link.get("href") if link is not None else None,
            "id": entry.findtext(f"{atom}id"),
            "published": entry.findtext(f"{atom}published") or entry.findtext(f"{atom}updated"),
        }

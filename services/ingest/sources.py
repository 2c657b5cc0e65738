"""Reading dispatches from files and folders: the I/O side of ingest.

Yields raw records with where they came from; a file that cannot be read at all yields an
error record, so one bad file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.ingest import formats
from services.ingest.errors import UnreadableDispatchError

MAX_FILE_BYTES = 50 * 1024 * 1024
SUFFIXES = {".txt", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom"}


@dataclass(frozen=True)
class Item:
    """A raw record, or the reason there is none, and where it came from."""

    origin: str
    record: dict[str, Any] | None = None
    error: UnreadableDispatchError | None = None
    excerpt: str = ""


def read_paths(paths: list[Path]) -> Iterator[Item]:
    """Every item in the given files and folders (folders are read recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    yield from read_file(child)
        else:
            yield from read_file(path)


def read_file(path: Path) -> Iterator[Item]:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableDispatchError(
                "too_large", f"file of {size} bytes is over the {MAX_FILE_BYTES} byte limit"
            )
        data = path.read_bytes()
    except OSError as error:
        yield Item(origin, error=UnreadableDispatchError("unreadable", str(error)))
        return
    except UnreadableDispatchError as error:
        yield Item(origin, error=error)
        return
    yield from read_bytes(data, origin, path.suffix.lower())


def read_bytes(data: bytes, origin: str, suffix: str) -> Iterator[Item]:
    """Items from the bytes of one file or request body; `suffix` says the format."""
    if suffix in (".xml", ".rss", ".atom"):
        yield from _guarded(origin, lambda: formats.parse_rss(data), data)
        return
    try:
        text = formats.decode_text(data)
    except UnreadableDispatchError as error:
        yield Item(origin, error=error, excerpt=repr(data[:120]))
        return
    if suffix in (".jsonl", ".ndjson"):
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield from _guarded(f"{origin}:{number}",
                                    lambda line=line: [formats.parse_json_line(line)], line)
    elif suffix == ".json":
        yield from _guarded(origin, lambda: formats.parse_json(text), text)
    else:
        yield from _guarded(origin, lambda: [formats.parse_text(text)], text)


def _guarded(origin: str, parse: Any, raw: bytes | str) -> Iterator[Item]:
    excerpt = raw[:300] if isinstance(raw, str) else repr(raw[:120])
    try:
        records = list(parse())
    except UnreadableDispatchError as error:
        yield Item(origin, error=error, excerpt=excerpt)
        return
    for index, record in enumerate(records):
        where = origin if len(records) == 1 else f"{origin}#{index}"
        yield Item(where, record=record)

"""An append-only event log in one SQLite file, with the projections built from it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from schemas.envelope import Event
from schemas.events import decode_event, encode_event
from services.runtime.ports import STREAMS

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    stream TEXT NOT NULL,
    event_time TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_stream ON events (stream, position);
CREATE TRIGGER IF NOT EXISTS events_never_change BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_never_go BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TABLE IF NOT EXISTS offsets (consumer TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS projections (
    name TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (name, key)
);
"""


class SqliteLog:
    """The `EventLog` port on SQLite. Projections and offsets live beside the events."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def append(self, events: Iterable[Event]) -> list[Event]:
        new = []
        with self.transaction():
            for event in events:
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO events (event_id, type, stream, event_time, body) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (event.event_id, event.type, STREAMS[event.type],
                     event.event_time.isoformat(), encode_event(event).decode("utf-8")),
                )
                if cursor.rowcount:
                    new.append(event)
        return new

    def read(self, streams: Iterable[str], after: int = 0) -> Iterator[tuple[int, Any]]:
        names = list(streams)
        marks = ",".join("?" for _ in names)
        rows = self.db.execute(
            f"SELECT position, body FROM events WHERE stream IN ({marks}) AND position > ? "
            "ORDER BY position", (*names, after),
        )
        for position, body in rows.fetchall():
            yield position, decode_event(body)

    def get(self, wanted: str) -> Any:
        """One event by id, or None."""
        row = self.db.execute("SELECT body FROM events WHERE event_id = ?", (wanted,)).fetchone()
        return decode_event(row[0]) if row else None

    def count(self, stream: str) -> int:
        row = self.db.execute("SELECT count(*) FROM events WHERE stream = ?", (stream,)).fetchone()
        return int(row[0])

    def last_position(self) -> int:
        row = self.db.execute("SELECT max(position) FROM events").fetchone()
        return int(row[0] or 0)

    # --- consumer offsets and projections (derived, rebuildable) -------------------------

    def offset(self, consumer: str) -> int:
        row = self.db.execute("SELECT position FROM offsets WHERE consumer = ?", (consumer,))
        found = row.fetchone()
        return int(found[0]) if found else 0

    def commit(self, consumer: str, position: int) -> None:
        self.db.execute(
            "INSERT INTO offsets VALUES (?, ?) ON CONFLICT(consumer) DO UPDATE SET position = ?",
            (consumer, position, position),
        )

    def save_projection(self, name: str, rows: dict[str, str]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM projections WHERE name = ?", (name,))
            self.db.executemany("INSERT INTO projections VALUES (?, ?, ?)",
                                [(name, key, body) for key, body in sorted(rows.items())])

    def projection(self, name: str) -> dict[str, str]:
        rows = self.db.execute("SELECT key, body FROM projections WHERE name = ? ORDER BY key",
                               (name,))
        return dict(rows.fetchall())

    def reset_derived(self) -> None:
        """Forget projections and offsets (never events): what `replay` starts from."""
        with self.transaction():
            self.db.execute("DELETE FROM projections")
            self.db.execute("DELETE FROM offsets")

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")

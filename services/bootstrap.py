"""Where the shells get their parts: the log, the rules, the gazetteer and the clock.

Nothing connects at import time; each entry point calls `bootstrap()` with its options.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from services.alert.rules import DEFAULT_RULES, Rule, parse_rules
from services.classify.gazetteer import load_gazetteer
from services.runtime.embedded.log import SqliteLog
from services.runtime.embedded.runner import EmbeddedRuntime
from services.runtime.ports import Telemetry

DEFAULT_DB = Path("tocsin.db")


def wall_clock() -> datetime:
    """The only reading of the wall clock: it stamps `recorded_time`, never decides an alert."""
    return datetime.now(UTC).replace(microsecond=0)


def load_rules(path: Path | None = None) -> tuple[Rule, ...]:
    chosen = path or Path(os.environ.get("TOCSIN_RULES", DEFAULT_RULES))
    return parse_rules(chosen.read_text("utf-8"))


def bootstrap(
    db: Path | None = None, rules: Path | None = None, telemetry: Telemetry | None = None
) -> EmbeddedRuntime:
    """The embedded runtime over the SQLite log at `db` (default: ./tocsin.db)."""
    path = db or Path(os.environ.get("TOCSIN_DB", DEFAULT_DB))
    return EmbeddedRuntime(SqliteLog(path), load_rules(rules), load_gazetteer, wall_clock,
                           telemetry)

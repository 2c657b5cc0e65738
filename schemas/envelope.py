"""The envelope every event carries, and the deterministic ids that make replays idempotent."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


def event_id(*parts: Any) -> str:
    """A stable id from what makes an event unique: the same parts always give the same id.

    A redelivered message or a re-run therefore produces an event the log already holds.
    """
    joined = "\x1f".join(["" if part is None else str(part) for part in parts])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:24]


class Event(BaseModel):
    """Fields shared by every event in every log.

    `event_time` is when the fact happened in the world (it decides alerts); `recorded_time`
    is when tocsin first learnt it. Derived events inherit `recorded_time` from their cause so
    that recomputing them gives the same bytes.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str
    type: str
    version: int
    event_time: datetime
    recorded_time: datetime
    caused_by: str | None = None

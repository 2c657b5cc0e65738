"""Clock ticks: how "now" advances in the log when no dispatch arrives."""

from __future__ import annotations

from datetime import date
from typing import Literal

from schemas.envelope import Event


class ClockTicked(Event):
    """The day `day` has begun (in event time). Thresholds crossed on that day fire on it."""

    type: Literal["ClockTicked"] = "ClockTicked"
    version: Literal[1] = 1
    day: date

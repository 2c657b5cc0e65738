"""The ports the runtimes implement: an append-only event log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

# Which log (topic, in Kafka) each event type lives in.
STREAMS: dict[str, str] = {
    "DispatchReceived": "dispatches",
    "DispatchRetracted": "dispatches",
    "DispatchRejected": "dead_letters",
    "SignalDetected": "signals",
    "SignalRetracted": "signals",
    "ClockTicked": "ticks",
    "AlertRaised": "alerts",
    "AlertEscalated": "alerts",
    "AlertResolved": "alerts",
    "AlertAcknowledged": "alerts",
}


class EventLog(Protocol):
    """Append-only: an event whose id is already there is not appended again."""

    def append(self, events: Iterable[Any]) -> list[Any]:
        """Append events; return those that were new."""
        ...

    def read(self, streams: Iterable[str], after: int = 0) -> Iterator[tuple[int, Any]]:
        """(position, event) of the given streams after a position, in append order."""
        ...

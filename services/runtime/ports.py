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


class Telemetry(Protocol):
    """What the runtimes report as they go; `services.api.metrics` turns it into Prometheus."""

    def received(self, events: list[Any]) -> None:
        """Dispatches accepted (DispatchReceived) and refused (DispatchRejected)."""
        ...

    def classified(self, signals: list[Any], seconds: float) -> None:
        """Signals read from one dispatch, and how long reading it took."""
        ...

    def alerted(self, alerts: list[Any], latency_seconds: list[float]) -> None:
        """Alert events written, and for each the time since its dispatch was received."""
        ...

    def observed(self, situations: list[Any], alerts: list[Any]) -> None:
        """The current situation views and alert views (for per-place gauges)."""
        ...


class NoTelemetry:
    """Telemetry that goes nowhere: the default for the CLI and the tests of the core."""

    def received(self, events: list[Any]) -> None:
        pass

    def classified(self, signals: list[Any], seconds: float) -> None:
        pass

    def alerted(self, alerts: list[Any], latency_seconds: list[float]) -> None:
        pass

    def observed(self, situations: list[Any], alerts: list[Any]) -> None:
        pass

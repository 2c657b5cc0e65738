"""The ports the HTTP API and the Alertmanager sink read and write through, and their embedded side.

`Intake` takes dispatches in; `Reader` reads alerts, situations and places and acknowledges
an alert; `Board` is both. `EmbeddedBoard` implements `Board` over the `EmbeddedRuntime` (one
process, one SQLite log). In the Kafka runtime the two halves live in two processes
(`services.api.kafka_board`): `KafkaIntake` in `tocsin serve-ingest`, `KafkaBoard` in the alert
worker.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from prometheus_client import CollectorRegistry

from schemas.dispatch import Dispatch
from schemas.envelope import event_id
from schemas.signal import Signal
from services.alert.lifecycle import AlertEvent
from services.alert.rules import MEASURES
from services.alert.views import AlertView, SituationView, describe
from services.ingest.errors import UnreadableDispatchError
from services.ingest.sources import Item, read_bytes
from services.runtime.embedded.runner import EmbeddedRuntime

# Request formats and the file suffix `read_bytes` knows them by.
FORMATS: dict[str, str] = {"json": ".json", "jsonl": ".jsonl", "text": ".txt", "rss": ".xml"}
STATUSES = ("active", "resolved", "all")


@dataclass(frozen=True)
class Refusal:
    """An item refused and kept as a dead letter."""

    origin: str
    reason: str  # the machine key: json, no_date, bad_date, too_large, ...
    message: str


@dataclass
class Submission:
    """What one batch of dispatches did."""

    accepted: list[str] = field(default_factory=list)  # dispatch ids new to the log
    duplicates: int = 0  # dispatches the log already held
    refused: list[Refusal] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    alerts: list[AlertEvent] = field(default_factory=list)


@dataclass(frozen=True)
class StoredDispatch:
    dispatch: Dispatch
    received: Any  # datetime the log recorded it
    retracted: str | None = None  # the reason, when withdrawn


@dataclass(frozen=True)
class Readiness:
    ready: bool
    detail: dict[str, Any]


class UnavailableError(RuntimeError):
    """The runtime cannot take a write now (the broker does not answer): try again later (503)."""


class Operable(Protocol):
    """What every tocsin process serves: /metrics and /readyz."""

    @property
    def registry(self) -> CollectorRegistry | None:
        """The Prometheus registry the runtime reports to, if any."""
        ...

    def ready(self) -> Readiness: ...


class Intake(Operable, Protocol):
    """Dispatches in. Every method may be called from worker threads."""

    def submit(self, data: bytes, fmt: str, origin: str, source: str) -> Submission:
        """Ingest a body in a format of `FORMATS`; bad items become dead letters."""
        ...

    def refuse(self, origin: str, reason: str, message: str, excerpt: str = "") -> Refusal:
        """Record a dead letter for a request refused before its items could be read."""
        ...


class Reader(Operable, Protocol):
    """Alerts, places and dispatches out; acknowledgements in. Callable from worker threads."""

    def alerts(self, status: str = "active", severity: str | None = None,
               place: str | None = None, rule: str | None = None,
               as_of: date | None = None) -> list[AlertView]:
        """Alerts, most severe first, with their measure as of the log's clock (or `as_of`)."""
        ...

    def alert(self, alert_id: str) -> AlertView | None: ...

    def dispatch(self, dispatch_id: str) -> StoredDispatch | None: ...

    def places(self) -> list[SituationView]:
        """Every place followed, as of the log's clock."""
        ...

    def situation(self, place: str, as_of: date | None = None) -> SituationView | None:
        """A place (id, name or name as written) now, or as of a past day."""
        ...

    def acknowledge(self, alert_id: str, by: str, note: str = "") -> AlertView:
        """Record who acknowledged an alert; KeyError when there is no such alert."""
        ...

    def clock(self) -> date | None:
        """The day the log's clock has reached (None before any dispatch)."""
        ...


class Board(Intake, Reader, Protocol):
    """What the API needs from a runtime that does everything in one process."""


def read_items(data: bytes, fmt: str, origin: str) -> list[Item]:
    """The items of a request body in a format of `FORMATS`; a body with none is one refusal."""
    items = list(read_bytes(data, origin, FORMATS[fmt]))
    if not items:
        items = [Item(origin, error=UnreadableDispatchError("empty", "no dispatch in the body"),
                      excerpt=repr(data[:120]))]
    return items


def refused_item(origin: str, reason: str, message: str, excerpt: str = "") -> Item:
    """A request refused before its items could be read, as an item that becomes a dead letter."""
    return Item(origin, error=UnreadableDispatchError(reason, message), excerpt=excerpt)


def matches_place(place: Any, wanted: str) -> bool:
    """A place is named by its id, its gazetteer name or the name a dispatch used."""
    text = wanted.strip().lower()
    return text in (place.id.lower(), place.name.lower(), place.as_written.lower())


def matches_rule(rule: str, wanted: str) -> bool:
    """`stock_exhaustion` matches every commodity; `stock_exhaustion:food` only that one."""
    return wanted in (rule, rule.split(":", 1)[0])


def filter_alerts(views: list[AlertView], status: str, severity: str | None, place: str | None,
                  rule: str | None) -> list[AlertView]:
    chosen = [
        view for view in views
        if (status == "all" or view.status == status)
        and (severity is None or view.severity == severity)
        and (place is None or matches_place(view.place, place))
        and (rule is None or matches_rule(view.rule, rule))
    ]
    rank = {"critical": 3, "warning": 2, "info": 1}
    return sorted(chosen, key=lambda v: (v.status != "active", -rank[v.severity], v.place.name,
                                         v.rule))


class EmbeddedBoard:
    """The board over an `EmbeddedRuntime`. One lock: the SQLite connection is not shared."""

    def __init__(self, runtime: EmbeddedRuntime, registry: CollectorRegistry | None = None) -> None:
        self.runtime = runtime
        self._registry = registry
        self._lock = threading.RLock()
        self._seen = -1
        with self._lock:
            self._catch_up()

    @property
    def registry(self) -> CollectorRegistry | None:
        return self._registry

    def warm_up(self) -> None:
        """Load the gazetteer and the language model now (3 s), not on the first POST."""
        from services.ingest.normalize import detect_language

        with self._lock:
            _ = self.runtime.gazetteer
        detect_language("warm up")

    def _catch_up(self) -> None:
        """Pick up what another process (`tocsin run` on the same file) wrote to the log."""
        position = self.runtime.log.last_position()
        if position != self._seen:
            self.runtime.refresh()
            self._seen = self.runtime.log.last_position()

    # --- writes ----------------------------------------------------------------------------

    def submit(self, data: bytes, fmt: str, origin: str, source: str) -> Submission:
        items = read_items(data, fmt, origin)
        with self._lock:
            self._catch_up()
            report = self.runtime.run(items, source)
            self._seen = self.runtime.log.last_position()
        return Submission(
            accepted=[event.dispatch.id for event in report.received],
            duplicates=report.duplicates,
            refused=[refusal_of(event) for event in report.rejected],
            signals=[event.signal for event in report.signals if hasattr(event, "signal")],
            alerts=list(report.alerts),
        )

    def refuse(self, origin: str, reason: str, message: str, excerpt: str = "") -> Refusal:
        with self._lock:
            report = self.runtime.ingest([refused_item(origin, reason, message, excerpt)])
            self._seen = self.runtime.log.last_position()
        return refusal_of(report.rejected[0]) if report.rejected else Refusal(origin, reason, message)

    def acknowledge(self, alert_id: str, by: str, note: str = "") -> AlertView:
        with self._lock:
            self._catch_up()
            self.runtime.acknowledge(alert_id, by, note)
            self._seen = self.runtime.log.last_position()
            view = self.alert(alert_id)
        if view is None:  # pragma: no cover - acknowledge checked it exists
            raise KeyError(alert_id)
        return view

    # --- reads -----------------------------------------------------------------------------

    def alerts(self, status: str = "active", severity: str | None = None,
               place: str | None = None, rule: str | None = None,
               as_of: date | None = None) -> list[AlertView]:
        with self._lock:
            self._catch_up()
            if as_of is not None:
                views = list(self.runtime.as_of(as_of)[1].values())
            else:
                views = [self._current(view) for view in self.runtime.alert_views().values()]
        return filter_alerts(views, status, severity, place, rule)

    def alert(self, alert_id: str) -> AlertView | None:
        with self._lock:
            self._catch_up()
            view = self.runtime.alert_views().get(alert_id)
            return self._current(view) if view is not None else None

    def _current(self, view: AlertView) -> AlertView:
        """An active alert's measure as of the log's clock, not as of the day it was raised."""
        state = self.runtime.alerting.places.get(view.place.id)
        if state is None or view.status != "active":
            return view
        day = state.evaluated or state.situation.day
        subject = view.rule.split(":", 1)[1] if ":" in view.rule else ""
        for reading in MEASURES[view.measure](state.situation, day):
            if reading.subject == subject:
                return view.model_copy(update={"value": reading.value})
        return view

    def dispatch(self, dispatch_id: str) -> StoredDispatch | None:
        with self._lock:
            received = self._event("r-" + event_id("received", dispatch_id))
            if received is None:
                return None
            retracted = self._event("w-" + event_id("retracted", dispatch_id))
        return StoredDispatch(received.dispatch, received.recorded_time,
                              retracted.reason if retracted is not None else None)

    def _event(self, wanted: str) -> Any:
        """One event by id (the log's unique index), or None."""
        return self.runtime.log.get(wanted)

    def places(self) -> list[SituationView]:
        with self._lock:
            self._catch_up()
            views = [describe(state.situation, state.evaluated or state.situation.day)
                     for state in self.runtime.alerting.places.values()]
        return sorted(views, key=lambda v: (v.place.name, v.place.id))

    def situation(self, place: str, as_of: date | None = None) -> SituationView | None:
        with self._lock:
            self._catch_up()
            service = self.runtime.as_of(as_of)[0] if as_of else self.runtime.alerting
            for state in by_preference(service.places.values(), place):
                return describe(state.situation, as_of or state.evaluated or state.situation.day)
        return None

    def clock(self) -> date | None:
        with self._lock:
            day = self.runtime.clock_day()
        return None if day == date.min else day

    def ready(self) -> Readiness:
        try:
            with self._lock:
                events = self.runtime.log.last_position()
                day = self.runtime.clock_day()
        except Exception as error:  # the log is unreadable: not ready, say why
            return Readiness(False, {"log": f"unreadable: {error}"})
        return Readiness(True, {"log": str(self.runtime.log.path), "events": events,
                                "clock": None if day == date.min else day.isoformat()})


def by_preference(states: Any, wanted: str) -> Iterator[Any]:
    """Places matching `wanted`: an exact id first, then names."""
    states = list(states)
    yield from (s for s in states if s.situation.place.id == wanted)
    yield from (s for s in states if matches_place(s.situation.place, wanted))


def refusal_of(event: Any) -> Refusal:
    """A dead letter (`DispatchRejected`) as the API reports it."""
    reason = event.reason.split(":", 1)[0].strip()
    message = event.reason.split(":", 1)[1].strip() if ":" in event.reason else event.reason
    return Refusal(event.origin, reason, message)

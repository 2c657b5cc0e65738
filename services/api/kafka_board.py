"""The API's ports on the Kafka runtime: `KafkaIntake` (in `tocsin serve-ingest`) and `KafkaBoard`
(in the alert worker).

`KafkaIntake` reads a request body exactly as the embedded board does (`board.read_items`),
sends the dispatches with `KafkaIngest` (idempotent, acks=all) followed by a watermark tick to
the newest day, and the refusals to the dead-letters topic. It answers once the broker has
them all; when it cannot, the request is a 503 and sending it again is harmless (same ids).

`KafkaBoard` serves what the alert worker knows, from an `AlertProjection` of the whole alerts
topic and the alert tables' changelogs, so every alert worker answers for every place. An
acknowledgement is an `AlertAcknowledged` event written to the alerts topic (keyed by the
alert's place, so it follows the alert's own events in its partition).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError
from prometheus_client import CollectorRegistry

from schemas.alert import AlertAcknowledged
from schemas.envelope import event_id
from schemas.events import encode_event
from schemas.signal import SignalDetected, SignalRetracted
from services import pipeline
from services.alert.lifecycle import AlertEvent, PlaceState
from services.alert.rules import Rule
from services.alert.situation import Situation
from services.alert.views import (
    AlertView,
    SituationView,
    describe,
    project_alerts,
    with_current_values,
)
from services.api.board import (
    Readiness,
    Refusal,
    StoredDispatch,
    Submission,
    UnavailableError,
    by_preference,
    filter_alerts,
    read_items,
    refusal_of,
    refused_item,
)
from services.runtime.kafka.broker import BrokerInspector
from services.runtime.kafka.producer import KafkaIngest
from services.runtime.kafka.projection import AlertProjection
from services.runtime.kafka.settings import KafkaSettings
from services.runtime.ports import NoTelemetry, Telemetry

log = logging.getLogger("tocsin.api.kafka")
SEND_TIMEOUT = 10.0  # seconds to wait for the broker's acks before answering 503


class KafkaIntake:
    """Dispatches in, on Kafka. The producer is made on first use, so the server starts (and
    says it is not ready) while the broker is still coming up."""

    def __init__(self, settings: KafkaSettings, clock: Callable[[], datetime],
                 telemetry: Telemetry | None = None, registry: CollectorRegistry | None = None,
                 inspector: BrokerInspector | None = None, timeout: float = SEND_TIMEOUT) -> None:
        self.settings = settings
        self.clock = clock
        self.telemetry: Telemetry = telemetry or NoTelemetry()
        self._registry = registry
        self.inspector = inspector or BrokerInspector(settings.bootstrap,
                                                      client_id=f"{settings.group}-ingest-probe")
        self.timeout = timeout
        # One batch at a time: a batch's tick goes out behind its own dispatches.
        self._lock = threading.Lock()
        self._ingest: KafkaIngest | None = None

    @property
    def registry(self) -> CollectorRegistry | None:
        return self._registry

    def _producer(self) -> KafkaIngest:
        if self._ingest is None:
            try:
                self._ingest = KafkaIngest(self.settings, max_block_ms=int(self.timeout * 1000),
                                           bootstrap_timeout_ms=int(self.timeout * 1000))
            except KafkaError as error:
                raise UnavailableError(f"Kafka at {self.settings.bootstrap}: {error}") from error
        return self._ingest

    def _publish(self, items: list[Any], source: str) -> tuple[list[Any], list[Any]]:
        recorded = self.clock()
        with self._lock:
            producer = self._producer()
            received, rejected = producer.prepare(items, recorded, source)
            try:
                producer.publish(received, rejected, recorded, timeout=self.timeout)
            except KafkaError as error:
                raise UnavailableError(f"Kafka at {self.settings.bootstrap}: {error}") from error
        self.telemetry.received([*received, *rejected])
        return received, rejected

    def submit(self, data: bytes, fmt: str, origin: str, source: str) -> Submission:
        """Sent, not yet classified: `accepted` are the dispatches the broker has. Whether the
        log already held them is not known here (classify and alert recognise them by id)."""
        received, rejected = self._publish(read_items(data, fmt, origin), source)
        return Submission(accepted=[event.dispatch.id for event in received],
                          refused=[refusal_of(event) for event in rejected])

    def refuse(self, origin: str, reason: str, message: str, excerpt: str = "") -> Refusal:
        _, rejected = self._publish([refused_item(origin, reason, message, excerpt)], "http")
        return refusal_of(rejected[0]) if rejected else Refusal(origin, reason, message)

    def ready(self) -> Readiness:
        reachable, detail = self.inspector.reachable()
        return Readiness(reachable, {"kafka": detail,
                                     "topic": self.settings.topic("dispatches")})

    def close(self) -> None:
        with self._lock:
            if self._ingest is not None:
                self._ingest.close()
                self._ingest = None
        self.inspector.close()


class KafkaBoard:
    """The alert worker's side of the API (`services.api.board.Reader`).

    `start()` starts the projection and, with a telemetry, refreshes the per-place gauges when
    it changes; `exporting()` says whether this process should export them (the alert group's
    leader only, so that several alert workers do not report every place several times).
    """

    def __init__(self, settings: KafkaSettings, rules: tuple[Rule, ...],
                 clock: Callable[[], datetime], *, projection: AlertProjection | None = None,
                 telemetry: Telemetry | None = None, registry: CollectorRegistry | None = None,
                 inspector: BrokerInspector | None = None,
                 exporting: Callable[[], bool] = lambda: True,
                 timeout: float = SEND_TIMEOUT) -> None:
        self.settings = settings
        self.rules = rules
        self.clock_now = clock
        self.projection = projection or AlertProjection(settings)
        self.telemetry = telemetry
        self._registry = registry
        self.inspector = inspector or BrokerInspector(settings.bootstrap,
                                                      client_id=f"{settings.group}-alert-probe")
        self.exporting = exporting
        self.timeout = timeout
        self._lock = threading.Lock()
        self._producer: Any = None

    @property
    def registry(self) -> CollectorRegistry | None:
        return self._registry

    def start(self) -> None:
        if self.telemetry is not None:
            self.projection.listen(self.observe)
        self.projection.start()

    def close(self) -> None:
        self.projection.stop()
        with self._lock:
            if self._producer is not None:
                self._producer.close(timeout=5)
                self._producer = None
        self.inspector.close()

    def observe(self) -> None:
        """Rebuild the per-place gauges (or clear them on a process that does not export)."""
        if self.telemetry is None:
            return
        if self.exporting():
            self.telemetry.observed(self.places(), list(self.projection.alert_views().values()))
        else:
            self.telemetry.observed([], [])

    # --- reads -----------------------------------------------------------------------------

    def _days(self) -> dict[str, tuple[Situation, date]]:
        return {place: (state.situation, _day_of(state))
                for place, state in self.projection.place_states().items()}

    def _replay(self, day: date, places: Iterable[str] | None = None
                ) -> tuple[pipeline.AlertService, list[AlertEvent]]:
        """The alert service replayed over the signals known on `day`, then ticked to it: what
        `EmbeddedRuntime.as_of` does over its log (here without the ticks between, which
        change nothing but for signals that came after the watermark had passed their day)."""
        service = pipeline.AlertService(self.rules)
        produced: list[AlertEvent] = []
        for events in self.projection.signal_events(places).values():
            for event in events:
                if isinstance(event, SignalDetected) and event.signal.reported_on > day:
                    continue
                if isinstance(event, SignalRetracted) and event.event_time.date() > day:
                    continue
                produced += service.handle(event)
        produced += service.handle(pipeline.tick(day, self.clock_now()))
        return service, produced

    def alerts(self, status: str = "active", severity: str | None = None,
               place: str | None = None, rule: str | None = None,
               as_of: date | None = None) -> list[AlertView]:
        """As of a past day: a replay of the signals known then, with the acknowledgements
        made by then."""
        if as_of is not None:
            service, produced = self._replay(as_of)
            acknowledged = [e for e in self.projection.alert_events()
                            if isinstance(e, AlertAcknowledged) and e.event_time.date() <= as_of]
            days = {place_id: (state.situation, _day_of(state))
                    for place_id, state in service.places.items()}
            views = with_current_values(project_alerts([*produced, *acknowledged]), days)
        else:
            views = with_current_values(self.projection.alert_views(), self._days())
        return filter_alerts(list(views.values()), status, severity, place, rule)

    def alert(self, alert_id: str) -> AlertView | None:
        view = self.projection.alert_views().get(alert_id)
        if view is None:
            return None
        return with_current_values({alert_id: view}, self._days())[alert_id]

    def dispatch(self, dispatch_id: str) -> StoredDispatch | None:
        found = self.projection.dispatch(dispatch_id)
        if found is None:
            return None
        received, retracted = found
        return StoredDispatch(received.dispatch, received.recorded_time, retracted)

    def places(self) -> list[SituationView]:
        views = [describe(state.situation, _day_of(state))
                 for state in self.projection.place_states().values()]
        return sorted(views, key=lambda v: (v.place.name, v.place.id))

    def situation(self, place: str, as_of: date | None = None) -> SituationView | None:
        states: Iterable[PlaceState] = self.projection.place_states().values()
        if as_of is not None:
            wanted = {state.situation.place.id for state in by_preference(states, place)}
            states = self._replay(as_of, wanted)[0].places.values()
        for state in by_preference(states, place):
            return describe(state.situation, as_of or _day_of(state))
        return None

    def clock(self) -> date | None:
        return self.projection.clock()

    def ready(self) -> Readiness:
        reachable, detail = self.inspector.reachable()
        status = self.projection.status()
        clock = self.clock()
        return Readiness(reachable and status["caught_up"],
                         {"kafka": detail, **status,
                          "clock": clock.isoformat() if clock else None})

    # --- writes ----------------------------------------------------------------------------

    def acknowledge(self, alert_id: str, by: str, note: str = "") -> AlertView:
        view = self.projection.alert_views().get(alert_id)
        if view is None:
            raise KeyError(alert_id)
        recorded = self.clock_now()
        event = AlertAcknowledged(
            event_id="k-" + event_id("acknowledged", alert_id, by, recorded.isoformat()),
            event_time=recorded, recorded_time=recorded, alert_id=alert_id, by=by, note=note,
        )
        try:
            with self._lock:
                if self._producer is None:
                    self._producer = KafkaProducer(
                        bootstrap_servers=self.settings.bootstrap, acks="all",
                        enable_idempotence=True, client_id=f"{self.settings.group}-alert-api",
                        max_block_ms=int(self.timeout * 1000),
                        bootstrap_timeout_ms=int(self.timeout * 1000))
                future = self._producer.send(self.settings.topic("alerts"), encode_event(event),
                                             key=view.place.id.encode())
            future.get(timeout=self.timeout)
        except KafkaError as error:
            raise UnavailableError(f"Kafka at {self.settings.bootstrap}: {error}") from error
        self.projection.apply([event])
        acknowledged = self.alert(alert_id)
        assert acknowledged is not None
        return acknowledged


def _day_of(state: PlaceState) -> date:
    return state.evaluated or state.situation.day

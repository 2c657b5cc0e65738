"""The pipeline, defined once: what each service does to each event, whatever log it runs on.

ingest:   raw record            -> DispatchReceived | DispatchRejected
classify: DispatchReceived      -> SignalDetected...      (DispatchRetracted -> SignalRetracted...)
alert:    SignalDetected | SignalRetracted | ClockTicked -> AlertRaised | AlertEscalated | AlertResolved

Everything here is pure: time, ids, the gazetteer and the rules come in as arguments. The
embedded runtime and the Kafka runtime only move these events between logs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from schemas.clock import ClockTicked
from schemas.dispatch import DispatchReceived, DispatchRejected, DispatchRetracted
from schemas.envelope import event_id
from schemas.signal import Signal, SignalDetected, SignalRetracted
from services.alert.lifecycle import AlertEvent, PlaceState, advance, midnight
from services.alert.rules import Rule
from services.classify.extract import classify
from services.classify.gazetteer import Gazetteer
from services.ingest.errors import UnreadableDispatchError
from services.ingest.normalize import to_dispatch

EXCERPT_CHARS = 300


def receive(
    record: dict[str, Any], origin: str, recorded: datetime, default_source: str = "file"
) -> DispatchReceived | DispatchRejected:
    """Validate one raw record: a dispatch, or a dead letter saying why not."""
    try:
        dispatch = to_dispatch(record, default_source)
    except UnreadableDispatchError as error:
        return reject(error.reason, str(error), origin, _excerpt(record), recorded)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        message = str(error).splitlines()[0] if str(error) else "invalid dispatch"
        return reject("invalid", message, origin, _excerpt(record), recorded)
    return DispatchReceived(
        event_id="r-" + event_id("received", dispatch.id),
        event_time=dispatch.published,
        recorded_time=recorded,
        dispatch=dispatch,
    )


def reject(
    reason: str, message: str, origin: str, excerpt: str, recorded: datetime, stage: str = "ingest"
) -> DispatchRejected:
    """A dead letter. Its id is that of what was refused, so a refused item is kept once."""
    return DispatchRejected(
        event_id="x-" + event_id("rejected", stage, origin, excerpt),
        event_time=recorded,
        recorded_time=recorded,
        stage=stage,
        reason=f"{reason}: {message}",
        origin=origin,
        excerpt=excerpt[:EXCERPT_CHARS],
    )


def _excerpt(record: dict[str, Any]) -> str:
    text = record.get("text")
    return text[:EXCERPT_CHARS] if isinstance(text, str) else repr(record)[:EXCERPT_CHARS]


def detect(received: DispatchReceived, gazetteer: Gazetteer) -> list[SignalDetected]:
    """The classify service: the signals of one dispatch, as events."""
    return [
        SignalDetected(
            event_id=signal.id,
            event_time=received.dispatch.published,
            recorded_time=received.recorded_time,
            caused_by=received.event_id,
            signal=signal,
        )
        for signal in classify(received.dispatch, gazetteer)
    ]


def retract(retracted: DispatchRetracted, signals: Iterable[Signal]) -> list[SignalRetracted]:
    """A withdrawn dispatch takes back every signal read from it."""
    return [
        SignalRetracted(
            event_id="t-" + event_id("retracted", signal.id),
            event_time=retracted.event_time,
            recorded_time=retracted.recorded_time,
            caused_by=retracted.event_id,
            signal_id=signal.id,
            place_id=signal.place.id,
            reason=retracted.reason,
        )
        for signal in signals
        if signal.dispatch_id == retracted.dispatch_id
    ]


def tick(day: date, recorded: datetime) -> ClockTicked:
    """A clock tick for `day`; ticks of the same day are one event."""
    return ClockTicked(event_id="c-" + event_id("tick", day), event_time=midnight(day),
                       recorded_time=recorded, day=day)


PlaceEvent = SignalDetected | SignalRetracted | ClockTicked


def place_of(event: SignalDetected | SignalRetracted) -> str:
    return event.signal.place.id if isinstance(event, SignalDetected) else event.place_id


class AlertService:
    """The alert service's state: one `PlaceState` per place and the watermark (the latest
    clock tick). Pure apart from holding them."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.places: dict[str, PlaceState] = {}
        self.watermark: date | None = None

    def handle(self, event: PlaceEvent) -> list[AlertEvent]:
        """Alert events caused by one signal, retraction or tick (a tick reaches every place)."""
        if isinstance(event, ClockTicked):
            if self.watermark is not None and event.day <= self.watermark:
                return []  # time does not go back
            self.watermark = event.day
            return [alert for place in sorted(self.places) for alert in self.handle_at(place, event)]
        return self.handle_at(place_of(event), event)

    def handle_at(self, place_id: str, event: PlaceEvent) -> list[AlertEvent]:
        state, alerts = advance(self.places.get(place_id), event, self.rules, self.watermark)
        if state is not None:
            self.places[place_id] = state
        return alerts

"""The embedded runtime: ingest, classify and alert as consumers of one SQLite log.

Each service keeps an offset in the log like a Kafka consumer group, so a run that stops half
way resumes where it stopped, and a replay is the same consumers started from zero.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from schemas.alert import AlertAcknowledged
from schemas.clock import ClockTicked
from schemas.dispatch import DispatchReceived, DispatchRejected, DispatchRetracted
from schemas.envelope import Event, event_id
from schemas.signal import Signal, SignalDetected, SignalRetracted
from services import pipeline
from services.alert.lifecycle import AlertEvent
from services.alert.rules import Rule
from services.alert.situation import Situation
from services.alert.views import AlertView, describe, project_alerts, with_current_values
from services.classify.gazetteer import Gazetteer
from services.ingest.sources import Item
from services.runtime.embedded.log import SqliteLog
from services.runtime.ports import NoTelemetry, Telemetry

Progress = Callable[[int, int], None]


@dataclass
class RunReport:
    """What one run did, for the operator and the tests."""

    received: list[DispatchReceived] = field(default_factory=list)
    duplicates: int = 0
    rejected: list[DispatchRejected] = field(default_factory=list)
    signals: list[Event] = field(default_factory=list)
    alerts: list[AlertEvent] = field(default_factory=list)


class EmbeddedRuntime:
    """All services in one process. `clock` is only used to stamp `recorded_time`."""

    def __init__(
        self,
        log: SqliteLog,
        rules: tuple[Rule, ...],
        gazetteer: Callable[[], Gazetteer],
        clock: Callable[[], datetime],
        telemetry: Telemetry | None = None,
        monotonic: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.log = log
        self.telemetry: Telemetry = telemetry or NoTelemetry()
        self.monotonic = monotonic
        self.rules = rules
        self._gazetteer = gazetteer
        self.clock = clock
        self._alerting: pipeline.AlertService | None = None
        # When this process received each dispatch, for the end-to-end latency it reports.
        self._started: dict[str, float] = {}

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer()

    # --- ingest ---------------------------------------------------------------------------

    def ingest(self, items: Iterable[Item], source: str = "file") -> RunReport:
        """Validate items and append them: dispatches in publication order, dead letters aside."""
        report = RunReport()
        recorded = self.clock()
        received: list[DispatchReceived] = []
        rejected: list[DispatchRejected] = []
        for item in items:
            if item.error is not None:
                rejected.append(pipeline.reject(item.error.reason, str(item.error), item.origin,
                                                item.excerpt, recorded))
                continue
            assert item.record is not None
            event = pipeline.receive(item.record, item.origin, recorded, source)
            (received if isinstance(event, DispatchReceived) else rejected).append(event)  # type: ignore[arg-type]
        received.sort(key=lambda e: (e.dispatch.published, e.dispatch.id))
        new = self.log.append(received)
        self._started = {event.event_id: self.monotonic() for event in new}
        report.received = new  # type: ignore[assignment]
        report.duplicates = len(received) - len(new)
        report.rejected = self.log.append(rejected)  # type: ignore[assignment]
        self.telemetry.received([*report.received, *report.rejected])
        return report

    def retract(self, dispatch_id: str, reason: str) -> list[Event]:
        recorded = self.clock()
        event = DispatchRetracted(
            event_id="w-" + event_id("retracted", dispatch_id), event_time=recorded,
            recorded_time=recorded, dispatch_id=dispatch_id, reason=reason,
        )
        return self.log.append([event])

    def advance_clock(self, day: date) -> list[Event]:
        """A clock tick: every place's rules are evaluated up to `day`."""
        return self.log.append([pipeline.tick(day, self.clock())])

    def acknowledge(self, alert_id: str, by: str, note: str = "") -> AlertAcknowledged:
        if alert_id not in self.log.projection("alerts"):
            raise KeyError(alert_id)
        recorded = self.clock()
        event = AlertAcknowledged(
            event_id="k-" + event_id("acknowledged", alert_id, by, recorded.isoformat()),
            event_time=recorded, recorded_time=recorded, alert_id=alert_id, by=by, note=note,
        )
        self.log.append([event])
        self._project()
        return event

    # --- the pipeline ----------------------------------------------------------------------

    def run(self, items: Iterable[Item], source: str = "file",
            progress: Progress | None = None) -> RunReport:
        """Ingest, classify and alert, the clock following the dispatches day by day."""
        report = self.ingest(items, source)
        return self.process(report, progress)

    def clock_day(self) -> date:
        """The latest day the log's clock has reached."""
        row = self.log.db.execute("SELECT max(event_time) FROM events WHERE stream = 'ticks'")
        newest = row.fetchone()[0]
        return datetime.fromisoformat(newest).date() if newest else date.min

    def process(self, report: RunReport | None = None, progress: Progress | None = None) -> RunReport:
        """Run the classify and alert consumers over what they have not seen yet."""
        report = report or RunReport()
        report.signals += self._classify(progress)
        report.alerts += self._alert()
        self._project()
        return report

    def _classify(self, progress: Progress | None) -> list[Event]:
        """Classify what is new. Dispatches come in publication order, so when one of a later
        day comes, every dispatch of the days before has been read: the clock ticks to the
        last of them (and, at the end, to the newest), behind their signals."""
        start = self.log.offset("classify")
        pending = list(self.log.read(["dispatches"], after=start))
        produced: list[Event] = []
        ticked = newest = self.clock_day()
        for done, (position, event) in enumerate(pending, start=1):
            if isinstance(event, DispatchReceived):
                day = event.dispatch.published_day
                if day - timedelta(days=1) > ticked:
                    ticked = day - timedelta(days=1)
                    self.advance_clock(ticked)
                newest = max(newest, day)
                started = self.monotonic()
                detected = pipeline.detect(event, self.gazetteer)
                self.telemetry.classified(detected, self.monotonic() - started)
                produced += self.log.append(detected)
            elif isinstance(event, DispatchRetracted):
                produced += self.log.append(pipeline.retract(event, self._signals_of(event)))
            self.log.commit("classify", position)
            if progress is not None:
                progress(done, len(pending))
        if newest > ticked:
            self.advance_clock(newest)
        return produced

    def _signals_of(self, retracted: DispatchRetracted) -> list[Signal]:
        return [event.signal for _, event in self.log.read(["signals"])
                if isinstance(event, SignalDetected)
                and event.signal.dispatch_id == retracted.dispatch_id]

    def refresh(self) -> RunReport:
        """Catch up with what another process appended to the same log."""
        self._alerting = None
        return self.process()

    @property
    def alerting(self) -> pipeline.AlertService:
        """The alert service's state, rebuilt from the log up to the alert consumer's offset."""
        if self._alerting is None:
            service = pipeline.AlertService(self.rules)
            done = self.log.offset("alert")
            for position, event in self.log.read(["signals", "ticks"]):
                if position > done:
                    break
                service.handle(event)
            self._alerting = service
        return self._alerting

    def _alert(self) -> list[AlertEvent]:
        service = self.alerting
        produced: list[AlertEvent] = []
        for position, event in self.log.read(["signals", "ticks"], after=self.log.offset("alert")):
            written = self.log.append(service.handle(event))
            # Latency from the dispatch being recorded to its alert being written (live runs);
            # measured on the precise clock, not the second-rounded recorded times.
            delay = max(0.0, self.monotonic() - self._started.get(event.caused_by or "", 0.0))
            self.telemetry.alerted(written, [delay if self._started else 0.0] * len(written))
            produced += written  # type: ignore[arg-type]
            self.log.commit("alert", position)
        return produced

    # --- projections ---------------------------------------------------------------------

    def _project(self) -> None:
        alerts = self.alert_views()
        self.log.save_projection("alerts", {k: v.model_dump_json() for k, v in alerts.items()})
        situations = {
            place: describe(state.situation, state.evaluated or state.situation.day)
            for place, state in self.alerting.places.items()
        }
        self.log.save_projection("situations",
                                 {k: v.model_dump_json() for k, v in situations.items()})
        self.telemetry.observed(list(situations.values()), list(alerts.values()))

    def alert_views(self) -> dict[str, AlertView]:
        """Every alert, active ones with their measure as of the log's clock."""
        views = project_alerts(event for _, event in self.log.read(["alerts"]))
        return with_current_values(views, _days(self.alerting))

    def replay(self) -> int:
        """Rebuild every projection from the log; return how many events it derived anew."""
        before = self.log.last_position()
        self.log.reset_derived()
        self._alerting = None
        self.process()
        return self.log.last_position() - before

    def as_of(self, day: date) -> tuple[pipeline.AlertService, dict[str, AlertView]]:
        """Situations and alerts as they stood on `day`: a replay that stops there."""
        service = pipeline.AlertService(self.rules)
        alerts: list[Any] = []
        for _, event in self.log.read(["signals", "ticks"]):
            if isinstance(event, SignalDetected) and event.signal.reported_on > day:
                continue
            if isinstance(event, ClockTicked) and event.day > day:
                continue
            if isinstance(event, SignalRetracted) and event.event_time.date() > day:
                continue
            alerts += service.handle(event)
        alerts += service.handle(pipeline.tick(day, self.clock()))
        acknowledged = [e for _, e in self.log.read(["alerts"])
                        if isinstance(e, AlertAcknowledged) and e.event_time.date() <= day]
        views = project_alerts([*alerts, *acknowledged])
        return service, with_current_values(views, _days(service))


def _days(service: pipeline.AlertService) -> dict[str, tuple[Situation, date]]:
    return {place: (state.situation, state.evaluated or state.situation.day)
            for place, state in service.places.items()}

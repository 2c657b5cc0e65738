"""The faust agents: plumbing around the pure pipeline. Decode, call the core, emit.

classify: dispatches -> signals (keyed by place), ticks forwarded to every signals partition.
alert:    signals -> alerts (keyed by place); a place's state lives in the `places` table.
Anything that is not a valid event becomes a dead letter; an agent never dies on a message.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from schemas.clock import ClockTicked
from schemas.dispatch import DispatchReceived, DispatchRetracted
from schemas.signal import Signal, SignalDetected, SignalRetracted
from services import pipeline
from services.alert.lifecycle import PlaceState, advance, quiet_after
from services.alert.rules import Rule
from services.classify.places import Gazetteer
from services.runtime.kafka import codec
from services.runtime.kafka.topology import Topology, table
from services.runtime.ports import NoTelemetry, Telemetry

log = logging.getLogger("tocsin.kafka")
TICK_KEY = b"tick"


def _now() -> datetime:
    """Stamps dead letters' recorded time only; never decides an alert."""
    return datetime.now(UTC).replace(microsecond=0)


async def _dead_letter(topology: Topology, stage: str, reason: str, value: bytes | None,
                       where: str, report: Telemetry) -> None:
    excerpt = repr(value[:200]) if value else ""
    letter = pipeline.reject(reason, _describe(reason), where, excerpt, _now(), stage=stage)
    await topology.dead_letters.send(key=where.encode(), value=letter)
    report.received([letter])


def _describe(reason: str) -> str:
    return {"undecodable": "not a tocsin event (bad bytes or JSON)",
            "invalid": "an event that fails validation",
            "unexpected": "an event of a type this topic does not carry"}.get(reason, reason)


def _read(value: bytes | None) -> tuple[Any, str | None]:
    """The event in a message, or why there is none."""
    try:
        return codec.decode(value), None
    except ValidationError:
        return None, "invalid"
    except ValueError:
        return None, "undecodable"


async def _guarded(topology: Topology, stage: str, where: str, value: bytes | None,
                   work: Coroutine[Any, Any, None], report: Telemetry) -> None:
    """Run the work for one message; if it fails, dead-letter the message and carry on."""
    try:
        await work
    except Exception as error:  # a worker never dies on one message
        log.exception("%s failed on %s", stage, where)
        await _dead_letter(topology, stage, f"failed: {type(error).__name__}: {error}",
                           value, where, report)


def install_classify(topology: Topology, gazetteer: Callable[[], Gazetteer],
                     telemetry: Telemetry | None = None, tick_every: float = 0) -> None:
    """The classify agent (and, when `tick_every` > 0, the leader's wall-clock ticker)."""
    report = telemetry or NoTelemetry()
    read_from = table(topology, "dispatch_signals")
    partitions = topology.settings.partitions

    @topology.app.agent(topology.dispatches, name="classify")
    async def classify(stream: Any) -> None:
        async for message in stream.events():
            where = f"{message.message.topic}:{message.message.partition}@{message.message.offset}"
            event, problem = _read(message.value)
            if problem is not None:
                await _dead_letter(topology, "classify", problem, message.value, where, report)
            elif isinstance(event, DispatchReceived):
                await _guarded(topology, "classify", where, message.value, _classify_one(event),
                               report)
            elif isinstance(event, DispatchRetracted):
                await _retract(event)
            elif isinstance(event, ClockTicked):
                for target in range(partitions):
                    await topology.signals.send(
                        key=b"tick:%d" % message.message.partition, partition=target,
                        value=codec.EventCodec().dumps(event))
            else:
                await _dead_letter(topology, "classify", "unexpected", message.value, where,
                                   report)

    async def _classify_one(event: DispatchReceived) -> None:
        import time

        started = time.perf_counter()
        detected = pipeline.detect(event, gazetteer())
        report.classified(detected, time.perf_counter() - started)
        for signal in detected:
            await topology.signals.send(key=signal.signal.place.id.encode(),
                                        value=codec.EventCodec().dumps(signal))
        read_from[event.dispatch.id] = json.dumps(
            [json.loads(s.signal.model_dump_json()) for s in detected]).encode()

    async def _retract(event: DispatchRetracted) -> None:
        stored = read_from.get(event.dispatch_id)
        signals = [Signal.model_validate(s) for s in json.loads(stored)] if stored else []
        for retracted in pipeline.retract(event, signals):
            await topology.signals.send(key=retracted.place_id.encode(),
                                        value=codec.EventCodec().dumps(retracted))

    if tick_every > 0:
        @topology.app.timer(interval=tick_every, on_leader=True)
        async def wall_clock_tick() -> None:
            # Live deployments only: today's date marks the watermark when no dispatch comes.
            tick = pipeline.tick(_now().date(), _now())
            for target in range(partitions):
                await topology.dispatches.send(key=TICK_KEY, partition=target,
                                               value=codec.EventCodec().dumps(tick))


def install_alert(topology: Topology, rules: tuple[Rule, ...],
                  telemetry: Telemetry | None = None) -> None:
    """The alert agent: one place's state per key of the `places` table."""
    report = telemetry or NoTelemetry()
    places = table(topology, "places")
    watermarks = table(topology, "watermarks")
    sources = topology.settings.partitions
    # place -> (partition, has an active alert, day after which nothing can fire there),
    # in memory so that a tick only decodes the places it can change; rebuilt from the
    # table for each partition this worker is given.
    index: dict[str, tuple[int, bool, date]] = {}
    indexed: set[int] = set()

    def _remember(place_id: str, partition: int, state: PlaceState) -> None:
        index[place_id] = (partition, bool(state.active), quiet_after(state.situation, rules))

    def _index(partition: int) -> None:
        if partition in indexed:
            return
        for place_id, value in places.items():
            stored = json.loads(value) if value else None
            if stored is not None and stored["partition"] == partition:
                _remember(place_id, partition, PlaceState.model_validate_json(stored["state"]))
        indexed.add(partition)

    @topology.app.agent(topology.signals, name="alert")
    async def alert(stream: Any) -> None:
        async for message in stream.events():
            partition = message.message.partition
            where = f"{message.message.topic}:{partition}@{message.message.offset}"
            event, problem = _read(message.value)
            if problem is not None:
                await _dead_letter(topology, "alert", problem, message.value, where, report)
            elif isinstance(event, SignalDetected | SignalRetracted):
                await _guarded(topology, "alert", where, message.value,
                               _at_place(pipeline.place_of(event), partition, event), report)
            elif isinstance(event, ClockTicked):
                await _tick(partition, message.key or b"tick:0", event)
            else:
                await _dead_letter(topology, "alert", "unexpected", message.value, where, report)

    def _watermark(partition: int) -> date | None:
        stored = watermarks.get(str(partition))
        marks: dict[str, str] = json.loads(stored)["sources"] if stored else {}
        if len(marks) < sources:
            return None  # not every dispatches partition has reported yet
        return min(date.fromisoformat(day) for day in marks.values())

    async def _at_place(place_id: str, partition: int, event: Any) -> None:
        stored = places.get(place_id)
        state = PlaceState.model_validate_json(json.loads(stored)["state"]) if stored else None
        state, alerts = advance(state, event, rules, _watermark(partition))
        if state is not None:
            places[place_id] = json.dumps({"partition": partition,
                                           "state": state.model_dump_json()}).encode()
            _remember(place_id, partition, state)
        for produced in alerts:
            await topology.alerts.send(key=place_id.encode(), value=produced)
        if alerts:
            delay = (_now() - event.recorded_time).total_seconds()
            report.alerted(alerts, [delay] * len(alerts))

    async def _tick(partition: int, key: bytes, event: ClockTicked) -> None:
        before = _watermark(partition)
        stored = watermarks.get(str(partition))
        marks: dict[str, str] = json.loads(stored)["sources"] if stored else {}
        source = key.decode().split(":")[-1]
        if source in marks and date.fromisoformat(marks[source]) >= event.day:
            return
        marks[source] = event.day.isoformat()
        watermarks[str(partition)] = json.dumps({"sources": marks}).encode()
        after = _watermark(partition)
        if after is None or (before is not None and after <= before):
            return
        tick = pipeline.tick(after, event.recorded_time)
        _index(partition)
        # A place with no active alert that went quiet before the old watermark cannot change.
        mine = sorted(place_id for place_id, (part, active, quiet) in index.items()
                      if part == partition and (active or before is None or quiet >= before))
        for place_id in mine:
            await _at_place(place_id, partition, tick)

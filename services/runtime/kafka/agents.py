"""The faust agents: plumbing around the pure pipeline. Decode, call the core, emit.

classify: dispatches -> signals (keyed by place), ticks forwarded to every signals partition.
alert:    signals -> alerts (keyed by place); a place's state lives in the `places` table.

Both agents take their messages in batches (as many as came within BATCH_WAIT, at most
BATCH). Inside a batch every message is handled alone, in offset order, exactly as the core
would handle it; what a batch saves is the plumbing around it: a place's state is decoded
once and written once per batch, not once per signal. Outputs are sent, and the alert
worker waits for the broker to have them, before its tables are written and the batch's
offsets can be committed: a worker killed mid-batch reads the batch again and, the ids being
deterministic, writes the same events again, never fewer.

Anything that is not a valid event becomes a dead letter; an agent never dies on a message.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from aiokafka.errors import KafkaError
from pydantic import ValidationError

from schemas.clock import ClockTicked
from schemas.dispatch import DispatchReceived, DispatchRejected, DispatchRetracted
from schemas.envelope import Event
from schemas.events import encode_event
from schemas.signal import Signal, SignalDetected, SignalRetracted
from services import pipeline
from services.alert.lifecycle import (
    AlertEvent,
    PlaceEvent,
    PlaceState,
    advance,
    quiet_after,
    quiet_after_signal,
)
from services.alert.rules import Rule
from services.classify.extract import warm_up
from services.classify.gazetteer import Gazetteer
from services.runtime.kafka import codec
from services.runtime.kafka.topology import Topology, table, write
from services.runtime.ports import NoTelemetry, Telemetry

log = logging.getLogger("tocsin.kafka")
TICK_KEY = b"tick"
BATCH = 500
BATCH_WAIT = 0.02  # seconds a batch waits for more messages: the latency each stage adds
T = TypeVar("T")


def _now() -> datetime:
    """Stamps dead letters' recorded time only; never decides an alert."""
    return datetime.now(UTC).replace(microsecond=0)


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


def _where(message: Any) -> str:
    return f"{message.message.topic}:{message.message.partition}@{message.message.offset}"


@dataclass
class Outbox:
    """What a batch will send, in the order it was decided; sent at the end of the batch."""

    stage: str
    messages: list[tuple[str, bytes | None, bytes, int | None]] = field(default_factory=list)
    dead: list[DispatchRejected] = field(default_factory=list)

    def put(self, topic: Any, key: bytes | None, value: bytes | Event,
            partition: int | None = None) -> None:
        encoded = value if isinstance(value, bytes) else encode_event(value)
        self.messages.append((topic.get_topic_name(), key, encoded, partition))

    def dead_letter(self, topology: Topology, reason: str, value: bytes | None, where: str) -> None:
        excerpt = repr(value[:200]) if value else ""
        letter = pipeline.reject(reason, _describe(reason), where, excerpt, _now(), stage=self.stage)
        self.put(topology.dead_letters, where.encode(), letter)
        self.dead.append(letter)

    def guarded(self, topology: Topology, message: Any, work: Callable[..., None],
                *args: Any) -> None:
        """Run the work for one message; if it fails, dead-letter the message and carry on."""
        try:
            work(*args)
        except Exception as error:  # a worker never dies on one message
            where = _where(message)
            log.exception("%s failed on %s", self.stage, where)
            self.dead_letter(topology, f"failed: {type(error).__name__}: {error}",
                             message.value, where)

    async def send(self, producer: Any, report: Telemetry, wait: bool = False) -> None:
        """Send everything; with `wait`, return only once the broker has it all.

        Straight to the app's producer: the bytes are ready, and faust's own `Topic.send`
        costs as much again per message for what it adds (sensors, callbacks)."""
        while True:
            sent = [await producer.send(topic, key, value, partition, None, None)
                    for topic, key, value, partition in self.messages]
            try:
                if wait and sent:
                    await asyncio.gather(*sent)
                break
            except KafkaError as error:  # the broker gave up on some: all again (same ids)
                log.warning("%s: sending a batch failed (%s); sending it again", self.stage, error)
                await asyncio.sleep(1)
        if self.dead:
            report.received(self.dead)


class Decoded(Generic[T]):
    """A faust table of bytes seen as decoded values: decoded once per change, written once
    per batch. The table stays the truth (it is what the changelog restores after a crash or
    a rebalance); a value is decoded again whenever the table's bytes differ from those
    decoded last."""

    def __init__(self, backing: Any, decode: Callable[[bytes], T],
                 encode: Callable[[T], bytes]) -> None:
        self.table = backing
        self.decode = decode
        self.encode = encode
        self.decoded: dict[str, tuple[bytes, T]] = {}
        self.dirty: dict[str, tuple[int, T]] = {}

    def get(self, key: str) -> T | None:
        if key in self.dirty:
            return self.dirty[key][1]
        raw = self.table.get(key)
        if raw is None:
            return None
        cached = self.decoded.get(key)
        if cached is not None and (cached[0] is raw or cached[0] == raw):
            return cached[1]
        value = self.decode(raw)
        self.decoded[key] = (raw, value)
        return value

    def put(self, key: str, value: T, partition: int) -> None:
        """Set a key, in the changelog's `partition` (that of the message being handled)."""
        self.dirty[key] = (partition, value)

    def known(self) -> Iterator[str]:
        yield from {*self.table.keys(), *self.dirty}

    def write(self) -> None:
        for key, (partition, value) in self.dirty.items():
            raw = self.encode(value)
            write(self.table, partition, key, raw)
            self.decoded[key] = (raw, value)
        self.dirty.clear()


def install_classify(topology: Topology, gazetteer: Callable[[], Gazetteer],
                     telemetry: Telemetry | None = None, tick_every: float = 0) -> None:
    """The classify agent (and, when `tick_every` > 0, the leader's wall-clock ticker)."""
    report = telemetry or NoTelemetry()
    read_from = table(topology, "dispatch_signals")  # dispatch id -> its signals, to retract
    partitions = topology.settings.partitions
    places = gazetteer()
    warm_up(places)  # what is built on first use is built now, not on the first dispatches
    # The gazetteer is millions of objects that live as long as the worker: out of the
    # collector's sight, or each full collection stalls the stream for half a second.
    gc.collect()
    gc.freeze()

    @topology.app.agent(topology.dispatches, name="classify")
    async def classify(stream: Any) -> None:
        async for batch in stream.take_events(BATCH, within=BATCH_WAIT):
            outbox = Outbox("classify")
            remember: dict[str, tuple[int, bytes]] = {}
            read = [(message, *_read(message.value)) for message in batch]
            # Of one dispatches partition's ticks in a batch only the last is passed on: it
            # marks every dispatch before it as read, and the days between are evaluated
            # all the same.
            last_tick = {message.message.partition: index
                         for index, (message, event, _) in enumerate(read)
                         if isinstance(event, ClockTicked)}
            for index, (message, event, problem) in enumerate(read):
                if problem is not None:
                    outbox.dead_letter(topology, problem, message.value, _where(message))
                elif isinstance(event, DispatchReceived):
                    outbox.guarded(topology, message, _classify_one, event,
                                   message.message.partition, outbox, remember)
                elif isinstance(event, DispatchRetracted):
                    outbox.guarded(topology, message, _retract, event, outbox)
                elif isinstance(event, ClockTicked):
                    if last_tick[message.message.partition] != index:
                        continue
                    value = encode_event(event)
                    for target in range(partitions):
                        outbox.put(topology.signals, b"tick:%d" % message.message.partition,
                                   value, target)
                else:
                    outbox.dead_letter(topology, "unexpected", message.value, _where(message))
            await outbox.send(topology.app.producer, report)
            for dispatch_id, (partition, signals) in remember.items():
                write(read_from, partition, dispatch_id, signals)

    def _classify_one(event: DispatchReceived, partition: int, outbox: Outbox,
                      remember: dict[str, tuple[int, bytes]]) -> None:
        started = time.perf_counter()
        detected = pipeline.detect(event, places)
        report.classified(detected, time.perf_counter() - started)
        for signal in detected:
            outbox.put(topology.signals, signal.signal.place.id.encode(), encode_event(signal))
        if detected:
            remember[event.dispatch.id] = (partition, b"[%s]" % b",".join(
                s.signal.model_dump_json().encode() for s in detected))

    def _retract(event: DispatchRetracted, outbox: Outbox) -> None:
        stored = read_from.get(event.dispatch_id)
        signals = [Signal.model_validate(s) for s in json.loads(stored)] if stored else []
        for retracted in pipeline.retract(event, signals):
            outbox.put(topology.signals, retracted.place_id.encode(), encode_event(retracted))

    if tick_every > 0:
        @topology.app.timer(interval=tick_every, on_leader=True)
        async def wall_clock_tick() -> None:
            # Live deployments only: today's date marks the watermark when no dispatch comes.
            tick = pipeline.tick(_now().date(), _now())
            for target in range(partitions):
                await topology.dispatches.send(key=TICK_KEY, partition=target,
                                               value=codec.EventCodec().dumps(tick))


def _decode_marks(raw: bytes) -> dict[str, date]:
    return {source: date.fromisoformat(day) for source, day in json.loads(raw)["sources"].items()}


def _encode_marks(marks: dict[str, date]) -> bytes:
    return json.dumps({"sources": {source: day.isoformat() for source, day in marks.items()}}).encode()


def install_alert(topology: Topology, rules: tuple[Rule, ...],
                  telemetry: Telemetry | None = None) -> None:
    """The alert agent: one place's state per key of the `places` table."""
    report = telemetry or NoTelemetry()
    places = Decoded(table(topology, "places"), codec.unpack_place,
                     lambda entry: codec.pack_place(*entry))
    # signals partition -> the latest day ticked by each dispatches partition
    watermarks = Decoded(table(topology, "watermarks"), _decode_marks, _encode_marks)
    sources = topology.settings.partitions
    signals_topic = topology.settings.topic("signals")
    # place -> (partition, has an active alert, day after which nothing can fire there),
    # in memory so that a tick only decodes the places it can change; built from the table
    # for each partition this worker is given, forgotten when the partition is taken away.
    index: dict[str, tuple[int, bool, date]] = {}
    indexed: set[int] = set()

    def _remember(place_id: str, partition: int, state: PlaceState,
                  event: PlaceEvent | None = None) -> None:
        """Index a place. Its quiet day is read off all its signals only when the index first
        meets it: then a new signal can only move it later, and a tick or a retraction leaves
        it (a quiet day later than need be only makes a tick look at the place once more)."""
        known = index.get(place_id)
        if known is None:
            quiet = quiet_after(state.situation, rules)
        elif isinstance(event, SignalDetected):
            quiet = max(known[2], quiet_after_signal(event.signal, rules))
        else:
            quiet = known[2]
        index[place_id] = (partition, bool(state.active), quiet)

    def _index(partition: int) -> None:
        if partition in indexed:
            return
        for place_id in places.known():
            stored = places.get(place_id)
            if stored is not None and stored[0] == partition:
                _remember(place_id, partition, stored[1])
        indexed.add(partition)

    @topology.app.on_partitions_revoked.connect  # type: ignore[arg-type]  # mode types it loosely
    async def _forget(app: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        revoked: set[Any] = args[0] if args else kwargs.get("revoked", set())
        gone = {tp.partition for tp in revoked if tp.topic == signals_topic}
        indexed.difference_update(gone)
        for place_id in [p for p, (part, _, _) in index.items() if part in gone]:
            del index[place_id]

    @topology.app.agent(topology.signals, name="alert")
    async def alert(stream: Any) -> None:
        async for batch in stream.take_events(BATCH, within=BATCH_WAIT):
            outbox = Outbox("alert")
            alerted: list[tuple[AlertEvent, datetime]] = []
            for message in batch:
                partition = message.message.partition
                event, problem = _read(message.value)
                if problem is not None:
                    outbox.dead_letter(topology, problem, message.value, _where(message))
                elif isinstance(event, SignalDetected | SignalRetracted):
                    outbox.guarded(topology, message, _at_place, pipeline.place_of(event),
                                   partition, event, outbox, alerted)
                elif isinstance(event, ClockTicked):
                    outbox.guarded(topology, message, _tick, partition, message.key or b"tick:0",
                                   event, outbox, alerted)
                else:
                    outbox.dead_letter(topology, "unexpected", message.value, _where(message))
            # The alerts are in the broker before the states that no longer expect them.
            await outbox.send(topology.app.producer, report, wait=True)
            places.write()
            watermarks.write()
            if alerted:
                now = _now()
                report.alerted([a for a, _ in alerted],
                               [(now - recorded).total_seconds() for _, recorded in alerted])

    def _watermark(partition: int) -> date | None:
        marks = watermarks.get(str(partition)) or {}
        if len(marks) < sources:
            return None  # not every dispatches partition has reported yet
        return min(marks.values())

    def _at_place(place_id: str, partition: int, event: Any, outbox: Outbox,
                  alerted: list[tuple[AlertEvent, datetime]]) -> None:
        stored = places.get(place_id)
        state, alerts = advance(stored[1] if stored else None, event, rules, _watermark(partition))
        if state is not None:
            places.put(place_id, (partition, state), partition)
            _remember(place_id, partition, state, event)
        for produced in alerts:
            outbox.put(topology.alerts, place_id.encode(), produced)
            alerted.append((produced, event.recorded_time))

    def _tick(partition: int, key: bytes, event: ClockTicked, outbox: Outbox,
              alerted: list[tuple[AlertEvent, datetime]]) -> None:
        before = _watermark(partition)
        marks = dict(watermarks.get(str(partition)) or {})
        source = key.decode().split(":")[-1]
        if source in marks and marks[source] >= event.day:
            return
        marks[source] = event.day
        watermarks.put(str(partition), marks, partition)
        after = _watermark(partition)
        if after is None or (before is not None and after <= before):
            return
        tick = pipeline.tick(after, event.recorded_time)
        _index(partition)
        # A place with no active alert that went quiet before the old watermark cannot change.
        mine = sorted(place_id for place_id, (part, active, quiet) in index.items()
                      if part == partition and (active or before is None or quiet >= before))
        for place_id in mine:
            _at_place(place_id, partition, tick, outbox, alerted)

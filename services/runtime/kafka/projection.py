"""What the alert worker serves to operators: every alert, every place, the clock, every dispatch.

A kafka-python consumer on a thread of its own, outside any consumer group, reads every
partition of
- the alerts topic, folded into one view per alert with `services.alert.views.project_alerts`
  (each event id once: a redelivered `AlertRaised` must not wipe an acknowledgement);
- the changelog topics of the alert worker's `places` and `watermarks` tables, which faust
  writes as it updates them: each place's `PlaceState`, and per signals partition the latest
  tick from each dispatches partition (the watermark is the smallest);
- the signals topic, kept per place as the bytes of each signal event (ticks aside): what a
  replay "as of" a past day needs, since a place's running state keeps only the signals its
  measures can still reach;
- the keys of the dispatches topic: an index from dispatch id to (partition, offset), so one
  dispatch can be fetched when asked for without keeping every text in memory.

So every alert worker serves the whole picture, whatever partitions faust assigned it, and
a rebalance does not empty it. It lags the tables by the time faust takes to write a change
(well under a second) and it is read-only: acknowledgements are written to the alerts topic
by the caller and applied here at once (`apply`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from kafka import KafkaConsumer, TopicPartition

from schemas.alert import AlertAcknowledged, AlertEscalated, AlertRaised, AlertResolved
from schemas.dispatch import DispatchReceived, DispatchRetracted
from schemas.events import decode_event
from schemas.signal import SignalDetected, SignalRetracted
from services.alert.lifecycle import PlaceState
from services.alert.views import AlertEventT, AlertView, project_alerts
from services.runtime.kafka.codec import unpack_place
from services.runtime.kafka.settings import KafkaSettings

log = logging.getLogger("tocsin.kafka.projection")
ALERT_EVENTS = (AlertRaised, AlertEscalated, AlertResolved, AlertAcknowledged)


def changelog(settings: KafkaSettings, role: str, table: str) -> str:
    """The topic faust keeps a table in: `{app id}-{table}-changelog`."""
    return f"{settings.group}-{role}-{table}-changelog"


class AlertProjection:
    """Alerts, places, watermarks and a dispatch index, kept up to date by a consumer thread.

    `start()` and `stop()` run the thread; the readers may be called from any thread.
    Listeners added with `listen` are called on the thread after a batch changed something
    (at most every `notify_seconds`) and at least every `idle_notify_seconds`.
    """

    def __init__(self, settings: KafkaSettings, *, poll_ms: int = 300, refresh_seconds: float = 5.0,
                 notify_seconds: float = 1.0, idle_notify_seconds: float = 15.0,
                 timeout_ms: int = 5000) -> None:
        self.settings = settings
        self.topics = {
            "alerts": settings.topic("alerts"),
            "places": changelog(settings, "alert", "places"),
            "watermarks": changelog(settings, "alert", "watermarks"),
            "dispatches": settings.topic("dispatches"),
            "signals": settings.topic("signals"),
        }
        self._kind = {topic: kind for kind, topic in self.topics.items()}
        self.poll_ms = poll_ms
        self.refresh_seconds = refresh_seconds
        self.notify_seconds = notify_seconds
        self.idle_notify_seconds = idle_notify_seconds
        self.timeout_ms = timeout_ms
        self._lock = threading.RLock()
        self._events: list[AlertEventT] = []  # every alert event once, in the order read
        self._seen: set[str] = set()
        self._views: dict[str, AlertView] = {}  # replaced, never changed in place
        self._places: dict[str, bytes] = {}
        self._decoded: dict[str, tuple[bytes, PlaceState]] = {}
        self._watermarks: dict[str, dict[str, str]] = {}
        self._dispatches: dict[str, tuple[int, int]] = {}
        self._signals: dict[str, list[bytes]] = {}  # place id -> signal events, as read
        self._signal_seen: set[bytes] = set()  # digests: a redelivered signal is kept once
        self._retracted: dict[str, str] = {}
        self._next: dict[TopicPartition, int] = {}  # the next offset to read, per partition
        self._targets: dict[TopicPartition, int] = {}  # end offsets when first assigned
        self._caught_up = False
        self._error: str | None = None
        self._listeners: list[Callable[[], None]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fetch_lock = threading.Lock()
        self._fetcher: Any = None

    # --- the thread ------------------------------------------------------------------------

    def listen(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="tocsin-projection",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        with self._fetch_lock:
            if self._fetcher is not None:
                self._fetcher.close()
                self._fetcher = None

    def _consumer(self) -> Any:
        return KafkaConsumer(
            bootstrap_servers=self.settings.bootstrap, group_id=None, enable_auto_commit=False,
            auto_offset_reset="earliest", allow_auto_create_topics=False,
            client_id=f"{self.settings.group}-alert-projection",
            request_timeout_ms=self.timeout_ms, bootstrap_timeout_ms=self.timeout_ms)

    def _run(self) -> None:
        consumer: Any = None
        refresh_at = 0.0
        notified = 0.0
        dirty = False
        while not self._stop.is_set():
            try:
                if consumer is None:
                    consumer = self._consumer()
                    refresh_at = 0.0
                if time.monotonic() >= refresh_at:
                    complete = self._assign(consumer)
                    refresh_at = time.monotonic() + (self.refresh_seconds if complete else 2.0)
                if consumer.assignment():
                    batch = consumer.poll(timeout_ms=self.poll_ms, max_records=5000)
                    dirty = self._apply_batch(batch) or dirty
                else:
                    self._stop.wait(self.poll_ms / 1000)
                self._check_caught_up()
                self._error = None
            except Exception as error:  # the broker went away: say so, reconnect, carry on
                log.warning("alert projection: %s (reconnecting)", error)
                self._error = f"{type(error).__name__}: {error}"
                if consumer is not None:
                    try:
                        consumer.close()
                    except Exception:
                        log.debug("closing the projection consumer failed", exc_info=True)
                consumer = None
                self._stop.wait(2.0)
            now = time.monotonic()
            if (dirty and now - notified >= self.notify_seconds) or \
                    now - notified >= self.idle_notify_seconds:
                dirty = False
                notified = now
                for listener in self._listeners:
                    try:
                        listener()
                    except Exception:  # a listener's failure must not stop the projection
                        log.exception("alert projection listener failed")
        if consumer is not None:
            consumer.close()

    def _assign(self, consumer: Any) -> bool:
        """Read every partition of the topics that exist; True when all of them exist."""
        wanted: set[TopicPartition] = set()
        existing = consumer.topics()  # asking for a topic that is not there logs an error
        complete = all(topic in existing for topic in self.topics.values())
        for topic in self.topics.values():
            if topic in existing:
                wanted |= {TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)}
        current = set(consumer.assignment())
        if wanted == current:
            return complete
        consumer.assign(sorted(wanted))
        new = [tp for tp in wanted if tp not in self._next]
        if new and not self._caught_up:
            self._targets.update(consumer.end_offsets(new))
        for tp in wanted:
            if tp in self._next:
                consumer.seek(tp, self._next[tp])
        if new:
            consumer.seek_to_beginning(*new)
        return complete

    def _check_caught_up(self) -> None:
        if not self._caught_up and all(self._next.get(tp, 0) >= end
                                       for tp, end in self._targets.items()):
            self._caught_up = True
            log.info("alert projection caught up: %d alerts, %d places", len(self._views),
                     len(self._places))

    # --- folding ---------------------------------------------------------------------------

    def _apply_batch(self, batch: dict[Any, list[Any]]) -> bool:
        """Fold one poll's records; True if anything an operator sees changed."""
        changed = False
        events: list[AlertEventT] = []
        with self._lock:
            for tp, records in batch.items():
                kind = self._kind.get(tp.topic)
                for record in records:
                    self._next[tp] = record.offset + 1
                    if kind == "alerts":
                        event = _decode(record.value)
                        if isinstance(event, ALERT_EVENTS):
                            events.append(event)  # type: ignore[arg-type]
                    elif kind == "places":
                        changed = self._place(record.key, record.value) or changed
                    elif kind == "watermarks":
                        changed = self._watermark(record.key, record.value) or changed
                    elif kind == "dispatches":
                        self._dispatch(tp.partition, record.offset, record.key, record.value)
                    elif kind == "signals":
                        self._signal(record.key, record.value)
            if events:
                changed = self._fold(events) or changed
        return changed

    def _fold(self, events: Iterable[AlertEventT]) -> bool:
        new = [event for event in events if event.event_id not in self._seen]
        if not new:
            return False
        self._seen.update(event.event_id for event in new)
        self._events += new
        self._views = project_alerts(new, self._views)
        return True

    def _place(self, key: bytes | None, value: bytes | None) -> bool:
        place_id = _table_key(key)
        if place_id is None:
            return False
        if value is None:
            self._places.pop(place_id, None)
            self._decoded.pop(place_id, None)
        else:
            self._places[place_id] = value
        return True

    def _watermark(self, key: bytes | None, value: bytes | None) -> bool:
        partition = _table_key(key)
        if partition is None or value is None:
            return False
        try:
            self._watermarks[partition] = json.loads(value)["sources"]
        except (ValueError, KeyError, TypeError):
            log.warning("alert projection: unreadable watermark for partition %s", partition)
            return False
        return True

    def _dispatch(self, partition: int, offset: int, key: bytes | None, value: bytes | None) -> None:
        if not key or key == b"tick" or not value:
            return
        head = value[:400]
        if b'"DispatchReceived"' in head:
            self._dispatches.setdefault(key.decode("utf-8", "replace"), (partition, offset))
        elif b'"DispatchRetracted"' in head:
            event = _decode(value)
            if isinstance(event, DispatchRetracted):
                self._retracted[event.dispatch_id] = event.reason

    def _signal(self, key: bytes | None, value: bytes | None) -> None:
        if not key or key.startswith(b"tick") or not value:
            return
        digest = hashlib.blake2b(value, digest_size=16).digest()
        if digest not in self._signal_seen:
            self._signal_seen.add(digest)
            self._signals.setdefault(key.decode("utf-8", "replace"), []).append(value)

    def apply(self, events: Iterable[AlertEventT]) -> None:
        """Alert events this process wrote itself, applied now rather than when read back."""
        with self._lock:
            self._fold(list(events))

    # --- readers ---------------------------------------------------------------------------

    def alert_views(self) -> dict[str, AlertView]:
        """Every alert as it stands (a dict nobody changes: safe to read without the lock)."""
        with self._lock:
            return self._views

    def alert_events(self) -> list[AlertEventT]:
        with self._lock:
            return list(self._events)

    def place_states(self) -> dict[str, PlaceState]:
        """Every place's state, decoded once per change."""
        with self._lock:
            places = dict(self._places)
            decoded = dict(self._decoded)
        states: dict[str, PlaceState] = {}
        fresh: dict[str, tuple[bytes, PlaceState]] = {}
        for place_id, raw in places.items():
            cached = decoded.get(place_id)
            if cached is not None and cached[0] is raw:
                states[place_id] = cached[1]
                continue
            try:
                state = unpack_place(raw)[1]
            except ValueError:
                log.warning("alert projection: unreadable state for %s", place_id)
                continue
            states[place_id] = state
            fresh[place_id] = (raw, state)
        if fresh:
            with self._lock:
                for place_id, entry in fresh.items():
                    if self._places.get(place_id) is entry[0]:
                        self._decoded[place_id] = entry
        return states

    def signal_events(self, places: Iterable[str] | None = None) -> dict[str, list[Any]]:
        """The signal events (detected, retracted) of the places, or of every place, in the
        order read: a place's events are in the order of its partition."""
        with self._lock:
            chosen = {place: list(self._signals.get(place, ()))
                      for place in (self._signals if places is None else places)}
        return {place: [event for event in map(_decode, raws)
                        if isinstance(event, SignalDetected | SignalRetracted)]
                for place, raws in chosen.items()}

    def clock(self) -> date | None:
        """How far the alert service has evaluated: the newest complete watermark."""
        with self._lock:
            marks = [min(date.fromisoformat(day) for day in sources.values())
                     for sources in self._watermarks.values()
                     if len(sources) >= self.settings.partitions]
        return max(marks, default=None)

    def dispatch(self, dispatch_id: str) -> tuple[DispatchReceived, str | None] | None:
        """A dispatch fetched from its partition and offset, and why it was retracted if it was."""
        with self._lock:
            where = self._dispatches.get(dispatch_id)
            retracted = self._retracted.get(dispatch_id)
        if where is None:
            return None
        partition, offset = where
        tp = TopicPartition(self.topics["dispatches"], partition)
        with self._fetch_lock:
            if self._fetcher is None:
                self._fetcher = self._consumer()
            fetcher = self._fetcher
            try:
                fetcher.assign([tp])
                fetcher.seek(tp, offset)
                deadline = time.monotonic() + self.timeout_ms / 1000
                while time.monotonic() < deadline:
                    for record in fetcher.poll(timeout_ms=500, max_records=1).get(tp, []):
                        if record.offset == offset:
                            event = _decode(record.value)
                            return (event, retracted) if isinstance(event, DispatchReceived) \
                                else None
            except Exception:
                fetcher.close()
                self._fetcher = None
                raise
        return None

    def status(self) -> dict[str, Any]:
        with self._lock:
            return {"caught_up": self._caught_up, "error": self._error,
                    "alerts": len(self._views), "places": len(self._places),
                    "dispatches": len(self._dispatches), "signals": len(self._signal_seen)}


def _decode(value: bytes | None) -> Any:
    if not value:
        return None
    try:
        return decode_event(value)
    except ValueError:  # pydantic's ValidationError too: not an event we know, skip it
        return None


def _table_key(key: bytes | None) -> str | None:
    """faust writes a table's str keys as JSON strings."""
    if not key:
        return None
    try:
        value = json.loads(key)
    except ValueError:
        return key.decode("utf-8", "replace")
    return str(value)

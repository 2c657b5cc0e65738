"""Ingest into Kafka with kafka-python: dispatches, dead letters and clock ticks.

The producer is idempotent with acks=all, so a retried send is not written twice; the ids of
the events make any redelivery harmless downstream as well.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from kafka import KafkaProducer

from schemas.dispatch import DispatchReceived, DispatchRejected
from schemas.events import encode_event
from services import pipeline
from services.ingest.sources import Item
from services.runtime.kafka.settings import KafkaSettings

# How many dispatches one call sends before a tick follows them. The alerts do not depend
# on it (a tick has the alert service evaluate every day up to it); what it bounds is how
# much a place's state holds unevaluated while an archive is loaded in one go, and each
# tick costs partitions-squared messages, so not every day of an archive is ticked.
TICK_AFTER = 100


class KafkaIngest:
    """The ingest service on Kafka. `close()` flushes and releases the connection."""

    def __init__(self, settings: KafkaSettings, **config: Any) -> None:
        self.settings = settings
        self.producer = KafkaProducer(
            bootstrap_servers=settings.bootstrap, acks="all", enable_idempotence=True,
            linger_ms=5, reconnect_backoff_max_ms=1000, client_id=f"{settings.group}-ingest",
            **config,
        )

    def send(self, events: Iterable[DispatchReceived | DispatchRejected]) -> int:
        return len(self._send(events))

    def _send(self, events: Iterable[DispatchReceived | DispatchRejected]) -> list[Any]:
        """Hand events to the producer; the futures of their sends."""
        futures = []
        for event in events:
            if isinstance(event, DispatchReceived):
                futures.append(self.producer.send(self.settings.topic("dispatches"),
                                                  encode_event(event),
                                                  key=event.dispatch.id.encode()))
            else:
                futures.append(self.producer.send(self.settings.topic("dead_letters"),
                                                  encode_event(event), key=event.origin.encode()))
        return futures

    def tick(self, day: date, recorded: datetime) -> list[Any]:
        """A watermark for `day`, on every partition of the dispatches topic.

        Sent after the dispatches it follows, it travels through classify behind them, so the
        alert service knows every dispatch up to `day` has been read in every partition.
        """
        topic = self.settings.topic("dispatches")
        partitions = self.producer.partitions_for(topic) or set(range(self.settings.partitions))
        body = encode_event(pipeline.tick(day, recorded))
        return [self.producer.send(topic, body, key=b"tick", partition=partition)
                for partition in sorted(partitions)]

    def prepare(self, items: Iterable[Item], recorded: datetime, source: str = "file"
                ) -> tuple[list[DispatchReceived], list[DispatchRejected]]:
        """Validate items: dispatches in publication order, and dead letters."""
        events = [pipeline.receive(item.record, item.origin, recorded, source) if item.record
                  is not None else pipeline.reject(item.error.reason, str(item.error),  # type: ignore[union-attr]
                                                   item.origin, item.excerpt, recorded)
                  for item in items]
        received = sorted((e for e in events if isinstance(e, DispatchReceived)),
                          key=lambda e: (e.dispatch.published, e.dispatch.id))
        rejected = [e for e in events if isinstance(e, DispatchRejected)]
        return received, rejected

    def publish(self, received: list[DispatchReceived], rejected: list[DispatchRejected],
                recorded: datetime, timeout: float | None = None) -> None:
        """Send dispatches and dead letters, the clock ticking behind them.

        Dispatches go in publication order: when one of a later day is sent, every dispatch
        of the days before it has been, so a tick to the day before may follow; the last tick
        is to the newest dispatch's day.

        With `timeout`, wait until the broker has every message (acks=all) and raise
        `kafka.errors.KafkaError` (a timeout included) when it has not: the caller can say
        "not taken, send again", and a re-send is harmless (same event ids).
        """
        futures: list[Any] = []
        day: date | None = None
        untold = 0  # dispatches sent since the last tick
        for event in received:
            published = event.dispatch.published_day
            # Enough dispatches sent and a new day begins: every dispatch up to the day
            # before has been sent, so tick to it.
            if untold >= TICK_AFTER and day is not None and published > day:
                futures += self.tick(published - timedelta(days=1), recorded)
                untold = 0
            day = published
            untold += 1
            futures += self._send([event])
        futures += self._send(rejected)
        if day is not None:
            futures += self.tick(day, recorded)
        self.producer.flush(timeout=timeout)
        if timeout is not None:
            deadline = time.monotonic() + timeout
            for future in futures:
                future.get(timeout=max(0.0, deadline - time.monotonic()))

    def ingest(self, items: Iterable[Item], recorded: datetime, source: str = "file") -> dict[str, int]:
        """Validate items, send dispatches in publication order, then a tick to the newest day."""
        received, rejected = self.prepare(items, recorded, source)
        self.publish(received, rejected, recorded)
        return {"received": len(received), "rejected": len(rejected)}

    def send_raw(self, value: bytes, key: bytes | None = None) -> None:
        """Bytes as they are, for tests of what the workers do with garbage."""
        self.producer.send(self.settings.topic("dispatches"), value, key=key)

    def close(self) -> None:
        self.producer.flush()
        self.producer.close()

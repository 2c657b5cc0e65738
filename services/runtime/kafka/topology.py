"""The faust app, its topics and its tables, built from settings (nothing connects here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faust
from faust.transport.drivers import aiokafka as faust_aiokafka

from services.runtime.kafka import codec
from services.runtime.kafka.settings import KafkaSettings

# The longest the broker may hold a worker's fetch while none of its partitions has new data.
# faust 0.15.3 fixes it at 1,500 ms and has no setting for it, and aiokafka keeps one fetch
# in flight per broker: a fetch that left for the partitions that had nothing then keeps
# back the new messages of the others until it times out. The alert worker stalled for
# 1.2-1.4 s at a time mid-run that way (benchmarks/README.md). The price: an idle worker
# asks the broker for news about 20 times a second.
FETCH_MAX_WAIT_MS = 50


@dataclass
class Topology:
    """One worker's app with the topics it reads and writes and the tables it keeps."""

    app: faust.App
    settings: KafkaSettings
    dispatches: Any
    signals: Any
    alerts: Any
    dead_letters: Any
    tables: dict[str, Any]


def _fetch_sooner() -> None:
    """Make the consumers faust creates for its workers wait `FETCH_MAX_WAIT_MS` for a fetch.

    faust passes its 1,500 ms to aiokafka's consumer, which keeps it until it starts; both
    versions are pinned in pyproject.toml, and a unit test checks the consumer faust builds.
    """
    thread = faust_aiokafka.AIOKafkaConsumerThread
    create = thread._create_worker_consumer
    if getattr(create, "fetches_sooner", False):
        return

    def create_sooner(self: Any, transport: Any) -> Any:
        consumer = create(self, transport)
        consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS
        return consumer

    create_sooner.fetches_sooner = True  # type: ignore[attr-defined]
    thread._create_worker_consumer = create_sooner  # type: ignore[method-assign]


def create_topology(
    settings: KafkaSettings, role: str, datadir: Path, store: str = "memory://"
) -> Topology:
    """A faust app for `role` ("classify" or "alert") with every topic declared up front.

    Topics are declared with their partition count so the worker creates them at start:
    a topic faust has not seen at start is otherwise ignored for minutes.
    """
    codec.register()
    _fetch_sooner()
    app = faust.App(
        f"{settings.group}-{role}",
        broker=f"kafka://{settings.bootstrap}",
        store=store,
        datadir=str(datadir),
        web_enabled=False,
        topic_partitions=settings.partitions,
        topic_replication_factor=1,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger=0.005,  # seconds: one produce request carries a batch's messages
        broker_commit_interval=0.5,
        consumer_metadata_max_age_ms=5000,
        table_standby_replicas=0,
    )

    def topic(stream: str, serializer: str) -> Any:
        return app.topic(settings.topic(stream), partitions=settings.partitions, internal=True,
                         key_serializer="raw", value_serializer=serializer)

    topology = Topology(
        app=app,
        settings=settings,
        dispatches=topic("dispatches", "raw"),
        signals=topic("signals", "raw"),
        alerts=topic("alerts", codec.CODEC),
        dead_letters=topic("dead_letters", codec.CODEC),
        tables={},
    )
    return topology


def table(topology: Topology, name: str) -> Any:
    """A table of bytes, backed by its changelog topic and partitioned like the signals."""
    made = topology.app.Table(name, default=None, key_type=str, value_type=bytes,
                              partitions=topology.settings.partitions)
    topology.tables[name] = made
    return made


def write(backing: Any, partition: int, key: str, value: bytes) -> None:
    """Set a table's key, and send the change to its changelog's `partition`.

    What `table[key] = value` does, for a batch written after its stream iteration, when
    faust no longer knows which event (hence which partition) the write belongs to.
    """
    backing.data[key] = value
    backing.send_changelog(partition, key, value)

"""The consumer lag of a worker's group, reported by the group's leader every few seconds."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from services.runtime.kafka.broker import BrokerInspector
from services.runtime.kafka.topology import Topology

log = logging.getLogger("tocsin.kafka")


class LagReport(Protocol):
    def set_consumer_lag(self, topic: str, partition: int | str, group: str, lag: float) -> None: ...

    def clear_consumer_lag(self) -> None: ...


def install_lag(topology: Topology, inspector: BrokerInspector, report: LagReport,
                topics: list[str], every: float = 5.0) -> None:
    """Every `every` seconds, on the leader of the worker's group only (so that N workers of a
    group report each partition once): end offsets minus the group's committed offsets."""
    group = topology.app.conf.id
    failing = False

    async def consumer_lag() -> None:
        nonlocal failing
        if not topology.app.is_leader():
            report.clear_consumer_lag()
            return
        try:
            lags = await asyncio.to_thread(inspector.lag, group, topics)
        except Exception as error:  # the broker is away: keep the last values, say it once
            if not failing:
                log.warning("consumer lag of %s unknown: %s", group, error)
            failing = True
            return
        failing = False
        for (topic, partition), lag in sorted(lags.items()):
            report.set_consumer_lag(topic, partition, group, lag)

    timer: Any = topology.app.timer(interval=every)
    timer(consumer_lag)

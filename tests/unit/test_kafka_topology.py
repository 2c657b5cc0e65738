"""The faust app as tocsin builds it (no broker: nothing connects until a worker starts)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from services.runtime.kafka.settings import KafkaSettings
from services.runtime.kafka.topology import FETCH_MAX_WAIT_MS, create_topology


def test_a_workers_consumer_waits_for_a_fetch_far_less_than_fausts_one_and_a_half_seconds(
        tmp_path: Path) -> None:
    """faust fixes the broker's wait at 1.5 s, which stalled the alert worker mid-run; an
    upgrade of faust or aiokafka that drops tocsin's shorter wait must fail here."""

    async def built_consumer_wait() -> int:
        settings = KafkaSettings(bootstrap="127.0.0.1:1", prefix="unit.", group="unit")
        topology = create_topology(settings, "alert", tmp_path)
        thread: Any = topology.app.consumer._thread  # type: ignore[attr-defined]
        consumer = thread._create_worker_consumer(topology.app.transport)
        return int(consumer._fetch_max_wait_ms)

    assert asyncio.run(built_consumer_wait()) == FETCH_MAX_WAIT_MS <= 100

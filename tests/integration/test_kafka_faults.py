"""Faults against the real broker: a worker killed mid-run, the broker gone for 10 seconds.

The reference is the embedded runtime on the same input: the alert events the Kafka runtime
ends with must be exactly those, per place and in order, none lost and none doubled (a
redelivered event has the same id and counts once).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from services.ingest.sources import read_paths
from services.runtime.kafka.producer import KafkaIngest
from services.runtime.kafka.settings import KafkaSettings
from tests.conftest import EXAMPLES, make_runtime

try:
    from .kafka_broker import KafkaBroker
    from .stories import retold, write_jsonl
    from .test_kafka_runtime import RECORDED, _per_place
    from .workers import read_topic, running_workers, wait_for
except ImportError:
    from kafka_broker import KafkaBroker  # type: ignore[no-redef]
    from stories import retold, write_jsonl  # type: ignore[no-redef]
    from test_kafka_runtime import RECORDED, _per_place  # type: ignore[no-redef]
    from workers import read_topic, running_workers, wait_for  # type: ignore[no-redef]

pytestmark = pytest.mark.kafka
COPIES = 66  # 31 example dispatches with ids x 66 retellings > 2,000 dispatches


@pytest.fixture(scope="module")
def long_run(tmp_path_factory: pytest.TempPathFactory, gazetteer: Any
             ) -> tuple[Path, list[dict[str, Any]]]:
    """The input file and the alert events the embedded runtime derives from it."""
    folder = tmp_path_factory.mktemp("long-run")
    records = retold(EXAMPLES, COPIES)
    assert len(records) >= 2000
    path = write_jsonl(records, folder / "long.jsonl")
    runtime = make_runtime(folder / "reference.db", gazetteer, RECORDED)
    runtime.run(read_paths([path]))
    expected = [json.loads(e.model_dump_json()) for _, e in runtime.log.read(["alerts"])]
    return path, expected


def _send(bootstrap: str, prefix: str, path: Path) -> None:
    producer = KafkaIngest(KafkaSettings(bootstrap=bootstrap, prefix=prefix))
    producer.ingest(read_paths([path]), RECORDED)
    producer.close()


def _distinct(bootstrap: str, topic: str) -> int:
    return len({event["event_id"] for _, event in read_topic(bootstrap, topic, 1.0)})


def test_an_alert_worker_killed_mid_run_loses_and_doubles_nothing(
    kafka_bootstrap: str, tmp_path: Path, long_run: tuple[Path, list[dict[str, Any]]]
) -> None:
    path, expected = long_run
    with running_workers(kafka_bootstrap, tmp_path) as workers:
        alerts = KafkaSettings(prefix=workers["alert"].prefix).topic("alerts")
        signals = KafkaSettings(prefix=workers["alert"].prefix).topic("signals")
        _send(kafka_bootstrap, workers["alert"].prefix, path)
        deadline = time.monotonic() + 120
        while _distinct(kafka_bootstrap, signals) < 300 and time.monotonic() < deadline:
            time.sleep(0.5)
        workers["alert"].kill()  # SIGKILL, in the middle of the run
        time.sleep(2)
        workers["alert"].start()
        written = [event for _, event in wait_for(kafka_bootstrap, alerts, len(expected), 300)]
    assert workers["alert"].starts == 2
    assert _per_place(written) == _per_place(expected)


def test_the_broker_down_for_ten_seconds_mid_run_loses_nothing(
    kafka_broker: KafkaBroker, tmp_path: Path, long_run: tuple[Path, list[dict[str, Any]]]
) -> None:
    kafka_broker.require_control()
    path, expected = long_run
    bootstrap = kafka_broker.bootstrap
    with running_workers(bootstrap, tmp_path) as workers:
        prefix = workers["alert"].prefix
        _send(bootstrap, prefix, path)
        deadline = time.monotonic() + 120
        while (_distinct(bootstrap, KafkaSettings(prefix=prefix).topic("signals")) < 300
               and time.monotonic() < deadline):
            time.sleep(0.5)
        with kafka_broker.down(seconds=10, crash=True):
            pass
        written = [event for _, event in wait_for(
            bootstrap, KafkaSettings(prefix=prefix).topic("alerts"), len(expected), 300)]
        assert all(w.process is not None and w.process.poll() is None
                   for w in workers.values()), "a worker died with the broker"
    assert _per_place(written) == _per_place(expected)

"""Fixtures for integration tests.

Kafka (marker ``kafka``): a real Apache Kafka 3.9 broker, KRaft, on loopback.

* ``kafka_broker``    session-scoped :class:`kafka_broker.KafkaBroker` (stop/kill/start/down
                      for fault tests, create_topic, log_tail, ...)
* ``kafka_bootstrap`` session-scoped ``"127.0.0.1:PORT"``

When ``TOCSIN_KAFKA_BOOTSTRAP`` is set that broker is used as is (and never stopped).
Otherwise the session runs ``deploy/kafka/fetch.sh`` + ``start.sh`` with a fresh temporary
data dir on port 19092 (controller 19093), or on the next free port pair when those are taken
(another test session), and stops the broker at the end. With ``TOCSIN_KAFKA_TEST_PORT`` the
port is fixed, and a broker already answering there is reused and left running.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

try:  # tests/ as packages, or (default) rootdir-relative imports without __init__.py
    from .kafka_broker import (
        KafkaBroker,
        KafkaBrokerError,
        broker_from_env,
        free_port_pair,
        port_free,
    )
except ImportError:
    from kafka_broker import (  # type: ignore[no-redef]
        KafkaBroker,
        KafkaBrokerError,
        broker_from_env,
        free_port_pair,
        port_free,
    )


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaBroker]:
    broker = broker_from_env(tmp_path_factory.mktemp("kafka-broker"))
    if not broker.managed:
        if not broker.is_up():
            pytest.fail(f"TOCSIN_KAFKA_BOOTSTRAP={broker.bootstrap}: no Kafka broker answers there")
        yield broker
        return

    if broker.is_up():
        # e.g. a developer's `deploy/kafka/start.sh --port 19092`: use it, leave it running
        broker.managed = False
        broker.data_dir = None
        yield broker
        return

    if shutil.which("java") is None:
        pytest.skip("Kafka tests need Java 17 (java not on PATH) or TOCSIN_KAFKA_BOOTSTRAP")
    try:
        broker.fetch()
    except KafkaBrokerError as exc:
        if shutil.which("mvn") is None:
            pytest.skip("Kafka tests need Maven (mvn) to fetch Kafka, or TOCSIN_KAFKA_BOOTSTRAP")
        pytest.fail(f"could not fetch Kafka:\n{exc}")
    for attempt in range(3):
        try:
            broker.start()
            break
        except KafkaBrokerError as exc:
            # lost a race for the port pair against a concurrent session: take the next pair
            lost_race = not (port_free(broker.port) and port_free(broker.port + 1))
            if attempt == 2 or os.environ.get("TOCSIN_KAFKA_TEST_PORT") or not lost_race:
                pytest.fail(f"could not start Kafka:\n{exc}")
            broker.port = free_port_pair(broker.port + 2)
    try:
        try:
            broker.warm_up()
        except TimeoutError as exc:
            pytest.fail(
                f"Kafka started but its group coordinator is not working: {exc}\n"
                f"{broker.log_tail()}"
            )
        yield broker
    finally:
        try:
            broker.stop()
        except KafkaBrokerError:
            broker.kill()


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_broker: KafkaBroker) -> str:
    return kafka_broker.bootstrap

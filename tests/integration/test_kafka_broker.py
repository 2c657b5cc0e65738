"""The real Kafka broker of deploy/kafka works for our two client stacks.

* kafka-python (synchronous producer/consumer used by tools and tests): idempotent produce
  with acks=all to a multi-partition topic, consume everything back.
* faust-streaming 0.15.3 on aiokafka 0.14.0 (the stream workers): a worker joins a consumer
  group, gets its partitions, forwards every message to another topic, and stops cleanly
  on SIGTERM.
* the fault-test helpers of the ``kafka_broker`` fixture: crash + restart on the same data.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer

pytestmark = pytest.mark.kafka

N_MESSAGES = 100


# Serialisation is done by hand: kafka-python 3.x deprecates plain callables as
# key/value_(de)serializer (DeprecationWarning; wants kafka.serializer.Serializer objects with
# serialize(topic, headers, data)), while 2.x only takes callables.
def encode(value: dict) -> bytes:
    return json.dumps(value, sort_keys=True).encode()


def consume_all(bootstrap: str, topic: str, expected: int, timeout: float = 60.0) -> list:
    """Read ``expected`` records from ``topic`` from the beginning (no consumer group)."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        client_id="tocsin-test-consumer",
    )
    records: list = []
    deadline = time.monotonic() + timeout
    try:
        while len(records) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        consumer.close()
    return records


def test_kafka_python_idempotent_roundtrip(kafka_broker) -> None:
    partitions = 6
    topic = kafka_broker.create_topic(partitions=partitions)
    producer = KafkaProducer(
        bootstrap_servers=kafka_broker.bootstrap,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        client_id="tocsin-test-producer",
    )
    try:
        futures = [
            producer.send(
                topic,
                key=f"region-{i % 10}".encode(),
                value=encode({"seq": i, "text": f"dispatch {i}"}),
            )
            for i in range(N_MESSAGES)
        ]
        producer.flush(timeout=30)
        metadata = [f.get(timeout=30) for f in futures]
    finally:
        producer.close(timeout=10)
    assert {m.topic for m in metadata} == {topic}
    assert len({m.partition for m in metadata}) > 1, "keys should spread over partitions"

    records = consume_all(kafka_broker.bootstrap, topic, N_MESSAGES)
    assert len(records) == N_MESSAGES
    values = {(r.partition, r.offset): json.loads(r.value) for r in records}
    assert sorted(v["seq"] for v in values.values()) == list(range(N_MESSAGES))
    for r in records:
        v = values[(r.partition, r.offset)]
        assert r.key == f"region-{v['seq'] % 10}".encode()
        assert v["text"] == f"dispatch {v['seq']}"
    # per partition, offsets are dense from 0 and per-key order is the send order
    by_partition: dict[int, list] = defaultdict(list)
    for r in records:
        by_partition[r.partition].append(r)
    for part, recs in by_partition.items():
        recs.sort(key=lambda r: r.offset)
        assert [r.offset for r in recs] == list(range(len(recs))), part
        per_key: dict[bytes, list[int]] = defaultdict(list)
        for r in recs:
            per_key[r.key].append(values[(r.partition, r.offset)]["seq"])
        for seqs in per_key.values():
            assert seqs == sorted(seqs)
    assert sum(len(v) for v in by_partition.values()) == N_MESSAGES
    assert {m.partition for m in metadata} == set(by_partition)


FAUST_APP = textwrap.dedent(
    '''
    """Minimal faust worker: forwards every JSON record of SRC to DST."""
    import os

    import faust

    app = faust.App(
        os.environ["APP_ID"],
        broker="kafka://" + os.environ["BOOTSTRAP"],
        store="memory://",
        datadir=os.environ["DATADIR"],      # default is ./<app id>-data in the cwd
        web_enabled=False,                  # the `worker` CLI overrides it: use --without-web
        topic_partitions=4,
        topic_replication_factor=1,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        broker_commit_interval=1.0,
    )
    # Both topics exist before the worker starts. A source topic that is missing at startup
    # is auto-created by the metadata request but dropped by faust's assignor ("Ignoring
    # missing topic"), and the worker idles until the next metadata refresh
    # (consumer_metadata_max_age_ms, 5 min). Declaring it with app.topic(..., partitions=N,
    # internal=True) makes faust create it at startup instead.
    src = app.topic(os.environ["SRC"], key_serializer="raw", value_serializer="json")
    dst = app.topic(os.environ["DST"], key_serializer="raw", value_serializer="json")


    @app.agent(src)
    async def forward(stream):
        async for event in stream.events():
            value = dict(event.value, forwarded_by=app.conf.id)
            await dst.send(key=event.key, value=value)


    if __name__ == "__main__":
        app.main()
    '''
)


def test_faust_worker_forwards(kafka_broker, tmp_path: Path) -> None:
    suffix = os.urandom(4).hex()
    src = kafka_broker.create_topic(f"faust-src-{suffix}", partitions=4)
    dst = kafka_broker.create_topic(f"faust-dst-{suffix}", partitions=4)
    app_id = f"tocsin-test-forwarder-{suffix}"
    app_file = tmp_path / "forwarder.py"
    app_file.write_text(FAUST_APP)
    log_path = tmp_path / "worker.log"

    producer = KafkaProducer(
        bootstrap_servers=kafka_broker.bootstrap,
        acks="all",
        enable_idempotence=True,
    )

    def produce(seqs: range) -> None:
        for i in seqs:
            producer.send(src, key=f"k{i % 7}".encode(), value=encode({"seq": i}))
        producer.flush(timeout=30)

    half = N_MESSAGES // 2
    produce(range(half))  # backlog, read from the earliest offset

    env = dict(
        os.environ,
        APP_ID=app_id,
        BOOTSTRAP=kafka_broker.bootstrap,
        SRC=src,
        DST=dst,
        DATADIR=str(tmp_path / "faust-data"),
        PYTHONUNBUFFERED="1",
    )
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, str(app_file), "worker", "--without-web", "--loglevel", "info"],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 60
        while "[^Worker]: Ready" not in log_path.read_text(errors="replace"):
            assert worker.poll() is None, f"worker exited early:\n{log_path.read_text()}"
            assert time.monotonic() < deadline, f"worker not ready:\n{log_path.read_text()}"
            time.sleep(0.2)
        produce(range(half, N_MESSAGES))  # live traffic once the worker owns the partitions

        records = consume_all(kafka_broker.bootstrap, dst, N_MESSAGES, timeout=60)
    finally:
        producer.close(timeout=10)
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)  # faust/mode: graceful shutdown, LeaveGroup
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=10)

    log_text = log_path.read_text(errors="replace")
    assert len(records) == N_MESSAGES, log_text
    values = [json.loads(r.value) for r in records]
    assert sorted(v["seq"] for v in values) == list(range(N_MESSAGES))
    assert all(v["forwarded_by"] == app_id for v in values)
    assert all(r.key == f"k{v['seq'] % 7}".encode() for r, v in zip(records, values, strict=True))
    assert worker.returncode == 0, log_text
    assert "Traceback" not in log_text, log_text
    # (on a brand-new broker the first group join may log a transient
    # "[ERROR] Group Coordinator Request failed: ... CoordinatorNotAvailable"; the fixture
    # warms the coordinator up, so any ERROR here is a real problem)
    assert "[ERROR]" not in log_text, log_text
    assert "LeaveGroup request succeeded" in log_text, log_text


def test_broker_crash_and_restart_keeps_data(kafka_broker) -> None:
    """The fault-test helpers: SIGKILL the broker, restart it on the same data dir; committed
    records survive and a producer that stayed open carries on (idempotently) afterwards."""
    kafka_broker.require_control()
    topic = kafka_broker.create_topic(partitions=3)
    producer = KafkaProducer(
        bootstrap_servers=kafka_broker.bootstrap,
        acks="all",
        enable_idempotence=True,
        client_id="tocsin-test-restart",
        # kafka-python backs off reconnects exponentially up to 30 s by default: after an
        # outage the first retry may come many seconds after the broker is back
        reconnect_backoff_max_ms=1000,
    )
    try:
        for i in range(30):
            producer.send(topic, key=f"k{i % 3}".encode(), value=encode({"seq": i}))
        producer.flush(timeout=30)

        with kafka_broker.down(seconds=3, crash=True):
            assert not kafka_broker.is_up()
            # sends while the broker is away are buffered and retried
            futures = [
                producer.send(topic, key=f"k{i % 3}".encode(), value=encode({"seq": i}))
                for i in range(30, 40)
            ]
        assert kafka_broker.is_up()
        producer.flush(timeout=60)
        for f in futures:
            f.get(timeout=30)
    finally:
        producer.close(timeout=10)

    records = consume_all(kafka_broker.bootstrap, topic, 40, timeout=60)
    assert sorted(json.loads(r.value)["seq"] for r in records) == list(range(40))

"""Benchmark the Kafka runtime against a real broker.

1. ceiling:    kafka-python alone produces the dispatch messages and consumes them back.
2. latency:    dispatches offered at a fixed rate in live conditions (today's tick already
               given), each raising an alert in its own town; time from the dispatch being
               produced to its alert event being written (the alert record's timestamp).
3. throughput: dispatches pushed as fast as possible through ingest -> classify -> alert;
               the rate at which both workers have consumed and committed all of it.

    .venv/bin/python benchmarks/kafka_pipeline.py [--bootstrap HOST:PORT] [--dispatches 2000]
                                          [--rate 100] [--seconds 8] [--json]

Without --bootstrap a broker is started with deploy/kafka/start.sh on port 39092 and stopped
at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from schemas.events import encode_event  # noqa: E402
from services import pipeline  # noqa: E402
from services.runtime.kafka.broker import BrokerInspector  # noqa: E402
from services.runtime.kafka.producer import KafkaIngest  # noqa: E402
from services.runtime.kafka.settings import KafkaSettings  # noqa: E402
from tests.integration.stories import retold  # noqa: E402

RECORDED = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
def start_broker(port: int, folder: Path) -> None:
    subprocess.run([str(REPO / "deploy/kafka/fetch.sh")], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([str(REPO / "deploy/kafka/start.sh"), "--port", str(port), "--data",
                    str(folder)], check=True, stdout=subprocess.DEVNULL)


def stop_broker(port: int, folder: Path) -> None:
    subprocess.run([str(REPO / "deploy/kafka/stop.sh"), "--port", str(port), "--data",
                    str(folder), "--wipe"], check=False, stdout=subprocess.DEVNULL)


class Workers:
    """A classify and an alert worker on fresh topics and a fresh consumer group."""

    def __init__(self, bootstrap: str, folder: Path) -> None:
        self.bootstrap = bootstrap
        self.prefix = f"bench{uuid.uuid4().hex[:6]}."
        self.group = f"bench{uuid.uuid4().hex[:6]}"
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Workers:
        env = {**os.environ, "TOCSIN_KAFKA_GROUP": self.group, "PYTHONUNBUFFERED": "1"}
        for role in ("classify", "alert"):
            log = self.folder / f"{self.group}-{role}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "services", "worker", role, "--kafka", self.bootstrap,
                     "--prefix", self.prefix, "--datadir", str(self.folder / f"{self.group}-{role}"),
                     "--loglevel", "info"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
            self.processes.append(process)
            deadline = time.monotonic() + 90
            while "Worker ready" not in log.read_text(errors="replace"):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{role} worker did not start: see {log}")
                time.sleep(0.2)
        return self

    def __exit__(self, *_: object) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()

    def settings(self) -> KafkaSettings:
        return KafkaSettings(bootstrap=self.bootstrap, prefix=self.prefix, group=self.group)


def caught_up(inspector: BrokerInspector, group: str, topic: str) -> bool:
    """Has the consumer group committed everything written to the topic?"""
    lags = inspector.lag(group, [topic])
    return bool(lags) and not any(lags.values())


def ceiling(bootstrap: str, messages: list[bytes]) -> dict[str, float]:
    """kafka-python alone: produce every message, then consume them all back."""
    topic = f"bench-raw-{uuid.uuid4().hex[:6]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    from kafka.admin import NewTopic

    admin.create_topics([NewTopic(topic, num_partitions=4, replication_factor=1)])
    admin.close()
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True,
                             linger_ms=5)
    started = time.perf_counter()
    for index, body in enumerate(messages):
        producer.send(topic, body, key=str(index).encode())
    producer.flush()
    produced = time.perf_counter()
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             group_id=None, consumer_timeout_ms=10_000)
    count = 0
    for _ in consumer:
        count += 1
        if count == len(messages):
            break
    done = time.perf_counter()
    consumer.close()
    producer.close()
    return {"messages": count, "produce_per_s": len(messages) / (produced - started),
            "consume_per_s": count / (done - produced),
            "produce_and_consume_per_s": count / (done - started)}


def throughput(bootstrap: str, records: list[dict[str, Any]], folder: Path) -> dict[str, float]:
    """Push every record through ingest, classify and alert; time until both groups caught up."""
    with Workers(bootstrap, folder) as workers:
        settings = workers.settings()
        ingest = KafkaIngest(settings)
        inspector = BrokerInspector(bootstrap)
        received = [e for r in records
                    if isinstance(e := pipeline.receive(r, "bench", RECORDED), pipeline.DispatchReceived)]
        received.sort(key=lambda e: (e.event_time, e.event_id))
        started = time.perf_counter()
        ingest.publish(received, [], RECORDED)  # ticking as `tocsin ingest` does
        sent = time.perf_counter()
        while not (caught_up(inspector, f"{settings.group}-classify", settings.topic("dispatches"))
                   and caught_up(inspector, f"{settings.group}-alert", settings.topic("signals"))):
            if time.perf_counter() - started > 900:
                raise RuntimeError("the workers did not catch up in 15 minutes")
            time.sleep(0.2)
        done = time.perf_counter()
        ingest.close()
    return {"dispatches": len(received), "seconds": done - started,
            "dispatches_per_s": len(received) / (done - started),
            "produce_seconds": sent - started}


COUNTRIES = {"SY": "Syria", "YE": "Yemen", "SD": "Sudan", "UA": "Ukraine", "ET": "Ethiopia",
             "SO": "Somalia", "NG": "Nigeria", "ML": "Mali", "IQ": "Iraq", "AF": "Afghanistan",
             "CD": "DRC", "LY": "Libya", "TD": "Chad", "NE": "Niger", "CM": "Cameroon"}


def towns(count: int) -> list[tuple[str, str, str]]:
    """(town, country name, place id) for `count` towns whose name means only that town."""
    from services.classify.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    chosen: list[tuple[int, str, str, str]] = []
    for entry in gazetteer.by_id.values():
        unique = [e.geonames_id for e in gazetteer.candidates(entry.name)] == [entry.geonames_id]
        if entry.country in COUNTRIES and entry.population >= 15000 and entry.name.isascii() and unique:
            chosen.append((-entry.population, entry.name, COUNTRIES[entry.country],
                           f"geonames:{entry.geonames_id}"))
    return [(name, country, place) for _, name, country, place in sorted(chosen)[:count]]


def _casualty_dispatch(index: int, town: str, country: str, day: date) -> dict[str, Any]:
    return {"id": f"lat-{index}", "source": "bench", "language": "en", "published": day.isoformat(),
            "text": f"At least {12 + index % 30} civilians were killed in {town}, {country}, when "
                    f"shells hit a market, local officials said. Rescue teams were still searching "
                    f"the rubble."}


def latency(bootstrap: str, rate: float, seconds: float, folder: Path) -> dict[str, float]:
    """Offer dispatches at `rate` per second in live conditions and time each one's alert.

    Live, the clock ticks from the wall clock, so a dispatch of today arrives behind
    today's tick and is evaluated at once. Each dispatch reports a toll in a different town,
    so each raises its own alert.
    """
    day = date(2030, 1, 1)
    places = towns(int(rate * seconds))
    with Workers(bootstrap, folder) as workers:
        settings = workers.settings()
        ingest = KafkaIngest(settings)
        ingest.tick(day, RECORDED)
        ingest.producer.flush()
        sent_at: dict[str, float] = {}
        latencies: list[float] = []
        stop = threading.Event()

        def listen() -> None:
            consumer = KafkaConsumer(settings.topic("alerts"), bootstrap_servers=bootstrap,
                                     auto_offset_reset="earliest", group_id=None,
                                     consumer_timeout_ms=500)
            seen: set[str] = set()
            while not stop.is_set():
                for message in consumer:
                    event = json.loads(message.value)
                    if event["type"] != "AlertRaised" or event["event_id"] in seen:
                        continue
                    seen.add(event["event_id"])
                    if (place := event["place"]["id"]) in sent_at:
                        latencies.append(message.timestamp / 1000 - sent_at[place])
            consumer.close()

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        time.sleep(3)
        started = time.time()
        for index, (town, country, place) in enumerate(places):
            if (pause := started + index / rate - time.time()) > 0:
                time.sleep(pause)
            received = pipeline.receive(_casualty_dispatch(index, town, country, day), "bench", RECORDED)
            sent_at[place] = time.time()
            ingest.send([received])  # type: ignore[list-item]
        ingest.producer.flush()
        deadline = time.time() + 60
        while len(latencies) < len(places) and time.time() < deadline:
            time.sleep(0.2)
        stop.set()
        listener.join(5)
        ingest.close()
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    return {"offered_per_s": rate, "dispatches": len(places), "alerts_matched": len(ordered),
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "max_ms": ordered[-1] * 1000 if ordered else float("nan"),
            "mean_ms": statistics.fmean(ordered) * 1000 if ordered else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap")
    parser.add_argument("--dispatches", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tocsin-bench-"))
    bootstrap = options.bootstrap
    if bootstrap is None:
        start_broker(39092, folder / "broker")
        bootstrap = "127.0.0.1:39092"
    try:
        copies = max(1, options.dispatches // 31 + 1)
        records = retold(REPO / "examples", copies)[: options.dispatches]
        messages = [encode_event(pipeline.receive(r, "bench", RECORDED)) for r in records]
        results = {
            "machine": {"cores": os.cpu_count(), "cpu": _cpu(), "python": platform.python_version()},
            "mean_dispatch_bytes": statistics.fmean(len(r["text"].encode()) for r in records),
            "ceiling": ceiling(bootstrap, messages),
            # Latency first, on a quiet broker: after the throughput run the broker spends
            # seconds compacting the tables' changelogs, which would show in it.
            "latency": latency(bootstrap, options.rate, options.seconds, folder),
            "throughput": throughput(bootstrap, records, folder),
        }
    finally:
        if options.bootstrap is None:
            stop_broker(39092, folder / "broker")
    if options.json:
        print(json.dumps(results, indent=2))
        return
    print(f"machine: {results['machine']}")
    print(f"mean dispatch: {results['mean_dispatch_bytes']:.0f} bytes")
    c, t, lat = results["ceiling"], results["throughput"], results["latency"]
    print(f"ceiling (kafka-python alone): produce {c['produce_per_s']:.0f}/s, consume "
          f"{c['consume_per_s']:.0f}/s, produce+consume {c['produce_and_consume_per_s']:.0f}/s")
    print(f"throughput: {t['dispatches']} dispatches in {t['seconds']:.1f} s = "
          f"{t['dispatches_per_s']:.0f} dispatches/s through ingest -> classify -> alert")
    print(f"latency at {lat['offered_per_s']:.0f}/s offered: p50 {lat['p50_ms']:.0f} ms, p95 "
          f"{lat['p95_ms']:.0f} ms, p99 {lat['p99_ms']:.0f} ms, max {lat['max_ms']:.0f} ms "
          f"({lat['alerts_matched']} of {lat['dispatches']} alerts matched)")


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


if __name__ == "__main__":
    main()

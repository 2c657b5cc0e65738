"""Run the Kafka runtime's workers as real processes, and read what they write."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Worker:
    """One `tocsin worker` process; `kill()` is a crash (SIGKILL), `stop()` a clean exit.

    `extra` are more options (`--group`, `--host`/`--port` for its HTTP side...), `env` more
    environment (`TOCSIN_TOKEN`). `start()` is `launch()` then `wait_ready()`: launch several
    first to start them side by side.
    """

    role: str
    bootstrap: str
    prefix: str
    folder: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    extra: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    ready_text: str = "Worker ready"

    @property
    def log(self) -> Path:
        return self.folder / f"{self.role}-{self.starts}.log"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "services", "worker", self.role, "--kafka", self.bootstrap,
                "--prefix", self.prefix, "--datadir", str(self.folder / f"{self.role}-data"),
                "--loglevel", "info", *self.extra]

    def start(self, timeout: float = 90) -> None:
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        self.starts += 1
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(self.command(), cwd=REPO, stdout=out,
                                            stderr=subprocess.STDOUT,
                                            env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env})

    def wait_ready(self, timeout: float = 90) -> None:
        assert self.process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready_text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        raise RuntimeError(f"{self.role} did not start:\n{self.tail()}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class IngestServer(Worker):
    """`tocsin serve-ingest`: the HTTP intake of the Kafka runtime, started like a worker."""

    ready_text: str = "Application startup complete"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "services", "serve-ingest", "--kafka", self.bootstrap,
                "--prefix", self.prefix, *self.extra]


@contextmanager
def running_workers(bootstrap: str, folder: Path, prefix: str | None = None
                    ) -> Iterator[dict[str, Worker]]:
    """A classify and an alert worker on fresh topics (a unique prefix per use) and in consumer
    groups of their own: the groups name the tables' changelog topics, so workers of an earlier
    test in the same group would recover that test's places and watermarks."""
    prefix = prefix or f"t{uuid.uuid4().hex[:8]}."
    group = prefix.rstrip(".")
    workers = {role: Worker(role, bootstrap, prefix, folder,
                            extra=["--partitions", "4", "--group", group])
               for role in ("classify", "alert")}
    try:
        for worker in workers.values():
            worker.start()
        yield workers
    finally:
        for worker in workers.values():
            worker.stop()


def read_topic(bootstrap: str, topic: str, idle_seconds: float = 3.0) -> list[tuple[int, dict[str, Any]]]:
    """Every message of a topic as (partition, decoded JSON), reading until it goes quiet."""
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             enable_auto_commit=False, consumer_timeout_ms=int(idle_seconds * 1000),
                             group_id=None)
    try:
        return [(message.partition, json.loads(message.value)) for message in consumer]
    finally:
        consumer.close()


def wait_for(bootstrap: str, topic: str, count: int, timeout: float = 120
             ) -> list[tuple[int, dict[str, Any]]]:
    """Read a topic until it holds `count` distinct events (by id) or time runs out."""
    deadline = time.monotonic() + timeout
    seen: list[tuple[int, dict[str, Any]]] = []
    while time.monotonic() < deadline:
        seen = read_topic(bootstrap, topic, idle_seconds=2.0)
        if len({event["event_id"] for _, event in seen}) >= count:
            return seen
    return seen

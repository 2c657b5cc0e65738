"""Control of the real single-node Kafka broker used by the ``kafka`` integration tests.

The broker is the one of ``deploy/kafka`` (fetch.sh / start.sh / stop.sh): Apache Kafka 3.9 in
KRaft mode, one JVM on 127.0.0.1:PORT (controller on PORT+1). ``tests/integration/conftest.py``
builds a session-wide :class:`KafkaBroker` from it; tests get it through the ``kafka_broker``
fixture (or just the address through ``kafka_bootstrap``).

Fault tests can take the broker away and bring it back on the same data dir::

    def test_survives_outage(kafka_broker):
        kafka_broker.require_control()          # skips when the broker is not ours
        kafka_broker.kill()                     # SIGKILL, like a crash (or .stop(): graceful)
        time.sleep(10)
        kafka_broker.start()                    # same data dir: topics and offsets survive
        # or: with kafka_broker.down(seconds=10, crash=True): ...

Environment:
    TOCSIN_KAFKA_BOOTSTRAP   use this already running broker ("host:port"); never stopped
    TOCSIN_KAFKA_TEST_PORT   port of the broker the tests start themselves; a broker already
                             answering there is reused (and left running). Default: 19092,
                             or the next free port pair, so concurrent sessions each get
                             their own broker.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
KAFKA_DEPLOY = REPO / "deploy" / "kafka"
DEFAULT_TEST_PORT = 19092


class KafkaBrokerError(RuntimeError):
    """A deploy/kafka script failed; the message carries its output (incl. the log tail)."""


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def broker_answers(bootstrap: str, timeout_ms: int = 3000) -> bool:
    """True when a Kafka broker at ``bootstrap`` answers a cluster-metadata request."""
    host, _, port = bootstrap.rpartition(":")
    if not port_open(host, int(port)):
        return False
    from kafka import KafkaAdminClient

    opts: dict[str, Any] = {
        "bootstrap_servers": bootstrap,
        "request_timeout_ms": timeout_ms,
        "client_id": "tocsin-test-probe",
    }
    if "bootstrap_timeout_ms" in KafkaAdminClient.DEFAULT_CONFIG:  # kafka-python >= 3
        opts["bootstrap_timeout_ms"] = timeout_ms
    try:
        admin = KafkaAdminClient(**opts)
    except Exception:
        return False
    try:
        return bool(admin.describe_cluster().get("brokers"))
    except Exception:
        return False
    finally:
        admin.close()


def wait_until(
    predicate: Callable[[], Any], timeout: float, interval: float = 0.2, what: str = "condition"
) -> Any:
    """Poll ``predicate`` until it returns a truthy value; raise TimeoutError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def unique_topic(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass
class KafkaBroker:
    """A broker on 127.0.0.1:``port``; ``managed`` when these tests started it themselves."""

    port: int
    data_dir: Path | None = None
    managed: bool = False
    host: str = "127.0.0.1"
    start_timeout: float = 180.0

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def log_file(self) -> Path | None:
        return self.data_dir / "kafka.log" if self.data_dir else None

    # -- scripts -------------------------------------------------------------------------
    def _run(self, script: str, *args: str, timeout: float) -> str:
        cmd = [str(KAFKA_DEPLOY / script), *args]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired as exc:
            err = exc.stderr or b""
            text = err.decode(errors="replace") if isinstance(err, bytes) else str(err)
            raise KafkaBrokerError(
                f"{' '.join(cmd)} timed out after {timeout:.0f}s\n{text}"
            ) from exc
        if proc.returncode != 0:
            raise KafkaBrokerError(
                f"{' '.join(cmd)} exited {proc.returncode}\n"
                f"--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}"
            )
        return proc.stdout

    @staticmethod
    def fetch(timeout: float = 900) -> Path:
        """Run deploy/kafka/fetch.sh (no-op when cached); return the libs dir."""
        proc = subprocess.run(
            [str(KAFKA_DEPLOY / "fetch.sh")],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if proc.returncode != 0:
            raise KafkaBrokerError(
                f"deploy/kafka/fetch.sh exited {proc.returncode}\n{proc.stdout}{proc.stderr}"
            )
        return Path(proc.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        """Start (or restart) the broker on the same port and data dir; wait until it answers."""
        self.require_control()
        args = ["--port", str(self.port), "--timeout", str(int(self.start_timeout))]
        if self.data_dir is not None:
            args += ["--data", str(self.data_dir)]
        self._run("start.sh", *args, timeout=self.start_timeout + 60)

    def stop(self, timeout: float = 30) -> None:
        """Graceful stop (SIGTERM, SIGKILL after ``timeout``); data dir kept."""
        self.require_control()
        self._run(
            "stop.sh", *self._stop_args(), "--timeout", str(int(timeout)), timeout=timeout + 30
        )

    def kill(self) -> None:
        """SIGKILL the broker (a crash); data dir kept, ``start()`` recovers from it."""
        self.require_control()
        self._run("stop.sh", *self._stop_args(), "--kill", timeout=30)

    def restart(self, pause: float = 0.0, crash: bool = False) -> None:
        (self.kill if crash else self.stop)()
        if pause:
            time.sleep(pause)
        self.start()

    @contextlib.contextmanager
    def down(self, seconds: float = 0.0, crash: bool = False) -> Iterator[KafkaBroker]:
        """Broker stopped (or killed) inside the block, restarted on exit (after ``seconds``
        of total downtime at least)."""
        began = time.monotonic()
        (self.kill if crash else self.stop)()
        try:
            yield self
        finally:
            remaining = seconds - (time.monotonic() - began)
            if remaining > 0:
                time.sleep(remaining)
            self.start()

    def _wait_for_partitions(self, topic: str, partitions: int, timeout: float = 30) -> None:
        from kafka import KafkaConsumer

        consumer = KafkaConsumer(bootstrap_servers=self.bootstrap, client_id="tocsin-test-meta")
        try:
            wait_until(
                lambda: len(consumer.partitions_for_topic(topic) or ()) == partitions,
                timeout,
                what=f"metadata of topic {topic}",
            )
        finally:
            consumer.close()

    def warm_up(self, timeout: float = 30) -> None:
        """Wait until the group coordinator works (on a fresh cluster the first FindCoordinator
        creates __consumer_offsets and answers COORDINATOR_NOT_AVAILABLE / NOT_COORDINATOR for
        a moment; clients retry, but faust logs it as an ERROR)."""
        from kafka import KafkaAdminClient

        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, client_id="tocsin-test-warmup")

        def coordinator_ready() -> bool:
            try:
                result = admin.describe_groups(["tocsin-warmup"])
            except Exception:
                return False
            if isinstance(result, dict):  # kafka-python 3.x reports per-group errors
                return not result["tocsin-warmup"].get("error")
            return True  # kafka-python 2.x raises on coordinator errors

        try:
            wait_until(coordinator_ready, timeout, interval=0.2, what="the group coordinator")
        finally:
            admin.close()

    def _stop_args(self) -> list[str]:
        args = ["--port", str(self.port)]
        if self.data_dir is not None:
            args += ["--data", str(self.data_dir)]
        return args

    # -- state ---------------------------------------------------------------------------
    def is_up(self) -> bool:
        return broker_answers(self.bootstrap)

    def wait_up(self, timeout: float = 60) -> None:
        wait_until(self.is_up, timeout, interval=0.5, what=f"Kafka at {self.bootstrap}")

    def require_control(self) -> None:
        """Skip the calling test unless this session started the broker (so may stop it)."""
        if not self.managed:
            import pytest

            pytest.skip(
                f"Kafka at {self.bootstrap} is not managed by this test session "
                "(TOCSIN_KAFKA_BOOTSTRAP or a broker that was already running)"
            )

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_file or not self.log_file.exists():
            return ""
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])

    # -- convenience ---------------------------------------------------------------------
    def create_topic(
        self, name: str | None = None, partitions: int = 4, configs: dict[str, str] | None = None
    ) -> str:
        """Create a topic (replication factor 1) and wait until every partition has a leader."""
        from kafka import KafkaAdminClient
        from kafka.admin import NewTopic

        name = name or unique_topic()
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, client_id="tocsin-test-admin")
        new_topic = NewTopic(
            name, num_partitions=partitions, replication_factor=1, topic_configs=configs or {}
        )
        try:
            try:
                admin.create_topics([new_topic], wait_for_metadata=True)
            except TypeError:  # kafka-python 2.x: no wait_for_metadata
                admin.create_topics([new_topic])
                self._wait_for_partitions(name, partitions)
        finally:
            admin.close()
        return name


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # like the JVM's server sockets: a port with only TIME_WAIT leftovers counts as free
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port_pair(first: int = DEFAULT_TEST_PORT, tries: int = 50) -> int:
    """The first port P >= ``first`` (stepping by 2) with P and P+1 free on 127.0.0.1."""
    for port in range(first, first + 2 * tries, 2):
        if port_free(port) and port_free(port + 1):
            return port
    raise KafkaBrokerError(f"no free port pair in {first}..{first + 2 * tries}")


def broker_from_env(tmp_dir: Path) -> KafkaBroker:
    """The broker the session should use (not yet started): see the module docstring."""
    external = os.environ.get("TOCSIN_KAFKA_BOOTSTRAP", "").strip()
    if external:
        host, _, ext_port = external.split(",")[0].rpartition(":")
        return KafkaBroker(port=int(ext_port), host=host or "127.0.0.1", managed=False)
    if os.environ.get("TOCSIN_KAFKA_TEST_PORT"):
        port = int(os.environ["TOCSIN_KAFKA_TEST_PORT"])
    else:
        # 19092, or the next free pair when another test session (or a leftover) holds it
        port = free_port_pair(DEFAULT_TEST_PORT)
    return KafkaBroker(port=port, data_dir=tmp_dir, managed=True)

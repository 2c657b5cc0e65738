"""Asking the broker how things stand, with kafka-python: is it there, how far behind is a group.

Blocking calls with short timeouts, for a readiness probe and the consumer-lag gauge; the
faust workers call them from a thread (`asyncio.to_thread`), never on their event loop.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

log = logging.getLogger("tocsin.kafka")


class BrokerInspector:
    """A kafka-python admin client and offset reader, made on first use and remade after a
    failure (a broker that went away and came back)."""

    def __init__(self, bootstrap: str, timeout_ms: int = 3000, client_id: str = "tocsin-inspect"
                 ) -> None:
        self.bootstrap = bootstrap
        self.timeout_ms = timeout_ms
        self.client_id = client_id
        self._lock = threading.Lock()
        self._admin: Any = None
        self._consumer: Any = None

    def _clients(self) -> tuple[Any, Any]:
        if self._admin is None:
            self._admin = KafkaAdminClient(
                bootstrap_servers=self.bootstrap, client_id=self.client_id,
                request_timeout_ms=self.timeout_ms, bootstrap_timeout_ms=self.timeout_ms)
        if self._consumer is None:
            self._consumer = KafkaConsumer(
                bootstrap_servers=self.bootstrap, client_id=self.client_id, group_id=None,
                enable_auto_commit=False, allow_auto_create_topics=False,
                request_timeout_ms=self.timeout_ms, bootstrap_timeout_ms=self.timeout_ms)
        return self._admin, self._consumer

    def _reset(self) -> None:
        for client in (self._admin, self._consumer):
            if client is not None:
                try:
                    client.close()
                except Exception:  # closing a broken client: nothing more to do
                    log.debug("closing a kafka client failed", exc_info=True)
        self._admin = self._consumer = None

    def reachable(self) -> tuple[bool, str]:
        """Whether the cluster answers a metadata request now, and what it said."""
        with self._lock:
            try:
                admin, _ = self._clients()
                cluster = admin.describe_cluster()
            except (KafkaError, OSError) as error:
                self._reset()
                return False, f"{self.bootstrap}: {type(error).__name__}: {error}"
        return True, f"{self.bootstrap} (cluster {cluster.get('cluster_id')}, " \
                     f"{len(cluster.get('brokers', []))} broker(s))"

    def lag(self, group: str, topics: list[str]) -> dict[tuple[str, int], int]:
        """Messages `group` has yet to read, per (topic, partition): end offset minus committed
        offset (minus the first offset still kept when the group has committed nothing)."""
        with self._lock:
            try:
                admin, consumer = self._clients()
                partitions = [TopicPartition(topic, partition) for topic in topics
                              for partition in sorted(consumer.partitions_for_topic(topic))]
                if not partitions:
                    return {}
                committed = admin.list_group_offsets({group: partitions}).get(group, {})
                ends = consumer.end_offsets(partitions)
                starts = consumer.beginning_offsets(partitions)
            except (KafkaError, OSError):
                self._reset()
                raise
        lags = {}
        for tp in partitions:
            done = committed.get(tp)
            position = done.offset if done is not None and done.offset >= 0 else starts[tp]
            lags[(tp.topic, tp.partition)] = max(0, ends[tp] - position)
        return lags

    def ensure_topics(self, topics: list[str], partitions: int, replication: int = 1,
                      timeout_ms: int = 15000) -> list[str]:
        """Create the topics that are missing and wait until every one has a leader per
        partition; return those it created. (A worker that subscribes to a topic created a
        moment before may not see it yet, and then waits for a metadata refresh and a
        rebalance before it reads anything.)"""
        with self._lock:
            try:
                admin, _ = self._clients()
                missing = [topic for topic in topics if topic not in set(admin.list_topics())]
                if missing:
                    admin.create_topics({topic: {"num_partitions": partitions,
                                                 "replication_factor": replication}
                                         for topic in missing}, raise_errors=False)
                admin.wait_for_topics(topics, timeout_ms=timeout_ms)
            except (KafkaError, OSError):
                self._reset()
                raise
        return missing

    def close(self) -> None:
        with self._lock:
            self._reset()

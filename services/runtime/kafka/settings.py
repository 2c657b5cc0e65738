"""Topic names, partitions and broker address for the Kafka runtime."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class KafkaSettings:
    """Where the logs are. Every name can be set from the environment (TOCSIN_KAFKA_*)."""

    bootstrap: str = "127.0.0.1:9092"
    prefix: str = "tocsin."
    partitions: int = 4
    group: str = "tocsin"

    @classmethod
    def from_env(cls, bootstrap: str | None = None, **overrides: object) -> KafkaSettings:
        values: dict[str, object] = {
            "bootstrap": bootstrap or os.environ.get("TOCSIN_KAFKA_BOOTSTRAP", cls.bootstrap),
            "prefix": os.environ.get("TOCSIN_KAFKA_PREFIX", cls.prefix),
            "partitions": int(os.environ.get("TOCSIN_KAFKA_PARTITIONS", cls.partitions)),
            "group": os.environ.get("TOCSIN_KAFKA_GROUP", cls.group),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def topic(self, stream: str) -> str:
        """The topic of a stream (see `services.runtime.ports.STREAMS`)."""
        return f"{self.prefix}{stream}"

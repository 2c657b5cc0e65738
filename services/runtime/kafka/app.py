"""Build and run a worker: `tocsin worker classify|alert` ends here."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from faust.worker import Worker

from services.alert.rules import Rule
from services.classify.gazetteer import load_gazetteer
from services.runtime.kafka.agents import install_alert, install_classify
from services.runtime.kafka.broker import BrokerInspector
from services.runtime.kafka.settings import KafkaSettings
from services.runtime.kafka.topology import Topology, create_topology
from services.runtime.ports import Telemetry

ROLES = ("classify", "alert")
STREAMS = ("dispatches", "signals", "alerts", "dead_letters")
log = logging.getLogger("tocsin.kafka")


def build(role: str, settings: KafkaSettings, rules: tuple[Rule, ...],
          datadir: Path | None = None, store: str = "memory://",
          telemetry: Telemetry | None = None, tick_every: float = 0) -> Topology:
    """A worker's topology with its agents installed."""
    if role not in ROLES:
        raise ValueError(f"unknown worker {role!r}: choose one of {', '.join(ROLES)}")
    folder = datadir or Path(tempfile.mkdtemp(prefix=f"tocsin-{role}-"))
    topology = create_topology(settings, role, folder, store)
    if role == "classify":
        install_classify(topology, load_gazetteer, telemetry, tick_every)
    else:
        install_alert(topology, rules, telemetry)
    return topology


def create_topics(settings: KafkaSettings) -> None:
    """The four streams' topics, with their partitions, before the worker subscribes to them."""
    inspector = BrokerInspector(settings.bootstrap, timeout_ms=10000,
                                client_id=f"{settings.group}-topics")
    try:
        created = inspector.ensure_topics([settings.topic(stream) for stream in STREAMS],
                                          settings.partitions)
        if created:
            log.info("created topics %s", ", ".join(created))
    except Exception as error:  # faust creates them too, only later: carry on
        log.warning("could not create the topics up front: %s", error)
    finally:
        inspector.close()


def run(topology: Topology, loglevel: str = "warning", services: Sequence[Any] = ()) -> None:
    """Run the worker, and `services` beside it (its HTTP side), until SIGTERM or SIGINT."""
    create_topics(topology.settings)
    Worker(topology.app, *services, loglevel=loglevel, quiet=True).execute_from_commandline()

"""Build and run a worker: `tocsin worker classify|alert` ends here."""

from __future__ import annotations

import tempfile
from pathlib import Path

from faust.worker import Worker

from services.alert.rules import Rule
from services.classify.places import load_gazetteer
from services.runtime.kafka.agents import install_alert, install_classify
from services.runtime.kafka.settings import KafkaSettings
from services.runtime.kafka.topology import Topology, create_topology
from services.runtime.ports import Telemetry

ROLES = ("classify", "alert")


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


def run(topology: Topology, loglevel: str = "warning") -> None:
    """Run the worker until SIGTERM or SIGINT."""
    Worker(topology.app, loglevel=loglevel, quiet=True).execute_from_commandline()

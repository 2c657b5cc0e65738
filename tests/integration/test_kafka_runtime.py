"""The Kafka runtime against a real broker: same answers as the embedded runtime, dead
letters for garbage, and no loss when a worker or the broker goes down."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services.ingest.sources import read_paths
from services.runtime.embedded.runner import EmbeddedRuntime
from services.runtime.kafka.producer import KafkaIngest
from services.runtime.kafka.settings import KafkaSettings
from tests.conftest import EXAMPLES, make_runtime

try:
    from .workers import running_workers, wait_for
except ImportError:
    from workers import running_workers, wait_for  # type: ignore[no-redef]

pytestmark = pytest.mark.kafka
RECORDED = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _per_place(events: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Alert event ids per place in the order written, each id once."""
    places: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for event in events:
        if event["event_id"] in seen:
            continue
        seen.add(event["event_id"])
        place = event["place"]["id"] if "place" in event else event["place_id"]
        places[place].append(event["event_id"])
    return dict(places)


def _embedded_alerts(runtime: EmbeddedRuntime, paths: list[Path]) -> list[dict[str, Any]]:
    runtime.run(read_paths(paths))
    return [json.loads(event.model_dump_json()) for _, event in runtime.log.read(["alerts"])]


def _without_provenance(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in ("recorded_time", "caused_by")}


def test_the_examples_give_the_same_alert_events_as_the_embedded_runtime(
    kafka_bootstrap: str, tmp_path: Path, gazetteer: Any
) -> None:
    expected = _embedded_alerts(make_runtime(tmp_path / "e.db", gazetteer, RECORDED), [EXAMPLES])
    assert expected, "the examples raise alerts"
    with running_workers(kafka_bootstrap, tmp_path) as workers:
        settings = KafkaSettings(bootstrap=kafka_bootstrap, prefix=workers["alert"].prefix)
        producer = KafkaIngest(settings)
        producer.ingest(read_paths([EXAMPLES]), RECORDED)
        producer.close()
        written = [event for _, event in wait_for(kafka_bootstrap, settings.topic("alerts"),
                                                  len(expected))]
    assert _per_place(written) == _per_place(expected)
    by_id = {event["event_id"]: _without_provenance(event) for event in written}
    for event in expected:
        assert by_id[event["event_id"]] == _without_provenance(event)


def test_garbage_and_invalid_events_become_dead_letters_and_good_ones_go_through(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    with running_workers(kafka_bootstrap, tmp_path) as workers:
        settings = KafkaSettings(bootstrap=kafka_bootstrap, prefix=workers["alert"].prefix)
        producer = KafkaIngest(settings)
        producer.send_raw(b"\x00\xff\xfe garbage bytes")
        producer.send_raw(b'{"type": "DispatchReceived", "version": 1}')
        producer.send_raw(b'{"type": "AlertRaised", "version": 1, "broken": true')
        producer.ingest(read_paths([EXAMPLES / "text" / "taiz-2016-en.txt"]), RECORDED)
        producer.close()
        letters = [e for _, e in wait_for(kafka_bootstrap, settings.topic("dead_letters"), 3, 60)]
        signals = [e for _, e in wait_for(kafka_bootstrap, settings.topic("signals"), 2, 60)]
    reasons = sorted(letter["reason"].split(":")[0] for letter in letters)
    assert reasons == ["invalid", "undecodable", "undecodable"]
    assert all(letter["stage"] == "classify" for letter in letters)
    assert any(e.get("type") == "SignalDetected" and e["signal"]["place"]["name"] == "Taiz"
               for e in signals)

"""The alert worker's board without a broker: the projection fed the records the topics would
hold for the examples, and the API's answers compared with the embedded board's.

Same input, same alerts, places and situations on both runtimes' operator surfaces; a
redelivered event changes nothing; the clock waits for every dispatches partition.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from kafka import TopicPartition

from schemas.alert import AlertAcknowledged
from schemas.events import encode_event
from services.alert.rules import DEFAULT_RULES, parse_rules
from services.api import present
from services.api.board import EmbeddedBoard, Readiness
from services.api.kafka_board import KafkaBoard
from services.ingest.sources import read_paths
from services.runtime.embedded.runner import EmbeddedRuntime
from services.runtime.kafka.codec import pack_place
from services.runtime.kafka.projection import AlertProjection
from services.runtime.kafka.settings import KafkaSettings
from tests.conftest import EXAMPLES, RECORDED, make_runtime, seed_path

RULES = parse_rules(DEFAULT_RULES.read_text("utf-8"))
SETTINGS = KafkaSettings(bootstrap="127.0.0.1:1", prefix="b.", partitions=4, group="g")


@dataclass
class Record:
    offset: int
    key: bytes | None
    value: bytes | None


class Inspector:
    """The broker probe, answered without a broker."""

    def reachable(self) -> tuple[bool, str]:
        return True, "no broker in this test"

    def close(self) -> None:
        pass


class Feed:
    """Records appended per topic partition, handed to the projection as a poll would."""

    def __init__(self, projection: AlertProjection) -> None:
        self.projection = projection
        self.offsets: dict[TopicPartition, int] = defaultdict(int)

    def send(self, kind: str, key: bytes | None, value: bytes | None, partition: int = 0) -> bool:
        tp = TopicPartition(self.projection.topics[kind], partition)
        record = Record(self.offsets[tp], key, value)
        self.offsets[tp] += 1
        return self.projection._apply_batch({tp: [record]})


def _feed(runtime: EmbeddedRuntime, projection: AlertProjection, sources: int = 4) -> Feed:
    """What the Kafka runtime's topics hold after the same input: dispatches, alert events,
    the places table and the watermarks table."""
    feed = Feed(projection)
    for _, event in runtime.log.read(["dispatches"]):
        feed.send("dispatches", event.dispatch.id.encode(), encode_event(event), 1)
    feed.send("dispatches", b"tick", b'{"type":"ClockTicked"}', 1)
    for _, event in runtime.log.read(["signals"]):
        place = event.signal.place.id if event.type == "SignalDetected" else event.place_id
        feed.send("signals", place.encode(), encode_event(event), 2)
    feed.send("signals", b"tick:0", b'{"type":"ClockTicked"}', 2)
    for _, event in runtime.log.read(["alerts"]):
        feed.send("alerts", event.alert_id.encode(), encode_event(event))
    for place_id, state in runtime.alerting.places.items():
        feed.send("places", json.dumps(place_id).encode(),
                  pack_place(0, state))
    day = runtime.clock_day().isoformat()
    for partition in range(4):
        marks = {str(source): day for source in range(sources)}
        feed.send("watermarks", json.dumps(str(partition)).encode(),
                  json.dumps({"sources": marks}).encode())
    return feed


@pytest.fixture(params=["seed", "examples"])
def boards(request: pytest.FixtureRequest, tmp_path: Path, gazetteer: Any
           ) -> tuple[EmbeddedBoard, KafkaBoard, Feed]:
    """The seed alone (alerts active on 2021-11-01), or every example and the seed (a clock in
    2022: most alerts resolved)."""
    runtime = make_runtime(tmp_path / "e.db", gazetteer, RECORDED)
    runtime.run(read_paths([seed_path()] if request.param == "seed" else [EXAMPLES, seed_path()]))
    projection = AlertProjection(SETTINGS)
    feed = _feed(runtime, projection)
    kafka = KafkaBoard(SETTINGS, RULES, lambda: RECORDED, projection=projection,
                       inspector=Inspector())  # type: ignore[arg-type]
    return EmbeddedBoard(runtime), kafka, feed


def test_the_same_input_gives_the_same_answers_on_both_boards(
    boards: tuple[EmbeddedBoard, KafkaBoard, Feed]
) -> None:
    embedded, kafka, _ = boards
    for status in ("active", "resolved", "all"):
        expected = [present.alert_json(v) for v in embedded.alerts(status)]
        assert [present.alert_json(v) for v in kafka.alerts(status)] == expected
    assert embedded.alerts("all")
    assert [present.alert_json(v) for v in kafka.alerts("all", severity="critical", place="Aleppo")
            ] == [present.alert_json(v) for v in embedded.alerts("all", severity="critical",
                                                                 place="Aleppo")]
    assert kafka.places() == embedded.places()
    assert kafka.clock() == embedded.clock()
    for place in ("Aleppo", "Madaya", "geonames:170063", "nowhere"):
        assert kafka.situation(place) == embedded.situation(place)
        for day in (date(2015, 12, 1), date(2016, 1, 10), date(2021, 10, 1), date(2021, 11, 20)):
            assert kafka.situation(place, day) == embedded.situation(place, day), (place, day)
    assert kafka.situation("Aleppo", date(2021, 11, 20)).siege_days == 126  # type: ignore[union-attr]
    assert kafka.situation("Aleppo", date(2021, 10, 1)) is None  # nothing known of it yet
    for day in (date(2016, 1, 10), date(2021, 11, 20)):
        assert [present.alert_json(v) for v in kafka.alerts("all", as_of=day)] == \
            [present.alert_json(v) for v in embedded.alerts("all", as_of=day)], day
    evidence = next(v for v in kafka.alerts("all") if v.place.name == "Aleppo").evidence[0]
    assert kafka.projection._dispatches[evidence.dispatch_id][0] == 1  # (partition, offset)
    dispatches = sum(1 for _ in embedded.runtime.log.read(["dispatches"]))
    assert kafka.projection.status()["dispatches"] == dispatches  # the tick is not one


def test_a_redelivered_event_does_not_undo_an_acknowledgement(
    boards: tuple[EmbeddedBoard, KafkaBoard, Feed]
) -> None:
    embedded, kafka, feed = boards
    siege = next(v for v in kafka.alerts("all") if v.rule == "siege_duration")
    raised = next(e for _, e in embedded.runtime.log.read(["alerts"])
                  if e.type == "AlertRaised" and e.alert_id == siege.alert_id)
    ack = AlertAcknowledged(event_id="k-test", event_time=RECORDED, recorded_time=RECORDED,
                            alert_id=siege.alert_id, by="Amal", note="seen")
    assert feed.send("alerts", b"k", encode_event(ack))
    assert kafka.alert(siege.alert_id).acknowledged_by == "Amal"  # type: ignore[union-attr]
    assert not feed.send("alerts", b"k", encode_event(raised))  # redelivered: already seen
    assert not feed.send("alerts", b"k", encode_event(ack))
    assert kafka.alert(siege.alert_id).acknowledged_by == "Amal"  # type: ignore[union-attr]
    assert not feed.send("alerts", b"k", b"not an event")


def test_the_clock_waits_for_every_dispatches_partition(tmp_path: Path, gazetteer: Any) -> None:
    runtime = make_runtime(tmp_path / "e.db", gazetteer, RECORDED)
    runtime.run(read_paths([seed_path()]))
    projection = AlertProjection(SETTINGS)
    feed = _feed(runtime, projection, sources=3)
    assert projection.clock() is None
    feed.send("watermarks", b'"2"', json.dumps({"sources": {str(s): "2021-11-01"
                                                            for s in range(4)}}).encode())
    assert projection.clock() == date(2021, 11, 1)
    assert projection.status()["places"] == len(runtime.alerting.places)


def test_readiness_waits_for_the_projection_to_catch_up() -> None:
    projection = AlertProjection(SETTINGS)
    board = KafkaBoard(SETTINGS, RULES, lambda: RECORDED, projection=projection,
                       inspector=Inspector())  # type: ignore[arg-type]
    tp = TopicPartition(projection.topics["alerts"], 0)
    projection._targets[tp] = 2
    assert board.ready() == Readiness(False, {**board.ready().detail})
    projection._apply_batch({tp: [Record(0, None, None), Record(1, None, None)]})
    projection._check_caught_up()
    assert board.ready().ready

"""The seed dispatch against what a careful reader finds in it (shared/seeds/*.gold.json)."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.signal import Signal
from services.classify.evaluation import gazetteer_place_key, to_eval
from services.classify.extract import classify
from services.classify.gazetteer import Gazetteer
from services.ingest.formats import parse_text
from services.ingest.normalize import to_dispatch
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed_signals(gazetteer: Gazetteer) -> list[Signal]:
    if not SEED.exists():
        pytest.skip("the seed is not beside this checkout")
    dispatch = to_dispatch(parse_text(SEED.read_text("utf-8")) | {"source": "AFP"})
    return classify(dispatch, gazetteer)


def _same_place(gazetteer: Gazetteer, a: dict[str, Any], b: dict[str, Any]) -> bool:
    key = gazetteer_place_key(gazetteer)
    return key(a["place"], a["country"]) == key(b["place"], b["country"])


def test_every_gold_signal_is_found_with_its_dates_and_numbers(
    seed_signals: list[Signal], seed_gold: dict[str, Any], gazetteer: Gazetteer
) -> None:
    found = [to_eval(signal) for signal in seed_signals]
    for gold in seed_gold["signals"]:
        matches = [f for f in found if f["type"] == gold["type"] and _same_place(gazetteer, f, gold)]
        assert matches, f"missed {gold['type']} at {gold['place']}"
        fields = {k: v for k, v in gold.items() if k not in ("type", "place", "country", "evidence")}
        assert any(all(m.get(k) == v for k, v in fields.items()) for m in matches), (
            f"{gold['type']} at {gold['place']}: wanted {fields}, got {matches}")


def test_nothing_beyond_the_gold_is_read_from_the_seed(
    seed_signals: list[Signal], seed_gold: dict[str, Any]
) -> None:
    assert len(seed_signals) == len(seed_gold["signals"])


def test_no_must_not_signal_is_read(seed_signals: list[Signal], seed_gold: dict[str, Any]) -> None:
    for forbidden in seed_gold["must_not"]:
        for signal in seed_signals:
            assert forbidden["evidence"] not in signal.evidence.sentence, forbidden["what"]
    assert all(s.since is None or s.since.year == 2021 for s in seed_signals)
    assert all("2015" not in str(to_eval(s).values()) for s in seed_signals)


def test_every_signal_quotes_its_sentence_at_its_offsets(seed_signals: list[Signal]) -> None:
    dispatch = to_dispatch(parse_text(SEED.read_text("utf-8")) | {"source": "AFP"})
    for signal in seed_signals:
        evidence = signal.evidence
        assert dispatch.text[evidence.start : evidence.end] == evidence.sentence
        assert evidence.start <= evidence.trigger_start < evidence.trigger_end <= evidence.end


def test_atareb_and_kafar_sousse_link_to_the_gazetteer(seed_signals: list[Signal]) -> None:
    places = {s.place.as_written: s.place for s in seed_signals}
    assert places["Atareb"].id == "geonames:174030"
    assert places["Atareb"].name == "Al Atarib"
    assert places["Kafar Soussé"].name == "Damascus"

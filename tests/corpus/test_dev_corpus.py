"""The classifier against the annotated corpora, scored as `tocsin eval` scores them.

The development corpus (dev.jsonl) is what the classifier was tuned on: its F1 must not drop
below 0.85. The held-out corpus (heldout.jsonl) was written before the tuning and never
tuned on: its score says how well the tuning generalises, and only a modest floor is held.
Two sets of full-length agency dispatches, the seed's size, with their quotes, reactions and
background, say how tocsin reads real-length news: the long-form development set
(longdev.jsonl, twenty-eight dispatches) is tuned on and holds a floor just under its score; the
long-form set (longform.jsonl, twelve, annotated by a reader who never saw tocsin's output)
is never tuned on, and holds a floor just under its score.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemas.signal import Signal
from services.classify.evaluation import (
    DISPATCH_FIELDS,
    gazetteer_place_key,
    score_records,
)
from services.classify.extract import classify
from services.classify.gazetteer import Gazetteer
from services.ingest.normalize import to_dispatch

CORPUS = Path(__file__).parent
DEV_F1 = 0.85
HELDOUT_F1 = 0.6
LONGDEV_F1 = 0.7  # 0.747 (2026-11-26): its first 14 at 0.509 before tuning on them, its next 14
# at 0.417 after that tuning and before their own
LONGFORM_F1 = 0.5  # 0.478 at first, 0.551 after tuning on longdev.jsonl (2026-11-26)


def _report(path: Path, gazetteer: Gazetteer) -> dict[str, Any]:
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]

    def read(record: dict[str, Any]) -> list[Signal]:
        return classify(to_dispatch({k: record.get(k) for k in DISPATCH_FIELDS}), gazetteer)

    report = score_records(records, read, gazetteer_place_key(gazetteer)).report()
    print(f"\n{path.name}: {len(records)} dispatches")
    print(f"{'type':18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind, row in [*report["by_type"].items(), ("overall", report["overall"])]:
        print(f"{kind:18} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
              f"{row['tp']:4} {row['fp']:4} {row['fn']:4}")
    print("exact among matched: " + ", ".join(
        f"{name} {share:.0%}" for name, share in report["fields_exact"].items()))
    print(f"negatives given a signal: {report['negatives_with_signals']} of {report['negatives']}")
    return report


@pytest.fixture(scope="module")
def dev(gazetteer: Gazetteer) -> dict[str, Any]:
    return _report(CORPUS / "dev.jsonl", gazetteer)


def test_the_development_corpus_is_read_with_an_f1_of_at_least_0_85(dev: dict[str, Any]) -> None:
    assert dev["overall"]["f1"] >= DEV_F1, dev["overall"]


def test_at_most_one_in_twenty_hard_negatives_of_the_development_corpus_gets_a_signal(
    dev: dict[str, Any],
) -> None:
    assert dev["negative_false_alarm_rate"] <= 0.05, dev["negatives_with_signals"]


def test_the_held_out_corpus_is_read_above_a_modest_floor(gazetteer: Gazetteer) -> None:
    """Never tuned on: the score is printed for the record, and only a floor is held."""
    report = _report(CORPUS / "heldout.jsonl", gazetteer)
    assert report["overall"]["f1"] >= HELDOUT_F1, report["overall"]


def test_the_long_form_development_set_is_read_above_its_floor(gazetteer: Gazetteer) -> None:
    report = _report(CORPUS / "longdev.jsonl", gazetteer)
    assert report["overall"]["f1"] >= LONGDEV_F1, report["overall"]


def test_the_long_form_set_is_read_above_its_floor(gazetteer: Gazetteer) -> None:
    """Never tuned on: the score is printed for the record, and only a floor is held."""
    report = _report(CORPUS / "longform.jsonl", gazetteer)
    assert report["overall"]["f1"] >= LONGFORM_F1, report["overall"]

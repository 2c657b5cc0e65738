"""Bad input is refused with its reason, kept as a dead letter, and never stops a batch."""

from __future__ import annotations

import json
from pathlib import Path

from services.ingest.sources import read_paths
from services.runtime.embedded.runner import EmbeddedRuntime

GOOD_FR = {"id": "good-fr", "source": "AFP", "published": "2016-07-26",
           "text": "La ville de Madaya, en Syrie, est assiégée depuis le 5 juillet."}
GOOD_EN = {"id": "good-en", "source": "Reuters", "published": "2016-07-27T09:30:00Z",
           "text": "No aid convoy has reached Madaya in Syria since July 12, residents said."}


def _write_batch(folder: Path) -> None:
    folder.mkdir()
    lines = [json.dumps(GOOD_FR), '{"id": "broken", "text": "unterminated', json.dumps(GOOD_EN),
             json.dumps({"id": "empty", "published": "2016-07-26", "text": "   "}),
             json.dumps({"id": "future", "published": "30000-01-01", "text": "Madaya est assiégée."}),
             json.dumps({"id": "nodate", "text": "Madaya est assiégée."}),
             json.dumps({"id": "huge", "published": "2016-07-26", "text": "siège " * 50_000})]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary junk")
    (folder / "latin1.txt").write_bytes("date 2016-07-26 Madaya assiégée".encode("latin-1"))
    with (folder / "enormous.json").open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    (folder / "broken.json").write_text('{"id": "x", ', "utf-8")


def test_each_bad_item_is_refused_with_its_reason(runtime: EmbeddedRuntime, tmp_path: Path) -> None:
    _write_batch(tmp_path / "in")
    report = runtime.run(read_paths([tmp_path / "in"]))
    reasons = {letter.origin.split("/")[-1]: letter.reason for letter in report.rejected}
    assert reasons["batch.jsonl:2"].startswith("json: broken JSON")
    assert reasons["batch.jsonl:4"] == "empty: empty text"
    assert reasons["batch.jsonl:5"].startswith("bad_date: impossible date '30000-01-01'")
    assert reasons["batch.jsonl:6"].startswith("no_date")
    assert reasons["batch.jsonl:7"].startswith("too_large")
    assert reasons["junk.txt"].startswith("binary")
    assert reasons["latin1.txt"].startswith("encoding: not UTF-8")
    assert reasons["enormous.json"].startswith("too_large")
    assert reasons["broken.json"].startswith("json: broken JSON")


def test_good_dispatches_beside_bad_ones_get_through(runtime: EmbeddedRuntime, tmp_path: Path) -> None:
    _write_batch(tmp_path / "in")
    report = runtime.run(read_paths([tmp_path / "in"]))
    assert sorted(e.dispatch.id for e in report.received) == ["good-en", "good-fr"]
    assert {(e.signal.type, e.signal.place.name) for e in report.signals} == {
        ("siege", "Madaya"), ("aid_blocked", "Madaya")}


def test_dead_letters_are_kept_in_the_log(runtime: EmbeddedRuntime, tmp_path: Path) -> None:
    _write_batch(tmp_path / "in")
    runtime.run(read_paths([tmp_path / "in"]))
    letters = [event for _, event in runtime.log.read(["dead_letters"])]
    assert len(letters) == 9
    assert any('"unterminated' in letter.excerpt for letter in letters)


def test_the_same_folder_twice_changes_nothing(runtime: EmbeddedRuntime, tmp_path: Path) -> None:
    _write_batch(tmp_path / "in")
    runtime.run(read_paths([tmp_path / "in"]))
    before = runtime.log.last_position()
    again = runtime.run(read_paths([tmp_path / "in"]))
    assert again.received == [] and again.rejected == [] and again.duplicates == 2
    assert runtime.log.last_position() == before


def test_month_precision_is_kept(runtime: EmbeddedRuntime, tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text("date 2021-11 Alep est assiégée depuis le 17 juillet.", "utf-8")
    report = runtime.run(read_paths([tmp_path / "m.txt"]))
    dispatch = report.received[0].dispatch
    assert dispatch.precision == "month" and dispatch.published_day.isoformat() == "2021-11-01"

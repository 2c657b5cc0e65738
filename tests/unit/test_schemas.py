"""The event contracts: exported schemas in sync, old versions upcast, packages in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

import schemas
import services
from schemas.events import decode_event, encode_event
from schemas.export import OUT, render
from schemas.export import schemas as exported
from schemas.upcast import upcast
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def test_json_schema_files_match_the_models() -> None:
    expected = exported()
    on_disk = {path.name for path in OUT.glob("*.json")}
    assert on_disk == set(expected), "run `python -m schemas.export`"
    for name, schema in expected.items():
        assert (OUT / name).read_text("utf-8") == render(schema), f"{name} is stale"


def test_the_packages_are_this_projects_not_namesakes_from_pypi() -> None:
    assert Path(schemas.__file__).resolve().parent == ROOT / "schemas"
    assert Path(services.__file__).resolve().parent == ROOT / "services"


def test_every_stored_event_example_decodes_and_reencodes_identically() -> None:
    for path in sorted(FIXTURES.glob("events/*.json")):
        raw = path.read_text("utf-8").strip()
        event = decode_event(raw)
        assert encode_event(event) == raw.encode("utf-8"), path.name


def test_an_upcaster_brings_an_old_version_forward_before_validation() -> None:
    def add_precision(raw: dict[str, object]) -> dict[str, object]:
        return {**raw, "version": 2, "precision": "day"}

    old = {"type": "Example", "version": 1}
    assert upcast(old, {("Example", 1): add_precision}) == {
        "type": "Example", "version": 2, "precision": "day"}


def test_a_broken_event_is_refused_with_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        decode_event(json.dumps({"type": "ClockTicked", "version": 1}))
    with pytest.raises(ValueError):
        decode_event(b"[1, 2]")

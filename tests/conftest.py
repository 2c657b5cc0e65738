"""Shared fixtures: the gazetteer (built once), the seed, a fresh embedded runtime."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services.alert.rules import DEFAULT_RULES, parse_rules
from services.classify.gazetteer import Gazetteer, load_gazetteer
from services.runtime.embedded.log import SqliteLog
from services.runtime.embedded.runner import EmbeddedRuntime

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "aleppo-siege-fr.txt"
SEED_GOLD = SHARED / "seeds" / "aleppo-siege-fr.gold.json"
EXAMPLES = ROOT / "examples"
RECORDED = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def seed_path() -> Path:
    """The seed dispatch; the test is skipped where the seed is not beside the checkout."""
    if not SEED.exists():
        pytest.skip(f"the seed is not beside this checkout ({SEED})")
    return SEED


def seed_bytes() -> bytes:
    return seed_path().read_bytes()


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, Any]:
    if not SEED_GOLD.exists():
        pytest.skip(f"the seed is not beside this checkout ({SEED_GOLD})")
    data: dict[str, Any] = json.loads(SEED_GOLD.read_text("utf-8"))
    return data


def make_runtime(path: Path, gazetteer: Gazetteer, clock: datetime = RECORDED) -> EmbeddedRuntime:
    return EmbeddedRuntime(SqliteLog(path), parse_rules(DEFAULT_RULES.read_text("utf-8")),
                           lambda: gazetteer, lambda: clock)


@pytest.fixture
def runtime(tmp_path: Path, gazetteer: Gazetteer) -> Iterator[EmbeddedRuntime]:
    made = make_runtime(tmp_path / "tocsin.db", gazetteer)
    yield made
    made.log.close()

"""What an operator sees from the seed as of 2021-11-01 (its publication month)."""

from __future__ import annotations

from datetime import date

import pytest

from services.ingest.sources import read_paths
from services.runtime.embedded.runner import EmbeddedRuntime
from tests.conftest import SEED


@pytest.fixture
def seeded(runtime: EmbeddedRuntime) -> EmbeddedRuntime:
    if not SEED.exists():
        pytest.skip("the seed is not beside this checkout")
    runtime.run(read_paths([SEED]), source="AFP")
    return runtime


def _by_place_and_rule(runtime: EmbeddedRuntime, day: date) -> dict[tuple[str, str], object]:
    _, views = runtime.as_of(day)
    return {(v.place.name, v.rule): v for v in views.values() if v.status == "active"}


def test_seed_gives_critical_siege_aid_and_food_alerts_for_aleppo(seeded: EmbeddedRuntime) -> None:
    alerts = _by_place_and_rule(seeded, date(2021, 11, 1))
    siege = alerts["Aleppo", "siege_duration"]
    aid = alerts["Aleppo", "aid_blocked"]
    food = alerts["Aleppo", "stock_exhaustion:food"]
    assert (siege.severity, siege.value, siege.since) == ("critical", 107, date(2021, 7, 17))
    assert (aid.severity, aid.value, aid.since) == ("critical", 117, date(2021, 7, 7))
    assert food.severity == "critical" and food.since == date(2021, 8, 15) and food.value < 0
    assert "assiégés depuis le 17 juillet" in siege.evidence[0].sentence
    assert "depuis le 7 juillet" in aid.evidence[0].sentence


def test_seed_gives_lesser_alerts_for_hospitals_and_the_killed(seeded: EmbeddedRuntime) -> None:
    alerts = _by_place_and_rule(seeded, date(2021, 11, 1))
    assert alerts["Aleppo", "healthcare_attacks"].severity == "warning"
    assert alerts["Aleppo", "healthcare_attacks"].value == 5
    assert alerts["Aleppo", "casualties"].severity == "warning"
    assert alerts["Aleppo", "casualties"].value == 12
    assert alerts["Al Atarib", "casualties"].severity == "warning"
    assert alerts["Al Atarib", "casualties"].value == 10
    assert not any(place == "Damascus" for place, _ in alerts)


def test_seed_alerts_are_dated_by_event_time_not_the_wall_clock(seeded: EmbeddedRuntime) -> None:
    raised = {v.raised for v in seeded.alert_views().values()}
    assert raised == {date(2021, 11, 1)}


def test_the_seed_siege_keeps_counting_with_the_clock(seeded: EmbeddedRuntime) -> None:
    alerts = _by_place_and_rule(seeded, date(2021, 12, 1))
    assert alerts["Aleppo", "siege_duration"].value == 137
    assert ("Aleppo", "casualties") not in alerts  # a week's toll ages out of its window

"""`tocsin serve` pushing to a real Alertmanager: alerts arrive with their labels and evidence,
stay alive by being re-sent, and leave the active list when a siege is lifted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

try:
    from .operators import (
        SIEGE_LIFTED,
        SIEGE_STARTED,
        OperatorDaemons,
        TocsinServer,
        daemons,
        demo_db,
        demo_template,
        jsonl,
        operator_tools,
        wait_until,
    )
except ImportError:
    from operators import (  # type: ignore[no-redef]
        SIEGE_LIFTED,
        SIEGE_STARTED,
        OperatorDaemons,
        TocsinServer,
        daemons,  # noqa: F401  (fixture)
        demo_db,  # noqa: F401  (fixture)
        demo_template,  # noqa: F401  (fixture)
        jsonl,
        operator_tools,  # noqa: F401  (fixture)
        wait_until,
    )

pytestmark = pytest.mark.operators

RESEND_SECONDS = 2


@pytest.fixture
def alertmanager(daemons: OperatorDaemons) -> str:
    return daemons.start_alertmanager()


@pytest.fixture
def served(tmp_path: Path, demo_db: Path, alertmanager: str) -> Iterator[TocsinServer]:
    server = TocsinServer(demo_db, tmp_path / "tocsin-serve.log", "--alertmanager-url",
                          alertmanager, "--resend-seconds", str(RESEND_SECONDS))
    yield server
    server.stop()


def active(alertmanager: str, **labels: str) -> list[dict[str, Any]]:
    """Alertmanager's active alerts with tocsin's labels, filtered by label values."""
    matchers = [f'{name}="{value}"' for name, value in labels.items()]
    response = httpx.get(f"{alertmanager}/api/v2/alerts",
                         params=[("active", "true"), *[("filter", m) for m in matchers]],
                         timeout=10)
    response.raise_for_status()
    return [a for a in response.json() if a["labels"].get("alertname", "").startswith("tocsin_")]


def test_alerts_reach_alertmanager_with_labels_evidence_and_links(
        served: TocsinServer, alertmanager: str) -> None:
    """After the demo run, the first round sends every active alert; they stay alive."""
    tocsin = served.client.get("/api/alerts").json()["alerts"]
    expected = {(a["rule_id"], a["place"]["name"], a["severity"]) for a in tocsin}
    assert ("siege_duration", "Aleppo", "critical") in expected

    def all_there() -> list[dict[str, Any]]:
        found = active(alertmanager)
        got = {(a["labels"]["rule"], a["labels"]["place"], a["labels"]["severity"])
               for a in found}
        return found if got == expected else []

    found = wait_until(all_there, timeout=20, what="every tocsin alert in Alertmanager")
    [siege] = [a for a in found if a["labels"]["alertname"] == "tocsin_siege_duration"]
    assert siege["labels"] == {"alertname": "tocsin_siege_duration", "rule": "siege_duration",
                               "severity": "critical", "place": "Aleppo", "country": "SY"}
    notes = siege["annotations"]
    assert notes["summary"] == "Aleppo (SY): 107 days of siege"
    assert notes["evidence"].startswith("Les quartiers rebelles de la deuxième ville de Syrie "
                                        "sont totalement assiégés depuis le 17 juillet")
    assert siege["startsAt"].startswith("2021-07-17T00:00:00")
    assert siege["generatorURL"].startswith(served.url + "/api/alerts/alert-")
    # The links operators follow from a notification work.
    dispatch = httpx.get(notes["dispatch"], timeout=10).json()
    assert notes["evidence"] in dispatch["text"]
    assert httpx.get(siege["generatorURL"], timeout=10).json()["summary"] == notes["summary"]
    [food] = [a for a in found if a["labels"]["rule"] == "stock_exhaustion"]
    assert food["labels"]["commodity"] == "food"
    assert food["labels"]["alertname"] == "tocsin_stock_exhaustion"

    # Re-sent every round, so Alertmanager's expiry (now + resolve_timeout) keeps moving on.
    first = datetime.fromisoformat(siege["endsAt"].replace("Z", "+00:00"))

    def extended() -> bool:
        [again] = active(alertmanager, alertname="tocsin_siege_duration", place="Aleppo")
        return datetime.fromisoformat(again["endsAt"].replace("Z", "+00:00")) > first

    wait_until(extended, timeout=RESEND_SECONDS * 4, what="the alert re-sent")

    # An acknowledgement shows in the next round's annotations.
    siege_id = notes["alert_id"]
    acked = served.client.post(f"/api/alerts/{siege_id}/acknowledge", json={"by": "Noor"})
    assert acked.status_code == 200
    wait_until(lambda: active(alertmanager, alertname="tocsin_siege_duration")[0]
               ["annotations"].get("acknowledged_by") == "Noor", timeout=10,
               what="acknowledged_by in Alertmanager")


def test_a_lifted_siege_resolves_its_alert_in_alertmanager(
        served: TocsinServer, alertmanager: str) -> None:
    started = served.post(jsonl(SIEGE_STARTED), "application/x-ndjson").json()
    events = {(a["event"], a["rule"], a["severity"]) for a in started["alerts"]}
    assert ("AlertRaised", "siege_duration", "warning") in events
    # The clock moved to 2021-11-10: the seed's tolls of 2021-11-01 left the 7-day window.
    assert ("AlertResolved", "casualties", None) in events
    [raised] = [a for a in started["alerts"] if a["event"] == "AlertRaised"]
    place = served.client.get(raised["url"]).json()["place"]  # as the gazetteer names it

    def zabadani() -> list[dict[str, Any]]:
        return active(alertmanager, alertname="tocsin_siege_duration", place=place["name"])

    [alert] = wait_until(zabadani, timeout=15, what="Zabadani's siege in Alertmanager")
    assert alert["labels"]["severity"] == "warning"
    assert alert["labels"].get("country") == place["country"]  # absent when not known
    assert alert["startsAt"].startswith("2021-09-01T00:00:00")

    lifted = served.post(jsonl(SIEGE_LIFTED), "application/x-ndjson").json()
    assert {"alert_id": raised["alert_id"], "event": "AlertResolved"}.items() <= next(
        a for a in lifted["alerts"] if a["alert_id"] == raised["alert_id"]).items()
    wait_until(lambda: not zabadani(), timeout=15, what="Zabadani's siege resolved")
    assert not active(alertmanager, alertname="tocsin_casualties")
    # Aleppo's siege is still there, and nothing failed on the way.
    assert active(alertmanager, alertname="tocsin_siege_duration", place="Aleppo")
    assert "could not push" not in served.log()

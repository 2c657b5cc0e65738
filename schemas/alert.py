"""Alerts and their life: raised, escalated, acknowledged, resolved."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from schemas.envelope import Event
from schemas.place import Place

Severity = Literal["info", "warning", "critical"]
SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "critical": 3}


class AlertEvidence(BaseModel):
    """One signal behind an alert: where it was read and the sentence that says it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    signal_id: str
    dispatch_id: str
    source: str
    sentence: str
    trigger_start: int
    trigger_end: int
    sentence_start: int


class AlertRaised(Event):
    type: Literal["AlertRaised"] = "AlertRaised"
    version: Literal[1] = 1
    alert_id: str
    place: Place
    rule: str
    severity: Severity
    measure: str
    value: float
    since: date | None
    day: date
    evidence: tuple[AlertEvidence, ...]


class AlertEscalated(Event):
    type: Literal["AlertEscalated"] = "AlertEscalated"
    version: Literal[1] = 1
    alert_id: str
    place_id: str
    rule: str
    severity: Severity
    previous: Severity
    value: float
    day: date


class AlertAcknowledged(Event):
    type: Literal["AlertAcknowledged"] = "AlertAcknowledged"
    version: Literal[1] = 1
    alert_id: str
    by: str
    note: str = ""


class AlertResolved(Event):
    type: Literal["AlertResolved"] = "AlertResolved"
    version: Literal[1] = 1
    alert_id: str
    place_id: str
    rule: str
    reason: str
    day: date

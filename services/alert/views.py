"""What operators read: alerts as they stand, and a place's situation described on a day.

Both are projections: pure folds over events, rebuilt identically by a replay.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from schemas.alert import (
    AlertAcknowledged,
    AlertEscalated,
    AlertEvidence,
    AlertRaised,
    AlertResolved,
    Severity,
)
from schemas.place import Place
from schemas.signal import Signal
from services.alert import situation as s
from services.alert.rules import MEASURES
from services.alert.situation import Situation


class AlertView(BaseModel):
    """One alert as it stands after every event about it."""

    model_config = ConfigDict(frozen=True)

    alert_id: str
    place: Place
    rule: str
    measure: str
    severity: Severity
    status: str  # "active" or "resolved"
    raised: date
    since: date | None
    value: float
    escalated: date | None = None
    resolved: date | None = None
    resolution: str | None = None
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    acknowledgement_note: str | None = None
    evidence: tuple[AlertEvidence, ...] = ()
    history: tuple[tuple[date, str, str], ...] = ()  # (day, what, severity or reason)


AlertEventT = AlertRaised | AlertEscalated | AlertResolved | AlertAcknowledged


def project_alerts(events: Iterable[AlertEventT], views: dict[str, AlertView] | None = None
                   ) -> dict[str, AlertView]:
    """Fold alert events into one view per alert."""
    board = dict(views or {})
    for event in events:
        if isinstance(event, AlertRaised):
            board[event.alert_id] = AlertView(
                alert_id=event.alert_id, place=event.place, rule=event.rule, measure=event.measure,
                severity=event.severity, status="active", raised=event.day, since=event.since,
                value=event.value, evidence=event.evidence,
                history=((event.day, "raised", event.severity),),
            )
            continue
        view = board.get(event.alert_id)
        if view is None:
            continue
        if isinstance(event, AlertEscalated):
            board[event.alert_id] = view.model_copy(update={
                "severity": event.severity, "escalated": event.day, "value": event.value,
                "history": (*view.history, (event.day, "escalated", event.severity)),
            })
        elif isinstance(event, AlertResolved):
            board[event.alert_id] = view.model_copy(update={
                "status": "resolved", "resolved": event.day, "resolution": event.reason,
                "history": (*view.history, (event.day, "resolved", event.reason)),
            })
        else:
            board[event.alert_id] = view.model_copy(update={
                "acknowledged_by": event.by, "acknowledged_at": event.event_time,
                "acknowledgement_note": event.note or None,
            })
    return board


class StockView(BaseModel):
    commodity: str
    exhaustion: date | None
    exhausted: bool
    days_left: int | None
    sources: list[str]


class SituationView(BaseModel):
    """A place on a day, in the words an operator uses."""

    place: Place
    day: date
    siege_since: date | None
    siege_days: int | None
    siege_population: int | None
    siege_sources: list[str]
    aid_blocked_since: date | None
    aid_blocked_days: int | None
    aid_blocked_sources: list[str]
    stocks: list[StockView]
    killed_7d: int | None
    healthcare_attacks_30d: int | None
    displaced_30d: int | None
    famine_reports_90d: int
    signals: list[Signal]


def describe(situation: Situation, day: date) -> SituationView:
    """The situation of a place as of `day` (signals published after it are not known)."""
    siege = s.siege_signals(situation, day)
    siege_since = s.siege_since(situation, day)
    aid = s.aid_blocked_signals(situation, day)
    aid_since = s.aid_blocked_since(situation, day)
    stocks = [
        StockView(commodity=commodity, exhaustion=signal.exhaustion, exhausted=signal.exhausted,
                  days_left=s.stock_days_left(signal, day), sources=[signal.source])
        for commodity, signal in sorted(s.stock_signals(situation, day).items())
    ]
    return SituationView(
        place=situation.place,
        day=day,
        siege_since=siege_since,
        siege_days=(day - siege_since).days if siege_since else None,
        siege_population=max((x.population for x in siege if x.population), default=None),
        siege_sources=s.sources(siege),
        aid_blocked_since=aid_since,
        aid_blocked_days=(day - aid_since).days if aid_since else None,
        aid_blocked_sources=s.sources(aid),
        stocks=stocks,
        killed_7d=_value("killed_7d", situation, day),
        healthcare_attacks_30d=_value("healthcare_attacks_30d", situation, day),
        displaced_30d=_value("displaced_30d", situation, day),
        famine_reports_90d=len(s.recent(situation, day, "famine", 90)),
        signals=s.known(situation, day),
    )


def _value(measure: str, situation: Situation, day: date) -> int | None:
    readings = MEASURES[measure](situation, day)
    return int(readings[0].value) if readings else None


def with_current_values(views: dict[str, AlertView], situations: dict[str, tuple[Situation, date]]
                        ) -> dict[str, AlertView]:
    """Active alerts with their measure as of each place's day (days of siege keep counting)."""
    refreshed = dict(views)
    for alert_id, view in views.items():
        found = situations.get(view.place.id)
        if found is None or view.status != "active":
            continue
        situation, day = found
        subject = view.rule.split(":", 1)[1] if ":" in view.rule else ""
        for reading in MEASURES[view.measure](situation, day):
            if reading.subject == subject:
                refreshed[alert_id] = view.model_copy(update={"value": reading.value})
    return refreshed

"""Alerts fire on the day a threshold is crossed, escalate, and resolve, in event time."""

from __future__ import annotations

from datetime import date
from typing import Any

from schemas.place import Place
from schemas.signal import Evidence, Signal, SignalDetected, SignalRetracted
from services.alert.lifecycle import AlertEvent, midnight
from services.alert.rules import DEFAULT_RULES, parse_rules
from services.pipeline import AlertService, tick
from tests.conftest import RECORDED

MADAYA = Place(id="geonames:167558", name="Madaya", country="SY", as_written="Madaya", linked=True)
RULES = parse_rules(DEFAULT_RULES.read_text("utf-8"))


def _signal(kind: str, reported: date, **fields: Any) -> SignalDetected:
    sentence = f"{kind} reported"
    signal = Signal(
        id=f"s-{kind}-{reported}", type=kind, dispatch_id=f"d-{reported}",  # type: ignore[arg-type]
        source="test", reported_on=reported, place=MADAYA,
        evidence=Evidence(sentence=sentence, start=0, end=len(sentence), trigger_start=0,
                          trigger_end=len(kind)),
        **fields,
    )
    return SignalDetected(event_id=signal.id, event_time=midnight(reported),
                          recorded_time=RECORDED, signal=signal)


def _summary(events: list[AlertEvent]) -> list[tuple[str, date, str, str]]:
    return [(e.type, e.day, e.rule, getattr(e, "severity", getattr(e, "reason", "")))
            for e in events]


def test_a_siege_warns_on_day_30_escalates_on_day_90_and_resolves_when_lifted() -> None:
    service = AlertService(RULES)
    events = service.handle(_signal("siege", date(2015, 7, 10), since=date(2015, 7, 5)))
    assert events == []
    events += service.handle(_signal("siege", date(2015, 9, 15)))  # a wire reconfirms it
    events += service.handle(tick(date(2015, 10, 20), RECORDED))
    events += service.handle(_signal("siege_lifted", date(2015, 11, 20), on=date(2015, 11, 19)))
    assert _summary(events) == [
        ("AlertRaised", date(2015, 8, 4), "siege_duration", "warning"),
        ("AlertEscalated", date(2015, 10, 3), "siege_duration", "critical"),
        ("AlertResolved", date(2015, 11, 20), "siege_duration", "siege lifted"),
    ]


def test_a_siege_nobody_reports_for_90_days_resolves_as_not_reported() -> None:
    service = AlertService(RULES)
    service.handle(_signal("siege", date(2015, 7, 10), since=date(2015, 7, 5)))
    events = service.handle(tick(date(2015, 12, 31), RECORDED))
    assert _summary(events)[-1] == (
        "AlertResolved", date(2015, 10, 9), "siege_duration", "not reported for 90 days")


def test_a_tick_and_a_later_dispatch_give_the_same_alert_events() -> None:
    by_tick, by_dispatch = AlertService(RULES), AlertService(RULES)
    start = _signal("aid_blocked", date(2015, 7, 10), since=date(2015, 7, 1))
    ticked = by_tick.handle(start) + by_tick.handle(tick(date(2015, 8, 10), RECORDED))
    later = _signal("casualties", date(2015, 8, 10), killed=1)
    dispatched = by_dispatch.handle(start) + by_dispatch.handle(later)
    assert [e.event_id for e in ticked] == [e.event_id for e in dispatched]
    assert _summary(ticked) == [
        ("AlertRaised", date(2015, 7, 15), "aid_blocked", "warning"),
        ("AlertEscalated", date(2015, 7, 31), "aid_blocked", "critical"),
    ]


def test_a_convoy_resolves_aid_blocked_and_voids_older_stock_forecasts() -> None:
    service = AlertService(RULES)
    service.handle(_signal("aid_blocked", date(2015, 12, 1), since=date(2015, 11, 1)))
    service.handle(_signal("stock_depletion", date(2015, 12, 2), commodity="food",
                           exhaustion=date(2015, 12, 6)))
    events = service.handle(_signal("aid_delivered", date(2015, 12, 10), on=date(2015, 12, 10)))
    resolved = {(e.rule, e.reason) for e in events if e.type == "AlertResolved"}
    assert resolved == {("aid_blocked", "aid delivered"),
                        ("stock_exhaustion:food", "stock replenished or forecast withdrawn")}


def test_a_food_stock_alert_turns_critical_a_week_before_exhaustion() -> None:
    service = AlertService(RULES)
    events = service.handle(_signal("stock_depletion", date(2015, 12, 1), commodity="food",
                                    exhaustion=date(2015, 12, 20)))
    events += service.handle(tick(date(2015, 12, 31), RECORDED))
    assert _summary(events) == [
        ("AlertRaised", date(2015, 12, 6), "stock_exhaustion:food", "warning"),
        ("AlertEscalated", date(2015, 12, 13), "stock_exhaustion:food", "critical"),
    ]


def test_one_toll_repeated_by_two_wires_is_counted_once() -> None:
    service = AlertService(RULES)
    first = _signal("casualties", date(2015, 12, 1), killed=12, on=date(2015, 11, 30))
    repeat = first.signal.model_copy(update={"id": "s-repeat", "source": "Reuters"})
    service.handle(first)
    service.handle(SignalDetected(event_id="s-repeat", event_time=first.event_time,
                                  recorded_time=RECORDED, signal=repeat))
    state = service.places[MADAYA.id]
    assert len(state.situation.signals) == 2
    alert = next(iter(state.active.values()))
    assert (alert.rule, alert.severity) == ("casualties", "warning")


def test_a_retracted_signal_takes_its_alert_with_it() -> None:
    service = AlertService(RULES)
    detected = _signal("famine", date(2015, 12, 1), deaths=3)
    raised = service.handle(detected)
    assert _summary(raised) == [("AlertRaised", date(2015, 12, 1), "famine", "critical")]
    retracted = SignalRetracted(event_id="t-1", event_time=midnight(date(2015, 12, 3)),
                                recorded_time=RECORDED, signal_id=detected.signal.id,
                                place_id=MADAYA.id, reason="wrong town")
    assert _summary(service.handle(retracted)) == [
        ("AlertResolved", date(2015, 12, 1), "famine", "evidence retracted")]

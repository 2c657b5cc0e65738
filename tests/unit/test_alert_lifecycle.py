"""Alerts fire on the day a threshold is crossed, escalate, and resolve, in event time."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from schemas.place import Place
from schemas.signal import Evidence, Signal, SignalDetected, SignalRetracted
from services.alert import situation
from services.alert.lifecycle import AlertEvent, midnight
from services.alert.rules import DEFAULT_RULES, MEASURES, READS, SLOPES, WINDOWS, Rule, parse_rules
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


def _ticked(service: AlertService, day: date) -> list[AlertEvent]:
    return service.handle(tick(day, RECORDED))


def test_a_siege_warns_on_day_30_escalates_on_day_90_and_resolves_when_lifted() -> None:
    service = AlertService(RULES)
    events = service.handle(_signal("siege", date(2015, 7, 10), since=date(2015, 7, 5)))
    assert events == []  # nothing is evaluated before the clock says the day is complete
    events += service.handle(_signal("siege", date(2015, 9, 15)))  # a wire reconfirms it
    events += _ticked(service, date(2015, 10, 20))
    events += service.handle(_signal("siege_lifted", date(2015, 11, 20), on=date(2015, 11, 19)))
    events += _ticked(service, date(2015, 11, 20))
    assert _summary(events) == [
        ("AlertRaised", date(2015, 8, 4), "siege_duration", "warning"),
        ("AlertEscalated", date(2015, 10, 3), "siege_duration", "critical"),
        ("AlertResolved", date(2015, 11, 20), "siege_duration", "siege lifted"),
    ]


def test_a_siege_nobody_reports_for_90_days_resolves_as_not_reported() -> None:
    service = AlertService(RULES)
    service.handle(_signal("siege", date(2015, 7, 10), since=date(2015, 7, 5)))
    events = _ticked(service, date(2015, 12, 31))
    assert _summary(events)[-1] == (
        "AlertResolved", date(2015, 10, 9), "siege_duration", "not reported for 90 days")


def test_one_tick_or_a_tick_a_day_give_the_same_alert_events() -> None:
    at_once, daily = AlertService(RULES), AlertService(RULES)
    start = _signal("aid_blocked", date(2015, 7, 10), since=date(2015, 7, 1))
    once = at_once.handle(start) + _ticked(at_once, date(2015, 8, 10))
    every_day = daily.handle(start)
    for day in range(10, 32):
        every_day += _ticked(daily, date(2015, 7, day))
    for day in range(1, 11):
        every_day += _ticked(daily, date(2015, 8, day))
    assert [e.event_id for e in once] == [e.event_id for e in every_day]
    assert _summary(once) == [
        ("AlertRaised", date(2015, 7, 15), "aid_blocked", "warning"),
        ("AlertEscalated", date(2015, 7, 31), "aid_blocked", "critical"),
    ]


def test_the_order_of_a_days_signals_does_not_change_the_alerts() -> None:
    signals = [_signal("siege", date(2015, 9, 1), since=date(2015, 6, 1)),
               _signal("siege_lifted", date(2015, 9, 1), on=date(2015, 9, 1)),
               _signal("casualties", date(2015, 9, 1), killed=30)]
    outcomes = []
    for order in (signals, signals[::-1], [signals[1], signals[2], signals[0]]):
        service = AlertService(RULES)
        for detected in order:
            service.handle(detected)
        outcomes.append([e.event_id for e in _ticked(service, date(2015, 9, 5))])
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_a_late_signal_is_evaluated_at_once_up_to_the_watermark() -> None:
    service = AlertService(RULES)
    service.handle(_signal("siege", date(2015, 12, 1), since=date(2015, 10, 1)))
    _ticked(service, date(2015, 12, 10))
    late = service.handle(_signal("famine", date(2015, 12, 8), deaths=3))
    assert _summary(late) == [("AlertRaised", date(2015, 12, 10), "famine", "critical")]
    elsewhere = service.handle(_signal("famine", date(2015, 12, 8), deaths=3).model_copy(
        update={"signal": _signal("famine", date(2015, 12, 8)).signal.model_copy(
            update={"id": "s-other", "place": MADAYA.model_copy(update={"id": "geonames:1"})})}))
    assert _summary(elsewhere) == [("AlertRaised", date(2015, 12, 8), "famine", "critical")]


def test_a_convoy_resolves_aid_blocked_and_voids_older_stock_forecasts() -> None:
    service = AlertService(RULES)
    service.handle(_signal("aid_blocked", date(2015, 12, 1), since=date(2015, 11, 1)))
    service.handle(_signal("stock_depletion", date(2015, 12, 2), commodity="food",
                           exhaustion=date(2015, 12, 6)))
    _ticked(service, date(2015, 12, 5))
    service.handle(_signal("aid_delivered", date(2015, 12, 10), on=date(2015, 12, 10)))
    events = _ticked(service, date(2015, 12, 10))
    resolved = {(e.day, e.rule, e.reason) for e in events if e.type == "AlertResolved"}
    assert resolved == {(date(2015, 12, 10), "aid_blocked", "aid delivered"),
                        (date(2015, 12, 10), "stock_exhaustion:food",
                         "stock replenished or forecast withdrawn")}


def test_a_food_stock_alert_turns_critical_a_week_before_exhaustion() -> None:
    service = AlertService(RULES)
    service.handle(_signal("stock_depletion", date(2015, 12, 1), commodity="food",
                           exhaustion=date(2015, 12, 20)))
    events = _ticked(service, date(2015, 12, 31))
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
    [raised] = _ticked(service, date(2015, 12, 1))
    assert (raised.rule, raised.severity, raised.value) == ("casualties", "warning", 12)
    assert len(service.places[MADAYA.id].situation.signals) == 2


def test_a_retracted_signal_takes_its_alert_with_it() -> None:
    service = AlertService(RULES)
    detected = _signal("famine", date(2015, 12, 1), deaths=3)
    service.handle(detected)
    raised = _ticked(service, date(2015, 12, 2))
    assert _summary(raised) == [("AlertRaised", date(2015, 12, 1), "famine", "critical")]
    retracted = SignalRetracted(event_id="t-1", event_time=midnight(date(2015, 12, 3)),
                                recorded_time=RECORDED, signal_id=detected.signal.id,
                                place_id=MADAYA.id, reason="wrong town")
    assert _summary(service.handle(retracted)) == [
        ("AlertResolved", date(2015, 12, 2), "famine", "evidence retracted")]


def test_a_siege_reported_again_after_a_long_silence_is_a_new_episode() -> None:
    service = AlertService(RULES)
    service.handle(_signal("siege", date(2015, 1, 10), since=date(2015, 1, 1)))
    service.handle(_signal("siege", date(2015, 9, 1), since=date(2015, 8, 20)))
    events = _ticked(service, date(2015, 10, 1))
    raised = [e for e in events if e.type == "AlertRaised"]
    assert [(e.day, e.since) for e in raised] == [
        (date(2015, 1, 31), date(2015, 1, 1)), (date(2015, 9, 19), date(2015, 8, 20))]


def test_signals_read_ahead_of_the_clock_change_no_alert() -> None:
    """A Kafka partition read ahead of the others leaves a place holding signals published
    after the watermark; the days before them must come out as if they had not arrived."""
    signals = [
        _signal("casualties", date(2015, 7, 10), killed=14, on=date(2015, 7, 9)),
        _signal("aid_blocked", date(2016, 3, 1), since=date(2016, 2, 10)),
        _signal("aid_delivered", date(2016, 4, 2)),
        _signal("casualties", date(2017, 1, 5), killed=120),
    ]
    days = [date(2015, 7, 10), date(2015, 9, 1), date(2016, 3, 1), date(2016, 4, 2),
            date(2016, 12, 31), date(2017, 1, 5), date(2017, 2, 1)]
    in_order, read_ahead = AlertService(RULES), AlertService(RULES)
    expected: list[AlertEvent] = []
    for day in days:
        for signal in signals:
            if signal.signal.reported_on == day:
                expected += in_order.handle(signal)
        expected += _ticked(in_order, day)
    found = [alert for signal in signals for alert in read_ahead.handle(signal)]
    for day in days:
        found += _ticked(read_ahead, day)
    assert _summary(expected) == [
        ("AlertRaised", date(2015, 7, 10), "casualties", "warning"),
        ("AlertResolved", date(2015, 7, 16), "casualties", "below threshold over its window"),
        ("AlertRaised", date(2016, 3, 1), "aid_blocked", "warning"),
        ("AlertEscalated", date(2016, 3, 11), "aid_blocked", "critical"),
        ("AlertResolved", date(2016, 4, 2), "aid_blocked", "aid delivered"),
        ("AlertRaised", date(2017, 1, 5), "casualties", "critical"),
        ("AlertResolved", date(2017, 1, 12), "casualties", "below threshold over its window"),
    ]
    assert [e.event_id for e in found] == [e.event_id for e in expected]


def _random_history(seed: int) -> list[SignalDetected]:
    """Two years of reports of every type at one place, with a long silence in the middle:
    thresholds crossed, windows filled and emptied, findings gone stale, reports leaving the
    year of lookback, and facts dated before their report or after it."""
    chance = random.Random(seed)
    history = []
    day = date(2015, 1, 1)
    while day < date(2017, 1, 1):
        if not date(2015, 9, 1) <= day < date(2016, 3, 1) and chance.random() < 0.15:
            kind = chance.choice(["siege", "siege_lifted", "aid_blocked", "aid_delivered",
                                  "stock_depletion", "casualties", "healthcare_attack",
                                  "displacement", "famine"])
            earlier = day - timedelta(days=chance.randint(0, 40))
            # a dispatch dated by its month only may date its facts later in the month
            dated = day + timedelta(days=chance.randint(-40, 25))
            fields: dict[str, Any] = {
                "siege": {"since": earlier}, "aid_blocked": {"since": earlier},
                "siege_lifted": {"on": day}, "aid_delivered": {},
                "stock_depletion": {"commodity": chance.choice(["food", "fuel"]),
                                    "exhaustion": day + timedelta(days=chance.randint(1, 30))},
                "casualties": {"killed": chance.randint(1, 80), "on": dated},
                "healthcare_attack": {"count": chance.randint(1, 3), "on": dated},
                "displacement": {"people": chance.randint(100, 90_000)},
                "famine": {},
            }[kind]
            history.append(_signal(kind, day, **fields))
        day += timedelta(days=1)
    return history


# Rules with no staleness that look a year back, so that reports leaving the lookback show,
# and rules that count days away from their thresholds (a new siege; a stock far from gone).
LONG_RULES = (*RULES, *parse_rules("""
[[rule]]
id = "year_long_siege"
measure = "siege_days"
warning = 300
critical = 400
[[rule]]
id = "stock_long_gone"
measure = "stock_days_left"
direction = "at_most"
critical = -200
[[rule]]
id = "new_siege"
measure = "siege_days"
direction = "at_most"
warning = 5
critical = 2.5
[[rule]]
id = "stock_far_from_gone"
measure = "stock_days_left"
info = 10
"""))


def _daily_and_monthly(history: list[SignalDetected],
                       rules: tuple[Rule, ...]) -> tuple[list[AlertEvent], list[AlertEvent]]:
    """The alert events of `history` with a tick every day, and with a tick a month."""
    daily, monthly = AlertService(rules), AlertService(rules)
    every_day: list[AlertEvent] = []
    skipping: list[AlertEvent] = []
    day = date(2015, 1, 1)
    while day <= date(2018, 3, 1):
        for signal in (s for s in history if s.signal.reported_on == day):
            every_day += daily.handle(signal)
            skipping += monthly.handle(signal)
        every_day += _ticked(daily, day)
        if day.day == 1:
            skipping += _ticked(monthly, day)
        day += timedelta(days=1)
    return every_day, skipping


@pytest.mark.parametrize("rules", [RULES, LONG_RULES], ids=["default rules", "long rules"])
@pytest.mark.parametrize("seed", range(6))
def test_skipping_the_days_on_which_nothing_changes_gives_the_alerts_of_every_day(
        seed: int, rules: tuple[Rule, ...]) -> None:
    """A tick every day evaluates every day; a tick a month lets the alert service skip to
    the days on which a threshold, a window or the lookback can change what the rules find."""
    every_day, skipping = _daily_and_monthly(_random_history(seed), rules)
    assert len(every_day) > 20
    assert [e.model_dump(exclude={"caused_by"}) for e in skipping] == [
        e.model_dump(exclude={"caused_by"}) for e in every_day]


@pytest.mark.parametrize("seed", range(6))
def test_a_place_reported_more_often_than_its_state_holds_alerts_alike_at_any_tick_rate(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A place's running state keeps its newest MAX_SIGNALS reports (a besieged city can be
    in dozens of dispatches a day). Which ones the rules read must not depend on how often
    the clock ticked, i.e. on when the state last forgot: here the cap is 3 reports."""
    monkeypatch.setattr(situation, "MAX_SIGNALS", 3)
    every_day, skipping = _daily_and_monthly(_random_history(seed), LONG_RULES)
    assert len(every_day) > 20
    assert [e.model_dump(exclude={"caused_by"}) for e in skipping] == [
        e.model_dump(exclude={"caused_by"}) for e in every_day]


def test_every_measure_says_which_signals_it_reads_and_how_long() -> None:
    """Skipping days rests on these tables: a measure missing from them would be skipped
    over wrongly (or fail) the day someone adds it."""
    assert READS.keys() == MEASURES.keys()
    # each measure reads a window of days, or counts days over the year of lookback
    assert WINDOWS.keys() | SLOPES.keys() == MEASURES.keys()
    assert not WINDOWS.keys() & SLOPES.keys()

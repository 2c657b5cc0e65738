"""The life of alerts at one place: raised, escalated, resolved, one day at a time.

`advance` is the whole alert service for one place: it takes the place's state and one event
(a signal, a retraction, a clock tick), evaluates the rules on the days from the last one
evaluated up to the event's day (skipping those on which nothing can change), and returns the
new state with the alert events that happened. Alert event ids depend only on the place,
the rule and the day, never on what caused the evaluation, so a tick or a dispatch crossing
the same day give the same events.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict

from schemas.alert import (
    SEVERITY_RANK,
    AlertEscalated,
    AlertEvidence,
    AlertRaised,
    AlertResolved,
    Severity,
)
from schemas.clock import ClockTicked
from schemas.envelope import Event, event_id
from schemas.signal import Signal, SignalDetected, SignalRetracted
from services.alert.rules import Finding, Rule, evaluate, horizon
from services.alert.situation import Situation, begin, evolve, forget_before

AlertEvent = AlertRaised | AlertEscalated | AlertResolved
PlaceEvent = SignalDetected | SignalRetracted | ClockTicked
MAX_EVIDENCE = 5
ONE_DAY = timedelta(days=1)


class ActiveAlert(BaseModel):
    model_config = ConfigDict(frozen=True)

    alert_id: str
    rule: str
    severity: Severity
    raised: date


class PlaceState(BaseModel):
    """What the alert service remembers of one place."""

    model_config = ConfigDict(frozen=True)

    situation: Situation
    active: dict[str, ActiveAlert] = {}
    evaluated: date | None = None


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def advance(
    state: PlaceState | None, event: PlaceEvent, rules: tuple[Rule, ...], watermark: date | None
) -> tuple[PlaceState | None, list[AlertEvent]]:
    """Apply one event to a place's state; return the new state and the alert events.

    A clock tick for day W is a watermark: every dispatch published up to W has been read.
    Only then are the days up to W evaluated, in order, so the alerts do not depend on the
    order in which a day's signals arrived. A signal for a day already past the watermark
    (a late one) is evaluated at once, on the watermark's day.
    """
    if state is None:
        if not isinstance(event, SignalDetected):
            return None, []  # a tick or retraction for a place never seen changes nothing
        state = PlaceState(situation=begin(event.signal.place, event.signal.reported_on))
    emitted: list[AlertEvent] = []
    if isinstance(event, ClockTicked):
        if state.evaluated is not None and event.day <= state.evaluated:
            # Time does not go back: a tick redelivered after a crash, behind a state that
            # was saved further on, has nothing left to evaluate.
            return state, emitted
        return _run_until(state, event.day, rules, event, emitted), emitted
    state = state.model_copy(update={"situation": evolve(event, state.situation)})
    late = (watermark is not None and isinstance(event, SignalDetected)
            and event.signal.reported_on <= watermark)
    if isinstance(event, SignalRetracted) or late:
        until = max(watermark or state.situation.day, state.evaluated or state.situation.day)
        state = _run_until(state, until, rules, event, emitted,
                           retracted=isinstance(event, SignalRetracted))
    return state, emitted


def _run_until(
    state: PlaceState, until: date, rules: tuple[Rule, ...], cause: Event,
    emitted: list[AlertEvent], retracted: bool = False,
) -> PlaceState:
    """Evaluate the days from the last evaluated (or the first signal) through `until`.

    Days on which nothing can change are skipped: with no alert active and every signal
    published so far too old to reach a rule, up to the next report; otherwise up to the next
    report or the day the rules say their findings may change (a threshold crossed, a signal
    coming into or going out of a window). Those days would raise, escalate and resolve
    nothing. The state may already hold signals published after `until` (a partition read
    ahead of the others); they do not count before their day.
    """
    signals = state.situation.signals  # in publication order
    current = state.evaluated + ONE_DAY if state.evaluated else signals[0].reported_on if signals else until
    reach = timedelta(days=horizon(rules))
    known, quiet = 0, date.min  # signals published by `current`; the last day they can fire
    while current < until:
        while known < len(signals) and signals[known].reported_on <= current:
            quiet = max(quiet, _last_fact(signals[known]) + reach)
            known += 1
        if not state.active and current > quiet:
            if known == len(signals):
                break
            current = signals[known].reported_on  # idle until the next report
            continue
        state, change = _evaluate(state, current, rules, cause, emitted, retracted=False)
        report = signals[known].reported_on if known < len(signals) else until
        current = max(current + ONE_DAY, min(change or until, report, until))
    state, _ = _evaluate(state, until, rules, cause, emitted, retracted)
    return state.model_copy(update={"situation": forget_before(state.situation, until)})


def _last_fact(signal: Signal) -> date:
    """The latest day a signal speaks of: its report, or a forecast after it."""
    return max(signal.reported_on, signal.since or signal.reported_on,
               signal.exhaustion or signal.reported_on)


def quiet_after(situation: Situation, rules: tuple[Rule, ...]) -> date:
    """The day after which, with no alert active, no rule can fire without a new signal."""
    return max((quiet_after_signal(s, rules) for s in situation.signals),
               default=situation.day + timedelta(days=horizon(rules)))


def quiet_after_signal(signal: Signal, rules: tuple[Rule, ...]) -> date:
    """What `signal` alone makes of `quiet_after`: a situation it joins is quiet after the
    later of this day and its own."""
    return _last_fact(signal) + timedelta(days=horizon(rules))


def _evaluate(
    state: PlaceState,
    day: date,
    rules: tuple[Rule, ...],
    cause: Event,
    emitted: list[AlertEvent],
    retracted: bool,
) -> tuple[PlaceState, date | None]:
    """The state after the rules are read on `day`, and the next day they may read otherwise."""
    everything, change = evaluate(rules, state.situation, day)
    findings = {finding.key: finding for finding in everything if not finding.stale}
    stale = {finding.key: finding.rule.stale_after_days for finding in everything if finding.stale}
    active = dict(state.active)
    for key, finding in findings.items():
        current = active.get(key)
        if current is None:
            raised = _raised(state, key, finding, day, cause)
            active[key] = ActiveAlert(alert_id=raised.alert_id, rule=key,
                                      severity=finding.severity, raised=day)
            emitted.append(raised)
        elif SEVERITY_RANK[finding.severity] > SEVERITY_RANK[current.severity]:
            emitted.append(_escalated(state, current, finding, day, cause))
            active[key] = current.model_copy(update={"severity": finding.severity})
    for key in [key for key in active if key not in findings]:
        reason = f"not reported for {stale[key]} days" if key in stale else None
        emitted.append(_resolved(state, active.pop(key), day, cause, retracted, reason))
    return state.model_copy(update={"active": active, "evaluated": day}), change


def _envelope(kind: str, alert_id: str, day: date, cause: Event, *extra: object) -> dict[str, object]:
    return {
        "event_id": "a-" + event_id(alert_id, kind, day, *extra),
        "event_time": midnight(day),
        "recorded_time": cause.recorded_time,
        "caused_by": cause.event_id,
    }


def _raised(state: PlaceState, key: str, finding: Finding, day: date, cause: Event) -> AlertRaised:
    place = state.situation.place
    alert_id = "alert-" + event_id(place.id, key, day)
    evidence = tuple(
        AlertEvidence(
            signal_id=signal.id, dispatch_id=signal.dispatch_id, source=signal.source,
            sentence=signal.evidence.sentence, sentence_start=signal.evidence.start,
            trigger_start=signal.evidence.trigger_start, trigger_end=signal.evidence.trigger_end,
        )
        for signal in finding.reading.signals[:MAX_EVIDENCE]
    )
    return AlertRaised(
        **_envelope("raised", alert_id, day, cause),  # type: ignore[arg-type]
        alert_id=alert_id, place=place, rule=key, severity=finding.severity,
        measure=finding.rule.measure, value=finding.reading.value, since=finding.reading.since,
        day=day, evidence=evidence,
    )


def _escalated(
    state: PlaceState, current: ActiveAlert, finding: Finding, day: date, cause: Event
) -> AlertEscalated:
    return AlertEscalated(
        **_envelope("escalated", current.alert_id, day, cause, finding.severity),  # type: ignore[arg-type]
        alert_id=current.alert_id, place_id=state.situation.place.id, rule=current.rule,
        severity=finding.severity, previous=current.severity, value=finding.reading.value, day=day,
    )


RESOLUTION = {
    "siege_duration": "siege lifted",
    "aid_blocked": "aid delivered",
    "stock_exhaustion": "stock replenished or forecast withdrawn",
}


def _resolved(
    state: PlaceState, current: ActiveAlert, day: date, cause: Event, retracted: bool,
    stale_reason: str | None,
) -> AlertResolved:
    rule_id = current.rule.split(":")[0]
    reason = "evidence retracted" if retracted else stale_reason or RESOLUTION.get(
        rule_id, "below threshold over its window"
    )
    return AlertResolved(
        **_envelope("resolved", current.alert_id, day, cause),  # type: ignore[arg-type]
        alert_id=current.alert_id, place_id=state.situation.place.id, rule=current.rule,
        reason=reason, day=day,
    )

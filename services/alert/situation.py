"""The situation of one place: a fold over its signals and the passing days.

`evolve` is the fold. Everything an operator reads (siege since, days without aid, stocks) is
derived from the signals the situation holds, so a retraction is simply a signal removed.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import singledispatch

from pydantic import BaseModel, ConfigDict

from schemas.clock import ClockTicked
from schemas.place import Place
from schemas.signal import Signal, SignalDetected, SignalRetracted


class Situation(BaseModel):
    """One place's signals and the latest day tocsin knows has begun there."""

    model_config = ConfigDict(frozen=True)

    place: Place
    day: date
    signals: tuple[Signal, ...] = ()


def begin(place: Place, day: date) -> Situation:
    """A new situation. Its place is the gazetteer's, not as one dispatch happened to spell it,
    so that which dispatch arrived first does not show in the alerts."""
    return Situation(place=place.model_copy(update={"as_written": place.name}), day=day)


@singledispatch
def evolve(event: object, situation: Situation) -> Situation:
    raise TypeError(f"a situation does not change on {type(event).__name__}")


@evolve.register
def _(event: SignalDetected, situation: Situation) -> Situation:
    if any(s.id == event.signal.id for s in situation.signals):
        return situation  # the same signal twice changes nothing
    return situation.model_copy(update={
        "signals": (*situation.signals, event.signal),
        "day": max(situation.day, event.signal.reported_on),
    })


@evolve.register
def _(event: SignalRetracted, situation: Situation) -> Situation:
    kept = tuple(s for s in situation.signals if s.id != event.signal_id)
    return situation.model_copy(update={"signals": kept})


@evolve.register
def _(event: ClockTicked, situation: Situation) -> Situation:
    return situation.model_copy(update={"day": max(situation.day, event.day)})


# --- what the signals say, as of a day ------------------------------------------------------

def effective_day(signal: Signal) -> date:
    """The day a signal's fact holds from: its own date when stated, else its dispatch's day."""
    return signal.on or signal.reported_on


def known(situation: Situation, day: date) -> list[Signal]:
    """Signals published on or before `day`, in the order they happened."""
    return sorted((s for s in situation.signals if s.reported_on <= day),
                  key=lambda s: (s.reported_on, s.id))


def _episode(situation: Situation, day: date, start: str, end: str) -> list[Signal]:
    """The signals of the current episode of a state (a siege, a blockade of aid).

    The episode is what `start` signals said after the last `end` signal was published.
    """
    episode: list[Signal] = []
    for signal in known(situation, day):
        if signal.type == end:
            episode = []
        elif signal.type == start:
            episode.append(signal)
    return episode


def siege_signals(situation: Situation, day: date) -> list[Signal]:
    return _episode(situation, day, "siege", "siege_lifted")


def aid_blocked_signals(situation: Situation, day: date) -> list[Signal]:
    return _episode(situation, day, "aid_blocked", "aid_delivered")


def _started(signals: list[Signal]) -> date | None:
    return min((s.since or s.reported_on for s in signals), default=None)


def siege_since(situation: Situation, day: date) -> date | None:
    return _started(siege_signals(situation, day))


def aid_blocked_since(situation: Situation, day: date) -> date | None:
    return _started(aid_blocked_signals(situation, day))


def stock_signals(situation: Situation, day: date) -> dict[str, Signal]:
    """The latest word on each commodity; a convoy that gets in voids older forecasts."""
    last_delivery = max((effective_day(s) for s in known(situation, day)
                         if s.type == "aid_delivered"), default=None)
    latest: dict[str, Signal] = {}
    for signal in known(situation, day):
        if signal.type != "stock_depletion" or signal.commodity is None:
            continue
        if last_delivery is not None and signal.reported_on <= last_delivery:
            continue
        if signal.exhausted or signal.exhaustion is not None or signal.commodity not in latest:
            latest[signal.commodity] = signal
    return latest


def stock_days_left(signal: Signal, day: date) -> int | None:
    """Days until the stock runs out (0 or fewer when it has); None when no date was given."""
    if signal.exhausted:
        return 0
    if signal.exhaustion is None:
        return None
    return (signal.exhaustion - day).days


def recent(situation: Situation, day: date, kind: str, days: int) -> list[Signal]:
    """Signals of `kind` whose fact falls within the `days` days ending on `day`."""
    first = day - timedelta(days=days - 1)
    return [s for s in known(situation, day)
            if s.type == kind and first <= effective_day(s) <= day]


def per_day_max(signals: list[Signal], field: str) -> dict[date, tuple[int, Signal]]:
    """Wires repeat tolls: a place's figure for one day is the highest reported, counted once."""
    best: dict[date, tuple[int, Signal]] = {}
    for signal in signals:
        value = getattr(signal, field)
        if value is None:
            continue
        when = effective_day(signal)
        if when not in best or value > best[when][0]:
            best[when] = (value, signal)
    return best


def sources(signals: list[Signal]) -> list[str]:
    """The distinct sources that corroborate a fact, in the order they reported it."""
    return list(dict.fromkeys(s.source for s in signals))

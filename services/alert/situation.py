"""The situation of one place: a fold over its signals and the passing days.

`evolve` is the fold. Everything an operator reads (siege since, days without aid, stocks) is
derived from the signals the situation holds, so a retraction is simply a signal removed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
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


def _order(signal: Signal) -> tuple[date, str]:
    return (signal.reported_on, signal.id)


@evolve.register
def _(event: SignalDetected, situation: Situation) -> Situation:
    signals = situation.signals
    at = bisect_left(signals, _order(event.signal), key=_order)
    if at < len(signals) and signals[at].id == event.signal.id:
        return situation  # the same signal twice changes nothing
    return situation.model_copy(update={
        "signals": (*signals[:at], event.signal, *signals[at:]),
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
# Signals are kept in publication order, so "what was known on day d" is a prefix, and the
# measures walk back from its end only as far as they need: a day's evaluation costs what
# the recent past holds, not the place's whole history.

# A dispatch dated only by its month is reported on the month's first day, and the facts it
# dates may fall on any day of that month: no fact is dated further after its report than this.
FACT_LEAD_DAYS = 31
_FACT_LEAD = timedelta(days=FACT_LEAD_DAYS)  # built once: effective_day runs per signal per day


def effective_day(signal: Signal) -> date:
    """The day a signal's fact holds from: its own date when stated, else its dispatch's day."""
    if signal.on is None:
        return signal.reported_on
    return min(signal.on, signal.reported_on + _FACT_LEAD)


def _known_count(situation: Situation, day: date) -> int:
    signals = situation.signals
    if not signals or signals[-1].reported_on <= day:
        return len(signals)  # the usual case: nothing published after `day` is held yet
    return bisect_right(signals, day, key=lambda s: s.reported_on)


def _readable(situation: Situation, day: date) -> tuple[int, int]:
    """Where the signals the measures read on `day` begin and end in `situation.signals`:
    those published on or before `day`, the newest `MAX_SIGNALS` of them."""
    count = _known_count(situation, day)
    return max(0, count - MAX_SIGNALS), count


def known(situation: Situation, day: date) -> list[Signal]:
    """Signals published on or before `day` (the newest `MAX_SIGNALS`), in publication order."""
    first, count = _readable(situation, day)
    return list(situation.signals[first:count])


def _backwards(situation: Situation, day: date) -> Iterator[Signal]:
    """The signals of `known`, newest first."""
    first, count = _readable(situation, day)
    signals = situation.signals
    return reversed(signals if first == 0 and count == len(signals) else signals[first:count])


# A state reported again after this long unreported is a new episode, not the old one going on.
EPISODE_GAP_DAYS = 90
# How far back the latest report of a state is looked for at all (rules resolve an alert as
# "not reported" well before: their `stale_after_days` is shorter).
LOOKBACK_DAYS = 365


# The most signals a place's running state keeps (the newest): it travels as one Kafka record.
MAX_SIGNALS = 500


def forget_before(situation: Situation, day: date) -> Situation:
    """Drop the signals no measure can read on `day` or after: older than `LOOKBACK_DAYS`, or
    behind the newest `MAX_SIGNALS` published by `day` (the measures read no further back,
    see `known`, so when the state forgets, hence how often the clock ticks, changes nothing).

    The log keeps them; the running state stays the size of a year of news, however long
    a place has been reported on.
    """
    horizon = day - timedelta(days=LOOKBACK_DAYS)
    first, _ = _readable(situation, day)
    kept = tuple(s for s in situation.signals[first:]
                 if max(s.reported_on, s.exhaustion or s.reported_on) >= horizon)
    if len(kept) == len(situation.signals):
        return situation
    return situation.model_copy(update={"signals": kept})


def _episode(situation: Situation, day: date, start: str, end: str) -> list[Signal]:
    """The signals of the current episode of a state (a siege, a blockade of aid).

    The episode is what `start` signals said after the last `end` signal was published, back
    to the first gap of more than `EPISODE_GAP_DAYS` between two reports, and no further back
    than `LOOKBACK_DAYS`: the running state forgets older reports (`forget_before`), and how
    often the clock ticks, hence when it forgets, must not change an episode. (A siege that
    has lasted longer keeps its start if the reports of the past year still date it.)
    """
    episode: list[Signal] = []
    lookback = day - timedelta(days=LOOKBACK_DAYS)
    horizon = lookback
    for signal in _backwards(situation, day):
        if signal.type == end or signal.reported_on < horizon:
            break
        if signal.type == start:
            episode.append(signal)
            horizon = max(lookback, signal.reported_on - timedelta(days=EPISODE_GAP_DAYS))
    return episode[::-1]


def siege_signals(situation: Situation, day: date) -> list[Signal]:
    return _episode(situation, day, "siege", "siege_lifted")


def aid_blocked_signals(situation: Situation, day: date) -> list[Signal]:
    return _episode(situation, day, "aid_blocked", "aid_delivered")


def started(signals: list[Signal]) -> date | None:
    """When an episode began: the earliest date its reports give."""
    return min((s.since or s.reported_on for s in signals), default=None)


def siege_since(situation: Situation, day: date) -> date | None:
    return started(siege_signals(situation, day))


def aid_blocked_since(situation: Situation, day: date) -> date | None:
    return started(aid_blocked_signals(situation, day))


def stock_signals(situation: Situation, day: date) -> dict[str, Signal]:
    """The latest word on each commodity; a convoy that gets in voids the forecasts before it.

    A forecast with a date (or a report that the stock is gone) outranks a later mention of
    the same shortage that gives neither.
    """
    latest: dict[str, Signal] = {}
    horizon = day - timedelta(days=LOOKBACK_DAYS)
    for signal in _backwards(situation, day):
        if signal.type == "aid_delivered" or signal.reported_on < horizon:
            break
        if signal.type != "stock_depletion" or signal.commodity is None:
            continue
        dated = signal.exhausted or signal.exhaustion is not None
        current = latest.get(signal.commodity)
        if current is None or (dated and not (current.exhausted or current.exhaustion)):
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
    """Signals of `kind` whose fact falls within the `days` days ending on `day`.

    A fact is never dated after its dispatch, so the walk back stops at the first signal
    published before the window.
    """
    first = day - timedelta(days=days - 1)
    found = []
    for signal in _backwards(situation, day):
        if signal.reported_on < first:
            break
        if signal.type == kind and first <= effective_day(signal) <= day:
            found.append(signal)
    return found[::-1]


def next_reach_change(situation: Situation, day: date, lookback_types: frozenset[str],
                      windows: Mapping[str, tuple[int, ...]]) -> date | None:
    """The first day after `day` on which a signal already published comes into or goes out of
    what the measures read, if any: a report of `lookback_types` leaving the `LOOKBACK_DAYS` of
    episodes and stocks, or a fact entering or leaving a window (`windows`: its lengths by
    signal type). Until then, with no new report, the measures read the same signals."""
    readable, count = _readable(situation, day)
    signals = situation.signals
    turns: list[date] = []
    # Reports leave the lookback in publication order: the oldest one still in it goes first.
    first = bisect_left(signals, day - timedelta(days=LOOKBACK_DAYS), readable, count,
                        key=lambda signal: signal.reported_on)
    for signal in signals[first:count]:
        if signal.type in lookback_types:
            turns.append(signal.reported_on + timedelta(days=LOOKBACK_DAYS + 1))
            break
    if windows:
        # `recent` reads a signal while its fact and its report are in the window.
        oldest = day - timedelta(days=max(max(spans) for spans in windows.values())) - _FACT_LEAD
        for signal in _backwards(situation, day):
            if signal.reported_on < oldest:
                break
            for window in windows.get(signal.type, ()):
                fact, span = effective_day(signal), timedelta(days=window)
                turns += [turn for turn in (fact, fact + span, signal.reported_on + span) if turn > day]
    return min(turns, default=None)


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

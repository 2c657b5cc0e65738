"""Rules: thresholds on a situation's measures, and the measures themselves.

A measure reads a situation on a day and returns one reading per subject (the place itself,
or each commodity for stocks), each with the signals it rests on. A rule turns a reading into
a severity. Both are pure; the rule set comes from a TOML file operators edit.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, model_validator

from schemas.alert import SEVERITY_RANK, Severity
from schemas.signal import Signal
from services.alert import situation as s
from services.alert.situation import Situation

DEFAULT_RULES = Path(__file__).parent / "rules.toml"


class Rule(BaseModel):
    """`warning = 30` means the measure at 30 or beyond (or at 30 or below, `at_most`) warns."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    measure: str
    direction: Literal["at_least", "at_most"] = "at_least"
    info: float | None = None
    warning: float | None = None
    critical: float | None = None
    stale_after_days: int | None = None
    source: str = ""

    @model_validator(mode="after")
    def _known_measure(self) -> Rule:
        if self.measure not in MEASURES:
            raise ValueError(f"rule {self.id!r}: unknown measure {self.measure!r} "
                             f"(known: {', '.join(sorted(MEASURES))})")
        if self.info is None and self.warning is None and self.critical is None:
            raise ValueError(f"rule {self.id!r} has no threshold")
        return self

    def __hash__(self) -> int:
        # Rule sets key caches (`horizon`); ids are unique within a set (`parse_rules`), and
        # equal hashes of unequal rules are told apart by comparison.
        return hash(self.id)

    def severity(self, value: float) -> Severity | None:
        """The highest level this value reaches, if any."""
        for level in ("critical", "warning", "info"):
            threshold = getattr(self, level)
            if threshold is None:
                continue
            reached = value >= threshold if self.direction == "at_least" else value <= threshold
            if reached:
                return level  # type: ignore[return-value]
        return None


def parse_rules(text: str) -> tuple[Rule, ...]:
    """Rules from the TOML text of a rules file (`[[rule]]` tables)."""
    data = tomllib.loads(text)
    rules = tuple(Rule(**entry) for entry in data.get("rule", []))
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        raise ValueError("two rules share an id")
    return rules


@dataclass(frozen=True)
class Reading:
    """One measure of one subject: its value, since when the state holds, and the evidence."""

    subject: str
    value: float
    since: date | None
    signals: tuple[Signal, ...]

    @property
    def last_reported(self) -> date:
        return max(signal.reported_on for signal in self.signals)


Measure = Callable[[Situation, date], list[Reading]]

# How many days back each windowed measure looks.
WINDOWS = {"famine_reports": 90, "healthcare_attacks_30d": 30, "killed_7d": 7, "displaced_30d": 30}
# Measures counted in days, whose thresholds are themselves spans of days, and how their
# value moves each day that no report comes: days since a start grow, days left shrink.
SLOPES = {"siege_days": 1, "aid_blocked_days": 1, "stock_days_left": -1}
# The signal types each measure reads: a signal of another type never changes its readings.
READS: dict[str, frozenset[str]] = {
    "siege_days": frozenset({"siege", "siege_lifted"}),
    "aid_blocked_days": frozenset({"aid_blocked", "aid_delivered"}),
    "stock_days_left": frozenset({"stock_depletion", "aid_delivered"}),
    "famine_reports": frozenset({"famine"}),
    "healthcare_attacks_30d": frozenset({"healthcare_attack"}),
    "killed_7d": frozenset({"casualties"}),
    "displaced_30d": frozenset({"displacement"}),
}


def _days_since(signals: list[Signal], day: date) -> list[Reading]:
    """How long an episode (a siege, a blockade of aid) has lasted on `day`."""
    since = s.started(signals)
    return [Reading("", (day - since).days, since, tuple(signals))] if since else []


def _siege_days(situation: Situation, day: date) -> list[Reading]:
    return _days_since(s.siege_signals(situation, day), day)


def _aid_blocked_days(situation: Situation, day: date) -> list[Reading]:
    return _days_since(s.aid_blocked_signals(situation, day), day)


def _stock_days_left(situation: Situation, day: date) -> list[Reading]:
    readings = []
    for commodity, signal in sorted(s.stock_signals(situation, day).items()):
        left = s.stock_days_left(signal, day)
        if left is not None:
            readings.append(Reading(commodity, left, signal.exhaustion, (signal,)))
    return readings


def _famine_reports(situation: Situation, day: date) -> list[Reading]:
    signals = s.recent(situation, day, "famine", WINDOWS["famine_reports"])
    return [Reading("", len(signals), None, tuple(signals))] if signals else []


def _summed(situation: Situation, day: date, kind: str, field: str, days: int) -> list[Reading]:
    by_day = s.per_day_max(s.recent(situation, day, kind, days), field)
    if not by_day:
        return []
    total = sum(value for value, _ in by_day.values())
    first = min(by_day)
    return [Reading("", total, first, tuple(signal for _, signal in by_day.values()))]


def _healthcare_attacks(situation: Situation, day: date) -> list[Reading]:
    signals = s.recent(situation, day, "healthcare_attack", WINDOWS["healthcare_attacks_30d"])
    if not signals:
        return []
    # An attack whose count is not stated still counts as one.
    by_day: dict[date, tuple[int, Signal]] = {}
    for signal in signals:
        when, count = s.effective_day(signal), signal.count or 1
        if when not in by_day or count > by_day[when][0]:
            by_day[when] = (count, signal)
    total = sum(count for count, _ in by_day.values())
    return [Reading("", total, min(by_day), tuple(sig for _, sig in by_day.values()))]


MEASURES: dict[str, Measure] = {
    "siege_days": _siege_days,
    "aid_blocked_days": _aid_blocked_days,
    "stock_days_left": _stock_days_left,
    "famine_reports": _famine_reports,
    "healthcare_attacks_30d": _healthcare_attacks,
    "killed_7d": lambda situation, day: _summed(situation, day, "casualties", "killed",
                                                WINDOWS["killed_7d"]),
    "displaced_30d": lambda situation, day: _summed(situation, day, "displacement", "people",
                                                    WINDOWS["displaced_30d"]),
}


@cache
def horizon(rules: tuple[Rule, ...]) -> int:
    """Days after a place's last dated fact beyond which no rule can newly fire there."""
    spans = [0]
    for rule in rules:
        spans.append(WINDOWS.get(rule.measure, 0))
        spans.append(rule.stale_after_days or 0)
        if rule.measure in SLOPES:
            spans += [int(abs(t)) for t in (rule.info, rule.warning, rule.critical) if t is not None]
    return max(spans) + 1


@dataclass(frozen=True)
class Finding:
    """A rule reached for one subject of one place on one day."""

    rule: Rule
    reading: Reading
    severity: Severity
    stale: bool = False

    @property
    def key(self) -> str:
        return f"{self.rule.id}:{self.reading.subject}" if self.reading.subject else self.rule.id


class Evaluation(NamedTuple):
    """What the rules find on a day, and the first later day on which, if no new report comes,
    they may find otherwise (None: never): the days between can be skipped."""

    findings: list[Finding]
    next_change: date | None


def evaluate(rules: tuple[Rule, ...], situation: Situation, day: date) -> Evaluation:
    """Every rule the situation reaches on `day`, most severe first.

    A finding no source has confirmed for the rule's `stale_after_days` is marked stale: the
    alert service resolves it rather than let an unreported state alarm forever.
    """
    findings = []
    turns = []
    for rule in rules:
        slope = SLOPES.get(rule.measure, 0)
        for reading in MEASURES[rule.measure](situation, day):
            severity = rule.severity(reading.value)
            if severity is not None:
                stale = rule.stale_after_days is not None and (
                    (day - reading.last_reported).days > rule.stale_after_days)
                findings.append(Finding(rule, reading, severity, stale))
            turns += _turns(rule, reading, day, slope)
    lookback_types, windows = _reach(rules)
    reach = s.next_reach_change(situation, day, lookback_types, windows)
    if reach is not None:
        turns.append(reach)
    findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.key))
    return Evaluation(findings, min(turns, default=None))


def _turns(rule: Rule, reading: Reading, day: date, slope: int) -> list[date]:
    """The later days on which a reading, read again with the same signals, may reach or leave
    a threshold of `rule` (its value moving by `slope` a day), or goes stale.

    A value moving towards a threshold reaches it on the first day it equals or passes it; one
    moving away (an `at_most` rule on days since a start) leaves it on the first day it is
    strictly past it: both days are given, whichever way the rule points."""
    turns = []
    if rule.stale_after_days is not None:
        turns.append(reading.last_reported + timedelta(days=rule.stale_after_days + 1))
    if slope:
        for threshold in (rule.info, rule.warning, rule.critical):
            if threshold is not None:
                ahead = (threshold - reading.value) / slope
                turns += [day + timedelta(days=math.ceil(ahead)),
                          day + timedelta(days=math.floor(ahead) + 1)]
    return [turn for turn in turns if turn > day]


@cache
def _reach(rules: tuple[Rule, ...]) -> tuple[frozenset[str], Mapping[str, tuple[int, ...]]]:
    """For `next_reach_change`: the types read over the whole lookback (episodes, stocks), and
    the windows each other type is read in, for the measures of these rules."""
    measures = {rule.measure for rule in rules}
    lookback = frozenset(kind for m in measures if m not in WINDOWS for kind in READS[m])
    windows: dict[str, set[int]] = {}
    for measure in measures & WINDOWS.keys():
        for kind in READS[measure]:
            windows.setdefault(kind, set()).add(WINDOWS[measure])
    return lookback, MappingProxyType({kind: tuple(sorted(spans)) for kind, spans in windows.items()})

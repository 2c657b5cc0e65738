"""Date phrases, resolved against the publication date and its precision.

A phrase is found first (`find_dates`) and resolved later (`resolve`), because how a day-month
without a year resolves depends on what it is for: "since 17 July" looks back, "by mid-August"
may look either way, and takes the occurrence nearest to publication.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal

from schemas.dispatch import Precision
from services.classify.languages import TABLES
from services.classify.numbers import _alternation, number_pattern, parse_number

Kind = Literal["day_month", "mid_month", "month_year", "weekday", "relative", "offset"]
Pattern = Literal[Kind, "past_offset"]
Role = Literal["past", "nearest"]


@dataclass(frozen=True)
class DateMention:
    """A date phrase as written: what kind it is and the parts it states."""

    start: int
    end: int
    kind: Kind
    day: int | None = None
    month: int | None = None
    year: int | None = None
    offset_days: int | None = None
    weekday: int | None = None
    forward: bool = False


@dataclass(frozen=True)
class Reference:
    """What relative dates resolve against: the publication day and how precise it is."""

    day: date
    precision: Precision

    @property
    def last_day(self) -> date:
        """The latest day the publication could be (the month's end for a month header)."""
        if self.precision != "month":
            return self.day
        return self.day.replace(day=calendar.monthrange(self.day.year, self.day.month)[1])


@cache
def _patterns(language: str) -> list[tuple[Pattern, re.Pattern[str]]]:
    table = TABLES[language]
    fill = {
        "{NUM}": number_pattern(language),
        "{MONTH}": _alternation(tuple(table.MONTHS)),
        "{WEEKDAY}": _alternation(tuple(table.WEEKDAYS)),
    }

    def compiled(fragment: str) -> re.Pattern[str]:
        for key, value in fill.items():
            fragment = fragment.replace(key, value)
        return re.compile(rf"(?<![\w-]){fragment}(?!\w)")

    kinds: list[tuple[Pattern, str | None]] = [
        ("mid_month", table.MID_MONTH),
        ("day_month", table.DAY_MONTH),
        ("day_month", table.MONTH_DAY),
        ("month_year", table.MONTH_YEAR),
        ("weekday", table.WEEKDAY),
        ("offset", table.FUTURE_OFFSET),
        ("past_offset", table.PAST_OFFSET),
        ("relative", _alternation(tuple(table.RELATIVE_DAYS))),
    ]
    return [(kind, compiled(fragment)) for kind, fragment in kinds if fragment]


def find_dates(text: str, language: str) -> list[DateMention]:
    """Every date phrase in lower-cased `text`, longest first where two overlap, in order."""
    table = TABLES[language]
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns(language):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _mention(kind, match, table, language)
            if mention is not None:
                found.append(mention)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda mention: mention.start)


def _mention(
    kind: Pattern, match: re.Match[str], table: object, language: str
) -> DateMention | None:
    groups = {key: value for key, value in match.groupdict().items() if value}
    months: dict[str, int] = table.MONTHS  # type: ignore[attr-defined]
    month = months.get(groups.get("month", "").lower().rstrip("."))
    year = int(groups["year"]) if "year" in groups else None
    if kind == "mid_month":
        return DateMention(match.start(), match.end(), kind, day=15, month=month)
    if kind == "day_month":
        day = 1 if groups["day"].lower() == "1er" else int(groups["day"])
        return DateMention(match.start(), match.end(), kind, day=day, month=month, year=year)
    if kind == "month_year":
        return DateMention(match.start(), match.end(), kind, day=1, month=month, year=year)
    if kind == "weekday":
        weekdays: dict[str, int] = table.WEEKDAYS  # type: ignore[attr-defined]
        return DateMention(
            match.start(), match.end(), kind,
            weekday=weekdays[groups["weekday"].lower()], forward="next" in groups,
        )
    if kind == "relative":
        relative: dict[str, int] = table.RELATIVE_DAYS  # type: ignore[attr-defined]
        return DateMention(match.start(), match.end(), kind,
                           offset_days=relative[match.group(0).lower()])
    count = parse_number(groups["n"], language)
    units: dict[str, int] = table.UNITS  # type: ignore[attr-defined]
    if count is None:
        return None
    days = count * units[groups["unit"].lower()]
    signed = -days if kind == "past_offset" else days
    return DateMention(match.start(), match.end(), "offset", offset_days=signed)


def resolve(mention: DateMention, reference: Reference, role: Role) -> date | None:
    """The calendar day a phrase names, or None when the reference is too coarse to tell."""
    if mention.kind in ("day_month", "mid_month", "month_year"):
        return _calendar_day(mention, reference, role)
    if reference.precision == "month":
        return None  # "lundi" or "in two weeks" against a month cannot be placed on a day
    if mention.kind == "weekday":
        assert mention.weekday is not None
        back = (reference.day.weekday() - mention.weekday) % 7
        if mention.forward:
            return reference.day + timedelta(days=(mention.weekday - reference.day.weekday()) % 7 or 7)
        return reference.day - timedelta(days=back)
    assert mention.offset_days is not None
    return reference.day + timedelta(days=mention.offset_days)


def _calendar_day(mention: DateMention, reference: Reference, role: Role) -> date | None:
    assert mention.month is not None and mention.day is not None
    if mention.year is not None:
        return _safe_date(mention.year, mention.month, mention.day)
    years = (reference.day.year - 1, reference.day.year, reference.day.year + 1)
    candidates = [d for y in years if (d := _safe_date(y, mention.month, mention.day))]
    if role == "past":
        earlier = [d for d in candidates if d <= reference.last_day]
        return max(earlier) if earlier else None
    return min(candidates, key=lambda d: (abs((d - reference.day).days), d))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None

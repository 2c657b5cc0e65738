"""Date phrases, resolved against the publication date and its precision.

A phrase is found first (`find_dates`) and resolved later (`resolve`), because how a day-month
without a year resolves depends on what it is for: "since 17 July" looks back, "by mid-August"
may look either way, and takes the occurrence nearest to publication.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal, NamedTuple

from schemas.dispatch import Precision
from services.classify.grammar import GROUP, SEPARATORS, filled
from services.classify.languages import TABLES
from services.classify.numbers import number_pattern, parse_number
from services.classify.openings import openings
from services.classify.tries import trie

# "duration": how long something lasts ("ne tiendront pas plus de dix jours", "enough fuel for
# three days"), which dates only the end of a stock: other facts are not dated by it.
Kind = Literal["day_month", "mid_month", "month_year", "weekday", "relative", "offset",
               "duration"]
Pattern = Literal[Kind, "past_offset"]
# "past": the phrase dates something that happened ("since 17 July"); "nearest": either way
# ("by mid-August"); "future": a deadline ("stocks will last until Friday").
Role = Literal["past", "nearest", "future"]


class DateMention(NamedTuple):
    """A date phrase as written: what kind it is and the parts it states (a named tuple: a
    frozen dataclass takes several times longer to build)."""

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


@dataclass(frozen=True)
class _Branch:
    """One kind of date phrase in the combined regex: its kind and its groups' names."""

    kind: Pattern
    groups: tuple[tuple[str, str], ...]  # (name in the table, name in the regex)


@cache
def _pattern(language: str) -> tuple[re.Pattern[str], dict[str, _Branch]]:
    """One regex for every kind of date phrase of a language, and what each branch is.

    One scan instead of one per kind: at each position the kinds are tried in order, so a
    longer phrase that starts earlier ("le 1er août 2016") wins over the pieces inside it.
    Each kind's groups are renamed `k<i>_<name>` (a regex cannot repeat a group name).
    """
    table = TABLES[language]
    fill = {
        "{NUM}": number_pattern(language),
        "{MONTH}": trie(tuple(table.MONTHS)),
        "{WEEKDAY}": trie(tuple(table.WEEKDAYS)),
    }
    kinds: list[tuple[Pattern, str | None]] = [
        ("mid_month", table.MID_MONTH),
        ("day_month", table.DAY_MONTH),
        ("day_month", table.MONTH_DAY),
        ("month_year", table.MONTH_YEAR),
        ("weekday", table.WEEKDAY),
        ("offset", table.FUTURE_OFFSET),
        ("duration", table.DURATION),
        ("past_offset", table.PAST_OFFSET),
        ("relative", trie(tuple(table.RELATIVE_DAYS))),
    ]
    branches = []
    names: dict[str, _Branch] = {}
    words: set[str] = set()
    for index, (kind, fragment) in enumerate(kinds):
        if not fragment:
            continue
        fragment = filled(fragment, fill)
        words |= openings(fragment) or {""}
        groups = tuple((name, f"k{index}_{name}") for name in GROUP.findall(fragment))
        fragment = GROUP.sub(rf"(?P<k{index}_\1>", fragment)
        branches.append(f"(?P<k{index}>{fragment})")
        names[f"k{index}"] = _Branch(kind, groups)
    # A phrase follows a separator (not a hyphen: "vingt-cinq jours" is not "cinq jours");
    # the text is searched with a space before it (see `find_dates`). Where none of the
    # words a phrase may open with follows, a look-ahead gives up before the branches.
    separators = re.escape(SEPARATORS.replace("-", ""))
    guard = "" if "" in words else f"(?={trie(sorted(words))})"
    return re.compile(rf"[{separators}]{guard}(?:{'|'.join(branches)})(?!\w)"), names


# How far a date phrase reaches before and after the month, weekday or unit word it holds
# ("il y a vingt-cinq semaines", "le 1er septembre 2016").
REACH_BEFORE = 40
REACH_AFTER = 25


def find_dates(text: str, language: str, near: list[int] | None = None) -> list[DateMention]:
    """Every date phrase in lower-cased `text`, in order.

    `near`, when given, lists where the date words of the text are (months, weekdays, units):
    only the stretches around them are searched, the rest of the text cannot hold a date.
    """
    table = TABLES[language]
    pattern, names = _pattern(language)
    found: list[DateMention] = []
    spaced = " " + text  # a separator before the first word too; offsets shift by one
    for match in _matches(pattern, spaced, near):
        branch = names[match.lastgroup or ""]
        groups = {name: value for name, inside in branch.groups if (value := match.group(inside))}
        span = (match.start(), match.end() - 1)  # in `text`: the separator is dropped
        mention = _mention(branch.kind, span, match.group(0)[1:], groups, table, language)
        if mention is not None:
            found.append(mention)
    return found


def _matches(pattern: re.Pattern[str], spaced: str,
             near: list[int] | None) -> Iterator[re.Match[str]]:
    if near is None:
        yield from pattern.finditer(spaced)
        return
    stretches: list[list[int]] = []
    for at in near:
        low, high = max(0, at - REACH_BEFORE), min(len(spaced), at + 1 + REACH_AFTER)
        if stretches and low <= stretches[-1][1]:
            stretches[-1][1] = high
        else:
            stretches.append([low, high])
    for low, high in stretches:
        yield from pattern.finditer(spaced, low, high)


def _mention(
    kind: Pattern, span: tuple[int, int], said: str, groups: dict[str, str], table: object,
    language: str,
) -> DateMention | None:
    months: dict[str, int] = table.MONTHS  # type: ignore[attr-defined]
    month = months.get(groups.get("month", "").lower().rstrip("."))
    year = int(groups["year"]) if "year" in groups else None
    if kind == "mid_month":
        return DateMention(*span, kind, day=15, month=month)
    if kind == "day_month":
        day = 1 if groups["day"].lower() == "1er" else int(groups["day"])
        return DateMention(*span, kind, day=day, month=month, year=year)
    if kind == "month_year":
        return DateMention(*span, kind, day=1, month=month, year=year)
    if kind == "weekday":
        weekdays: dict[str, int] = table.WEEKDAYS  # type: ignore[attr-defined]
        return DateMention(
            *span, kind,
            weekday=weekdays[groups["weekday"].lower()], forward="next" in groups,
        )
    if kind == "relative":
        relative: dict[str, int] = table.RELATIVE_DAYS  # type: ignore[attr-defined]
        return DateMention(*span, kind, offset_days=relative[said.lower()])
    count = parse_number(groups["n"], language)
    units: dict[str, int] = table.UNITS  # type: ignore[attr-defined]
    if count is None:
        return None
    days = count * units[groups["unit"].lower()]
    if kind == "duration":
        return DateMention(*span, kind, offset_days=days)
    signed = -days if kind == "past_offset" else days
    return DateMention(*span, "offset", offset_days=signed)


def resolve(mention: DateMention, reference: Reference, role: Role) -> date | None:
    """The calendar day a phrase names, or None when the reference is too coarse to tell."""
    if mention.kind in ("day_month", "mid_month", "month_year"):
        return _calendar_day(mention, reference, role)
    if reference.precision == "month":
        return None  # "lundi" or "in two weeks" against a month cannot be placed on a day
    if mention.kind == "weekday":
        assert mention.weekday is not None
        ahead = (mention.weekday - reference.day.weekday()) % 7
        if mention.forward:  # "next Monday" is never today
            return reference.day + timedelta(days=ahead or 7)
        if role == "future":  # "until Friday": this Friday, or today if it is one
            return reference.day + timedelta(days=ahead)
        return reference.day - timedelta(days=(7 - ahead) % 7)
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
